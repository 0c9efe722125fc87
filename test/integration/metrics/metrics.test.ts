import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Kafka, logLevel } from "kafkajs";
import zookeeper from "node-zookeeper-client";
import { startBroker, type Broker } from "../../helpers/broker.js";
import { startCoordinator, type Coordinator } from "../../helpers/coordinator.js";
import { writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { eventually, freePort, removeTempDirs, startProcess, stopAll, tempDir } from "../../helpers/procs.js";
import { scrape, valueOf } from "./prometheus-text.js";

let coordinator: Coordinator;
let broker: Broker;
let kafka: Kafka;
let jmxPort: number;
let zkMetricsPort: number;
let zkJmxPort: number;

beforeAll(async () => {
  zkMetricsPort = await freePort();
  zkJmxPort = await freePort();
  coordinator = await startCoordinator({
    extraConfig: {
      "metricsProvider.className": "org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider",
      "metricsProvider.httpHost": "127.0.0.1",
      "metricsProvider.httpPort": zkMetricsPort,
    },
    env: { JMX_PORT: String(zkJmxPort) },
  });
  jmxPort = await freePort();
  broker = await startBroker({ zkConnect: coordinator.connectString, env: { JMX_PORT: String(jmxPort) } });
  kafka = new Kafka({ clientId: "metrics-test", brokers: [broker.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 100 } });
}, 60_000);
afterAll(async () => { await stopAll(); removeTempDirs(); });

const brokerUrl = () => `http://127.0.0.1:${jmxPort}/metrics`;
const topicValue = async (name: string, topic: string) => valueOf(await scrape(brokerUrl()), `kafka_server_brokertopicmetrics_${name}_total`, { topic }) ?? 0;

function getData(connect: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = zookeeper.createClient(connect, { sessionTimeout: 6000 });
    const timer = setTimeout(() => { client.close(); reject(new Error("ZooKeeper timeout")); }, 10_000);
    client.once("connected", () => {
      client.getData(path, (err, data) => {
        clearTimeout(timer);
        client.close();
        if (err) reject(err); else resolve(data.toString());
      });
    });
    client.connect();
  });
}

describe("broker metrics on JMX_PORT", () => {
  it("registers JMX_PORT as jmx_port in /brokers/ids/<id>", async () => {
    const reg = JSON.parse(await getData(coordinator.connectString, "/brokers/ids/0")) as { jmx_port: number };
    expect(reg.jmx_port).toBe(jmxPort);
  });

  it("counts messages and bytes in per topic, bytes out on fetch, requests and latency per API", async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic: "metrics-t", numPartitions: 1 }], waitForLeaders: true });
    } finally {
      await admin.disconnect();
    }
    const before = await scrape(brokerUrl());
    const inBefore = valueOf(before, "kafka_server_brokertopicmetrics_messagesin_total", { topic: "metrics-t" }) ?? 0;
    const allBefore = valueOf(before, "kafka_server_brokertopicmetrics_messagesin_total") ?? 0;
    const bytesBefore = valueOf(before, "kafka_server_brokertopicmetrics_bytesin_total", { topic: "metrics-t" }) ?? 0;
    const N = 40;
    const payload = "x".repeat(100);
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic: "metrics-t", messages: Array.from({ length: N / 2 }, (_, i) => ({ key: `k${i}`, value: payload })) });
      await producer.send({ topic: "metrics-t", messages: Array.from({ length: N / 2 }, (_, i) => ({ key: `j${i}`, value: payload })) });
    } finally {
      await producer.disconnect();
    }
    const after = await scrape(brokerUrl());
    expect((valueOf(after, "kafka_server_brokertopicmetrics_messagesin_total", { topic: "metrics-t" }) ?? 0) - inBefore).toBe(N);
    expect((valueOf(after, "kafka_server_brokertopicmetrics_messagesin_total") ?? 0) - allBefore).toBe(N);
    expect((valueOf(after, "kafka_server_brokertopicmetrics_bytesin_total", { topic: "metrics-t" }) ?? 0) - bytesBefore).toBeGreaterThanOrEqual(N * payload.length);
    expect(valueOf(after, "kafka_network_requestmetrics_requests_total", { request: "Produce" })).toBeGreaterThanOrEqual(2);
    expect(valueOf(after, "kafka_network_requestmetrics_requests_total", { request: "Metadata" })).toBeGreaterThanOrEqual(1);
    expect(valueOf(after, "kafka_network_requestmetrics_requests_total", { request: "ApiVersions" })).toBeGreaterThanOrEqual(1);
    expect(after.types.get("kafka_network_requestmetrics_totaltimems")).toBe("summary");
    const p99 = valueOf(after, "kafka_network_requestmetrics_totaltimems", { request: "Produce", quantile: "0.99" });
    expect(p99).toBeGreaterThanOrEqual(0);
    expect(valueOf(after, "kafka_network_requestmetrics_totaltimems_count", { request: "Produce" })).toBeGreaterThanOrEqual(2);
    expect(valueOf(after, "kafka_log_log_size", { topic: "metrics-t", partition: "0" })).toBeGreaterThanOrEqual(N * payload.length);
    expect(valueOf(after, "kafka_log_log_logendoffset", { topic: "metrics-t", partition: "0" })).toBe(N);

    // consume everything: bytes out grows by at least the payload
    const outBefore = await topicValue("bytesout", "metrics-t");
    const consumer = kafka.consumer({ groupId: "metrics-g", sessionTimeout: 10_000, heartbeatInterval: 500 });
    await consumer.connect();
    let got = 0;
    try {
      await consumer.subscribe({ topic: "metrics-t", fromBeginning: true });
      await consumer.run({ eachMessage: async () => { got++; } });
      await eventually(() => got >= N, 30_000);
    } finally {
      await consumer.disconnect();
    }
    expect(got).toBe(N);
    const end = await scrape(brokerUrl());
    expect((valueOf(end, "kafka_server_brokertopicmetrics_bytesout_total", { topic: "metrics-t" }) ?? 0) - outBefore).toBeGreaterThanOrEqual(N * payload.length);
    expect(valueOf(end, "kafka_network_requestmetrics_requests_total", { request: "Fetch" })).toBeGreaterThanOrEqual(1);
    expect(valueOf(end, "kafka_network_requestmetrics_requests_total", { request: "FetchConsumer" })).toBe(valueOf(end, "kafka_network_requestmetrics_requests_total", { request: "Fetch" }));
    expect(valueOf(end, "kafka_network_requestmetrics_totaltimems_count", { request: "FetchConsumer" })).toBeGreaterThanOrEqual(1);
    expect(valueOf(end, "kafka_network_requestmetrics_requests_total", { request: "JoinGroup" })).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it("reports replica manager, controller and process gauges; the text parses as Prometheus exposition", async () => {
    const p = await scrape(brokerUrl());
    expect(valueOf(p, "kafka_controller_kafkacontroller_activecontrollercount")).toBe(1);
    expect(valueOf(p, "kafka_server_replicamanager_underreplicatedpartitions")).toBe(0);
    expect(valueOf(p, "kafka_server_replicamanager_isrshrinks_total")).toBe(0);
    expect(valueOf(p, "kafka_server_replicamanager_isrexpands_total")).toBe(0);
    expect(valueOf(p, "kafka_server_replicamanager_partitioncount")).toBeGreaterThanOrEqual(1);
    expect(valueOf(p, "process_cpu_seconds_total")).toBeGreaterThan(0);
    expect(valueOf(p, "process_resident_memory_bytes")).toBeGreaterThan(0);
    expect(valueOf(p, "nodejs_heap_size_used_bytes")).toBeGreaterThan(0);
    for (const [name, type] of p.types) if (type === "counter") expect(name).toMatch(/_total$/);
    // "/" answers the same, other paths 404
    expect((await fetch(`http://127.0.0.1:${jmxPort}/`, { signal: AbortSignal.timeout(5000) })).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${jmxPort}/nope`, { signal: AbortSignal.timeout(5000) })).status).toBe(404);
  });
});

describe("coordinator metrics", () => {
  it("metricsProvider.httpPort serves mntr's figures under ZooKeeper's Prometheus names", async () => {
    const p = await scrape(`http://127.0.0.1:${zkMetricsPort}/metrics`);
    for (const n of ["znode_count", "watch_count", "num_alive_connections", "outstanding_requests", "avg_latency", "max_latency", "min_latency",
      "packets_received", "packets_sent", "ephemerals_count", "approximate_data_size", "global_sessions", "uptime"]) {
      expect(p.types.get(n), n).toBe("gauge");
    }
    expect(valueOf(p, "znode_count")).toBeGreaterThanOrEqual(10); // the broker's /brokers, /config, ... tree
    expect(valueOf(p, "ephemerals_count")).toBeGreaterThanOrEqual(2); // /brokers/ids/0, /controller
    expect(valueOf(p, "num_alive_connections")).toBeGreaterThanOrEqual(1);
    expect(valueOf(p, "global_sessions")).toBeGreaterThanOrEqual(1);
    expect(valueOf(p, "process_resident_memory_bytes")).toBeGreaterThan(0);
    // Java's double format, as ZooKeeper's Prometheus client prints
    const text = await (await fetch(`http://127.0.0.1:${zkMetricsPort}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
    expect(text).toMatch(/^znode_count \d+\.0$/m);
    expect(text).toMatch(/^# HELP znode_count znode_count$/m);
    expect((await fetch(`http://127.0.0.1:${zkMetricsPort}/`, { signal: AbortSignal.timeout(5000) })).status).toBe(404);
  });

  it("the figures are the server's own: znode_count and num_alive_connections as srvr reports them", async () => {
    const srvr = (): Promise<string> => new Promise((resolve, reject) => {
      const sock = connect(coordinator.port, "127.0.0.1", () => sock.end("srvr"));
      let out = "";
      sock.setTimeout(5000, () => { sock.destroy(); reject(new Error("srvr timeout")); });
      sock.on("data", (d) => { out += d.toString(); });
      sock.on("close", () => resolve(out));
      sock.on("error", reject);
    });
    await eventually(async () => {
      const text = await srvr();
      const p = await scrape(`http://127.0.0.1:${zkMetricsPort}/metrics`);
      const nodes = Number(/Node count: (\d+)/.exec(text)?.[1]);
      return nodes > 0 && valueOf(p, "znode_count") === nodes;
    }, 10_000);
  });

  it("JMX_PORT in the coordinator's environment serves the same metrics", async () => {
    const p = await scrape(`http://127.0.0.1:${zkJmxPort}/metrics`);
    expect(valueOf(p, "znode_count")).toBeGreaterThanOrEqual(10);
  });
});

describe("as the tutorials type it", () => {
  it("JMX_PORT=<port> bin/kafka-server-start.sh server.properties", async () => {
    const dir = tempDir("metrics-bin-");
    const port = await freePort();
    const jmx = await freePort();
    const cfg = join(dir, "server.properties");
    writeFileSync(cfg, [`broker.id=7`, `listeners=PLAINTEXT://127.0.0.1:${port}`, `log.dirs=${join(dir, "logs")}`, `zookeeper.connect=${coordinator.connectString}`, "offsets.topic.replication.factor=1", ""].join("\n"));
    const proc = startProcess("bash", ["bin/kafka-server-start.sh", cfg], { env: { JMX_PORT: String(jmx), LOG_FORMAT: "json" } });
    try {
      await proc.waitFor(/started \(kafka\.server\.KafkaServer\)/, 30_000);
      const reg = JSON.parse(await getData(coordinator.connectString, "/brokers/ids/7")) as { jmx_port: number };
      expect(reg.jmx_port).toBe(jmx);
      const p = await scrape(`http://127.0.0.1:${jmx}/metrics`);
      expect(valueOf(p, "kafka_controller_kafkacontroller_activecontrollercount")).toBe(0); // broker 0 is the controller
    } finally {
      await proc.stop();
    }
  }, 45_000);
});
