/**
 * A small producer: records are partitioned (explicit partition, murmur2 of the key, or sticky
 * for unkeyed records), accumulated per partition into RecordBatch v2 batches (buildRecordBatch,
 * optionally compressed) until batchSize bytes or lingerMs, then sent as one Produce request per
 * leader. Retriable errors (leader moved, not yet available, unknown topic right after creation)
 * refresh metadata and retry until deliveryTimeoutMs; other errors fail the records' promises.
 */
import { ApiKey } from "../protocol/api-keys.js";
import { KafkaError } from "../protocol/errors.js";
import { buildRecordBatch, type RecordInput } from "../protocol/record-set.js";
import type { ProduceResponse } from "../protocol/schemas/produce.js";
import { BrokerNotAvailableError, Cluster, errorFor, type TopicMetadata } from "./cluster.js";
import { StickyPartitioner, partitionForKey } from "./partitioner.js";

export interface ProducerRecord {
  topic: string;
  partition?: number;
  key?: Buffer | null;
  value: Buffer | null;
  headers?: { key: string; value: Buffer | null }[];
  timestamp?: number;
}

export interface RecordMetadata { topic: string; partition: number; offset: bigint }

export interface ProducerOptions {
  /** 0, 1 or -1 (all) */
  acks?: number;
  compression?: number;
  batchSize?: number;
  lingerMs?: number;
  requestTimeoutMs?: number;
  deliveryTimeoutMs?: number;
  retryBackoffMs?: number;
  /** Ask the broker to auto-create unknown topics when fetching their metadata (Kafka producers do). */
  allowAutoCreate?: boolean;
  /** How long send() waits for a topic's metadata (max.block.ms). */
  maxBlockMs?: number;
  /** Records bigger than this (estimated batch size) are refused (max.request.size, default 1 MiB). */
  maxRequestSize?: number;
}

export class RecordTooLargeError extends Error {
  constructor(size: number, max: number) {
    super(`The message is ${size} bytes when serialized which is larger than ${max}, which is the value of the max.request.size configuration.`);
    this.name = "org.apache.kafka.common.errors.RecordTooLargeException";
  }
}

interface Pending {
  record: RecordInput;
  bytes: number;
  resolve: (m: RecordMetadata) => void;
  reject: (e: Error) => void;
}

interface Accumulator {
  topic: string;
  partition: number;
  records: Pending[];
  bytes: number;
  timer: NodeJS.Timeout | undefined;
  firstAt: number;
}

export class TopicNotInMetadataError extends Error {
  constructor(topic: string, ms: number) {
    super(`Topic ${topic} not present in metadata after ${ms} ms.`);
    this.name = "org.apache.kafka.common.errors.TimeoutException";
  }
}

export class Producer {
  readonly cluster: Cluster;
  private readonly acks: number;
  private readonly compression: number;
  private readonly batchSize: number;
  private readonly lingerMs: number;
  private readonly requestTimeoutMs: number;
  private readonly deliveryTimeoutMs: number;
  private readonly retryBackoffMs: number;
  private readonly maxBlockMs: number;
  private readonly maxRequestSize: number;
  private readonly allowAutoCreate: boolean;
  private readonly sticky = new StickyPartitioner();
  private readonly accs = new Map<string, Accumulator>();
  private readonly topics = new Map<string, TopicMetadata>();
  private readonly pendingMetadata = new Map<string, Promise<TopicMetadata>>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly enqueuing = new Set<Promise<unknown>>();
  private readonly partitionTail = new Map<string, Promise<void>>();

  constructor(cluster: Cluster, opts: ProducerOptions = {}) {
    this.cluster = cluster;
    this.acks = opts.acks ?? -1;
    this.compression = opts.compression ?? 0;
    this.batchSize = opts.batchSize ?? 16384;
    this.lingerMs = opts.lingerMs ?? 0;
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 30_000;
    this.deliveryTimeoutMs = opts.deliveryTimeoutMs ?? 120_000;
    this.retryBackoffMs = opts.retryBackoffMs ?? 100;
    this.maxBlockMs = opts.maxBlockMs ?? 60_000;
    this.maxRequestSize = opts.maxRequestSize ?? 1048576;
    this.allowAutoCreate = opts.allowAutoCreate ?? true;
  }

  private metadataFor(topic: string): Promise<TopicMetadata> {
    const cached = this.topics.get(topic);
    if (cached) return Promise.resolve(cached);
    let p = this.pendingMetadata.get(topic);
    if (!p) {
      p = this.cluster.topicMetadata(topic, { allowAutoCreate: this.allowAutoCreate, timeoutMs: this.maxBlockMs }).then(
        (t) => { this.topics.set(topic, t); return t; },
        (e: unknown) => {
          if ((e instanceof KafkaError && e.retriable) || e instanceof BrokerNotAvailableError) throw new TopicNotInMetadataError(topic, this.maxBlockMs);
          throw e;
        },
      ).finally(() => this.pendingMetadata.delete(topic));
      this.pendingMetadata.set(topic, p);
    }
    return p;
  }

  /** Queue one record; resolves when the broker acknowledged it (acks=0: when written). */
  send(r: ProducerRecord): Promise<RecordMetadata> {
    // Kafka's upper-bound estimate: batch overhead + one record with varint framing
    const size = 61 + 21 + (r.key?.length ?? 0) + (r.value?.length ?? 0) + (r.headers ?? []).reduce((n, h) => n + 10 + Buffer.byteLength(h.key) + (h.value?.length ?? 0), 0);
    if (size > this.maxRequestSize) return Promise.reject(new RecordTooLargeError(size, this.maxRequestSize));
    // queued (after its topic metadata arrived) before flush() may drain
    const queued = this.enqueue(r);
    const marker: Promise<unknown> = queued.then(() => undefined, () => undefined);
    this.enqueuing.add(marker);
    void marker.finally(() => this.enqueuing.delete(marker));
    return queued.then((q) => q.delivered);
  }

  /** Resolves once the record sits in its partition's accumulator (not when it is delivered). */
  private async enqueue(r: ProducerRecord): Promise<{ delivered: Promise<RecordMetadata> }> {
    const md = await this.metadataFor(r.topic);
    const n = md.partitions.length;
    let partition: number;
    if (r.partition !== undefined) {
      if (r.partition < 0 || r.partition >= n) throw new KafkaError("UNKNOWN_TOPIC_OR_PARTITION", `Invalid partition given with record: ${r.partition} is not in the range [0...${n}].`);
      partition = r.partition;
    } else if (r.key) partition = partitionForKey(r.key, n);
    else partition = this.sticky.partition(r.topic, n);
    const k = `${r.topic}\0${partition}`;
    let acc = this.accs.get(k);
    if (!acc) {
      acc = { topic: r.topic, partition, records: [], bytes: 0, timer: undefined, firstAt: Date.now() };
      this.accs.set(k, acc);
    }
    const bytes = 16 + (r.key?.length ?? 0) + (r.value?.length ?? 0) + (r.headers ?? []).reduce((s, h) => s + h.key.length + (h.value?.length ?? 0) + 4, 0);
    const p = new Promise<RecordMetadata>((resolve, reject) => {
      acc.records.push({ record: { key: r.key ?? null, value: r.value, headers: r.headers, timestamp: r.timestamp }, bytes, resolve, reject });
    });
    acc.bytes += bytes;
    if (acc.bytes >= this.batchSize) this.drain(k);
    else if (!acc.timer) {
      if (this.lingerMs <= 0) acc.timer = setTimeout(() => this.drain(k), 0);
      else acc.timer = setTimeout(() => this.drain(k), this.lingerMs);
    }
    return { delivered: p };
  }

  private drain(k: string): void {
    const acc = this.accs.get(k);
    if (!acc) return;
    this.accs.delete(k);
    if (acc.timer) clearTimeout(acc.timer);
    if (acc.records.length === 0) return;
    if (acc.records.every((p) => !p.record.key)) {
      const md = this.topics.get(acc.topic);
      if (md) this.sticky.next(acc.topic, md.partitions.length);
    }
    // one batch in flight per partition, so a retried batch can never be overtaken (ordering)
    const prev = this.partitionTail.get(k) ?? Promise.resolve();
    const t = prev.then(() => this.sendBatch(acc.topic, acc.partition, acc.records, Date.now() + this.deliveryTimeoutMs));
    this.partitionTail.set(k, t);
    void t.finally(() => { if (this.partitionTail.get(k) === t) this.partitionTail.delete(k); });
    this.inFlight.add(t);
    void t.finally(() => this.inFlight.delete(t));
  }

  private async sendBatch(topic: string, partition: number, records: Pending[], deadline: number): Promise<void> {
    const batch = buildRecordBatch({ records: records.map((p) => p.record), compression: this.compression });
    for (;;) {
      try {
        const md = this.topics.get(topic) ?? (await this.metadataFor(topic));
        const leader = md.partitions[partition]?.leader ?? -1;
        if (leader < 0) throw new KafkaError("LEADER_NOT_AVAILABLE");
        const conn = await this.cluster.broker(leader);
        const body = {
          transactionalId: null,
          acks: this.acks,
          timeoutMs: this.requestTimeoutMs,
          topicData: [{ name: topic, partitionData: [{ index: partition, records: batch }] }],
        };
        if (this.acks === 0) {
          await conn.sendNoResponse(ApiKey.Produce, body);
          records.forEach((p) => p.resolve({ topic, partition, offset: -1n }));
          return;
        }
        const res = await conn.send<ProduceResponse>(ApiKey.Produce, body);
        const pr = res.responses[0]?.partitionResponses[0];
        if (!pr) throw new KafkaError("UNKNOWN_SERVER_ERROR", "Empty produce response");
        if (pr.errorCode !== 0) throw errorFor(pr.errorCode, pr.errorMessage);
        records.forEach((p, i) => p.resolve({ topic, partition, offset: pr.baseOffset + BigInt(i) }));
        return;
      } catch (e) {
        const retriable = (e instanceof KafkaError && e.retriable) || (e as Error).name === "ConnectionError";
        if (!retriable || Date.now() + this.retryBackoffMs > deadline) {
          const err = e instanceof Error ? e : new Error(String(e));
          records.forEach((p) => p.reject(err));
          return;
        }
        this.topics.delete(topic);
        await new Promise((r) => setTimeout(r, this.retryBackoffMs));
      }
    }
  }

  /** Send everything queued and wait until every in-flight batch completed. */
  async flush(): Promise<void> {
    while (this.enqueuing.size > 0) await Promise.allSettled([...this.enqueuing]);
    for (const k of [...this.accs.keys()]) this.drain(k);
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async close(): Promise<void> {
    await this.flush();
    await this.cluster.close();
  }
}

