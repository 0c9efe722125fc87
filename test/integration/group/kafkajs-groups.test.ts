import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Kafka, logLevel, type Consumer, type EachMessagePayload } from "kafkajs";
import { startBroker, startZooKeeper, type Broker, type ZooKeeperForTests } from "../../helpers/broker.js";
import { eventually, removeTempDirs, stopAll } from "../../helpers/procs.js";
import { Connection } from "../../../broker/client/connection.js";
import { ApiKey } from "../../../broker/protocol/api-keys.js";

let zk: ZooKeeperForTests;
let broker: Broker;
let kafka: Kafka;
const consumers: Consumer[] = [];

beforeAll(async () => {
  zk = await startZooKeeper();
  broker = await startBroker({ zkConnect: zk.connectString });
  kafka = new Kafka({ clientId: "kts-group", brokers: [broker.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 100 } });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: "t3", numPartitions: 3 }, { topic: "t1", numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  for (let p = 0; p < 3; p++) await producer.send({ topic: "t3", messages: Array.from({ length: 10 }, (_, i) => ({ partition: p, value: `p${p}-m${i}` })) });
  await producer.send({ topic: "t1", messages: Array.from({ length: 20 }, (_, i) => ({ value: `m${i}` })) });
  await producer.disconnect();
}, 60_000);

afterAll(async () => {
  await Promise.all(consumers.splice(0).map((c) => c.disconnect().catch(() => undefined)));
  await stopAll();
  removeTempDirs();
});

function newConsumer(groupId: string, opts: { sessionTimeout?: number } = {}): { consumer: Consumer; seen: string[]; assigned: () => number[] } {
  const consumer = kafka.consumer({ groupId, sessionTimeout: opts.sessionTimeout ?? 6000, heartbeatInterval: 500, rebalanceTimeout: 10_000, maxWaitTimeInMs: 200 });
  consumers.push(consumer);
  const seen: string[] = [];
  let assignment: number[] = [];
  consumer.on(consumer.events.GROUP_JOIN, (e) => { assignment = (e.payload.memberAssignment["t3"] ?? []).slice().sort(); });
  return { consumer, seen, assigned: () => assignment };
}

async function run(c: ReturnType<typeof newConsumer>, topic: string): Promise<void> {
  await c.consumer.connect();
  await c.consumer.subscribe({ topic, fromBeginning: true });
  await c.consumer.run({ eachMessage: async ({ message }: EachMessagePayload) => { c.seen.push(message.value!.toString()); } });
}

describe("consumer groups with kafkajs", () => {
  it("one consumer gets every partition and reads everything", async () => {
    const c = newConsumer("g-one");
    await run(c, "t3");
    await eventually(() => c.seen.length === 30, 20_000);
    expect(c.assigned()).toEqual([0, 1, 2]);
    await c.consumer.disconnect();
  });

  it("three consumers on three partitions get one each; a fourth stays idle", async () => {
    const cs = [newConsumer("g-three"), newConsumer("g-three"), newConsumer("g-three")];
    for (const c of cs) await run(c, "t3");
    // each member's view changes at its own rejoin: wait for the settled generation (one each, disjoint)
    const settled = () => cs.every((c) => c.assigned().length === 1) && cs.flatMap((c) => c.assigned()).sort().join() === "0,1,2";
    await eventually(settled, 30_000);
    expect(cs.flatMap((c) => c.assigned()).sort()).toEqual([0, 1, 2]);
    await eventually(() => cs.reduce((n, c) => n + c.seen.length, 0) === 30, 20_000);
    const fourth = newConsumer("g-three");
    await run(fourth, "t3");
    await eventually(() => [...cs, fourth].flatMap((c) => c.assigned()).length === 3 && [...cs, fourth].filter((c) => c.assigned().length === 0).length === 1, 30_000);
    for (const c of [...cs, fourth]) await c.consumer.disconnect();
  });

  it("a consumer that leaves has its partitions moved to the other", async () => {
    const a = newConsumer("g-move");
    const b = newConsumer("g-move");
    await run(a, "t3");
    await run(b, "t3");
    await eventually(() => a.assigned().length + b.assigned().length === 3 && a.assigned().length > 0 && b.assigned().length > 0, 30_000);
    await b.consumer.disconnect();
    await eventually(() => a.assigned().length === 3, 30_000);
    await a.consumer.disconnect();
  });

  it("committed offsets: a restarted consumer resumes after the last commit; two groups each read all", async () => {
    const c1 = newConsumer("g-resume");
    await run(c1, "t1");
    await eventually(() => c1.seen.length === 20, 20_000);
    await c1.consumer.disconnect(); // commits on the way out
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: "t1", messages: [{ value: "after-1" }, { value: "after-2" }] });
    await producer.disconnect();
    const c2 = newConsumer("g-resume");
    await run(c2, "t1");
    await eventually(() => c2.seen.length === 2, 20_000);
    expect(c2.seen).toEqual(["after-1", "after-2"]);
    await c2.consumer.disconnect();
    const other = newConsumer("g-other");
    await run(other, "t1");
    await eventually(() => other.seen.length === 22, 20_000);
    await other.consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    const offs = await admin.fetchOffsets({ groupId: "g-resume", topics: ["t1"] });
    expect(offs[0]!.partitions[0]!.offset).toBe("22");
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).sort();
    expect(groups).toEqual(expect.arrayContaining(["g-resume", "g-other", "g-one"]));
    // kafkajs admin: describe, reset, delete
    const desc = await admin.describeGroups(["g-resume", "never-there"]);
    expect(desc.groups.map((g) => [g.groupId, g.state, g.protocolType])).toEqual([["g-resume", "Empty", "consumer"], ["never-there", "Dead", ""]]);
    await admin.resetOffsets({ groupId: "g-resume", topic: "t1", earliest: true });
    // kafkajs commits -2 ("earliest") and resolves it when consuming; Kafka stores the value as given
    expect((await admin.fetchOffsets({ groupId: "g-resume", topics: ["t1"] }))[0]!.partitions[0]!.offset).toBe("-2");
    await admin.deleteGroups(["g-other"]);
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).not.toContain("g-other");
    await admin.disconnect();
  });

  it("deleting a topic removes the groups' offsets for it", async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: "doomed", numPartitions: 1 }], waitForLeaders: true });
    await admin.setOffsets({ groupId: "g-doomed", topic: "doomed", partitions: [{ partition: 0, offset: "0" }] });
    await admin.setOffsets({ groupId: "g-doomed", topic: "t1", partitions: [{ partition: 0, offset: "1" }] });
    const committedTopics = async () => {
      const conn = await Connection.open("127.0.0.1", broker.port);
      try {
        const r = await conn.sendAt<{ topics: { name: string }[] }>(ApiKey.OffsetFetch, 7, { groupId: "g-doomed", topics: null, requireStable: false });
        return r.topics.map((t) => t.name).sort();
      } finally { conn.close(); }
    };
    expect(await committedTopics()).toEqual(["doomed", "t1"]);
    await admin.deleteTopics({ topics: ["doomed"], timeout: 10_000 });
    await eventually(async () => (await committedTopics()).join() === "t1", 15_000);
    await admin.disconnect();
  });
});
