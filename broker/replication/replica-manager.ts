/**
 * ReplicaManager: the partitions this broker hosts and the produce/fetch paths over them.
 *
 *   - makeLeaderOrFollower: the controller's decision for a partition (create/open its log).
 *   - appendRecords: Produce → Partition.appendRecordsToLeader, per partition errors.
 *   - fetchMessages: Fetch with long poll. One read pass; if fewer than minBytes are available
 *     and maxWaitMs > 0 the fetch waits; any append to one of its partitions re-runs the read
 *     (coalesced per tick); the timer answers with whatever is there. No polling.
 *   - deleteTopic, updateConfig, shutdown.
 *
 * Logs are held by the LogManager (broker/log/log-manager.ts): loading, checkpoints, retention,
 * flush and the clean-shutdown marker are its job. meta.properties (broker.id, cluster.id) is
 * handled here at startup, as Kafka's BrokerMetadataCheckpoint does.
 */
import { mkdirSync } from "node:fs";
import { logger } from "../../common/logger.js";
import type { KafkaConfig } from "../config.js";
import { LogError } from "../log/log-error.js";
import { LogManager } from "../log/log-manager.js";
import type { AppendResult } from "../log/log.js";
import type { MetadataCache } from "../metadata-cache.js";
import { Errors, KafkaError } from "../protocol/errors.js";
import type { LeaderIsrAndControllerEpoch } from "../zk/zk-data.js";
import { Partition, type IsrUpdater } from "./partition.js";
import { ReplicaFetcherManager } from "./replica-fetcher.js";

const log = logger("replica-manager");

/** Error code of anything a handler may see: KafkaError / LogError carry theirs. */
export function errorCodeOf(e: unknown): number {
  if (e instanceof KafkaError || e instanceof LogError) return e.code;
  return Errors.UNKNOWN_SERVER_ERROR.code;
}

export interface FetchPartitionRequest {
  topic: string;
  partition: number;
  fetchOffset: bigint;
  partitionMaxBytes: number;
  currentLeaderEpoch: number;
}

export interface FetchPartitionResult {
  topic: string;
  partition: number;
  errorCode: number;
  highWatermark: bigint;
  lastStableOffset: bigint;
  logStartOffset: bigint;
  records: Buffer | null;
}

export interface FetchParams {
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  /** 0 read_uncommitted (up to HW), 1 read_committed (up to LSO) */
  isolationLevel: number;
  /** a follower's broker id (Fetch from a replica: reads up to the log end, records its position), else -1 */
  replicaId?: number;
  /** fetch versions <= 2 have no response-level limit: no "at least one batch" rule */
  hardMaxBytesLimit: boolean;
  partitions: FetchPartitionRequest[];
  isClosed: () => boolean;
}

interface FetchWaiter { wake(): void }

export class ReplicaManager {
  private brokerId = -1;
  private logManager!: LogManager;
  private readonly partitions = new Map<string, Map<number, Partition>>();
  private readonly waiters = new Map<Partition, Set<FetchWaiter>>();
  private readonly allWaiters = new Set<{ finish(): void }>();

  /** Writes ISR changes to ZooKeeper (set by the server; see Partition.updateIsr). */
  isrUpdater: IsrUpdater | undefined;
  private fetcherManager: ReplicaFetcherManager | null = null;
  private isrTimer: NodeJS.Timeout | null = null;

  constructor(private readonly config: KafkaConfig, private readonly metadata: MetadataCache) {}

  /**
   * Loads every log under log.dirs (topic overrides for logs found on disk come from
   * `topicConfigs`, read from ZooKeeper first); returns what meta.properties says.
   */
  async loadLogs(clusterId: string, topicConfigs: (topic: string) => Record<string, string>): Promise<{ brokerId: number | null }> {
    for (const dir of this.config.logDirs) mkdirSync(dir, { recursive: true });
    this.logManager = new LogManager(this.config.logDirs, this.config.originals, { topicConfigs });
    const meta = this.logManager.readMetaProperties();
    if (meta?.clusterId && meta.clusterId !== clusterId) {
      throw new Error(`The Cluster ID ${clusterId} doesn't match stored clusterId Some(${meta.clusterId}) in meta.properties. The broker is trying to join the wrong cluster. Configured zookeeper.connect may be wrong.`);
    }
    this.logManager.startBackgroundTasks();
    return { brokerId: meta?.brokerId ?? null };
  }

  setBrokerId(id: number, clusterId: string): void {
    this.brokerId = id;
    this.logManager.writeMetaProperties(id, clusterId);
    const c = this.config;
    this.fetcherManager = new ReplicaFetcherManager(id, this.metadata, {
      maxWaitMs: c.int("replica.fetch.wait.max.ms"), minBytes: c.int("replica.fetch.min.bytes"), maxBytes: c.int("replica.fetch.response.max.bytes"),
      partitionMaxBytes: c.int("replica.fetch.max.bytes"), backoffMs: c.int("replica.fetch.backoff.ms"), listenerName: c.str("inter.broker.listener.name") || "PLAINTEXT",
    });
    // Kafka's isr-expiration task: every replica.lag.time.max.ms / 2
    const lag = c.int("replica.lag.time.max.ms");
    this.isrTimer = setInterval(() => {
      for (const byP of this.partitions.values()) for (const p of byP.values()) p.maybeShrinkIsr();
    }, Math.max(100, Math.floor(lag / 2)));
    this.isrTimer.unref();
  }

  /** Every partition hosted here (metrics gauges). */
  *allPartitions(): Iterable<Partition> {
    for (const byP of this.partitions.values()) yield* byP.values();
  }

  getPartition(topic: string, partition: number): Partition | undefined {
    return this.partitions.get(topic)?.get(partition);
  }

  /** The partition if we lead it; otherwise Kafka's error for the situation. */
  leaderPartition(topic: string, partition: number): Partition {
    const p = this.partitions.get(topic)?.get(partition);
    if (p) {
      if (!p.isLeader()) throw new KafkaError("NOT_LEADER_OR_FOLLOWER");
      return p;
    }
    const t = this.metadata.topics.get(topic);
    if (t && t.partitions.has(partition)) {
      const st = t.partitions.get(partition)!.state;
      if (!st || st.leader < 0) throw new KafkaError("LEADER_NOT_AVAILABLE");
      throw new KafkaError("NOT_LEADER_OR_FOLLOWER");
    }
    throw new KafkaError("UNKNOWN_TOPIC_OR_PARTITION");
  }

  async makeLeaderOrFollower(topic: string, topicId: string, partition: number, st: LeaderIsrAndControllerEpoch, replicas: number[], overrides: Record<string, string>): Promise<void> {
    let byP = this.partitions.get(topic);
    if (!byP) { byP = new Map(); this.partitions.set(topic, byP); }
    let p = byP.get(partition);
    if (!p) {
      const l = this.logManager.getOrCreateLog(topic, partition, overrides);
      if (topicId && l.topicId !== topicId) l.setTopicId(topicId);
      p = new Partition(topic, partition, topicId, this.brokerId, l);
      const created = p;
      p.onAppend = () => this.onAppend(created);
      byP.set(partition, p);
    }
    p.topicId = topicId;
    p.lagMs = this.config.int("replica.lag.time.max.ms");
    p.isrUpdater = this.isrUpdater ?? null;
    if (st.leader === this.brokerId) {
      const wasLeader = p.isLeader() && p.leaderEpoch === st.leaderEpoch;
      this.fetcherManager?.removePartition(p.key);
      p.makeLeader(st.leaderEpoch, st.isr, replicas);
      this.wakeWaiters(p);
      if (!wasLeader) log.info(`[Broker id=${this.brokerId}] Leader ${p.key} with topic id ${topicId} starts at leader epoch ${st.leaderEpoch} from offset ${p.log.logEndOffset} with partition epoch ${st.controllerEpoch}, high watermark ${p.highWatermark}, ISR [${st.isr.join(",")}]`);
    } else if (st.leader >= 0 && replicas.includes(this.brokerId)) {
      const newLeader = p.leader !== st.leader || p.leaderEpoch !== st.leaderEpoch;
      p.makeFollower(st.leader, st.leaderEpoch, st.isr, replicas);
      if (newLeader) {
        log.info(`[Broker id=${this.brokerId}] Follower ${p.key} starts at leader epoch ${st.leaderEpoch} from offset ${p.log.logEndOffset} with high watermark ${p.highWatermark}. Current leader is ${st.leader}.`);
        this.wakeWaiters(p);
      }
      this.fetcherManager?.addPartition(p);
    } else {
      // no live leader (offline partition): stop fetching until the controller elects one
      p.makeFollower(st.leader, st.leaderEpoch, st.isr, replicas);
      this.fetcherManager?.removePartition(p.key);
      this.wakeWaiters(p);
    }
  }

  /** This broker is no longer a replica (reassigned away): stop fetching and delete the log (StopReplica with delete). */
  stopReplica(topic: string, partition: number): void {
    const byP = this.partitions.get(topic);
    const p = byP?.get(partition);
    if (!byP || !p) return;
    byP.delete(partition);
    this.fetcherManager?.removePartition(p.key);
    p.makeFollower(-1, p.leaderEpoch, [], []);
    this.wakeWaiters(p);
    this.logManager.deleteLog(topic, partition);
    log.info(`[Broker id=${this.brokerId}] Stopped replica ${p.key} and deleted its log (no longer assigned to this broker)`);
  }

  async deleteTopic(topic: string): Promise<void> {
    const byP = this.partitions.get(topic);
    this.partitions.delete(topic);
    if (byP) {
      for (const p of byP.values()) {
        this.fetcherManager?.removePartition(p.key);
        p.failHwWaiters(3);
        this.wakeWaiters(p);
        this.logManager.deleteLog(topic, p.partition);
      }
    }
    // logs on disk that were never brought online (e.g. deleted while this broker was down)
    for (const l of this.logManager.allLogs()) if (l.topic === topic) this.logManager.deleteLog(topic, l.partition);
    log.info(`[Broker id=${this.brokerId}] Deleted logs of topic ${topic}`);
  }

  /** Dynamic broker configs changed the defaults every log inherits. */
  updateBrokerDefaults(defaults: ReadonlyMap<string, unknown>): void {
    this.logManager.updateBrokerDefaults(defaults);
  }

  updateConfig(topic: string, overrides: Record<string, string>): void {
    this.logManager.updateConfig(topic, overrides);
  }

  appendRecords(topic: string, partition: number, records: Buffer, requiredAcks: number): AppendResult {
    return this.leaderPartition(topic, partition).appendRecordsToLeader(records, requiredAcks);
  }

  // ---- fetch ----

  private onAppend(p: Partition): void {
    this.wakeWaiters(p);
  }

  private wakeWaiters(p: Partition): void {
    const ws = this.waiters.get(p);
    if (!ws) return;
    for (const w of ws) w.wake();
  }

  private readOnce(params: FetchParams): { results: FetchPartitionResult[]; bytes: number; error: boolean; parts: Partition[] } {
    let limit = params.maxBytes;
    let minOneMessage = !params.hardMaxBytesLimit;
    let bytes = 0;
    let error = false;
    const parts: Partition[] = [];
    const results = params.partitions.map((r): FetchPartitionResult => {
      try {
        const p = this.leaderPartition(r.topic, r.partition);
        parts.push(p);
        p.checkLeaderEpoch(r.currentLeaderEpoch);
        const l = p.log;
        const fromFollower = params.replicaId !== undefined && params.replicaId >= 0;
        // a follower's fetch offset is its log end offset: record it (moves the HW, may expand the ISR)
        if (fromFollower && r.fetchOffset <= l.logEndOffset) p.updateFollowerFetchState(params.replicaId!, r.fetchOffset);
        const hw = p.highWatermark;
        const maxOffset = fromFollower ? l.logEndOffset : params.isolationLevel === 1 ? p.lastStableOffset : hw;
        const base = { topic: r.topic, partition: r.partition, errorCode: 0, highWatermark: hw, lastStableOffset: p.lastStableOffset, logStartOffset: l.logStartOffset };
        if (r.fetchOffset < l.logStartOffset || r.fetchOffset > l.logEndOffset) {
          throw new KafkaError("OFFSET_OUT_OF_RANGE", `Received request for offset ${r.fetchOffset} for partition ${p.key}, but we only have log segments in the range ${l.logStartOffset} to ${l.logEndOffset}.`);
        }
        const size = Math.max(0, Math.min(r.partitionMaxBytes, limit));
        if (r.fetchOffset >= maxOffset || (size === 0 && !minOneMessage)) return { ...base, records: Buffer.alloc(0) };
        const rr = l.read(r.fetchOffset, size, maxOffset, minOneMessage);
        const n = rr.records.length;
        if (n > 0) minOneMessage = false;
        limit = Math.max(0, limit - n);
        bytes += n;
        return { ...base, records: rr.records };
      } catch (e) {
        error = true;
        const p = this.getPartition(r.topic, r.partition);
        return {
          topic: r.topic, partition: r.partition, errorCode: errorCodeOf(e),
          highWatermark: p ? p.highWatermark : -1n, lastStableOffset: p ? p.lastStableOffset : -1n, logStartOffset: p ? p.log.logStartOffset : -1n, records: null,
        };
      }
    });
    return { results, bytes, error, parts };
  }

  fetchMessages(params: FetchParams): FetchPartitionResult[] | Promise<FetchPartitionResult[]> {
    const first = this.readOnce(params);
    if (params.maxWaitMs <= 0 || first.bytes >= params.minBytes || first.error || params.partitions.length === 0) return first.results;
    return new Promise((resolve) => {
      let done = false;
      let scheduled = false;
      const parts = first.parts;
      const finish = (): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        for (const p of parts) {
          const ws = this.waiters.get(p);
          if (ws) { ws.delete(waiter); if (ws.size === 0) this.waiters.delete(p); }
        }
        this.allWaiters.delete(handle);
        resolve(this.readOnce(params).results);
      };
      const waiter: FetchWaiter = {
        wake: () => {
          if (done || scheduled) return;
          scheduled = true;
          setImmediate(() => {
            scheduled = false;
            if (done) return;
            if (params.isClosed()) { finish(); return; }
            const r = this.readOnce(params);
            if (r.bytes >= params.minBytes || r.error) finish();
          });
        },
      };
      const handle = { finish };
      this.allWaiters.add(handle);
      for (const p of parts) {
        let ws = this.waiters.get(p);
        if (!ws) { ws = new Set(); this.waiters.set(p, ws); }
        ws.add(waiter);
      }
      const timer = setTimeout(finish, params.maxWaitMs);
    });
  }

  /** Answer every parked fetch now (shutdown). */
  shutdownFetchWaiters(): void {
    for (const w of [...this.allWaiters]) w.finish();
  }

  async shutdown(): Promise<void> {
    if (this.isrTimer) clearInterval(this.isrTimer);
    this.fetcherManager?.shutdown();
    for (const byP of this.partitions.values()) for (const p of byP.values()) p.failHwWaiters(6);
    this.shutdownFetchWaiters();
    this.logManager?.shutdown();
  }
}
