/**
 * The MirrorMaker engine (Kafka's legacy kafka.tools.MirrorMaker): copies every topic of the
 * source cluster whose name matches the include regex to the target cluster.
 *
 *   - Topics: the source is scanned at start and every `rescanMs`; a matching topic missing on
 *     the target is created there with the source's partition count (replication factor and
 *     configs: the target's defaults). Internal topics (__consumer_offsets) are never mirrored.
 *   - Streams: each of the `numStreams` streams is a member of the consumer group `groupId` on
 *     the source (group-member.ts: JoinGroup/SyncGroup, range assignor, heartbeats), so several
 *     mirror processes share the partitions and kafka-consumer-groups.sh shows them. A stream
 *     fetches its partitions from their leaders and produces every record to the target with its
 *     key, value, headers and timestamp, to the SAME partition number (when the target has fewer
 *     partitions: partitioned by key, as Kafka's MirrorMaker does).
 *   - Offsets (at-least-once): a stream's position for a partition moves only after the target
 *     acknowledged every record before it; positions are committed with the member's generation
 *     every `commitIntervalMs`, before every rebalance and at shutdown. A restart resumes from the
 *     committed offsets (`auto.offset.reset` where none is committed): records may be mirrored
 *     twice, never lost.
 */
import type { Logger } from "../../common/logger.js";
import { Admin } from "../../broker/client/admin.js";
import { Cluster } from "../../broker/client/cluster.js";
import { Consumer, EARLIEST, LATEST, type ConsumedRecord } from "../../broker/client/consumer.js";
import { Producer, type ProducerOptions } from "../../broker/client/producer.js";
import { KafkaError } from "../../broker/protocol/errors.js";
import { GroupMember, type TopicPartition } from "./group-member.js";

const tpKey = (tp: TopicPartition) => `${tp.topic}-${tp.partition}`;

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
  consumer: { maxWaitMs: number; minBytes: number; partitionMaxBytes: number; clientId: string; sessionTimeoutMs: number; heartbeatIntervalMs: number; rebalanceTimeoutMs: number };
}

interface Stream {
  id: number;
  member: GroupMember;
  consumer: Consumer | undefined;
  /** next offset to commit per partition (everything before it is on the target) */
  acked: Map<string, { tp: TopicPartition; offset: bigint }>;
  committed: Map<string, bigint>;
  rejoin: boolean;
  lastCommit: number;
}

export class MirrorMaker {
  private readonly source: Cluster;
  private readonly admin: Admin;
  private readonly producer: Producer;
  private readonly streams: Stream[] = [];
  private readonly targetPartitions = new Map<string, number>();
  /** matching source topics with their partition counts ("name:count", sorted) */
  private matching: string[] = [];
  private running = true;
  private failure: Error | undefined;

  constructor(private readonly o: MirrorOptions, private readonly log: Logger) {
    this.source = new Cluster(o.sourceBootstrap, { clientId: `${o.consumer.clientId}-admin` });
    this.admin = new Admin(o.targetBootstrap, { clientId: "mirror-maker-admin" });
    this.producer = new Producer(new Cluster(o.targetBootstrap, { clientId: "mirror-maker-producer", requestTimeoutMs: o.producer.requestTimeoutMs }), o.producer);
    for (let i = 0; i < o.numStreams; i++) {
      const cluster = new Cluster(o.sourceBootstrap, { clientId: `${o.consumer.clientId}-${i}` });
      const member = new GroupMember(cluster, o.groupId, { sessionTimeoutMs: o.consumer.sessionTimeoutMs, rebalanceTimeoutMs: o.consumer.rebalanceTimeoutMs });
      this.streams.push({ id: i, member, consumer: undefined, acked: new Map(), committed: new Map(), rejoin: false, lastCommit: Date.now() });
    }
  }

  /** Run until stop() (or a fatal error, which is thrown). */
  async run(): Promise<void> {
    await this.rescan();
    const rescanner = setInterval(() => { this.rescan().catch((e: unknown) => this.log.warn(`Topic rescan failed: ${(e as Error).message}`)); }, this.o.rescanMs);
    try {
      await Promise.all(this.streams.map((s) => this.runStream(s)));
    } finally {
      clearInterval(rescanner);
      // leave only after every stream committed: an earlier leave would start a rebalance
      // that fences the other streams' last commits
      await Promise.allSettled(this.streams.map((s) => s.member.leave()));
    }
    if (this.failure) throw this.failure;
  }

  stop(): void {
    this.running = false;
    for (const s of this.streams) s.consumer?.stop();
  }

  /** Find matching source topics and create the missing ones on the target. */
  private async rescan(): Promise<void> {
    const md = await this.source.refreshMetadata(null);
    const topics = [...md.topics.values()].filter((t) => t.errorCode === 0 && !t.isInternal && this.o.include.test(t.name) && t.partitions.length > 0);
    const fresh = topics.filter((t) => this.targetPartitions.get(t.name) === undefined);
    if (fresh.length > 0) await this.ensureTargetTopics(fresh.map((t) => ({ name: t.name, partitions: t.partitions.length })));
    const matching = topics.map((t) => `${t.name}:${t.partitions.length}`).sort();
    // a new array only when something changed: streams rejoin the group when it does
    if (matching.join(",") !== this.matching.join(",")) this.matching = matching;
  }

  private async partitionCounts(topics: string[]): Promise<Map<string, number>> {
    const md = await this.source.refreshMetadata(topics);
    const out = new Map<string, number>();
    for (const t of topics) {
      const tm = md.topics.get(t);
      if (tm && tm.errorCode === 0) out.set(t, tm.partitions.length);
    }
    return out;
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
        if (!err) {
          this.log.info(`Created topic ${t.name} with ${t.partitions} partitions on the target cluster`);
          continue;
        }
        if (err.errorName !== "TOPIC_ALREADY_EXISTS") await this.awaitConcurrentCreation(t.name, err);
        this.log.info(`Topic ${t.name} already exists on the target cluster`);
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

  /**
   * Another mirror (or a user) may be creating the topic at the same moment; the broker may then
   * answer with an error other than TOPIC_ALREADY_EXISTS. Wait (up to 30 s) until it shows up.
   */
  private async awaitConcurrentCreation(topic: string, err: Error): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const now = (await this.admin.describeTopics([topic])).get(topic);
      if (now && "partitions" in now) return;
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  /** One stream: join, mirror the assigned partitions until a rebalance, commit, join again. */
  private async runStream(s: Stream): Promise<void> {
    const name = `[mirrormaker-thread-${s.id}]`;
    while (this.running && !this.failure) {
      try {
        await this.generation(s, name);
      } catch (e) {
        const retriable = (e instanceof KafkaError && e.retriable) || (e as Error).name === "ConnectionError";
        if (!retriable) {
          this.failure ??= e as Error;
          this.stop();
          throw e;
        }
        this.log.warn(`${name} ${(e as Error).message}; joining the group again`);
        await s.consumer?.close();
        s.consumer = undefined;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  /** One generation of a stream's group membership. */
  private async generation(s: Stream, name: string): Promise<void> {
    const subscribed = this.matching;
    const tps = await s.member.join(subscribed.map((m) => m.slice(0, m.lastIndexOf(":"))), (t) => this.partitionCounts(t), () => !this.running);
    if (!this.running) return;
    s.rejoin = false;
    // heartbeats run for the whole generation (as the Java consumer's heartbeat thread does),
    // also while the partitions' start offsets are being looked up
    let beating = false;
    const heartbeat = setInterval(() => {
      if (beating) return;
      beating = true;
      s.member.heartbeat().then((ok) => { if (!ok) s.rejoin = true; }, (e: unknown) => this.log.warn(`${name} Heartbeat failed: ${(e as Error).message}`)).finally(() => { beating = false; });
    }, this.o.consumer.heartbeatIntervalMs);
    try {
      await this.startConsumer(s, tps, name);
      while (this.running && !this.failure && !s.rejoin && subscribed === this.matching) {
        await this.mirrorOnce(s, name);
        if (Date.now() - s.lastCommit >= this.o.commitIntervalMs) await this.commit(s, name);
      }
    } finally {
      clearInterval(heartbeat);
    }
    if (s.rejoin || subscribed !== this.matching) this.log.info(`${name} Rebalancing (${s.rejoin ? "the group is rebalancing" : "the matching topics changed"})`);
    await this.producer.flush();
    if (!this.failure) await this.commit(s, name);
    await s.consumer?.close();
    s.consumer = undefined;
  }

  private async startConsumer(s: Stream, tps: TopicPartition[], name: string): Promise<void> {
    const reset = this.o.autoOffsetReset === "earliest" ? EARLIEST : LATEST;
    s.consumer = new Consumer(new Cluster(this.o.sourceBootstrap, { clientId: `${this.o.consumer.clientId}-${s.id}` }), {
      maxWaitMs: this.o.consumer.maxWaitMs, minBytes: this.o.consumer.minBytes, partitionMaxBytes: this.o.consumer.partitionMaxBytes, resetTo: reset,
    });
    s.acked.clear();
    s.committed = await s.member.committed(tps);
    for (const tp of tps) {
      const k = tpKey(tp);
      const committed = s.committed.get(k);
      if (committed === undefined && this.o.autoOffsetReset === "none") throw new Error(`Undefined offset with no reset policy for partitions: [${k}]`);
      await s.consumer.assign(tp.topic, tp.partition, committed ?? reset);
      const pos = s.consumer.positions().find((a) => a.topic === tp.topic && a.partition === tp.partition)!.position;
      s.acked.set(k, { tp, offset: pos });
      this.log.info(`${name} Starting ${k} at offset ${pos}${committed !== undefined ? " (committed)" : ` (auto.offset.reset=${this.o.autoOffsetReset})`}`);
    }
    this.log.info(`${name} Assigned partitions (generation ${s.member.generationId}): ${tps.map(tpKey).join(", ") || "none"}`);
  }

  private async mirrorOnce(s: Stream, name: string): Promise<void> {
    if (!s.consumer || s.acked.size === 0) {
      await new Promise((r) => setTimeout(r, 100));
      return;
    }
    let records: ConsumedRecord[];
    try {
      records = await s.consumer.poll();
    } catch (e) {
      this.log.warn(`${name} Fetch failed: ${(e as Error).message}`);
      await new Promise((r) => setTimeout(r, 200));
      return;
    }
    if (records.length === 0) return;
    const sends: Promise<unknown>[] = [];
    const next = new Map<string, { tp: TopicPartition; offset: bigint }>();
    for (const r of records) {
      const n = this.targetPartitions.get(r.topic) ?? 0;
      sends.push(this.producer.send({ topic: r.topic, partition: r.partition < n ? r.partition : undefined, key: r.key, value: r.value, headers: r.headers, timestamp: Number(r.timestamp) }));
      const k = tpKey(r);
      const cur = next.get(k);
      if (!cur || cur.offset < r.offset + 1n) next.set(k, { tp: { topic: r.topic, partition: r.partition }, offset: r.offset + 1n });
    }
    const results = await Promise.allSettled(sends);
    const failed = results.find((x): x is PromiseRejectedResult => x.status === "rejected");
    if (failed) {
      const err = failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason));
      this.log.error(`${name} Error when sending message to target cluster: ${err.message}`);
      if (this.o.abortOnSendFailure) {
        this.failure = err;
        this.stop();
        return;
      }
    }
    for (const [k, v] of next) s.acked.set(k, v);
  }

  /** Commit what the target acknowledged (only partitions that moved since the last commit). */
  private async commit(s: Stream, name: string): Promise<void> {
    s.lastCommit = Date.now();
    const offsets = [...s.acked.values()].filter((v) => s.committed.get(tpKey(v.tp)) !== v.offset);
    if (offsets.length === 0) return;
    try {
      await s.member.commit(offsets);
      for (const o of offsets) s.committed.set(tpKey(o.tp), o.offset);
      this.log.debug(`${name} Committed offsets for ${offsets.length} partition(s)`);
    } catch (e) {
      this.log.warn(`${name} Offset commit failed: ${(e as Error).message}`);
      s.rejoin = true;
    }
  }

  /** Flush the producer and close every connection (streams committed on their way out). */
  async close(): Promise<void> {
    await Promise.allSettled([this.producer.close(), this.admin.close(), this.source.close(), ...this.streams.map((s) => s.consumer?.close()), ...this.streams.map((s) => s.member.cluster.close())]);
  }
}
