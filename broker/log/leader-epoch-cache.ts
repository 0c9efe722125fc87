/**
 * Leader epoch -> start offset history of one partition (Kafka's LeaderEpochFileCache), kept in
 * `leader-epoch-checkpoint` in the partition dir (format in checkpoint.ts). Answers
 * OffsetForLeaderEpoch and drives follower truncation.
 */
import { join } from "node:path";
import { readEpochCheckpoint, writeEpochCheckpoint, type EpochEntry } from "./checkpoint.js";

export const LEADER_EPOCH_CHECKPOINT = "leader-epoch-checkpoint";
export const UNDEFINED_EPOCH = -1;
export const UNDEFINED_EPOCH_OFFSET = -1n;

export class LeaderEpochCache {
  private epochs: EpochEntry[];
  private readonly file: string;

  constructor(dir: string) {
    this.file = join(dir, LEADER_EPOCH_CHECKPOINT);
    this.epochs = readEpochCheckpoint(this.file);
  }

  entries(): readonly EpochEntry[] {
    return this.epochs;
  }

  latestEpoch(): number | undefined {
    return this.epochs.at(-1)?.epoch;
  }

  /** Record that `epoch` starts at `startOffset` (ignored unless it is a new, higher epoch). */
  assign(epoch: number, startOffset: bigint): void {
    if (epoch < 0) return;
    const last = this.epochs.at(-1);
    if (last && (epoch <= last.epoch)) return;
    // an older entry starting at or after this offset is obsolete (Kafka removes conflicting entries)
    this.epochs = this.epochs.filter((e) => e.startOffset < startOffset);
    this.epochs.push({ epoch, startOffset });
    this.flush();
  }

  /** Kafka's endOffsetFor: (epoch, end offset) for OffsetForLeaderEpoch. */
  endOffsetFor(requestedEpoch: number, logEndOffset: bigint): { leaderEpoch: number; endOffset: bigint } {
    if (requestedEpoch === UNDEFINED_EPOCH) return { leaderEpoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
    const latest = this.latestEpoch();
    if (latest !== undefined && latest === requestedEpoch) return { leaderEpoch: requestedEpoch, endOffset: logEndOffset };
    const firstAfter = this.epochs.findIndex((e) => e.epoch > requestedEpoch);
    if (firstAfter < 0) return { leaderEpoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
    if (firstAfter === 0) return { leaderEpoch: requestedEpoch, endOffset: this.epochs[0]!.startOffset };
    return { leaderEpoch: this.epochs[firstAfter - 1]!.epoch, endOffset: this.epochs[firstAfter]!.startOffset };
  }

  /** Drop entries starting at or after `endOffset` (log truncated to endOffset). */
  truncateFromEnd(endOffset: bigint): void {
    const before = this.epochs.length;
    this.epochs = this.epochs.filter((e) => e.startOffset < endOffset);
    if (this.epochs.length !== before) this.flush();
  }

  /** Log start moved to `startOffset`: drop earlier entries, keeping the epoch covering it. */
  truncateFromStart(startOffset: bigint): void {
    let i = 0;
    while (i + 1 < this.epochs.length && this.epochs[i + 1]!.startOffset <= startOffset) i++;
    const kept = this.epochs.slice(i);
    if (kept.length > 0 && kept[0]!.startOffset < startOffset) kept[0] = { epoch: kept[0]!.epoch, startOffset };
    const changed = kept.length !== this.epochs.length || kept[0]?.startOffset !== this.epochs[i]?.startOffset;
    this.epochs = kept;
    if (changed) this.flush();
  }

  clearAndFlush(): void {
    this.epochs = [];
    this.flush();
  }

  flush(): void {
    writeEpochCheckpoint(this.file, this.epochs);
  }
}
