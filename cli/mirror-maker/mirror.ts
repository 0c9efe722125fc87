/**
 * The MirrorMaker engine (Kafka's legacy kafka.tools.MirrorMaker): copies every topic of the
 * source cluster whose name matches the include regex to the target cluster.
 *
 *   - Topics: the source is scanned at start and every `rescanMs`; a matching topic missing on
 *     the target is created there with the source's partition count (replication factor and
 *     configs: the target's defaults). Internal topics (__consumer_offsets) are never mirrored.
 *   - Streams: the matching partitions are dealt round-robin over `numStreams` workers; each
 *     fetches its partitions from the partition leaders and produces every record to the target
 *     with its key, value, headers and timestamp, to the SAME partition number (when the target
 *     has fewer partitions: partitioned by key, as Kafka's MirrorMaker does).
 *   - Offsets (at-least-once): a worker's position for a partition moves only after the target
 *     acknowledged every record before it; positions are committed to the source group
 *     (OffsetCommit at the group coordinator, as a "simple" consumer group: generation -1)
 *     every `commitIntervalMs` and at shutdown. A restart resumes from the committed offsets
 *     (`auto.offset.reset` where none is committed): records may be mirrored twice, never lost.
 */
import type { Logger } from "../../common/logger.js";
import { Admin } from "../../broker/client/admin.js";
import { Cluster } from "../../broker/client/cluster.js";
import { Consumer, EARLIEST, LATEST, type ConsumedRecord } from "../../broker/client/consumer.js";
import { Producer, type ProducerOptions } from "../../broker/client/producer.js";
import { ConsumerGroupService, tpKey, type TopicPartition } from "../consumer-group-service.js";

export interface MirrorOptions {
  sourceBootstrap: string;
  targetBootstrap: string;
  groupId: string;
  include: RegExp;
  numStreams: number;
  commitIntervalMs: number;
  rescanMs: number;
  /** "earliest" | "latest" | "none" */
  autoOffsetReset: string;
  abortOnSendFailure: boolean;
  producer: ProducerOptions;
  consumer: { maxWaitMs: number; minBytes: number; partitionMaxBytes: number; clientId: string };
}

interface Stream {
  id: number;
  consumer: Consumer;
  /** next offset to commit per partition (everything before it is on the target) */
  acked: Map<string, { tp: TopicPartition; offset: bigint }>;
}

export class MirrorMaker {
  private readonly groups: ConsumerGroupService;
  private readonly admin: Admin;
  private readonly producer: Producer;
  private readonly streams: Stream[] = [];
  private readonly assigned = new Set<string>();
  private readonly targetPartitions = new Map<string, number>();
  private committed = new Map<string, bigint>();
  private running = true;
  private nextStream = 0;
  private failure: Error | undefined;

  constructor(private readonly o: MirrorOptions, private readonly log: Logger) {
    this.groups = new ConsumerGroupService(o.sourceBootstrap, 30_000);
    this.admin = new Admin(o.targetBootstrap, { clientId: "mirror-maker-admin" });
    this.producer = new Producer(new Cluster(o.targetBootstrap, { clientId: "mirror-maker-producer", requestTimeoutMs: o.producer.requestTimeoutMs }), o.producer);
    for (let i = 0; i < o.numStreams; i++) {
      const cluster = new Cluster(o.sourceBootstrap, { clientId: `${o.consumer.clientId}-${i}` });
      const reset = o.autoOffsetReset === "earliest" ? EARLIEST : LATEST;
      this.streams.push({ id: i, consumer: new Consumer(cluster, { maxWaitMs: o.consumer.maxWaitMs, minBytes: o.consumer.minBytes, partitionMaxBytes: o.consumer.partitionMaxBytes, resetTo: reset }), acked: new Map() });
    }
  }

  /** Run until stop() (or a fatal error, which is thrown). */
  async run(): Promise<void> {
    this.committed = new Map([...(await this.groups.committedOffsets(this.o.groupId)).values()].map((c) => [tpKey(c.tp), c.offset]));
    await this.rescan();
    const rescanner = setInterval(() => { this.rescan().catch((e: unknown) => this.log.warn(`Topic rescan failed: ${(e as Error).message}`)); }, this.o.rescanMs);
    const committer = setInterval(() => { this.commit().catch((e: unknown) => this.log.warn(`Offset commit failed: ${(e as Error).message}`)); }, this.o.commitIntervalMs);
    try {
      await Promise.all(this.streams.map((s) => this.loop(s)));
    } finally {
      clearInterval(rescanner);
      clearInterval(committer);
    }
    if (this.failure) throw this.failure;
  }

  stop(): void {
    this.running = false;
    for (const s of this.streams) s.consumer.stop();
  }

  /** Find matching source topics; create the missing ones on the target; assign new partitions. */
  private async rescan(): Promise<void> {
    const md = await this.groups.cluster.refreshMetadata(null);
    const matching = [...md.topics.values()].filter((t) => t.errorCode === 0 && !t.isInternal && this.o.include.test(t.name)).sort((a, b) => (a.name < b.name ? -1 : 1));
    const fresh = matching.filter((t) => t.partitions.some((p) => !this.assigned.has(tpKey({ topic: t.name, partition: p.partition }))));
    if (fresh.length === 0) return;
    await this.ensureTargetTopics(fresh.map((t) => ({ name: t.name, partitions: t.partitions.length })));
    for (const t of fresh) {
      for (const p of t.partitions) {
        const tp = { topic: t.name, partition: p.partition };
        const k = tpKey(tp);
        if (this.assigned.has(k)) continue;
        const s = this.streams[this.nextStream++ % this.streams.length]!;
        const committed = this.committed.get(k);
        let start: bigint;
        if (committed !== undefined) start = committed;
        else if (this.o.autoOffsetReset === "none") throw new Error(`Undefined offset with no reset policy for partitions: [${t.name}-${p.partition}]`);
        else start = this.o.autoOffsetReset === "earliest" ? EARLIEST : LATEST;
        await s.consumer.assign(t.name, p.partition, start);
        const pos = s.consumer.positions().find((a) => a.topic === t.name && a.partition === p.partition)!.position;
        s.acked.set(k, { tp, offset: pos });
        this.assigned.add(k);
        this.log.info(`[MirrorMakerThread-${s.id}] Starting ${t.name}-${p.partition} at offset ${pos}${committed !== undefined ? " (committed)" : ` (auto.offset.reset=${this.o.autoOffsetReset})`}`);
      }
    }
  }

  private async ensureTargetTopics(topics: { name: string; partitions: number }[]): Promise<void> {
    const existing = await this.admin.describeTopics(topics.map((t) => t.name));
    const missing = topics.filter((t) => !("partitions" in (existing.get(t.name) ?? {})));
    for (const t of topics) {
      const e = existing.get(t.name);
      if (e && "partitions" in e) this.targetPartitions.set(t.name, e.partitions.length);
    }
    if (missing.length > 0) {
      const res = await this.admin.createTopics(missing.map((t) => ({ name: t.name, numPartitions: t.partitions })));
      for (const t of missing) {
        const err = res.get(t.name);
        if (err && err.errorName !== "TOPIC_ALREADY_EXISTS") throw err;
        this.log.info(`Created topic ${t.name} with ${t.partitions} partitions on the target cluster`);
      }
      for (const t of missing) {
        const md = await this.admin.cluster.topicMetadata(t.name, { timeoutMs: 30_000 });
        this.targetPartitions.set(t.name, md.partitions.length);
      }
    }
    for (const t of topics) {
      const n = this.targetPartitions.get(t.name) ?? 0;
      if (n < t.partitions) this.log.warn(`Topic ${t.name} has ${t.partitions} partitions on the source but ${n} on the target: records are partitioned by key there`);
    }
  }

  private async loop(s: Stream): Promise<void> {
    while (this.running && !this.failure) {
      if (s.acked.size === 0) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      let records: ConsumedRecord[];
      try {
        records = await s.consumer.poll();
      } catch (e) {
        this.log.warn(`[MirrorMakerThread-${s.id}] Fetch failed: ${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      if (records.length === 0) continue;
      const sends: Promise<unknown>[] = [];
      const next = new Map<string, { tp: TopicPartition; offset: bigint }>();
      for (const r of records) {
        const n = this.targetPartitions.get(r.topic) ?? 0;
        sends.push(this.producer.send({
          topic: r.topic,
          partition: r.partition < n ? r.partition : undefined,
          key: r.key,
          value: r.value,
          headers: r.headers,
          timestamp: Number(r.timestamp),
        }));
        const k = tpKey(r);
        const cur = next.get(k);
        if (!cur || cur.offset < r.offset + 1n) next.set(k, { tp: { topic: r.topic, partition: r.partition }, offset: r.offset + 1n });
      }
      const results = await Promise.allSettled(sends);
      const failed = results.find((x): x is PromiseRejectedResult => x.status === "rejected");
      if (failed) {
        const err = failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason));
        this.log.error(`[MirrorMakerThread-${s.id}] Error when sending message to target cluster: ${err.message}`);
        if (this.o.abortOnSendFailure) {
          this.failure = err;
          this.stop();
          return;
        }
      }
      for (const [k, v] of next) s.acked.set(k, v);
    }
  }

  /** Commit what the target acknowledged (only partitions that moved since the last commit). */
  async commit(): Promise<void> {
    const offsets: { tp: TopicPartition; offset: bigint }[] = [];
    for (const s of this.streams) {
      for (const [k, v] of s.acked) if (this.committed.get(k) !== v.offset) offsets.push({ tp: v.tp, offset: v.offset });
    }
    if (offsets.length === 0) return;
    await this.groups.commitOffsets(this.o.groupId, offsets);
    for (const o of offsets) this.committed.set(tpKey(o.tp), o.offset);
    this.log.debug(`Committed offsets for ${offsets.length} partition(s) of group ${this.o.groupId}`);
  }

  /** Flush the producer, commit, close every connection. */
  async close(): Promise<void> {
    try {
      await this.producer.flush();
      if (!this.failure) await this.commit();
    } finally {
      await Promise.allSettled([this.producer.close(), this.admin.close(), this.groups.close(), ...this.streams.map((s) => s.consumer.close())]);
    }
  }
}
