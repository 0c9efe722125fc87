/**
 * The cluster on a three-server Apache ZooKeeper 3.8 ensemble (Debian's package) instead of our
 * coordinator: three brokers, an RF=3 topic, acks=all, a leader SIGKILLed and replaced from the
 * ISR, nothing acknowledged lost; the follower restarts and rejoins the ISR.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Kafka, logLevel } from "kafkajs";
import { apacheZooKeeperInstalled, startApacheZooKeeperEnsemble, type ApacheZooKeeperEnsemble } from "../../helpers/apache-zookeeper.js";
import { startCluster, type Cluster } from "../../helpers/cluster.js";
import { eventually, removeTempDirs, stopAll } from "../../helpers/procs.js";

let ensemble: ApacheZooKeeperEnsemble;
let cluster: Cluster;

describe.skipIf(!apacheZooKeeperInstalled())("three brokers on an Apache ZooKeeper 3.8 ensemble", () => {
  beforeAll(async () => {
    ensemble = await startApacheZooKeeperEnsemble(3, { tickTime: 1000 });
    cluster = await startCluster({ brokers: 3, zkConnect: ensemble.connectString, overrides: { "replica.lag.time.max.ms": 6000, "zookeeper.session.timeout.ms": 4000 } });
  }, 120_000);
  afterAll(async () => { await cluster?.shutdown(); await ensemble?.stop(); await stopAll(); removeTempDirs(); }, 30_000);

  it("RF=3 topic, acks=all, leader SIGKILLed: a new leader from the ISR, every acknowledged message readable once, in order", async () => {
    const kafka = new Kafka({ brokers: cluster.bootstrapList(), logLevel: logLevel.NOTHING, connectionTimeout: 3000, requestTimeout: 15_000, retry: { retries: 30, initialRetryTime: 200, maxRetryTime: 2000 } });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: "ens", numPartitions: 1, replicationFactor: 3 }], waitForLeaders: true });
    await admin.disconnect();
    const { leader } = await cluster.waitForIsr("ens", 0, 3);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const acked: string[] = [];
    for (let i = 0; i < 30; i++) { await producer.send({ topic: "ens", acks: -1, messages: [{ partition: 0, value: `e${i}` }] }); acked.push(`e${i}`); }
    await cluster.kill9(leader);
    for (let i = 30; i < 60; i++) { await producer.send({ topic: "ens", acks: -1, messages: [{ partition: 0, value: `e${i}` }] }); acked.push(`e${i}`); }
    await producer.disconnect();
    const next = await cluster.waitForLeader("ens", 0, { not: leader });
    expect(next.leader).not.toBe(leader);
    await cluster.restart(leader);
    await cluster.waitForIsr("ens", 0, 3, 40_000);

    const got: string[] = [];
    const consumer = new Kafka({ brokers: cluster.bootstrapList(), logLevel: logLevel.NOTHING }).consumer({ groupId: "ens-verify", maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topic: "ens", fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => { got.push(message.value!.toString()); } });
    await eventually(() => got.length >= acked.length, 30_000, 200);
    await consumer.disconnect();
    expect(got).toEqual(acked);
  }, 150_000);
});
