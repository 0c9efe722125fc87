/**
 * Replica fetchers (Kafka's ReplicaFetcherManager / ReplicaFetcherThread): a follower copies its
 * partitions from their leaders, one fetcher per leader broker, over one connection each.
 *
 * Per partition, after becoming follower (or after a leader change):
 *   1. truncate: OffsetForLeaderEpoch(replicaId = us, leaderEpoch = our latest epoch) to the
 *      leader; we truncate to min(the leader's end offset for that epoch, our end offset for the
 *      epoch the leader answered with) — so a divergent tail written under an older leader goes.
 *      Without any epoch in our cache we truncate to our high watermark (Kafka's fallback).
 *   2. fetch: Fetch(replicaId = us, fetchOffset = our log end offset, currentLeaderEpoch) in a
 *      loop; the batches are appended as they are (Log.appendAsFollower keeps the leader's
 *      offsets and epochs); our high watermark becomes min(leader's HW, our LEO).
 *      OFFSET_OUT_OF_RANGE: below the leader's log start → start over at its log start offset;
 *      above its end → truncate to the leader's high watermark and ask again.
 *      Leadership errors (NOT_LEADER_OR_FOLLOWER, FENCED/UNKNOWN_LEADER_EPOCH): back off; the
 *      partition moves when ZooKeeper tells us about the new leader.
 * Connection failures back off (replica.fetch.backoff.ms) and reconnect.
 */
import { logger } from "../../common/logger.js";
import { Connection } from "../client/connection.js";
import type { MetadataCache } from "../metadata-cache.js";
import { ApiKey } from "../protocol/api-keys.js";
import { Errors } from "../protocol/errors.js";
import { brokerMetrics } from "../metrics/broker-metrics.js";
import type { FetchResponse } from "../protocol/schemas/fetch.js";
import type { OffsetForLeaderEpochResponse } from "../protocol/schemas/offset-for-leader-epoch.js";
import type { Partition } from "./partition.js";

const log = logger("replica-fetcher");

export interface FetcherOptions {
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  partitionMaxBytes: number;
  backoffMs: number;
  /** inter-broker listener name, e.g. PLAINTEXT */
  listenerName: string;
}

interface FetchState {
  p: Partition;
  /** leader epoch this state was made for; a newer makeFollower replaces it */
  epoch: number;
  truncated: boolean;
  /** back off this partition until (ms) after an error */
  delayedUntil: number;
}

const LEADERSHIP_ERRORS = new Set([
  Errors.NOT_LEADER_OR_FOLLOWER.code, Errors.FENCED_LEADER_EPOCH.code, Errors.UNKNOWN_LEADER_EPOCH.code,
  Errors.UNKNOWN_TOPIC_OR_PARTITION.code, Errors.LEADER_NOT_AVAILABLE.code, Errors.REPLICA_NOT_AVAILABLE.code,
]);

/** One leader's fetcher: a loop over the partitions it leads that we follow. */
class ReplicaFetcherThread {
  readonly parts = new Map<string, FetchState>();
  private conn: Connection | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;
  readonly name: string;

  constructor(private readonly brokerId: number, readonly leaderId: number, private readonly metadata: MetadataCache, private readonly opts: FetcherOptions) {
    this.name = `ReplicaFetcherThread-0-${leaderId}`;
    void this.run();
  }

  add(p: Partition): void {
    this.parts.set(p.key, { p, epoch: p.leaderEpoch, truncated: false, delayedUntil: 0 });
    this.wake?.();
  }

  remove(key: string): void {
    this.parts.delete(key);
  }

  stop(): void {
    this.stopped = true;
    this.conn?.close();
    this.conn = null;
    this.wake?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => { this.wake = null; resolve(); }, ms);
      this.wake = () => { clearTimeout(t); this.wake = null; resolve(); };
    });
  }

  private async connection(): Promise<Connection | null> {
    if (this.conn && !this.conn.isClosed) return this.conn;
    const b = this.metadata.brokers.get(this.leaderId);
    const ep = b?.endpoints.find((e) => e.listenerName === this.opts.listenerName) ?? b?.endpoints[0];
    if (!ep) return null;
    const host = ep.host === "" || ep.host === "0.0.0.0" ? "127.0.0.1" : ep.host;
    this.conn = await Connection.open(host, ep.port, { clientId: `broker-${this.brokerId}-fetcher-0`, requestTimeoutMs: this.opts.maxWaitMs + 30_000 });
    return this.conn;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const now = Date.now();
        const ready = [...this.parts.values()].filter((s) => s.delayedUntil <= now && s.p.leader === this.leaderId && !s.p.log.isClosed);
        if (ready.length === 0) { await this.sleep(this.opts.backoffMs); continue; }
        const conn = await this.connection();
        if (!conn) { await this.sleep(this.opts.backoffMs); continue; }
        const untruncated = ready.filter((s) => !s.truncated);
        if (untruncated.length > 0) { await this.truncate(conn, untruncated); continue; }
        await this.fetch(conn, ready);
      } catch (e) {
        if (this.stopped) break;
        log.debug(`[${this.name}] Error in fetch from broker ${this.leaderId}: ${e instanceof Error ? e.message : String(e)}`);
        this.conn?.close();
        this.conn = null;
        await this.sleep(this.opts.backoffMs);
      }
    }
    this.conn?.close();
  }

  private async truncate(conn: Connection, states: FetchState[]): Promise<void> {
    const asked: FetchState[] = [];
    for (const s of states) {
      const l = s.p.log;
      const latest = l.leaderEpochCache.latestEpoch();
      if (latest === undefined) {
        // no epochs: Kafka truncates to the high watermark
        if (l.truncateTo(l.highWatermark)) log.info(`[${this.name}] Truncating partition ${s.p.key} with no leader epoch to high watermark ${l.highWatermark}`);
        s.truncated = true;
      } else {
        asked.push(s);
      }
    }
    if (asked.length === 0) return;
    const byTopic = new Map<string, FetchState[]>();
    for (const s of asked) { const a = byTopic.get(s.p.topic) ?? []; a.push(s); byTopic.set(s.p.topic, a); }
    const res = await conn.send<OffsetForLeaderEpochResponse>(ApiKey.OffsetForLeaderEpoch, {
      replicaId: this.brokerId,
      topics: [...byTopic].map(([topic, ss]) => ({
        topic, partitions: ss.map((s) => ({ partition: s.p.partition, currentLeaderEpoch: s.epoch, leaderEpoch: s.p.log.leaderEpochCache.latestEpoch() ?? -1 })),
      })),
    });
    for (const t of res.topics) for (const r of t.partitions) {
      const s = this.parts.get(`${t.topic}-${r.partition}`);
      if (!s || !asked.includes(s) || s.p.log.isClosed || s.p.leader !== this.leaderId || s.p.leaderEpoch !== s.epoch) continue;
      if (r.errorCode !== 0) { s.delayedUntil = Date.now() + this.opts.backoffMs; continue; }
      const l = s.p.log;
      let target: bigint;
      if (r.endOffset < 0n || r.leaderEpoch < 0) {
        target = l.highWatermark;
      } else {
        const ours = l.endOffsetForEpoch(r.leaderEpoch);
        target = r.endOffset < ours.endOffset ? r.endOffset : ours.endOffset;
        if (l.logEndOffset < target) target = l.logEndOffset;
      }
      if (l.truncateTo(target)) log.info(`[${this.name}] Truncating partition ${s.p.key} with TruncationState(offset=${target}, completed=true) due to leader epoch and offset EpochEndOffset(errorCode=0, partition=${r.partition}, leaderEpoch=${r.leaderEpoch}, endOffset=${r.endOffset})`);
      s.truncated = true;
    }
  }

  private async fetch(conn: Connection, states: FetchState[]): Promise<void> {
    const byTopic = new Map<string, FetchState[]>();
    for (const s of states) { const a = byTopic.get(s.p.topic) ?? []; a.push(s); byTopic.set(s.p.topic, a); }
    const res = await conn.send<FetchResponse>(ApiKey.Fetch, {
      replicaId: this.brokerId, maxWaitMs: this.opts.maxWaitMs, minBytes: this.opts.minBytes, maxBytes: this.opts.maxBytes,
      isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
      topics: [...byTopic].map(([topic, ss]) => ({
        topic,
        partitions: ss.map((s) => ({
          partition: s.p.partition, currentLeaderEpoch: s.epoch, fetchOffset: s.p.log.logEndOffset,
          lastFetchedEpoch: -1, logStartOffset: s.p.log.logStartOffset, partitionMaxBytes: this.opts.partitionMaxBytes,
        })),
      })),
      forgottenTopicsData: [], rackId: "",
    }, 12);
    if (res.errorCode !== 0) { await this.sleep(this.opts.backoffMs); return; }
    for (const t of res.responses) for (const r of t.partitions) {
      const s = this.parts.get(`${t.topic}-${r.partitionIndex}`);
      // the partition may have moved (new leader, or we lead it now) while the fetch was out
      if (!s || !states.includes(s) || s.p.log.isClosed || s.p.leader !== this.leaderId || s.p.leaderEpoch !== s.epoch) continue;
      const l = s.p.log;
      if (r.errorCode === 0) {
        if (r.records && r.records.length > 0) { l.appendAsFollower(r.records); brokerMetrics.replicationBytesIn += r.records.length; }
        const hw = r.highWatermark < l.logEndOffset ? r.highWatermark : l.logEndOffset;
        if (hw > l.highWatermark) l.updateHighWatermark(hw);
      } else if (r.errorCode === Errors.OFFSET_OUT_OF_RANGE.code) {
        if (r.logStartOffset >= 0n && l.logEndOffset < r.logStartOffset) {
          log.info(`[${this.name}] Current offset ${l.logEndOffset} for partition ${s.p.key} is out of range; resetting to the leader's log start offset ${r.logStartOffset}`);
          l.truncateFullyAndStartAt(r.logStartOffset);
        } else if (r.highWatermark >= 0n && r.highWatermark < l.logEndOffset) {
          log.info(`[${this.name}] Current offset ${l.logEndOffset} for partition ${s.p.key} is beyond the leader's end; truncating to its high watermark ${r.highWatermark}`);
          l.truncateTo(r.highWatermark);
        } else {
          s.delayedUntil = Date.now() + this.opts.backoffMs;
        }
      } else if (LEADERSHIP_ERRORS.has(r.errorCode)) {
        s.delayedUntil = Date.now() + this.opts.backoffMs;
      } else {
        log.warn(`[${this.name}] Error for partition ${s.p.key} at offset ${l.logEndOffset}: error code ${r.errorCode}`);
        s.delayedUntil = Date.now() + this.opts.backoffMs;
      }
    }
  }
}

/** All fetchers of this broker, keyed by leader. */
export class ReplicaFetcherManager {
  private readonly fetchers = new Map<number, ReplicaFetcherThread>();

  constructor(private readonly brokerId: number, private readonly metadata: MetadataCache, private readonly opts: FetcherOptions) {}

  /** Follow `p` from its current leader (p.leader, p.leaderEpoch); truncation first. */
  addPartition(p: Partition): void {
    for (const [id, f] of this.fetchers) {
      if (id !== p.leader && f.parts.has(p.key)) this.removeFrom(id, p.key);
    }
    const cur = this.fetchers.get(p.leader)?.parts.get(p.key);
    if (cur && cur.epoch === p.leaderEpoch && cur.p === p) return;
    let f = this.fetchers.get(p.leader);
    if (!f) {
      f = new ReplicaFetcherThread(this.brokerId, p.leader, this.metadata, this.opts);
      this.fetchers.set(p.leader, f);
    }
    log.info(`[ReplicaFetcherManager on broker ${this.brokerId}] Added fetcher to broker ${p.leader} for partitions ${p.key} with leader epoch ${p.leaderEpoch}, offset ${p.log.logEndOffset}`);
    f.add(p);
  }

  removePartition(key: string): void {
    for (const id of [...this.fetchers.keys()]) this.removeFrom(id, key);
  }

  private removeFrom(id: number, key: string): void {
    const f = this.fetchers.get(id);
    if (!f || !f.parts.has(key)) return;
    f.remove(key);
    if (f.parts.size === 0) { f.stop(); this.fetchers.delete(id); }
  }

  shutdown(): void {
    for (const f of this.fetchers.values()) f.stop();
    this.fetchers.clear();
  }
}
