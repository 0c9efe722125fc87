/**
 * The durable log of one partition (Kafka's UnifiedLog + LocalLog; loading and recovery in
 * log-loader.ts, append validation in log-validator.ts), in the partition directory
 * `<logdir>/<topic>-<partition>/`:
 *
 *   00000000000000000000.log / .index / .timeindex   segments (formats: log-segment.ts,
 *                                                     offset-index.ts, time-index.ts)
 *   00000000000000000042.snapshot                     producer state (producer-state.ts)
 *   leader-epoch-checkpoint                           epoch history (checkpoint.ts)
 *   partition.metadata                                "version: 0\ntopic_id: <base64 uuid>\n"
 *
 * PUBLIC API (used by the broker's Produce/Fetch/ListOffsets/DeleteRecords/OffsetForLeaderEpoch
 * handlers and by replication). All methods are synchronous; errors are LogError (log-error.ts)
 * carrying the Kafka error code in `.code`.
 *
 *   Log.open(dir, topic, partition, config, opts?)  open/recover; dir = the partition dir.
 *       opts: { recoveryPoint?, logStartOffset?, highWatermark?, hadCleanShutdown? } (LogManager
 *       passes the checkpointed values; standalone defaults recover everything).
 *   log.logStartOffset / log.logEndOffset (bigint; LEO = next offset) / log.recoveryPoint
 *   log.highWatermark + log.updateHighWatermark(hw)   the CALLER (partition / replication)
 *       maintains the HW; it is checkpointed by LogManager, clamped to [logStartOffset, LEO],
 *       and gates retention (segments above the HW are never deleted) and DeleteRecords.
 *   log.append(records, leaderEpoch, origin = "client") -> { baseOffset, lastOffset,
 *       logAppendTime (-1 unless LogAppendTime), logStartOffset, recordsCount, duplicate? }
 *       Validates every batch (size -> MESSAGE_TOO_LARGE / RECORD_LIST_TOO_LARGE, magic/CRC/length ->
 *       CORRUPT_MESSAGE, offset/count consistency and control batches -> INVALID_RECORD, producer
 *       epoch/sequence -> INVALID_PRODUCER_EPOCH / OUT_OF_ORDER_SEQUENCE_NUMBER), rewrites baseOffset
 *       and partitionLeaderEpoch in place (and maxTimestamp+attributes+CRC for LogAppendTime),
 *       then writes the request's bytes with one positional write. A retried duplicate batch
 *       returns the original offsets with duplicate: true and writes nothing.
 *       Legacy message sets (magic 0/1, Produce v0-2) are up-converted to one v2 batch first
 *       (legacy-format.ts, which also has downConvert for Fetch v0-3 responses).
 *       Off the common path only: compacted topics decode records to reject null keys
 *       (INVALID_RECORD); a topic compression.type other than "producer" rebuilds batches in that
 *       codec. origin "coordinator" (e.g. control markers) skips the client-only checks.
 *   log.appendAsFollower(records) -> { firstOffset, lastOffset }   offsets/epochs already assigned
 *       by the leader; must start at or after LEO (INVALID_RECORD otherwise); CRCs checked.
 *   log.read(offset, maxBytes, maxOffset?, minOneMessage = true) -> { records, firstOffset }
 *       whole batches from the one containing `offset`, stopping before maxOffset (exclusive,
 *       e.g. the HW); OFFSET_OUT_OF_RANGE outside [logStartOffset, LEO]; empty at LEO.
 *   log.offsetForTimestamp(ts) -> { offset, timestamp } | undefined   ts -2 earliest, -1 latest,
 *       -3 max timestamp (KIP-734), else the first record with timestamp >= ts.
 *   log.endOffsetForEpoch(epoch) -> { leaderEpoch, endOffset }        OffsetForLeaderEpoch
 *   log.truncateTo(offset) -> boolean / log.truncateFullyAndStartAt(offset)   follower truncation
 *       (whole batches: the new LEO is the end of the last batch below `offset`)
 *   log.deleteRecordsBefore(offset) -> new logStartOffset               DeleteRecords (-1 = HW)
 *   log.deleteOldSegments(now?) -> count                                 retention (LogManager calls)
 *   log.roll() / log.flush() / log.size() / log.segmentInfos() / log.producerStateManager /
 *   log.leaderEpochCache / log.setTopicId(id) / log.updateConfig(config) / log.close() / log.delete()
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { logger, type Logger } from "../../common/logger.js";
import {
  ATTR_CONTROL, ATTR_TIMESTAMP_TYPE, ATTR_TRANSACTIONAL, BATCH_OVERHEAD, LOG_OVERHEAD, OFF_CRC, OFF_LENGTH, OFF_MAGIC, computeBatchCrc, readBatchHeader,
  type BatchHeader,
} from "../protocol/records.js";
import { writeFileAtomic } from "./checkpoint.js";
import { LeaderEpochCache } from "./leader-epoch-cache.js";
import type { LogConfig } from "./log-config.js";
import { LogError } from "./log-error.js";
import { DELETED_SUFFIX, LogSegment, SWAP_SUFFIX, type SegmentOptions } from "./log-segment.js";
import { loadSegments } from "./log-loader.js";
import { ProducerStateManager, type ProducerBatch } from "./producer-state.js";
import { decodeBatchRecords } from "./record-codec.js";
import { validateAndAssignOffsets, type AppendOrigin } from "./log-validator.js";

export type { AppendOrigin } from "./log-validator.js";

export interface AppendResult {
  baseOffset: bigint;
  lastOffset: bigint;
  logAppendTime: bigint;
  logStartOffset: bigint;
  recordsCount: number;
  duplicate?: boolean;
}

export interface LogOpenOptions {
  recoveryPoint?: bigint;
  logStartOffset?: bigint;
  highWatermark?: bigint;
  hadCleanShutdown?: boolean;
}

export interface SegmentInfo {
  baseOffset: bigint;
  size: number;
  largestTimestamp: number;
  file: string;
}

export const PARTITION_METADATA_FILE = "partition.metadata";
export const EARLIEST_TIMESTAMP = -2n;
export const LATEST_TIMESTAMP = -1n;
export const MAX_TIMESTAMP = -3n;
const INT32_MAX = 2147483647n;

/** Parse "<topic>-<partition>" (topic names may contain '-'). */
export function parseTopicPartitionName(name: string): { topic: string; partition: number } | undefined {
  const i = name.lastIndexOf("-");
  if (i <= 0) return undefined;
  const p = name.slice(i + 1);
  if (!/^\d+$/.test(p)) return undefined;
  return { topic: name.slice(0, i), partition: Number(p) };
}

export class Log {
  segments: LogSegment[] = [];
  logStartOffset = 0n;
  logEndOffset = 0n;
  recoveryPoint = 0n;
  highWatermark = 0n;
  topicId: string | undefined;
  readonly producerStateManager: ProducerStateManager;
  readonly leaderEpochCache: LeaderEpochCache;
  private unflushedMessages = 0;
  lastFlushTime = Date.now();
  private closed = false;
  private readonly log: Logger;
  readonly name: string;

  private constructor(public dir: string, readonly topic: string, readonly partition: number, public config: LogConfig) {
    this.name = `${topic}-${partition}`;
    this.log = logger("log");
    mkdirSync(dir, { recursive: true });
    this.producerStateManager = new ProducerStateManager(dir, this.name);
    this.leaderEpochCache = new LeaderEpochCache(dir);
  }

  private get prefix(): string {
    return `[UnifiedLog partition=${this.name}, dir=${dirname(this.dir)}]`;
  }

  private segmentOptions(): SegmentOptions {
    return { indexIntervalBytes: this.config.indexIntervalBytes, maxIndexSize: this.config.segmentIndexBytes };
  }

  get activeSegment(): LogSegment {
    return this.segments[this.segments.length - 1]!;
  }

  // ------------------------------------------------------------------ loading / recovery

  static open(dir: string, topic: string, partition: number, config: LogConfig, opts: LogOpenOptions = {}): Log {
    const l = new Log(dir, topic, partition, config);
    l.load(opts);
    return l;
  }

  private load(opts: LogOpenOptions): void {
    const started = Date.now();
    this.readPartitionMetadata();
    const checkpointedStart = opts.logStartOffset ?? 0n;
    this.segments = loadSegments(this.dir, this.name, this.segmentOptions(), {
      recoveryPoint: opts.recoveryPoint, hadCleanShutdown: opts.hadCleanShutdown, initialOffset: checkpointedStart,
    }, this.log);
    this.logEndOffset = this.activeSegment.readNextOffset();
    this.recoveryPoint = this.logEndOffset;
    this.logStartOffset = checkpointedStart > this.segments[0]!.baseOffset ? checkpointedStart : this.segments[0]!.baseOffset;
    if (this.logStartOffset > this.logEndOffset) this.logStartOffset = this.logEndOffset;
    this.leaderEpochCache.truncateFromEnd(this.logEndOffset);
    this.leaderEpochCache.truncateFromStart(this.logStartOffset);
    this.rebuildProducerState(this.logEndOffset, !!opts.hadCleanShutdown);
    this.highWatermark = this.clampHw(opts.highWatermark ?? this.logStartOffset);
    this.log.info(`[LogLoader partition=${this.name}, dir=${dirname(this.dir)}] Completed load of log with ${this.segments.length} segments, local-log-start-offset ${this.logStartOffset} and log-end-offset ${this.logEndOffset} in ${Date.now() - started} ms`);
  }

  /** Load the newest producer snapshot <= upTo and replay batch headers from there. */
  private rebuildProducerState(upTo: bigint, cleanShutdown: boolean): void {
    const psm = this.producerStateManager;
    psm.deleteSnapshotsAfter(upTo);
    const from = psm.loadFromSnapshot(this.logStartOffset, upTo, (file, err) => this.log.warn(`${this.prefix} Failed to load producer snapshot ${file}: ${err}`));
    if (!cleanShutdown || from < upTo) this.log.info(`${this.prefix} Loading producer state till offset ${upTo} with message format version 2`);
    if (from < upTo) {
      this.forEachBatch(from, upTo, (h) => {
        if (h.producerId >= 0n) psm.update(producerBatchOf(h), h.baseOffset, h.maxTimestamp);
      });
    }
    psm.mapEndOffset = upTo;
  }

  /** Walk batch headers with offsets in [from, to). */
  private forEachBatch(from: bigint, to: bigint, fn: (h: BatchHeader) => void): void {
    for (let i = this.segmentIndexFor(from); i < this.segments.length; i++) {
      const seg = this.segments[i]!;
      if (seg.baseOffset >= to) break;
      const loc = seg.translateOffset(from);
      if (!loc) continue;
      for (const b of seg.scan(loc.position)) {
        const h = readBatchHeader(b.buf, b.at);
        if (h.baseOffset >= to) return;
        fn(h);
      }
    }
  }

  private readPartitionMetadata(): void {
    const f = join(this.dir, PARTITION_METADATA_FILE);
    if (!existsSync(f)) return;
    const m = /topic_id:\s*(\S+)/.exec(readFileSync(f, "utf8"));
    if (m) this.topicId = m[1];
  }

  /** Write partition.metadata (Kafka's "version: 0\ntopic_id: <id>"). */
  setTopicId(topicId: string): void {
    if (this.topicId === topicId) return;
    this.topicId = topicId;
    writeFileAtomic(join(this.dir, PARTITION_METADATA_FILE), `version: 0\ntopic_id: ${topicId}\n`);
  }

  // ------------------------------------------------------------------ append

  private ensureOpen(): void {
    if (this.closed) throw new LogError("KAFKA_STORAGE_ERROR", `The log for partition ${this.name} is closed`);
  }

  append(input: Buffer, leaderEpoch: number, origin: AppendOrigin = "client"): AppendResult {
    this.ensureOpen();
    const now = Date.now();
    const firstOffset = this.logEndOffset;
    const v = validateAndAssignOffsets(input, {
      name: this.name, config: this.config, origin, leaderEpoch, firstOffset, now, producers: this.producerStateManager,
    });
    const logAppendTime = this.config.messageTimestampType === "LogAppendTime";
    if (v.kind === "duplicate") {
      return {
        baseOffset: v.batch.firstOffset, lastOffset: v.batch.lastOffset, logAppendTime: logAppendTime ? v.batch.timestamp : -1n,
        logStartOffset: this.logStartOffset, recordsCount: 0, duplicate: true,
      };
    }
    if (v.kind === "empty") return { baseOffset: -1n, lastOffset: -1n, logAppendTime: -1n, logStartOffset: this.logStartOffset, recordsCount: 0 };
    this.writeValidated(v.records, v.maxTimestamp, v.nextOffset - 1n, now);
    if (leaderEpoch >= 0) this.leaderEpochCache.assign(leaderEpoch, firstOffset);
    if (v.producers) for (const [pid, e] of v.producers) this.producerStateManager.producers.set(pid, e);
    this.producerStateManager.mapEndOffset = v.nextOffset;
    this.logEndOffset = v.nextOffset;
    this.afterAppend(v.messages);
    return { baseOffset: firstOffset, lastOffset: v.nextOffset - 1n, logAppendTime: logAppendTime ? BigInt(now) : -1n, logStartOffset: this.logStartOffset, recordsCount: v.messages };
  }

  /** Replication: batches arrive with their leader's offsets and epochs. */
  appendAsFollower(records: Buffer): { firstOffset: bigint; lastOffset: bigint } {
    this.ensureOpen();
    let p = 0;
    let first: bigint | undefined;
    let last = this.logEndOffset - 1n;
    let groupStart = 0;
    let groupFirst = 0n;
    let groupMaxTs = -1n;
    const now = Date.now();
    while (p + BATCH_OVERHEAD <= records.length) {
      const size = LOG_OVERHEAD + records.readInt32BE(p + OFF_LENGTH);
      if (size < BATCH_OVERHEAD || p + size > records.length) break; // a partial trailing batch is ignored
      if (records.readInt8(p + OFF_MAGIC) !== 2) throw new LogError("CORRUPT_MESSAGE", `Invalid magic in replicated batch for ${this.name}`);
      const stored = records.readUInt32BE(p + OFF_CRC);
      if (stored !== computeBatchCrc(records, p)) throw new LogError("CORRUPT_MESSAGE", `Record batch is corrupt (stored crc = ${stored}, computed crc = ${computeBatchCrc(records, p)})`);
      const h = readBatchHeader(records, p);
      if (first === undefined) {
        first = h.baseOffset;
        groupFirst = first;
        if (first < this.logEndOffset) {
          throw new LogError("INVALID_RECORD", `Unexpected offset in append to ${this.name}. First offset ${first} is less than the next offset ${this.logEndOffset}.`);
        }
      }
      const lastOffset = h.baseOffset + BigInt(h.lastOffsetDelta);
      // keep each write within segment.bytes
      if (p > groupStart && p + size - groupStart > this.config.segmentBytes) {
        this.writeValidated(records.subarray(groupStart, p), groupMaxTs, last, now, groupFirst);
        groupStart = p;
        groupFirst = h.baseOffset;
        groupMaxTs = -1n;
      }
      if (h.maxTimestamp > groupMaxTs) groupMaxTs = h.maxTimestamp;
      this.leaderEpochCache.assign(h.partitionLeaderEpoch, h.baseOffset);
      if (h.producerId >= 0n) this.producerStateManager.update(producerBatchOf(h), h.baseOffset, h.maxTimestamp);
      this.afterAppendCount(h.lastOffsetDelta + 1);
      last = lastOffset;
      p += size;
    }
    if (first === undefined) return { firstOffset: this.logEndOffset, lastOffset: this.logEndOffset - 1n };
    if (p > groupStart) this.writeValidated(records.subarray(groupStart, p), groupMaxTs, last, now, groupFirst);
    this.logEndOffset = last + 1n;
    this.producerStateManager.mapEndOffset = this.logEndOffset;
    this.afterAppend(0);
    return { firstOffset: first, lastOffset: last };
  }

  private afterAppendCount(n: number): void {
    this.unflushedMessages += n;
  }

  private afterAppend(messages: number): void {
    this.unflushedMessages += messages;
    if (this.unflushedMessages >= this.config.flushMessages) this.flush();
  }

  /** Roll if needed, then append the (already validated, offset-assigned) bytes. */
  private writeValidated(records: Buffer, maxTs: bigint, lastOffset: bigint, now: number, firstOffsetOverride?: bigint): void {
    try {
      this.maybeRoll(records.length, maxTs, lastOffset, now, firstOffsetOverride);
      this.activeSegment.append(records);
    } catch (e) {
      if (e instanceof LogError) throw e;
      this.log.error({ err: e }, `${this.prefix} Error while appending records to ${this.name} in dir ${dirname(this.dir)}`);
      throw new LogError("KAFKA_STORAGE_ERROR", `Error while appending records to ${this.name}: ${(e as Error).message}`);
    }
  }

  /** Kafka's shouldRoll: size, time (segment.ms), index full, relative offset overflow. */
  private maybeRoll(messagesSize: number, maxTimestampInMessages: bigint, maxOffsetInMessages: bigint, now: number, firstOffsetOverride?: bigint): void {
    const seg = this.activeSegment;
    const cfg = this.config;
    const reachedRollMs = seg.size > 0 && seg.timeWaitedForRoll(now, maxTimestampInMessages) > cfg.segmentMs - cfg.segmentJitterMs;
    if (
      seg.size > cfg.segmentBytes - messagesSize ||
      reachedRollMs ||
      seg.offsetIndex.isFull() ||
      seg.timeIndex.isFull() ||
      maxOffsetInMessages - seg.baseOffset > INT32_MAX
    ) {
      if (seg.size === 0 && !(maxOffsetInMessages - seg.baseOffset > INT32_MAX)) return;
      this.roll(firstOffsetOverride ?? this.logEndOffset);
    } else if (seg.size === 0 && firstOffsetOverride !== undefined && firstOffsetOverride !== seg.baseOffset && this.segments.length >= 1 && firstOffsetOverride > seg.baseOffset) {
      // an empty active segment whose base offset no longer matches the next offset (follower gap)
      this.roll(firstOffsetOverride);
    }
  }

  /** Start a new active segment at `offset` (default: LEO). */
  roll(offset: bigint = this.logEndOffset): LogSegment {
    const started = Date.now();
    const old = this.activeSegment;
    if (old.size === 0 && old.baseOffset === offset) return old;
    old.onBecomeInactive();
    this.producerStateManager.mapEndOffset = offset;
    this.producerStateManager.takeSnapshot();
    this.log.info(`[ProducerStateManager partition=${this.name}] Wrote producer snapshot at offset ${offset} with ${this.producerStateManager.producers.size} producer ids in ${Date.now() - started} ms.`);
    if (old.size === 0) {
      // replace an empty active segment rather than keeping an empty file around
      this.segments.pop();
      old.deleteFiles();
    }
    const seg = LogSegment.create(this.dir, offset, this.segmentOptions());
    this.segments.push(seg);
    // Kafka flushes the rolled segment asynchronously; one fsync per segment is cheap enough here
    for (const s of this.segments) if (s !== seg && s.isDirty) s.flush();
    if (offset > this.recoveryPoint) this.recoveryPoint = offset;
    this.log.info(`[LocalLog partition=${this.name}, dir=${dirname(this.dir)}] Rolled new log segment at offset ${offset} in ${Date.now() - started} ms.`);
    return seg;
  }

  // ------------------------------------------------------------------ read

  private segmentIndexFor(offset: bigint): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    if (hi < 0 || this.segments[0]!.baseOffset > offset) return 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.segments[mid]!.baseOffset <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  read(offset: bigint, maxBytes: number, maxOffset?: bigint, minOneMessage = true): { records: Buffer; firstOffset: bigint } {
    this.ensureOpen();
    if (offset < this.logStartOffset || offset > this.logEndOffset) {
      throw new LogError("OFFSET_OUT_OF_RANGE", `Received request for offset ${offset} for partition ${this.name}, but we only have log segments from offset ${this.logStartOffset} up to ${this.logEndOffset}.`);
    }
    const empty = { records: Buffer.alloc(0), firstOffset: offset };
    if (offset === this.logEndOffset || (maxOffset !== undefined && offset >= maxOffset)) return empty;
    for (let i = this.segmentIndexFor(offset); i < this.segments.length; i++) {
      const r = this.segments[i]!.read(offset, maxBytes, maxOffset, minOneMessage);
      if (r) return r;
    }
    return empty;
  }

  // ------------------------------------------------------------------ offsets by time / epoch

  offsetForTimestamp(ts: bigint): { offset: bigint; timestamp: bigint; leaderEpoch?: number } | undefined {
    this.ensureOpen();
    if (ts === EARLIEST_TIMESTAMP) return { offset: this.logStartOffset, timestamp: -1n, leaderEpoch: this.epochForOffset(this.logStartOffset) };
    if (ts === LATEST_TIMESTAMP) return { offset: this.logEndOffset, timestamp: -1n, leaderEpoch: this.leaderEpochCache.latestEpoch() };
    if (ts === MAX_TIMESTAMP) {
      let best: LogSegment | undefined;
      for (const s of this.segments) if (s.maxTimestampSoFar >= 0n && (!best || s.maxTimestampSoFar > best.maxTimestampSoFar)) best = s;
      if (!best) return { offset: -1n, timestamp: -1n };
      // the time index keeps the batch's last offset; Kafka reports the record offset within the batch
      const exact = this.searchTimestamp(best, best.maxTimestampSoFar, this.logStartOffset);
      return exact ?? { offset: best.offsetOfMaxTimestampSoFar, timestamp: best.maxTimestampSoFar };
    }
    const seg = this.segments.find((s) => s.size > 0 && BigInt(Math.floor(s.largestTimestamp())) >= ts);
    if (!seg) return undefined;
    return this.searchTimestamp(seg, ts, this.logStartOffset);
  }

  private epochForOffset(offset: bigint): number | undefined {
    let epoch: number | undefined;
    for (const e of this.leaderEpochCache.entries()) if (e.startOffset <= offset) epoch = e.epoch;
    return epoch;
  }

  /** Kafka's LogSegment.findOffsetByTimestamp: first record with timestamp >= ts and offset >= startingOffset. */
  private searchTimestamp(seg: LogSegment, ts: bigint, startingOffset: bigint): { offset: bigint; timestamp: bigint; leaderEpoch?: number } | undefined {
    const t = seg.timeIndex.lookup(ts);
    const from = seg.offsetIndex.lookup(t.offset > startingOffset ? t.offset : startingOffset).position;
    for (const b of seg.scan(from, true)) {
      const h = readBatchHeader(b.buf, b.at);
      const last = h.baseOffset + BigInt(h.lastOffsetDelta);
      if (h.maxTimestamp < ts || last < startingOffset) continue;
      const leaderEpoch = h.partitionLeaderEpoch >= 0 ? h.partitionLeaderEpoch : undefined;
      if ((h.attributes & ATTR_TIMESTAMP_TYPE) !== 0) {
        return { offset: h.baseOffset > startingOffset ? h.baseOffset : startingOffset, timestamp: h.maxTimestamp, leaderEpoch };
      }
      for (const r of decodeBatchRecords(b.buf.subarray(b.at, b.at + b.size)).records) {
        if (r.timestamp >= ts && r.offset >= startingOffset) return { offset: r.offset, timestamp: r.timestamp, leaderEpoch };
      }
    }
    return undefined;
  }

  endOffsetForEpoch(epoch: number): { leaderEpoch: number; endOffset: bigint } {
    return this.leaderEpochCache.endOffsetFor(epoch, this.logEndOffset);
  }

  // ------------------------------------------------------------------ truncation / deletion

  private clampHw(hw: bigint): bigint {
    return hw < this.logStartOffset ? this.logStartOffset : hw > this.logEndOffset ? this.logEndOffset : hw;
  }

  updateHighWatermark(hw: bigint): bigint {
    this.highWatermark = this.clampHw(hw);
    return this.highWatermark;
  }

  /** Follower truncation: remove everything at and above `offset`. Returns true if anything was removed. */
  truncateTo(offset: bigint): boolean {
    this.ensureOpen();
    if (offset < 0n) throw new LogError("INVALID_REQUEST", `Cannot truncate partition ${this.name} to a negative offset (${offset}).`);
    if (offset >= this.logEndOffset) return false;
    this.log.info(`${this.prefix} Truncating to offset ${offset}`);
    if (this.segments[0]!.baseOffset > offset) {
      this.truncateFullyAndStartAt(offset);
      return true;
    }
    while (this.segments.length > 1 && this.activeSegment.baseOffset > offset) {
      this.segments.pop()!.deleteFiles();
    }
    this.activeSegment.truncateTo(offset);
    // whole batches go: the new end is the end of the last remaining batch (= offset at batch boundaries)
    const end = this.activeSegment.readNextOffset();
    this.logEndOffset = end;
    if (this.logStartOffset > end) this.logStartOffset = end;
    this.leaderEpochCache.truncateFromEnd(end);
    this.rebuildProducerState(end, true);
    if (this.recoveryPoint > end) this.recoveryPoint = end;
    if (this.highWatermark > end) this.highWatermark = end;
    return true;
  }

  truncateFullyAndStartAt(offset: bigint): void {
    this.ensureOpen();
    this.log.info(`${this.prefix} Truncate fully and start at offset ${offset}`);
    for (const s of this.segments.splice(0)) s.deleteFiles();
    this.segments.push(LogSegment.create(this.dir, offset, this.segmentOptions()));
    this.logStartOffset = offset;
    this.logEndOffset = offset;
    this.recoveryPoint = offset;
    this.highWatermark = offset;
    this.leaderEpochCache.clearAndFlush();
    this.producerStateManager.truncateFully(offset);
  }

  /** DeleteRecords: move logStartOffset forward (offset -1 = the high watermark). Returns the new low watermark. */
  deleteRecordsBefore(offset: bigint): bigint {
    this.ensureOpen();
    const target = offset === -1n ? this.highWatermark : offset;
    if (target < 0n || target > this.highWatermark) {
      throw new LogError("OFFSET_OUT_OF_RANGE", `Cannot increment the log start offset to ${target} of partition ${this.name} since it is larger than the high watermark ${this.highWatermark}`);
    }
    if (target > this.logStartOffset) {
      this.log.info(`${this.prefix} Incremented log start offset to ${target} due to client delete records request`);
      this.logStartOffset = target;
      this.leaderEpochCache.truncateFromStart(target);
      this.deleteSegments((_s, next) => next !== undefined && next <= this.logStartOffset, (doomed) => this.logStartOffsetBreach(doomed));
    }
    return this.logStartOffset;
  }

  /**
   * Retention (Kafka's deleteOldSegments): for cleanup.policy=delete, segments past retention.ms
   * (by largest timestamp) or beyond retention.bytes; always segments wholly below logStartOffset.
   * Segments above the high watermark are never deleted. Returns the number of segments deleted.
   */
  deleteOldSegments(now = Date.now()): number {
    if (this.closed) return 0;
    let n = 0;
    if (this.config.cleanupPolicy.includes("delete")) {
      const rms = this.config.retentionMs;
      if (rms >= 0) {
        n += this.deleteSegments((s) => now - s.largestTimestamp() > rms, (doomed) => {
          for (const s of doomed) this.log.info(`${this.prefix} Deleting segment ${s.toString()} due to retention time ${rms}ms breach based on the largest record timestamp in the segment`);
        });
      }
      const rb = this.config.retentionBytes;
      if (rb >= 0) {
        let diff = this.size() - rb;
        n += this.deleteSegments((s) => {
          if (diff - s.size >= 0) { diff -= s.size; return true; }
          return false;
        }, (doomed) => {
          let size = this.size();
          for (const s of doomed) {
            size -= s.size;
            this.log.info(`${this.prefix} Deleting segment ${s.toString()} due to retention size ${rb} breach. Log size after deletion will be ${size}.`);
          }
        });
      }
    }
    n += this.deleteSegments((_s, next) => next !== undefined && next <= this.logStartOffset, (doomed) => this.logStartOffsetBreach(doomed));
    return n;
  }

  private logStartOffsetBreach(doomed: LogSegment[]): void {
    this.log.info(`${this.prefix} Deleting segments due to log start offset ${this.logStartOffset} breach: ${doomed.map((s) => s.toString()).join(",")}`);
  }

  /** Delete the longest prefix of segments matching `pred` (and wholly below the HW); rolls first if all match. */
  private deleteSegments(pred: (s: LogSegment, nextBase: bigint | undefined) => boolean, logReason: (doomed: LogSegment[]) => void): number {
    const doomed: LogSegment[] = [];
    for (let i = 0; i < this.segments.length; i++) {
      const s = this.segments[i]!;
      const next = this.segments[i + 1]?.baseOffset;
      const upper = next ?? this.logEndOffset;
      const isLastAndEmpty = next === undefined && s.size === 0;
      if (isLastAndEmpty || upper > this.highWatermark || !pred(s, next)) break;
      doomed.push(s);
    }
    if (doomed.length === 0) return 0;
    logReason(doomed);
    if (doomed.length === this.segments.length) this.roll();
    this.segments.splice(0, doomed.length);
    const newStart = this.segments[0]!.baseOffset;
    if (newStart > this.logStartOffset) {
      this.logStartOffset = newStart;
      this.leaderEpochCache.truncateFromStart(newStart);
      this.log.info(`${this.prefix} Incremented log start offset to ${newStart} due to segment deletion`);
    }
    if (this.recoveryPoint < newStart) this.recoveryPoint = newStart;
    this.producerStateManager.deleteSnapshotsBefore(newStart);
    for (const s of doomed) this.asyncDeleteSegment(s);
    return doomed.length;
  }

  /** Kafka: rename to .deleted now, remove the files after file.delete.delay.ms. */
  private asyncDeleteSegment(s: LogSegment): void {
    s.changeFileSuffix(DELETED_SUFFIX);
    s.closeHandlers();
    const del = () => {
      this.log.info(`[LocalLog partition=${this.name}, dir=${dirname(this.dir)}] Deleting segment files ${s.toString()}`);
      s.deleteFiles();
    };
    if (this.config.fileDeleteDelayMs <= 0) del();
    else setTimeout(del, this.config.fileDeleteDelayMs).unref();
  }

  /** Swap cleaned segments in for `replaced` (used by the cleaner). */
  replaceSegments(cleaned: LogSegment, replaced: LogSegment[]): void {
    const first = this.segments.indexOf(replaced[0]!);
    cleaned.changeFileSuffix(SWAP_SUFFIX);
    for (const s of replaced) {
      s.changeFileSuffix(DELETED_SUFFIX);
      s.deleteFiles();
    }
    cleaned.changeFileSuffix("");
    this.segments.splice(first, replaced.length, cleaned);
  }

  // ------------------------------------------------------------------ flush / info / lifecycle

  /** fsync every segment with unflushed data; the recovery point becomes LEO. */
  flush(): void {
    if (this.closed) return;
    for (const s of this.segments) if (s.isDirty) s.flush();
    this.recoveryPoint = this.logEndOffset;
    this.unflushedMessages = 0;
    this.lastFlushTime = Date.now();
  }

  get unflushedMessageCount(): number {
    return this.unflushedMessages;
  }

  size(): number {
    let n = 0;
    for (const s of this.segments) n += s.size;
    return n;
  }

  segmentInfos(): SegmentInfo[] {
    return this.segments.map((s) => ({ baseOffset: s.baseOffset, size: s.size, largestTimestamp: s.largestTimestamp(), file: s.logFile }));
  }

  updateConfig(config: LogConfig): void {
    this.config = config;
    for (const s of this.segments) s.opts = this.segmentOptions();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Snapshot producer state at LEO and close every segment (fsyncs dirty data). */
  close(): void {
    if (this.closed) return;
    this.producerStateManager.mapEndOffset = this.logEndOffset;
    try {
      this.producerStateManager.takeSnapshot();
    } catch (e) {
      this.log.warn({ err: e }, `${this.prefix} Failed to write producer snapshot on close`);
    }
    for (const s of this.segments) s.close();
    this.recoveryPoint = this.logEndOffset;
    this.closed = true;
  }

  /** Rename the partition dir (LogManager's "-delete" step); the log must be closed. */
  renameDir(newDir: string): void {
    renameSync(this.dir, newDir);
    this.dir = newDir;
  }

  /** Close without snapshot and remove the directory. */
  delete(): void {
    if (!this.closed) {
      for (const s of this.segments) s.closeHandlers();
      this.closed = true;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  toString(): string {
    return `Log(dir=${this.dir}, topicId=${this.topicId ?? ""}, topic=${this.topic}, partition=${this.partition}, highWatermark=${this.highWatermark}, logStartOffset=${this.logStartOffset}, logEndOffset=${this.logEndOffset})`;
  }
}

function producerBatchOf(h: BatchHeader): ProducerBatch {
  return {
    producerId: h.producerId,
    producerEpoch: h.producerEpoch,
    baseSequence: h.baseSequence,
    lastOffsetDelta: h.lastOffsetDelta,
    isTransactional: (h.attributes & ATTR_TRANSACTIONAL) !== 0,
    isControl: (h.attributes & ATTR_CONTROL) !== 0,
  };
}
