/**
 * Partition reassignment onto a newly added (fourth) broker, driven by kafkajs
 * (AlterPartitionReassignments): the new replica catches up, joins the ISR, the controller
 * finishes the move (leader from the target, assignment and ISR cut to it), the removed broker
 * deletes its replica; records written before and after are all there, in order.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Kafka, logLevel } from "kafkajs";
import { startBroker } from "../../helpers/broker.js";
import { CLUSTER_DEFAULTS, startCluster, type Cluster } from "../../helpers/cluster.js";
import { eventually, removeTempDirs, stopAll } from "../../helpers/procs.js";

let cluster: Cluster;
const overrides = { "zookeeper.session.timeout.ms": 4000 };

beforeAll(async () => {
  cluster = await startCluster({ brokers: 3, zk: "coordinator", tickTime: 1000, overrides });
}, 90_000);
afterAll(async () => { await cluster?.shutdown(); await stopAll(); removeTempDirs(); }, 30_000);

describe("partition reassignment", () => {
  it("moves a replica from broker 0 onto a newly added broker 3 without losing anything", async () => {
    const kafka = () => new Kafka({ brokers: cluster.bootstrapList(), logLevel: logLevel.NOTHING, retry: { retries: 20, initialRetryTime: 200, maxRetryTime: 2000 } });
    const admin = kafka().admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: "mv", replicaAssignment: [{ partition: 0, replicas: [0, 1, 2] }] }], waitForLeaders: true });
    await cluster.waitForIsr("mv", 0, 3);
    const producer = kafka().producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const values: string[] = [];
    const send = async (n: number) => { for (let i = 0; i < n; i++) { const v = `r${values.length}`; await producer.send({ topic: "mv", acks: -1, messages: [{ partition: 0, value: v }] }); values.push(v); } };
    await send(20);

    const b3 = await startBroker({ zkConnect: cluster.zkConnect, brokerId: 3, overrides: { ...CLUSTER_DEFAULTS, ...overrides }, startTimeoutMs: 45_000 });
    cluster.brokers.set(3, b3);
    cluster.alive.add(3);
    await admin.alterPartitionReassignments({ topics: [{ topic: "mv", partitionAssignment: [{ partition: 0, replicas: [3, 1, 2] }] }] });
    const done = await eventually(async () => {
      const p = await cluster.partition("mv", 0);
      return p && p.replicas.join() === "3,1,2" && [...p.isr].sort().join() === "1,2,3" && p.leader !== 0 ? p : null;
    }, 40_000, 300);
    expect(done.replicas).toEqual([3, 1, 2]);
    const ongoing = await admin.listPartitionReassignments({});
    expect(ongoing.topics.flatMap((t) => t.partitions)).toEqual([]);
    await eventually(() => !existsSync(join(cluster.brokers.get(0)!.logDir, "mv-0")), 20_000, 300);
    expect(existsSync(join(b3.logDir, "mv-0"))).toBe(true);
    await admin.disconnect();

    await send(10);
    await producer.disconnect();
    const got: string[] = [];
    const consumer = kafka().consumer({ groupId: "mv-verify", maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topic: "mv", fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => { got.push(message.value!.toString()); } });
    await eventually(() => got.length >= values.length, 30_000, 200);
    await consumer.disconnect();
    expect(got).toEqual(values);
  }, 150_000);
});
