/**
 * One partition on this broker (Kafka's Partition): replica assignment, leader, leader epoch,
 * ISR, and the local Log.
 *
 * As leader: appends client batches; records each follower's fetch position (FollowerTracker);
 * high watermark = min LEO over the ISR; ISR shrink (followers not caught up for
 * replica.lag.time.max.ms, checked periodically by the ReplicaManager) and expansion (a follower
 * that reached the HW) are handed to `isrUpdater`, which writes the state znode conditionally and
 * calls `applyIsr` once written. acks=all: the append refuses NOT_ENOUGH_REPLICAS when the ISR
 * is smaller than min.insync.replicas, and the produce waits (waitForHighWatermark) until the HW
 * passes its last offset, i.e. every ISR member has it.
 * As follower: the ReplicaFetcherManager copies the leader's log (see replica-fetcher.ts).
 */
import type { Log, AppendResult } from "../log/log.js";
import { KafkaError } from "../protocol/errors.js";
import { FollowerTracker } from "./follower-tracker.js";

/** Writes a new ISR (leader side); resolves true once the state znode has it. */
export type IsrUpdater = (p: Partition, newIsr: number[], reason: "shrink" | "expand") => Promise<boolean>;

interface HwWaiter { offset: bigint; epoch: number; resolve: (errorCode: number) => void; timer: NodeJS.Timeout }

export class Partition {
  leader = -1;
  leaderEpoch = -1;
  isr: number[] = [];
  replicas: number[] = [];
  /** called after every append that moved the log end offset, and when the HW moves (wakes waiting fetches) */
  onAppend: (() => void) | null = null;
  readonly followers = new FollowerTracker();
  /** where the current leader epoch starts in our log (ISR expansion needs followers past it) */
  private leaderEpochStartOffset = 0n;
  /** an ISR change is being written */
  private isrUpdateInFlight = false;
  private readonly hwWaiters = new Set<HwWaiter>();
  isrUpdater: IsrUpdater | null = null;
  lagMs = 30_000;

  constructor(readonly topic: string, readonly partition: number, public topicId: string, readonly localBrokerId: number, public log: Log) {}

  get key(): string {
    return `${this.topic}-${this.partition}`;
  }

  isLeader(): boolean {
    return this.leader === this.localBrokerId;
  }

  /** Become (or stay) leader with the state from ZooKeeper. */
  makeLeader(leaderEpoch: number, isr: number[], replicas: number[]): void {
    const newEpoch = !this.isLeader() || leaderEpoch !== this.leaderEpoch;
    this.leader = this.localBrokerId;
    this.leaderEpoch = leaderEpoch;
    // within its epoch the leader alone changes the ISR (the controller bumps the epoch when it
    // does): a state read from ZooKeeper before our own latest ISR write must not undo it
    if (newEpoch) this.isr = isr;
    this.replicas = replicas;
    if (newEpoch) {
      this.followers.reset(replicas, isr, this.localBrokerId);
      this.leaderEpochStartOffset = this.log.logEndOffset;
      // Kafka's leader writes its epoch into the cache when it becomes leader
      if (leaderEpoch >= 0) this.log.leaderEpochCache.assign(leaderEpoch, this.log.logEndOffset);
    }
    this.maybeIncrementHighWatermark();
  }

  makeFollower(leader: number, leaderEpoch: number, isr: number[], replicas: number[]): void {
    this.leader = leader;
    this.leaderEpoch = leaderEpoch;
    this.isr = isr;
    this.replicas = replicas;
    this.failHwWaiters(6); // NOT_LEADER_OR_FOLLOWER
  }

  /** The ISR as written to ZooKeeper (by us or the controller). */
  applyIsr(isr: number[]): void {
    this.isr = isr;
    this.maybeIncrementHighWatermark();
  }

  /** HW = min LEO over the ISR (never backwards). Returns true if it moved. */
  maybeIncrementHighWatermark(): boolean {
    if (!this.isLeader()) return false;
    const l = this.log;
    const hw = this.followers.highWatermark(this.isr, this.localBrokerId, l.logEndOffset, l.highWatermark);
    if (hw <= l.highWatermark) return false;
    l.updateHighWatermark(hw);
    this.completeHwWaiters();
    return true;
  }

  /** A follower fetched from `fetchOffset` (Fetch with replicaId): track it, move the HW, maybe expand the ISR. */
  updateFollowerFetchState(replicaId: number, fetchOffset: bigint): void {
    if (!this.isLeader()) return;
    this.followers.updateFetch(replicaId, fetchOffset, this.log.logEndOffset);
    if (this.maybeIncrementHighWatermark()) this.onAppend?.();
    this.maybeExpandIsr();
  }

  private maybeExpandIsr(): void {
    if (this.isrUpdateInFlight || !this.isrUpdater) return;
    const join = this.followers.caughtUp(this.replicas, this.isr, this.localBrokerId, this.log.highWatermark, this.leaderEpochStartOffset);
    if (join.length === 0) return;
    this.updateIsr([...this.isr, ...join], "expand");
  }

  /** Called periodically (replica.lag.time.max.ms / 2): drop followers that stopped catching up. */
  maybeShrinkIsr(now = Date.now()): void {
    if (!this.isLeader() || this.isrUpdateInFlight || !this.isrUpdater) return;
    const out = this.followers.outOfSync(this.isr, this.localBrokerId, this.log.logEndOffset, this.lagMs, now);
    if (out.length === 0) return;
    this.updateIsr(this.isr.filter((r) => !out.includes(r)), "shrink");
  }

  private updateIsr(next: number[], reason: "shrink" | "expand"): void {
    this.isrUpdateInFlight = true;
    const epoch = this.leaderEpoch;
    this.isrUpdater!(this, next, reason).then((ok) => {
      this.isrUpdateInFlight = false;
      if (ok && this.isLeader() && this.leaderEpoch === epoch) {
        this.applyIsr(next);
        this.onAppend?.();
      }
    }, () => { this.isrUpdateInFlight = false; });
  }

  appendRecordsToLeader(records: Buffer, requiredAcks: number): AppendResult {
    if (!this.isLeader()) throw new KafkaError("NOT_LEADER_OR_FOLLOWER");
    const minIsr = this.log.config.minInSyncReplicas;
    if (requiredAcks === -1 && this.isr.length < minIsr) {
      throw new KafkaError("NOT_ENOUGH_REPLICAS", `The size of the current ISR Set(${this.isr.join(", ")}) is insufficient to satisfy the min.isr requirement of ${minIsr} for partition ${this.key}`);
    }
    const r = this.log.append(records, this.leaderEpoch);
    if (!r.duplicate) {
      this.maybeIncrementHighWatermark();
      this.onAppend?.();
    }
    return r;
  }

  /**
   * acks=all: resolves with 0 once the HW passed `lastOffset` (every ISR member has it), or with
   * Kafka's error: NOT_ENOUGH_REPLICAS_AFTER_APPEND (ISR shrank below min.insync.replicas),
   * REQUEST_TIMED_OUT, NOT_LEADER_OR_FOLLOWER (leadership lost meanwhile).
   */
  waitForHighWatermark(lastOffset: bigint, timeoutMs: number): Promise<number> {
    const offset = lastOffset + 1n;
    const done = this.checkAcks(offset, this.leaderEpoch);
    if (done !== null) return Promise.resolve(done);
    return new Promise((resolve) => {
      const w: HwWaiter = {
        offset, epoch: this.leaderEpoch,
        resolve: (code) => { clearTimeout(w.timer); this.hwWaiters.delete(w); resolve(code); },
        timer: setTimeout(() => w.resolve(7), Math.max(0, timeoutMs)),
      };
      this.hwWaiters.add(w);
    });
  }

  private checkAcks(offset: bigint, epoch: number): number | null {
    if (!this.isLeader() || this.leaderEpoch !== epoch) return 6;
    if (this.log.highWatermark >= offset) return this.isr.length < this.log.config.minInSyncReplicas ? 20 : 0;
    return null;
  }

  private completeHwWaiters(): void {
    for (const w of [...this.hwWaiters]) {
      const code = this.checkAcks(w.offset, w.epoch);
      if (code !== null) w.resolve(code);
    }
  }

  failHwWaiters(code: number): void {
    for (const w of [...this.hwWaiters]) w.resolve(code);
  }

  get highWatermark(): bigint {
    return this.log.highWatermark;
  }

  /** Last stable offset: no transactions yet, so the high watermark. */
  get lastStableOffset(): bigint {
    return this.log.highWatermark;
  }

  checkLeaderEpoch(currentLeaderEpoch: number): void {
    if (currentLeaderEpoch === -1 || currentLeaderEpoch === this.leaderEpoch) return;
    if (currentLeaderEpoch < this.leaderEpoch) throw new KafkaError("FENCED_LEADER_EPOCH");
    throw new KafkaError("UNKNOWN_LEADER_EPOCH");
  }
}
