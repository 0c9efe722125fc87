import { describe, expect, it } from "vitest";
import { BrokerMetrics, type PartitionView } from "../../../broker/metrics/broker-metrics.js";
import { render } from "../../../common/metrics/exposition.js";
import { parsePrometheusText, valueOf } from "../../integration/metrics/prometheus-text.js";

const part = (topic: string, partition: number, leader: boolean, isr: number[], replicas: number[], size: number): PartitionView => ({
  topic, partition, isr, replicas, isLeader: () => leader, log: { size: () => size, logEndOffset: 7n, logStartOffset: 2n },
});

describe("BrokerMetrics", () => {
  it("per-topic and all-topic counters, per-API requests and latency, gauges from the broker's state", () => {
    const m = new BrokerMetrics();
    const topics = new Set(["a", "b"]);
    m.source = {
      partitions: () => [part("b", 0, true, [0], [0, 1], 100), part("a", 1, false, [1, 0], [1, 0], 5), part("a", 0, true, [0, 1], [0, 1], 50)],
      topicExists: (t) => topics.has(t),
      isActiveController: () => true,
      connectionCount: () => 3,
    };
    m.produced("a", 10, 1000);
    m.produced("b", 1, 70);
    m.produceFailed("b");
    m.produceFailed("no-such-topic");
    m.fetched("a", 500, false);
    m.fetched("a", 900, true);
    m.requestCompleted(0, 2);
    m.requestCompleted(0, 4);
    m.requestCompleted(1, 100);
    m.requestCompleted(999, 1); // out of range: ignored
    m.requestCompleted(128, 10); // FetchConsumer (and Fetch)
    m.requestCompleted(129, 20); // FetchFollower (and Fetch)
    m.isrShrinks++;
    const p = parsePrometheusText(render(m.collect()));
    expect(valueOf(p, "kafka_server_brokertopicmetrics_messagesin_total", { topic: "a" })).toBe(10);
    expect(valueOf(p, "kafka_server_brokertopicmetrics_messagesin_total")).toBe(11);
    expect(valueOf(p, "kafka_server_brokertopicmetrics_bytesin_total", { topic: "b" })).toBe(70);
    expect(valueOf(p, "kafka_server_brokertopicmetrics_failedproducerequests_total", { topic: "b" })).toBe(1);
    expect(valueOf(p, "kafka_server_brokertopicmetrics_failedproducerequests_total")).toBe(2);
    expect(valueOf(p, "kafka_server_brokertopicmetrics_failedproducerequests_total", { topic: "no-such-topic" })).toBeUndefined();
    expect(valueOf(p, "kafka_server_brokertopicmetrics_bytesout_total", { topic: "a" })).toBe(500);
    expect(valueOf(p, "kafka_server_brokertopicmetrics_replicationbytesout_total")).toBe(900);
    expect(valueOf(p, "kafka_network_requestmetrics_requests_total", { request: "Produce" })).toBe(2);
    expect(valueOf(p, "kafka_network_requestmetrics_requests_total", { request: "Fetch" })).toBe(3);
    expect(valueOf(p, "kafka_network_requestmetrics_requests_total", { request: "FetchConsumer" })).toBe(1);
    expect(valueOf(p, "kafka_network_requestmetrics_totaltimems_sum", { request: "FetchFollower" })).toBe(20);
    expect(valueOf(p, "kafka_network_requestmetrics_totaltimems", { request: "Produce", quantile: "0.99" })).toBe(4);
    expect(valueOf(p, "kafka_network_requestmetrics_totaltimems_sum", { request: "Produce" })).toBe(6);
    expect(valueOf(p, "kafka_server_replicamanager_partitioncount")).toBe(3);
    expect(valueOf(p, "kafka_server_replicamanager_leadercount")).toBe(2);
    expect(valueOf(p, "kafka_server_replicamanager_underreplicatedpartitions")).toBe(1);
    expect(valueOf(p, "kafka_server_replicamanager_isrshrinks_total")).toBe(1);
    expect(valueOf(p, "kafka_controller_kafkacontroller_activecontrollercount")).toBe(1);
    expect(valueOf(p, "kafka_log_log_size", { topic: "b", partition: "0" })).toBe(100);
    expect(valueOf(p, "kafka_log_log_logendoffset", { topic: "a", partition: "1" })).toBe(7);
    expect(valueOf(p, "kafka_server_socketservermetrics_connection_count")).toBe(3);
    // partitions sorted by topic, then partition
    expect(p.samples.filter((s) => s.name === "kafka_log_log_size").map((s) => `${s.labels.topic}-${s.labels.partition}`)).toEqual(["a-0", "a-1", "b-0"]);

    // a deleted topic's metrics go away
    topics.delete("b");
    const p2 = parsePrometheusText(render(m.collect()));
    expect(valueOf(p2, "kafka_server_brokertopicmetrics_messagesin_total", { topic: "b" })).toBeUndefined();
    expect(valueOf(p2, "kafka_server_brokertopicmetrics_messagesin_total")).toBe(11);
  });
});
