import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Kafka, logLevel } from "kafkajs";
import { startBroker, type Broker } from "../../helpers/broker.js";
import { startCoordinator, type Coordinator } from "../../helpers/coordinator.js";
import { eventually, freePort, removeTempDirs, stopAll } from "../../helpers/procs.js";
import { scrape, valueOf } from "./prometheus-text.js";

let coordinator: Coordinator;
const brokers: Broker[] = [];
const jmx: number[] = [];

beforeAll(async () => {
  coordinator = await startCoordinator({ extraConfig: { tickTime: 500 } });
  for (const id of [0, 1]) {
    jmx[id] = await freePort();
    brokers[id] = await startBroker({
      zkConnect: coordinator.connectString, brokerId: id, env: { JMX_PORT: String(jmx[id]) },
      overrides: { "replica.lag.time.max.ms": 2000, "zookeeper.session.timeout.ms": 3000, "default.replication.factor": 2, "replica.fetch.wait.max.ms": 100 },
    });
  }
}, 60_000);
afterAll(async () => { await stopAll(); removeTempDirs(); });

const metric = async (id: number, name: string, labels: Record<string, string> = {}) => valueOf(await scrape(`http://127.0.0.1:${jmx[id]}/metrics`), name, labels) ?? 0;

describe("metrics of a two-broker cluster", () => {
  it("one active controller; replication bytes out; ISR shrink and expand and under-replicated partitions on the leader", async () => {
    const kafka = new Kafka({ clientId: "metrics-cluster", brokers: brokers.map((b) => b.bootstrap), logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 100 } });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic: "rep", numPartitions: 1, replicationFactor: 2 }], waitForLeaders: true });
      const controllers = (await metric(0, "kafka_controller_kafkacontroller_activecontrollercount")) + (await metric(1, "kafka_controller_kafkacontroller_activecontrollercount"));
      expect(controllers).toBe(1);
      const md = await admin.fetchTopicMetadata({ topics: ["rep"] });
      const leader = md.topics[0]!.partitions[0]!.leader;
      const follower = 1 - leader;
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic: "rep", acks: -1, messages: Array.from({ length: 10 }, (_, i) => ({ value: `v${i}`.padEnd(50, ".") })) });
      await producer.disconnect();
      // the follower fetched the records: replication bytes, not consumer bytes
      await eventually(async () => (await metric(leader, "kafka_server_brokertopicmetrics_replicationbytesout_total")) >= 500, 15_000);
      expect(await metric(leader, "kafka_server_brokertopicmetrics_bytesout_total", { topic: "rep" })).toBe(0);
      expect(await metric(follower, "kafka_server_brokertopicmetrics_replicationbytesin_total")).toBeGreaterThanOrEqual(500);
      expect(await metric(leader, "kafka_network_requestmetrics_requests_total", { request: "FetchFollower" })).toBeGreaterThanOrEqual(1);
      expect(await metric(leader, "kafka_server_replicamanager_underreplicatedpartitions")).toBe(0);
      expect(await metric(follower, "kafka_server_replicamanager_partitioncount")).toBeGreaterThanOrEqual(1);
      expect(await metric(follower, "kafka_log_log_logendoffset", { topic: "rep", partition: "0" })).toBe(10);

      const shrinks = await metric(leader, "kafka_server_replicamanager_isrshrinks_total");
      const expands = await metric(leader, "kafka_server_replicamanager_isrexpands_total");
      await brokers[follower]!.kill9();
      // the leader moves on without it (a follower at the leader's end stays in sync however idle)
      const p2 = new Kafka({ clientId: "metrics-cluster-2", brokers: [brokers[leader]!.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 100 } }).producer();
      await p2.connect();
      await p2.send({ topic: "rep", acks: 1, messages: [{ value: "after the follower died" }] });
      await p2.disconnect();
      await eventually(async () => (await metric(leader, "kafka_server_replicamanager_underreplicatedpartitions")) === 1, 30_000);
      expect(await metric(leader, "kafka_server_replicamanager_isrshrinks_total")).toBeGreaterThan(shrinks);
      await brokers[follower]!.restart();
      await eventually(async () => (await metric(leader, "kafka_server_replicamanager_underreplicatedpartitions")) === 0, 30_000);
      expect(await metric(leader, "kafka_server_replicamanager_isrexpands_total")).toBeGreaterThan(expands);
    } finally {
      await admin.disconnect();
    }
  }, 90_000);
});
