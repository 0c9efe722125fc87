/**
 * Three brokers on our coordinator, RF=3, min.insync.replicas=2: followers replicate, ISR and
 * high watermark, acks=all reaches every replica, NOT_ENOUGH_REPLICAS when two brokers are down,
 * controller failover. (Leader SIGKILL rounds: leader-kill.test.ts.)
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Kafka, logLevel } from "kafkajs";
import { Connection } from "../../../broker/client/connection.js";
import { ApiKey } from "../../../broker/protocol/api-keys.js";
import type { ElectLeadersResponse } from "../../../broker/protocol/schemas/elect-leaders.js";
import { clusterKafka, consumeFromBeginning, replicaLogPayloads, startCluster, type Cluster } from "../../helpers/cluster.js";
import { ROOT, eventually, removeTempDirs, run, stopAll } from "../../helpers/procs.js";

let cluster: Cluster;

beforeAll(async () => {
  cluster = await startCluster({ brokers: 3, zk: "coordinator", tickTime: 1000, overrides: { "replica.lag.time.max.ms": 6000, "zookeeper.session.timeout.ms": 4000 } });
}, 90_000);
afterAll(async () => { await cluster?.shutdown(); await stopAll(); removeTempDirs(); }, 30_000);

const kafka = () => clusterKafka(cluster);
const replicaPayloads = (brokerId: number, topic: string, partition: number) => replicaLogPayloads(cluster, brokerId, topic, partition);
const consumeAll = (topic: string, partition: number, expected: number) => consumeFromBeginning(cluster, topic, partition, expected);

describe("three brokers, RF=3", () => {
  it("creates an RF=3 topic: every partition has 3 replicas and an ISR of 3; Metadata from any broker lists all brokers", async () => {
    const admin = kafka().admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic: "rep", numPartitions: 3, replicationFactor: 3 }], waitForLeaders: true });
      const md = await admin.fetchTopicMetadata({ topics: ["rep"] });
      for (const p of md.topics[0]!.partitions) expect(p.replicas.length).toBe(3);
      // leaders spread over the brokers (Kafka's round-robin assignment)
      expect(new Set(md.topics[0]!.partitions.map((p) => p.leader)).size).toBe(3);
    } finally {
      await admin.disconnect();
    }
    for (let p = 0; p < 3; p++) await cluster.waitForIsr("rep", p, 3);
    // every broker learns the partition states (from ZooKeeper) and answers with the whole cluster
    for (const b of cluster.brokers.values()) {
      await eventually(async () => {
        const r = await run("kcat", ["-b", b.bootstrap, "-L", "-t", "rep"], { timeoutMs: 15_000 });
        return r.stdout.includes("3 brokers:") && (r.stdout.match(/isrs: \d+,\d+,\d+/g) ?? []).length === 3;
      }, 15_000, 300);
    }
  });

  it("acks=all: what is acknowledged is on every replica", async () => {
    const producer = kafka().producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const values = Array.from({ length: 50 }, (_, i) => `a${i}`);
    try {
      for (const v of values) await producer.send({ topic: "rep", acks: -1, messages: [{ partition: 0, value: v }] });
    } finally {
      await producer.disconnect();
    }
    for (const id of [0, 1, 2]) {
      await eventually(async () => (await replicaPayloads(id, "rep", 0)).join() === values.join(), 20_000, 300);
    }
    expect(await consumeAll("rep", 0, values.length)).toEqual(values);
  });

  it("min.insync.replicas=2 with two brokers down: NOT_ENOUGH_REPLICAS", async () => {
    const topic = "minisr";
    const admin = kafka().admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 3 }], waitForLeaders: true });
    await admin.disconnect();
    const { leader } = await cluster.waitForIsr(topic, 0, 3);
    const others = [0, 1, 2].filter((b) => b !== leader);
    for (const b of others) await cluster.kill9(b);
    // the leader drops the dead followers from the ISR (replica.lag.time.max.ms) once it has
    // something they lack; a produce with acks=1 gives it that
    const bootstrap = [cluster.brokers.get(leader)!.bootstrap];
    await cluster.waitForLeader(topic, 0);
    const p1 = new Kafka({ brokers: bootstrap, logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 300 } }).producer();
    await p1.connect();
    await p1.send({ topic, acks: 1, messages: [{ partition: 0, value: "x" }] });
    await p1.disconnect();
    await cluster.waitForIsr(topic, 0, 1, 40_000);
    // kafka-topics.sh reports it as under-replicated (and under min ISR), not unavailable
    const topics = (args: string[]) => run("node", [join(ROOT, "dist/cli/kafka-topics.js"), "--bootstrap-server", bootstrap[0]!, "--describe", "--topic", topic, ...args], { timeoutMs: 30_000 });
    const under = await topics(["--under-replicated-partitions"]);
    expect(under.stdout).toMatch(new RegExp(`Topic: ${topic}\\s+Partition: 0\\s+Leader: ${leader}\\s+Replicas: [\\d,]+\\s+Isr: ${leader}\\b`));
    expect((await topics(["--under-min-isr-partitions"])).stdout).toContain(`Topic: ${topic}`);
    expect((await topics(["--unavailable-partitions"])).stdout.trim()).toBe("");
    const p2 = new Kafka({ brokers: bootstrap, logLevel: logLevel.NOTHING, retry: { retries: 0 } }).producer();
    await p2.connect();
    const err = await p2.send({ topic, acks: -1, messages: [{ partition: 0, value: "y" }] }).then(() => null, (e: unknown) => e as { type?: string; message?: string; originalError?: { type?: string } });
    await p2.disconnect();
    expect(`${err?.type} ${err?.originalError?.type} ${err?.message}`).toMatch(/NOT_ENOUGH_REPLICAS|fewer in-sync replicas/);
    for (const b of others) await cluster.restart(b);
    await cluster.waitForIsr(topic, 0, 3, 40_000);
  }, 150_000);

  it("controller failover: SIGKILL of the controller, another broker takes over and drives topic creation; the old one rejoins as a plain broker", async () => {
    const old = await cluster.controller();
    expect(old).toBeGreaterThanOrEqual(0);
    await cluster.kill9(old);
    const { id: now } = await eventually(async () => { const c = await cluster.controller(); return c >= 0 && c !== old ? { id: c } : null; }, 30_000, 250);
    expect(now).not.toBe(old);
    const admin = kafka().admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic: "after-failover", numPartitions: 2, replicationFactor: 2 }], waitForLeaders: true });
      const md = await admin.fetchTopicMetadata({ topics: ["after-failover"] });
      for (const p of md.topics[0]!.partitions) expect(p.replicas.every((r) => r !== old)).toBe(true);
    } finally {
      await admin.disconnect();
    }
    const producer = kafka().producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic: "after-failover", acks: -1, messages: [{ partition: 0, value: "f1" }] });
    await producer.disconnect();
    expect(await consumeAll("after-failover", 0, 1)).toEqual(["f1"]);
    await cluster.restart(old);
    expect(await cluster.controller()).toBe(now);
  }, 120_000);
  it("preferred leader election (ElectLeaders to the controller) gives leadership back to the first replica after it restarted and caught up", async () => {
    const topic = "pref";
    const admin = kafka().admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 3 }], waitForLeaders: true });
    await admin.disconnect();
    const { replicas, leader } = await cluster.waitForIsr(topic, 0, 3);
    const preferred = replicas[0]!;
    expect(leader).toBe(preferred);
    const producer = kafka().producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const values: string[] = [];
    const send = async (n: number) => { for (let i = 0; i < n; i++) { const v = `p${values.length}`; await producer.send({ topic, acks: -1, messages: [{ partition: 0, value: v }] }); values.push(v); } };
    await send(10);
    await cluster.kill9(preferred);
    await cluster.waitForLeader(topic, 0, { not: preferred });
    await send(10);
    await cluster.restart(preferred);
    await cluster.waitForIsr(topic, 0, 3, 40_000);
    const ctl = await cluster.controller();
    const conn = await Connection.open("127.0.0.1", cluster.brokers.get(ctl)!.port);
    try {
      const res = await conn.send<ElectLeadersResponse>(ApiKey.ElectLeaders, { electionType: 0, topicPartitions: [{ topic, partitions: [0] }], timeoutMs: 10_000 });
      expect(res.replicaElectionResults[0]!.partitionResult[0]!.errorCode).toBe(0);
    } finally {
      conn.close();
    }
    await eventually(async () => (await cluster.partition(topic, 0))?.leader === preferred, 20_000, 250);
    await send(10);
    await producer.disconnect();
    expect(await consumeAll(topic, 0, values.length)).toEqual(values);
  }, 120_000);
  it("controlled shutdown (SIGTERM): the controller moves leadership and ISR membership away first; acks=all writes keep succeeding", async () => {
    const topic = "cs";
    const admin = kafka().admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 3 }], waitForLeaders: true });
    await admin.disconnect();
    const { leader } = await cluster.waitForIsr(topic, 0, 3);
    const producer = kafka().producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const values: string[] = [];
    const send = async (n: number) => { for (let i = 0; i < n; i++) { const v = `c${values.length}`; await producer.send({ topic, acks: -1, messages: [{ partition: 0, value: v }] }); values.push(v); } };
    await send(10);
    const proc = cluster.brokers.get(leader)!.proc;
    await cluster.stop(leader);
    expect(proc.output()).toContain("Controlled shutdown request returned successfully");
    const after = await cluster.waitForLeader(topic, 0, { not: leader });
    expect(after.isr).not.toContain(leader);
    await send(10);
    await cluster.restart(leader);
    await cluster.waitForIsr(topic, 0, 3, 40_000);
    await send(5);
    await producer.disconnect();
    expect(await consumeAll(topic, 0, values.length)).toEqual(values);
  }, 120_000);
});
