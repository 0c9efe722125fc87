/**
 * No acknowledged message lost: three brokers on our coordinator, RF=3, min.insync.replicas=2,
 * acks=all with an idempotent kafkajs producer while the partition leader is SIGKILLed (5 rounds,
 * the killed broker restarted each round): every acknowledged message is read back exactly once
 * and in order, and every replica's log holds the same records.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Producer } from "kafkajs";
import { clusterKafka, consumeFromBeginning, replicaLogPayloads, startCluster, type Cluster } from "../../helpers/cluster.js";
import { eventually, removeTempDirs, stopAll } from "../../helpers/procs.js";

let cluster: Cluster;
/** rounds of leader SIGKILL; scripts/chaos-cluster.sh runs 50 */
const ROUNDS = Number(process.env.CHAOS_ROUNDS ?? 5);

beforeAll(async () => {
  cluster = await startCluster({ brokers: 3, zk: "coordinator", tickTime: 1000, overrides: { "replica.lag.time.max.ms": 6000, "zookeeper.session.timeout.ms": 4000 } });
}, 90_000);
afterAll(async () => { await cluster?.shutdown(); await stopAll(); removeTempDirs(); }, 30_000);

const kafka = () => clusterKafka(cluster);
const replicaPayloads = (brokerId: number, topic: string, partition: number) => replicaLogPayloads(cluster, brokerId, topic, partition);
const consumeAll = (topic: string, partition: number, expected: number) => consumeFromBeginning(cluster, topic, partition, expected);

describe("three brokers, RF=3, leader SIGKILLed during acks=all produce", () => {
  it(`SIGKILL of the leader during a steady acks=all produce, ${ROUNDS} rounds: no acknowledged message lost or duplicated`, async () => {
    const topic = "chaos";
    const admin = kafka().admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 3 }], waitForLeaders: true });
    await admin.disconnect();
    await cluster.waitForIsr(topic, 0, 3);

    const acked: string[] = [];
    let seq = 0;
    let stop = false;
    const producer: Producer = kafka().producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const loop = (async () => {
      while (!stop) {
        const v = `m${seq++}`;
        try {
          await producer.send({ topic, acks: -1, timeout: 10_000, messages: [{ partition: 0, value: v }] });
          acked.push(v);
        } catch {
          // not acknowledged: may or may not be in the log; the check below is about acknowledged ones
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    })();

    for (let round = 0; round < ROUNDS; round++) {
      const before = acked.length;
      await eventually(() => acked.length >= before + 10, 30_000, 50);
      const { leader } = await cluster.waitForLeader(topic, 0);
      await cluster.kill9(leader);
      const next = await cluster.waitForLeader(topic, 0, { not: leader, timeoutMs: 40_000 });
      expect(next.leader).not.toBe(leader);
      const after = acked.length;
      await eventually(() => acked.length >= after + 10, 40_000, 50);
      await cluster.restart(leader);
      await cluster.waitForIsr(topic, 0, 3, 40_000);
    }
    stop = true;
    await loop;
    await producer.disconnect();

    const got = await consumeAll(topic, 0, acked.length);
    console.log(`leader-kill: ${ROUNDS} rounds, ${seq} sends, ${acked.length} acknowledged, ${got.length} records in the log`);
    const ackedSet = new Set(acked);
    const seen = got.filter((v) => ackedSet.has(v));
    // exactly once and in order
    expect(seen).toEqual(acked);
    expect(new Set(got).size).toBe(got.length);
    // every replica holds the same records
    const leaderLog = await replicaPayloads((await cluster.waitForLeader(topic, 0)).leader, topic, 0);
    for (const id of [0, 1, 2]) {
      await eventually(async () => (await replicaPayloads(id, topic, 0)).join() === leaderLog.join(), 20_000, 500);
    }
  }, 60_000 + ROUNDS * 60_000);

});
