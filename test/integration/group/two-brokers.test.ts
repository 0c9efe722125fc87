/**
 * Two brokers: __consumer_offsets partitions are led by both, so a group's coordinator may be the
 * broker the client did not bootstrap from. Clients find it (FindCoordinator), the other broker
 * answers NOT_COORDINATOR, and kafka-consumer-groups.sh lists and describes groups on both.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Kafka, logLevel } from "kafkajs";
import { Connection } from "../../../broker/client/connection.js";
import { ApiKey } from "../../../broker/protocol/api-keys.js";
import { partitionForGroup } from "../../../broker/group/partition-for-group.js";
import { startBroker, startZooKeeper, type Broker, type ZooKeeperForTests } from "../../helpers/broker.js";
import { eventually, removeTempDirs, run, stopAll } from "../../helpers/procs.js";

let zk: ZooKeeperForTests;
let b0: Broker;
let b1: Broker;
let kafka: Kafka;
const leaders = new Map<number, number>();

beforeAll(async () => {
  zk = await startZooKeeper();
  const overrides = { "offsets.topic.num.partitions": 10 };
  [b0, b1] = await Promise.all([startBroker({ zkConnect: zk.connectString, brokerId: 0, overrides }), startBroker({ zkConnect: zk.connectString, brokerId: 1, overrides })]);
  kafka = new Kafka({ clientId: "two-b", brokers: [b0.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 100 } });
  const admin = kafka.admin();
  await admin.connect();
  await eventually(async () => (await admin.describeCluster()).brokers.length === 2, 20_000);
  await admin.createTopics({ topics: [{ topic: "tb", numPartitions: 2, replicationFactor: 1 }], waitForLeaders: true });
  // the first FindCoordinator creates __consumer_offsets
  const conn = await Connection.open("127.0.0.1", b0.port);
  await eventually(async () => (await conn.sendAt<{ errorCode: number }>(ApiKey.FindCoordinator, 3, { key: "x", keyType: 0 })).errorCode === 0, 20_000);
  conn.close();
  const md = await admin.fetchTopicMetadata({ topics: ["__consumer_offsets"] });
  for (const p of md.topics[0]!.partitions) leaders.set(p.partitionId, p.leader);
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: "tb", messages: Array.from({ length: 10 }, (_, i) => ({ partition: i % 2, value: `v${i}` })) });
  await producer.disconnect();
}, 90_000);

afterAll(async () => { await stopAll(); removeTempDirs(); });

/** A group id whose coordinator is `broker`. */
function groupOn(broker: number, prefix: string): string {
  for (let i = 0; ; i++) if (leaders.get(partitionForGroup(`${prefix}-${i}`, 10)) === broker) return `${prefix}-${i}`;
}

describe("consumer groups across two brokers", () => {
  it("__consumer_offsets is spread over both brokers", () => {
    expect(new Set(leaders.values())).toEqual(new Set([0, 1]));
  });

  it("a group coordinated by the other broker works; the bootstrap broker says NOT_COORDINATOR", async () => {
    const g = groupOn(1, "remote");
    const conn = await Connection.open("127.0.0.1", b0.port);
    const fc = await conn.sendAt<{ errorCode: number; nodeId: number; port: number }>(ApiKey.FindCoordinator, 3, { key: g, keyType: 0 });
    expect([fc.errorCode, fc.nodeId, fc.port]).toEqual([0, 1, b1.port]);
    const hb = await conn.sendAt<{ errorCode: number }>(ApiKey.Heartbeat, 4, { groupId: g, generationId: 1, memberId: "m", groupInstanceId: null });
    expect(hb.errorCode).toBe(16);
    conn.close();

    const c = kafka.consumer({ groupId: g, sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 200 });
    const seen: string[] = [];
    await c.connect();
    await c.subscribe({ topic: "tb", fromBeginning: true });
    await c.run({ eachMessage: async ({ message }) => { seen.push(message.value!.toString()); } });
    await eventually(() => seen.length === 10, 20_000);
    await c.disconnect();

    const local = groupOn(0, "local");
    const c2 = kafka.consumer({ groupId: local, sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 200 });
    const seen2: string[] = [];
    await c2.connect();
    await c2.subscribe({ topic: "tb", fromBeginning: true });
    await c2.run({ eachMessage: async ({ message }) => { seen2.push(message.value!.toString()); } });
    await eventually(() => seen2.length === 10, 20_000);
    await c2.disconnect();

    const list = await run("bash", ["bin/kafka-consumer-groups.sh", "--bootstrap-server", b0.bootstrap, "--list"], { timeoutMs: 30_000 });
    expect(list.stdout.split("\n")).toEqual(expect.arrayContaining([g, local]));
    const d = await run("bash", ["bin/kafka-consumer-groups.sh", "--bootstrap-server", b0.bootstrap, "--describe", "--group", g], { timeoutMs: 30_000 });
    expect(d.stdout).toMatch(new RegExp(`${g} +tb +0 +5 +5 +0`));
    expect(d.stdout).toMatch(new RegExp(`${g} +tb +1 +5 +5 +0`));
  });
});
