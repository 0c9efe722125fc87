/**
 * kafka-topics.sh --bootstrap-server (Admin API, Kafka 3.x) against a real broker. Output is
 * checked line by line against TopicCommand's formats.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, startZooKeeper, type Broker, type ZooKeeperForTests } from "../../helpers/broker.js";
import { eventually, removeTempDirs, stopAll } from "../../helpers/procs.js";
import { runBuilt } from "./tool-run.js";

let zk: ZooKeeperForTests;
let broker: Broker;
const topics = (...args: string[]) => runBuilt("kafka-topics", args, { timeoutMs: 40_000 });
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

describe("kafka-topics --bootstrap-server (Kafka 3.x path)", () => {
  it("creates, lists (sorted) and describes", async () => {
    expect(await viaBs("--create", "--topic", "bs-b", "--partitions", "2", "--replication-factor", "1", "--config", "retention.ms=1000"))
      .toMatchObject({ code: 0, stdout: "Created topic bs-b.\n" });
    expect(await viaBs("--create", "--topic", "bs-a", "--partitions", "1", "--replication-factor", "1")).toMatchObject({ code: 0, stdout: "Created topic bs-a.\n" });
    const l = await viaBs("--list");
    const names = l.stdout.trim().split("\n");
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(["bs-a", "bs-b"]));
    expect((await viaBs("--list", "--topic", "bs-.*")).stdout).toBe("bs-a\nbs-b\n");
    const d = await eventually(async () => {
      const r = await viaBs("--describe", "--topic", "bs-b");
      return r.code === 0 && !r.stdout.includes("Leader: none") ? r : undefined;
    });
    const lines = d.stdout.split("\n");
    expect(lines[0]).toMatch(/^Topic: bs-b\tTopicId: [A-Za-z0-9_-]{22}\tPartitionCount: 2\tReplicationFactor: 1\tConfigs: (.*,)?retention.ms=1000(,.*)?$/);
    expect(lines[1]).toBe("\tTopic: bs-b\tPartition: 0\tLeader: 0\tReplicas: 0\tIsr: 0");
    expect(lines[2]).toBe("\tTopic: bs-b\tPartition: 1\tLeader: 0\tReplicas: 0\tIsr: 0");
    const under = await viaBs("--describe", "--under-replicated-partitions");
    expect(under).toMatchObject({ code: 0, stdout: "" });
  });

  it("reports errors as Kafka does", async () => {
    const dup = await viaBs("--create", "--topic", "bs-a", "--partitions", "1", "--replication-factor", "1");
    expect(dup.code).toBe(1);
    expect(dup.stdout).toBe(`${ERR}Topic 'bs-a' already exists.\n`);
    expect(await viaBs("--create", "--topic", "bs-a", "--if-not-exists")).toMatchObject({ code: 0, stdout: "" });
    expect(await viaBs("--describe", "--topic", "nope")).toMatchObject({ code: 1, stdout: `${ERR}Topic 'nope' does not exist as expected\n` });
    const bad = await viaBs("--create", "--topic", "bad name!", "--partitions", "1", "--replication-factor", "1");
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^Error while executing topic command : .*(illegal|invalid)/i);
    const rf = await viaBs("--create", "--topic", "bs-rf", "--partitions", "1", "--replication-factor", "3");
    expect(rf.code).toBe(1);
    expect(rf.stdout).toMatch(/^Error while executing topic command : .*(eplication factor)/);
    expect(await viaBs("--create", "--topic", "bs-zero", "--partitions", "0")).toMatchObject({ code: 1, stdout: `${ERR}The partitions must be greater than 0\n` });
  });

  it("alters partitions and deletes", async () => {
    const down = await viaBs("--alter", "--topic", "bs-b", "--partitions", "1");
    expect(down.code).toBe(1);
    expect(down.stdout).toMatch(/^Error while executing topic command : .*2.*1/);
    expect(await viaBs("--alter", "--topic", "bs-b", "--partitions", "3")).toMatchObject({ code: 0, stdout: "" });
    await eventually(async () => (await viaBs("--describe", "--topic", "bs-b")).stdout.includes("PartitionCount: 3"));
    expect(await viaBs("--delete", "--topic", "bs-a")).toMatchObject({ code: 0, stdout: "" });
    await eventually(async () => !(await viaBs("--list")).stdout.split("\n").includes("bs-a"), 20_000);
    expect(await viaBs("--delete", "--topic", "bs-a")).toMatchObject({ code: 1, stdout: `${ERR}Topic 'bs-a' does not exist as expected\n` });
    expect(await viaBs("--delete", "--topic", "bs-a", "--if-exists")).toMatchObject({ code: 0, stdout: "" });
  });
});
