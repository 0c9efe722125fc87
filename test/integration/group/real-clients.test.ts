import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { Kafka, logLevel, type Consumer as KjsConsumer } from "kafkajs";
import { Consumer as PkConsumer, stringDeserializers } from "@platformatic/kafka";
import { versionRange } from "../../../broker/protocol/codec.js";
import { startBroker, startZooKeeper, type Broker, type ZooKeeperForTests } from "../../helpers/broker.js";
import { eventually, removeTempDirs, run, startProcess, stopAll } from "../../helpers/procs.js";

let zk: ZooKeeperForTests;
let broker: Broker;
let kafka: Kafka;
const open: KjsConsumer[] = [];
const PY = join(import.meta.dirname, "py/group_consumer.py");

beforeAll(async () => {
  zk = await startZooKeeper();
  broker = await startBroker({ zkConnect: zk.connectString });
  kafka = new Kafka({ clientId: "rc-test", brokers: [broker.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 100 } });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: "rc3", numPartitions: 3 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  for (let p = 0; p < 3; p++) await producer.send({ topic: "rc3", messages: Array.from({ length: 10 }, (_, i) => ({ partition: p, value: `p${p}-${i}` })) });
  await producer.disconnect();
}, 60_000);

afterAll(async () => {
  await Promise.all(open.splice(0).map((c) => c.disconnect().catch(() => undefined)));
  await stopAll();
  removeTempDirs();
});

const ALL = Array.from({ length: 3 }, (_, p) => Array.from({ length: 10 }, (_, i) => `p${p}-${i}`)).flat().sort();

describe("consumer groups with other real clients", () => {
  it("kafka-python KafkaConsumer(group_id=...) reads everything and commits; a rerun reads nothing new", async () => {
    const r = await run("/usr/bin/python3", [PY, broker.bootstrap, "rc3", "py-g", "30", "8"], { timeoutMs: 40_000 });
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("ASSIGNED 0,1,2");
    expect(lines.filter((l) => /^p\d-\d+$/.test(l)).sort()).toEqual(ALL);
    const again = await run("/usr/bin/python3", [PY, broker.bootstrap, "rc3", "py-g", "30", "2"], { timeoutMs: 40_000 });
    expect(again.stdout.trim().split("\n").filter((l) => /^p\d-\d+$/.test(l))).toEqual([]);
  });

  it("kcat -G (librdkafka balanced consumer) reads every message", async () => {
    const r = await run("kcat", ["-b", broker.bootstrap, "-G", "kcat-g", "-X", "auto.offset.reset=earliest", "-c", "30", "-f", "%s\\n", "-q", "rc3"], { timeoutMs: 40_000 });
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n").sort()).toEqual(ALL);
  });

  it("three kcat -G members on three partitions get one each", async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: "kc3", numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();
    const members = [0, 1, 2].map(() => startProcess("kcat", ["-b", broker.bootstrap, "-G", "kcat-3", "-X", "auto.offset.reset=earliest", "-u", "-f", "%p %s\\n", "-q", "kc3"]));
    // wait until the group is Stable with three members, each owning one partition
    await eventually(async () => {
      const r = await run("bash", ["bin/kafka-consumer-groups.sh", "--bootstrap-server", broker.bootstrap, "--describe", "--group", "kcat-3", "--members"], { timeoutMs: 20_000 });
      const rows = r.stdout.split("\n").filter((l) => l.startsWith("kcat-3 "));
      return rows.length === 3 && rows.every((l) => / 1 +$/.test(l));
    }, 30_000, 300);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: "kc3", messages: Array.from({ length: 9 }, (_, i) => ({ partition: i % 3, value: `k${i}` })) });
    await producer.disconnect();
    const lines = () => members.map((m) => m.output().split("\n").filter((l) => /^\d k\d$/.test(l)));
    try {
      await eventually(() => lines().flat().length === 9, 20_000);
    } catch (e) {
      throw new Error(`${String(e)}:\n${members.map((m) => m.output().slice(-800)).join("\n----\n")}`);
    }
    const perMember = lines().map((ls) => new Set(ls.map((l) => l.split(" ")[0])));
    expect(perMember.every((ps) => ps.size === 1)).toBe(true);
    expect(new Set(perMember.flatMap((ps) => [...ps]))).toEqual(new Set(["0", "1", "2"]));
    await Promise.all(members.map((m) => m.stop()));
  });

  it("@platformatic/kafka: join, assignment, commit and committed offsets through its group API", async () => {
    const mk = (clientId: string) => new PkConsumer({ clientId, groupId: "pk-api", bootstrapBrokers: [broker.bootstrap], deserializers: stringDeserializers, retries: 10, retryDelay: 200 });
    const a = mk("pk-a");
    try {
      a.topics.trackAll("rc3");
      const memberId = await a.joinGroup({ sessionTimeout: 6000, heartbeatInterval: 500, rebalanceTimeout: 10_000 });
      expect(memberId).toMatch(/^pk-a-/);
      await eventually(() => (a.assignments ?? []).flatMap((x: { partitions: number[] }) => x.partitions).length === 3, 10_000);
      await a.commit({ offsets: [{ topic: "rc3", partition: 1, offset: 7n, leaderEpoch: -1 }] });
      const committed = await a.listCommittedOffsets({ topics: [{ topic: "rc3", partitions: [0, 1] }] });
      expect(committed.get("rc3")).toEqual([-1n, 7n]);
      await a.leaveGroup();
      const d = await run("bash", ["bin/kafka-consumer-groups.sh", "--bootstrap-server", broker.bootstrap, "--describe", "--group", "pk-api"], { timeoutMs: 30_000 });
      expect(d.stdout).toMatch(/pk-api +rc3 +1 +7 +10 +3 +- +- +-/);
    } finally {
      await a.close(true);
    }
  });

  // @platformatic/kafka fetches by topic id, which needs Fetch v13+ from the broker
  it.skipIf((versionRange(1)?.max ?? 0) < 13)("@platformatic/kafka consumer group reads every message", async () => {
    const consumer = new PkConsumer({ clientId: "pk-group", groupId: "pk-g", bootstrapBrokers: [broker.bootstrap], deserializers: stringDeserializers, retries: 10, retryDelay: 200 });
    try {
      const stream = await consumer.consume({ topics: ["rc3"], mode: "earliest", autocommit: 100, sessionTimeout: 6000, heartbeatInterval: 500 } as never);
      const seen: string[] = [];
      stream.on("data", (m: { value: string }) => { seen.push(m.value); });
      await eventually(() => seen.length >= 30, 20_000);
      expect(seen.sort()).toEqual(ALL);
      await stream.close();
    } finally {
      await consumer.close(true);
    }
  });

  it("a member killed with SIGKILL has its partitions moved within the session timeout", async () => {
    // two kafka-python members (kafkajs' assigner protocol differs from kafka-python's, so, as with
    // Apache Kafka, they cannot share a group)
    const a = startProcess("/usr/bin/python3", [PY, broker.bootstrap, "rc3", "kill-g", "1000000", "120"]);
    await a.waitFor(/ASSIGNED 0,1,2/, 20_000);
    const b = startProcess("/usr/bin/python3", [PY, broker.bootstrap, "rc3", "kill-g", "1000000", "120"]);
    const split = /ASSIGNED \d(,\d)?\n/;
    try {
      await eventually(() => split.test(b.output()) && /ASSIGNED 0,1,2\n[\s\S]*ASSIGNED \d(,\d)?\n/.test(a.output()), 25_000);
    } catch (e) {
      throw new Error(`${String(e)}; a:\n${a.output().slice(-1500)}\nb:\n${b.output().slice(-1500)}`);
    }
    const killedAt = Date.now();
    await a.kill9();
    await eventually(() => /ASSIGNED 0,1,2/.test(b.output()), 25_000);
    // session timeout 6 s, then one rebalance: well within 20 s
    expect(Date.now() - killedAt).toBeLessThan(20_000);
    await b.stop();
  });
});
