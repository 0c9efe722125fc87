/**
 * kafka-topics.sh --zookeeper (the tool writes znodes itself, Kafka 2.x) against a real broker
 * registered in ZooKeeper, and against our coordinator alone. Output is checked line by line
 * against TopicCommand's formats.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, startZooKeeper, type Broker, type ZooKeeperForTests } from "../../helpers/broker.js";
import { coordinatorBuilt, startCoordinator } from "../../helpers/coordinator.js";
import { eventually, removeTempDirs, stopAll } from "../../helpers/procs.js";
import { runBuilt } from "./tool-run.js";

let zk: ZooKeeperForTests;
let broker: Broker;
const topics = (...args: string[]) => runBuilt("kafka-topics", args, { timeoutMs: 40_000 });
const viaZk = (...args: string[]) => topics("--zookeeper", zk.connectString, ...args);
const viaBs = (...args: string[]) => topics("--bootstrap-server", broker.bootstrap, ...args);
const ERR = "Error while executing topic command : ";

beforeAll(async () => {
  zk = await startZooKeeper();
  broker = await startBroker({ zkConnect: zk.connectString, overrides: { "delete.topic.enable": true } });
}, 60_000);

afterAll(async () => {
  await broker?.stop();
  await zk?.stop();
  await stopAll();
  removeTempDirs();
});

describe("kafka-topics --zookeeper (Kafka 2.x path)", () => {
  it("creates, lists and describes a topic", async () => {
    const c = await viaZk("--create", "--topic", "zk-orders", "--partitions", "3", "--replication-factor", "1");
    expect(c).toMatchObject({ code: 0, stdout: "Created topic zk-orders.\n" });
    const l = await viaZk("--list");
    expect(l.code).toBe(0);
    expect(l.stdout.split("\n")).toContain("zk-orders");
    const d = await eventually(async () => {
      const r = await viaZk("--describe", "--topic", "zk-orders");
      return !r.stdout.includes("Leader: none") && r.stdout.split("\n").length === 5 ? r : undefined;
    });
    const lines = d.stdout.split("\n");
    expect(lines[0]).toMatch(/^Topic: zk-orders\tTopicId: [A-Za-z0-9_-]{22}\tPartitionCount: 3\tReplicationFactor: 1\tConfigs: $/);
    for (let p = 0; p < 3; p++) expect(lines[p + 1]).toBe(`\tTopic: zk-orders\tPartition: ${p}\tLeader: 0\tReplicas: 0\tIsr: 0`);
    expect(lines[4]).toBe("");
  });

  it("the broker sees a topic created through ZooKeeper", async () => {
    const r = await eventually(async () => {
      const x = await viaBs("--describe", "--topic", "zk-orders");
      return x.code === 0 && x.stdout.includes("Partition: 2\tLeader: 0") ? x : undefined;
    });
    expect(r.stdout).toContain("PartitionCount: 3");
  });

  it("writes topic configs and refuses what Kafka refuses", async () => {
    expect(await viaZk("--create", "--topic", "zk-conf", "--partitions", "1", "--replication-factor", "1", "--config", "retention.ms=60000", "--config", "cleanup.policy=compact"))
      .toMatchObject({ code: 0, stdout: "Created topic zk-conf.\n" });
    const d = await viaZk("--describe", "--topic", "zk-conf");
    expect(d.stdout.split("\n")[0]).toMatch(/\tConfigs: retention.ms=60000,cleanup.policy=compact$/);
    const alt = await viaZk("--alter", "--topic", "zk-conf", "--config", "retention.ms=120000", "--delete-config", "cleanup.policy");
    expect(alt).toMatchObject({ code: 0, stdout: "WARNING: Altering topic configuration from this script has been deprecated and may be removed in future releases.\n         Going forward, please use kafka-configs.sh for this functionality\nUpdated config for topic zk-conf.\n" });
    expect((await viaZk("--describe", "--topic", "zk-conf")).stdout.split("\n")[0]).toMatch(/\tConfigs: retention.ms=120000$/);

    const dup = await viaZk("--create", "--topic", "zk-conf", "--partitions", "1", "--replication-factor", "1");
    expect(dup).toMatchObject({ code: 1, stdout: `${ERR}Topic 'zk-conf' already exists.\n` });
    expect(dup.stderr).toContain("ERROR org.apache.kafka.common.errors.TopicExistsException: Topic 'zk-conf' already exists.");
    expect(await viaZk("--create", "--topic", "zk-conf", "--partitions", "1", "--replication-factor", "1", "--if-not-exists")).toMatchObject({ code: 0, stdout: "" });

    expect(await viaZk("--create", "--topic", "zk-rf", "--partitions", "1", "--replication-factor", "2"))
      .toMatchObject({ code: 1, stdout: `${ERR}Replication factor: 2 larger than available brokers: 1.\n` });
    expect(await viaZk("--create", "--topic", "bad name!", "--partitions", "1", "--replication-factor", "1"))
      .toMatchObject({ code: 1, stdout: `${ERR}Topic name "bad name!" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'\n` });
    expect(await viaZk("--create", "--topic", "x".repeat(250), "--partitions", "1", "--replication-factor", "1"))
      .toMatchObject({ code: 1, stdout: `${ERR}Topic name is illegal, it can't be longer than 249 characters, topic name: ${"x".repeat(250)}\n` });
    expect(await viaZk("--create", "--topic", "zk-cfg-bad", "--partitions", "1", "--replication-factor", "1", "--config", "no.such=1"))
      .toMatchObject({ code: 1, stdout: `${ERR}Unknown topic config name: no.such\n` });
    const warn = await viaZk("--create", "--topic", "zk.dotted", "--partitions", "1", "--replication-factor", "1");
    expect(warn.stdout).toBe("WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.\nCreated topic zk.dotted.\n");
  });

  it("alters partitions only upwards", async () => {
    const down = await viaZk("--alter", "--topic", "zk-orders", "--partitions", "2");
    expect(down.code).toBe(1);
    expect(down.stdout).toContain(`${ERR}The number of partitions for a topic can only be increased. Topic zk-orders currently has 3 partitions, 2 would not be an increase.`);
    const up = await viaZk("--alter", "--topic", "zk-orders", "--partitions", "4");
    expect(up).toMatchObject({ code: 0, stdout: "WARNING: If partitions are increased for a topic that has a key, the partition logic or ordering of the messages will be affected\nAdding partitions succeeded!\n" });
    const d = await eventually(async () => {
      const r = await viaZk("--describe", "--topic", "zk-orders");
      return r.stdout.includes("\tPartition: 3\tLeader: 0") ? r : undefined;
    });
    expect(d.stdout.split("\n")[0]).toContain("PartitionCount: 4");
    const missing = await viaZk("--alter", "--topic", "zk-missing", "--partitions", "4");
    expect(missing).toMatchObject({ code: 1, stdout: `${ERR}Topic 'zk-missing' does not exist as expected\n` });
  });

  it("deletes a topic (marks it; the controller removes it)", async () => {
    const r = await viaZk("--delete", "--topic", "zk-conf");
    expect(r).toMatchObject({ code: 0, stdout: "Topic zk-conf is marked for deletion.\nNote: This will have no impact if delete.topic.enable is not set to true.\n" });
    await eventually(async () => !(await viaZk("--list")).stdout.includes("zk-conf"), 20_000);
    expect(await viaZk("--describe", "--topic", "zk-conf")).toMatchObject({ code: 1, stdout: `${ERR}Topic 'zk-conf' does not exist as expected\n` });
  });
});

describe("kafka-topics --zookeeper against our coordinator (no broker)", () => {
  it("writes and reads Kafka's znodes", async () => {
    if (!coordinatorBuilt()) return;
    const c = await startCoordinator();
    try {
      const t = (...args: string[]) => topics("--zookeeper", c.connectString, ...args);
      // no broker registered: Kafka's AdminUtils cannot place the replicas, an explicit assignment works
      expect(await t("--create", "--topic", "co-a", "--partitions", "2", "--replication-factor", "1"))
        .toMatchObject({ code: 1, stdout: "Error while executing topic command : Replication factor: 1 larger than available brokers: 0.\n" });
      expect(await t("--create", "--topic", "co-a", "--replica-assignment", "7")).toMatchObject({ code: 0, stdout: "Created topic co-a.\n" });
      expect(await t("--create", "--topic", "co-b", "--replica-assignment", "5:6,6:5")).toMatchObject({ code: 0, stdout: "Created topic co-b.\n" });
      expect(await t("--list")).toMatchObject({ code: 0, stdout: "co-a\nco-b\n" });
      const d = await t("--describe", "--topic", "co-b");
      expect(d.stdout.split("\n").slice(1)).toEqual(["\tTopic: co-b\tPartition: 0\tLeader: none\tReplicas: 5,6\tIsr: ", "\tTopic: co-b\tPartition: 1\tLeader: none\tReplicas: 6,5\tIsr: ", ""]);
      const un = await t("--describe", "--unavailable-partitions");
      expect(un.stdout.split("\n").filter((l) => l !== "")).toHaveLength(3); // co-a/0, co-b/0, co-b/1
      expect(await t("--delete", "--topic", "co-b")).toMatchObject({ code: 0 });
      expect(await t("--list")).toMatchObject({ code: 0, stdout: "co-a\nco-b - marked for deletion\n" });
      expect(await t("--delete", "--topic", "co-b")).toMatchObject({ code: 0, stdout: "Topic co-b is already marked for deletion.\n" });
    } finally {
      await c.stop();
    }
  });
});
