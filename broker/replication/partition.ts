/**
 * One partition on this broker (Kafka's Partition): replica assignment, leader, leader epoch,
 * ISR, and the local Log. As leader it appends client batches and maintains the high watermark.
 *
 * Replication (followers fetching, ISR shrink/expand) is a later issue; the state is shaped for
 * it: with an ISR of just the leader (RF=1) the high watermark is the log end offset as soon as
 * the append returns, so acks=1 and acks=all complete at once.
 */
import type { Log, AppendResult } from "../log/log.js";
import { KafkaError } from "../protocol/errors.js";

export class Partition {
  leader = -1;
  leaderEpoch = -1;
  isr: number[] = [];
  replicas: number[] = [];
  /** called after every append that moved the log end offset (wakes waiting fetches) */
  onAppend: (() => void) | null = null;
  /** pending ISR shrink (followers never catch up while replication is absent) */
  private isrShrinkTimer: NodeJS.Timeout | null = null;

  constructor(readonly topic: string, readonly partition: number, public topicId: string, readonly localBrokerId: number, public log: Log) {}

  get key(): string {
    return `${this.topic}-${this.partition}`;
  }

  isLeader(): boolean {
    return this.leader === this.localBrokerId;
  }

  /**
   * Become (or stay) leader. If the ISR names other replicas, they will not fetch (no replication
   * yet), so after `lagMs` (replica.lag.time.max.ms) `shrink` is called to drop them from the ISR,
   * as Kafka's leader does for followers that stopped fetching.
   */
  makeLeader(leaderEpoch: number, isr: number[], replicas: number[], lagMs = 0, shrink?: (p: Partition) => void): void {
    this.leader = this.localBrokerId;
    this.leaderEpoch = leaderEpoch;
    this.isr = isr;
    this.replicas = replicas;
    this.maybeIncrementHighWatermark();
    this.cancelIsrShrink();
    if (shrink && isr.some((r) => r !== this.localBrokerId)) {
      this.isrShrinkTimer = setTimeout(() => { this.isrShrinkTimer = null; if (this.isLeader()) shrink(this); }, lagMs);
      this.isrShrinkTimer.unref();
    }
  }

  cancelIsrShrink(): void {
    if (this.isrShrinkTimer) clearTimeout(this.isrShrinkTimer);
    this.isrShrinkTimer = null;
  }

  makeFollower(leader: number, leaderEpoch: number, isr: number[], replicas: number[]): void {
    this.cancelIsrShrink();
    this.leader = leader;
    this.leaderEpoch = leaderEpoch;
    this.isr = isr;
    this.replicas = replicas;
  }

  /**
   * HW = min LEO over the ISR. No follower fetches yet (replication is a later issue), so every
   * follower would be out of sync and the effective ISR is the leader alone: HW = our LEO.
   * (Kafka would shrink the ISR after replica.lag.time.max.ms; we do not write that to ZooKeeper.)
   */
  private maybeIncrementHighWatermark(): void {
    if (this.log.highWatermark !== this.log.logEndOffset) this.log.updateHighWatermark(this.log.logEndOffset);
  }

  appendRecordsToLeader(records: Buffer, requiredAcks: number): AppendResult {
    if (!this.isLeader()) throw new KafkaError("NOT_LEADER_OR_FOLLOWER");
    if (requiredAcks === -1 && this.log.config.minInSyncReplicas > 1) {
      // effective ISR is the leader alone (see maybeIncrementHighWatermark)
      throw new KafkaError("NOT_ENOUGH_REPLICAS", `The size of the current ISR Set(${this.localBrokerId}) is insufficient to satisfy the min.isr requirement of ${this.log.config.minInSyncReplicas} for partition ${this.key}`);
    }
    const r = this.log.append(records, this.leaderEpoch);
    if (!r.duplicate) {
      this.maybeIncrementHighWatermark();
      this.onAppend?.();
    }
    return r;
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
