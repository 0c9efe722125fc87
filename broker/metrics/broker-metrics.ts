/**
 * The broker's metrics, named as the Prometheus JMX exporter (with Kafka's example rules)
 * names Kafka's MBeans:
 *
 *   kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec,topic=t
 *       → kafka_server_brokertopicmetrics_messagesin_total{topic="t"} (and without topic: all topics)
 *   kafka.network:type=RequestMetrics,name=RequestsPerSec,request=Produce
 *       → kafka_network_requestmetrics_requests_total{request="Produce"}
 *   kafka.network:type=RequestMetrics,name=TotalTimeMs,request=Fetch (a histogram)
 *       → kafka_network_requestmetrics_totaltimems{request="Fetch",quantile="0.99"} (+ _sum, _count)
 *   kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions
 *       → kafka_server_replicamanager_underreplicatedpartitions
 *   kafka.controller:type=KafkaController,name=ActiveControllerCount
 *       → kafka_controller_kafkacontroller_activecontrollercount
 *   kafka.log:type=Log,name=Size,topic=t,partition=0 → kafka_log_log_size{topic="t",partition="0"}
 *
 * One instance per broker process (`brokerMetrics`). The hot path only adds numbers: per topic a
 * plain object found by one Map lookup, per API a slot in a typed array and a SlidingSummary.
 * Gauges (partitions, controller, log sizes) are read from the broker's state when scraped.
 */
import { apiName } from "../protocol/api-keys.js";
import { labels, withLabel, type MetricFamily, type Sample } from "../../common/metrics/exposition.js";
import { DEFAULT_QUANTILES, SlidingSummary } from "../../common/metrics/summary.js";
import { FETCH_CONSUMER, FETCH_FOLLOWER } from "./request-key.js";

export interface TopicMetrics {
  messagesIn: number;
  bytesIn: number;
  bytesOut: number;
  totalProduceRequests: number;
  failedProduceRequests: number;
  totalFetchRequests: number;
}

const newTopicMetrics = (): TopicMetrics => ({ messagesIn: 0, bytesIn: 0, bytesOut: 0, totalProduceRequests: 0, failedProduceRequests: 0, totalFetchRequests: 0 });

/** What the gauges read, wired by the KafkaServer once it is started. */
export interface PartitionView {
  readonly topic: string;
  readonly partition: number;
  readonly isr: readonly number[];
  readonly replicas: readonly number[];
  isLeader(): boolean;
  readonly log: { size(): number; readonly logEndOffset: bigint; readonly logStartOffset: bigint };
}

export interface BrokerMetricsSource {
  partitions(): Iterable<PartitionView>;
  topicExists(topic: string): boolean;
  isActiveController(): boolean;
  connectionCount(): number;
}

/** API keys 0-127, then FetchConsumer and FetchFollower (see request-key.ts) */
const MAX_API_KEY = 130;
const requestName = (k: number): string => (k === FETCH_CONSUMER ? "FetchConsumer" : k === FETCH_FOLLOWER ? "FetchFollower" : apiName(k));

export class BrokerMetrics {
  readonly topics = new Map<string, TopicMetrics>();
  readonly allTopics = newTopicMetrics();
  replicationBytesOut = 0;
  replicationBytesIn = 0;
  isrShrinks = 0;
  isrExpands = 0;
  readonly requests = new Float64Array(MAX_API_KEY);
  private readonly latency: (SlidingSummary | undefined)[] = new Array<SlidingSummary | undefined>(MAX_API_KEY);
  source: BrokerMetricsSource | null = null;

  topic(name: string): TopicMetrics {
    let t = this.topics.get(name);
    if (!t) { t = newTopicMetrics(); this.topics.set(name, t); }
    return t;
  }

  /** A partition's records accepted from a Produce request (counts from the batch headers). */
  produced(topic: string, records: number, bytes: number): void {
    const t = this.topic(topic);
    t.messagesIn += records;
    t.bytesIn += bytes;
    t.totalProduceRequests++;
    const a = this.allTopics;
    a.messagesIn += records;
    a.bytesIn += bytes;
    a.totalProduceRequests++;
  }

  produceFailed(topic: string): void {
    // per topic only for existing topics: produce requests naming random topics must not grow the map
    if (this.topics.has(topic) || this.source?.topicExists(topic)) {
      const t = this.topic(topic);
      t.totalProduceRequests++;
      t.failedProduceRequests++;
    }
    this.allTopics.totalProduceRequests++;
    this.allTopics.failedProduceRequests++;
  }

  /** Bytes a Fetch returns for one partition; a follower's fetch counts as replication. */
  fetched(topic: string, bytes: number, follower: boolean): void {
    if (follower) { this.replicationBytesOut += bytes; return; }
    const t = this.topic(topic);
    t.bytesOut += bytes;
    t.totalFetchRequests++;
    this.allTopics.bytesOut += bytes;
    this.allTopics.totalFetchRequests++;
  }

  /** One request answered (or dropped, acks=0), `ms` after it was read; `key` from requestMetricKey. */
  requestCompleted(key: number, ms: number): void {
    if (key < 0 || key >= MAX_API_KEY) return;
    if (key >= FETCH_CONSUMER) this.record(1, ms); // also counts as Fetch
    this.record(key, ms);
  }

  private record(apiKey: number, ms: number): void {
    this.requests[apiKey]!++;
    let s = this.latency[apiKey];
    if (!s) { s = new SlidingSummary(); this.latency[apiKey] = s; }
    s.observe(ms);
  }

  collect(): MetricFamily[] {
    const src = this.source;
    const out: MetricFamily[] = [];
    // forget deleted topics, as Kafka removes their metrics
    if (src) for (const t of this.topics.keys()) if (!src.topicExists(t)) this.topics.delete(t);
    const topicFamily = (name: string, help: string, get: (t: TopicMetrics) => number): MetricFamily => {
      const samples: Sample[] = [{ labels: "", value: get(this.allTopics) }];
      for (const [t, m] of [...this.topics].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) samples.push({ labels: labels({ topic: t }), value: get(m) });
      return { name: `kafka_server_brokertopicmetrics_${name}_total`, help, type: "counter", samples };
    };
    out.push(
      topicFamily("messagesin", "Messages appended by Produce requests (MessagesInPerSec count).", (t) => t.messagesIn),
      topicFamily("bytesin", "Bytes of record batches appended by Produce requests (BytesInPerSec count).", (t) => t.bytesIn),
      topicFamily("bytesout", "Bytes of records returned to consumers by Fetch requests (BytesOutPerSec count).", (t) => t.bytesOut),
      topicFamily("totalproducerequests", "Produce requests per partition (TotalProduceRequestsPerSec count).", (t) => t.totalProduceRequests),
      topicFamily("failedproducerequests", "Failed produce requests per partition (FailedProduceRequestsPerSec count).", (t) => t.failedProduceRequests),
      topicFamily("totalfetchrequests", "Consumer fetches per partition that returned records (TotalFetchRequestsPerSec count).", (t) => t.totalFetchRequests),
      { name: "kafka_server_brokertopicmetrics_replicationbytesin_total", help: "Bytes appended from the leaders by this broker's replica fetchers (ReplicationBytesInPerSec count).", type: "counter", samples: [{ labels: "", value: this.replicationBytesIn }] },
      { name: "kafka_server_brokertopicmetrics_replicationbytesout_total", help: "Bytes returned to follower replicas (ReplicationBytesOutPerSec count).", type: "counter", samples: [{ labels: "", value: this.replicationBytesOut }] },
    );

    const reqSamples: Sample[] = [];
    const timeSamples: Sample[] = [];
    for (let k = 0; k < MAX_API_KEY; k++) {
      const s = this.latency[k];
      if (!s) continue;
      const l = labels({ request: requestName(k) });
      reqSamples.push({ labels: l, value: this.requests[k]! });
      const qs = s.quantiles(DEFAULT_QUANTILES);
      DEFAULT_QUANTILES.forEach((q, i) => timeSamples.push({ labels: withLabel(l, "quantile", String(q)), value: qs[i]! }));
      timeSamples.push({ suffix: "_sum", labels: l, value: s.sum }, { suffix: "_count", labels: l, value: s.count });
    }
    out.push(
      { name: "kafka_network_requestmetrics_requests_total", help: "Requests handled, per API (RequestsPerSec count).", type: "counter", samples: reqSamples },
      { name: "kafka_network_requestmetrics_totaltimems", help: "Time from reading a request to its response being handed to the socket, in ms (TotalTimeMs; quantiles over the last 1028 requests).", type: "summary", samples: timeSamples },
    );

    let partitionCount = 0, leaderCount = 0, underReplicated = 0;
    const size: Sample[] = [], leo: Sample[] = [], lso: Sample[] = [];
    if (src) {
      const parts = [...src.partitions()].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
      for (const p of parts) {
        partitionCount++;
        if (p.isLeader()) {
          leaderCount++;
          if (p.isr.length < p.replicas.length) underReplicated++;
        }
        const l = labels({ topic: p.topic, partition: p.partition });
        size.push({ labels: l, value: p.log.size() });
        leo.push({ labels: l, value: Number(p.log.logEndOffset) });
        lso.push({ labels: l, value: Number(p.log.logStartOffset) });
      }
    }
    const g = (name: string, help: string, value: number): MetricFamily => ({ name, help, type: "gauge", samples: [{ labels: "", value }] });
    out.push(
      g("kafka_server_replicamanager_partitioncount", "Partitions hosted on this broker.", partitionCount),
      g("kafka_server_replicamanager_leadercount", "Partitions this broker leads.", leaderCount),
      g("kafka_server_replicamanager_underreplicatedpartitions", "Led partitions whose ISR is smaller than their replica set.", underReplicated),
      { name: "kafka_server_replicamanager_isrshrinks_total", help: "ISR shrinks by this broker as leader (IsrShrinksPerSec count).", type: "counter", samples: [{ labels: "", value: this.isrShrinks }] },
      { name: "kafka_server_replicamanager_isrexpands_total", help: "ISR expansions by this broker as leader (IsrExpandsPerSec count).", type: "counter", samples: [{ labels: "", value: this.isrExpands }] },
      g("kafka_controller_kafkacontroller_activecontrollercount", "1 if this broker is the active controller, else 0.", src?.isActiveController() ? 1 : 0),
      { name: "kafka_log_log_size", help: "Bytes of the partition's log on disk.", type: "gauge", samples: size },
      { name: "kafka_log_log_logendoffset", help: "The partition log's end offset.", type: "gauge", samples: leo },
      { name: "kafka_log_log_logstartoffset", help: "The partition log's start offset.", type: "gauge", samples: lso },
      g("kafka_server_socketservermetrics_connection_count", "Open client connections.", src?.connectionCount() ?? 0),
    );
    return out;
  }
}

/** This process's broker metrics. */
export const brokerMetrics = new BrokerMetrics();
