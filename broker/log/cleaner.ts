/**
 * Log compaction for cleanup.policy=compact (Kafka's LogCleaner, single cleaner thread "0",
 * run on a timer by LogManager every log.cleaner.backoff.ms).
 *
 * One pass over a log:
 *   1. cleanable range = [firstDirtyOffset (cleaner-offset-checkpoint, >= logStartOffset),
 *      firstUncleanableOffset = min(active segment base, high watermark, first segment younger
 *      than min.compaction.lag.ms)); skipped unless dirty bytes / (clean + dirty bytes) >=
 *      min.cleanable.dirty.ratio.
 *   2. build a key -> latest offset map over the dirty range.
 *   3. rewrite every segment below firstUncleanableOffset (consecutive segments grouped up to
 *      segment.bytes into one, as Kafka does) keeping a record when no later offset exists for
 *      its key; tombstones (null value) are kept while their segment is younger than
 *      delete.retention.ms, then dropped. Batches whose records all survive are copied byte for
 *      byte; others are rebuilt with their original baseOffset, offsets (offsetDeltas),
 *      lastOffsetDelta, producer fields, leader epoch and compression. Control batches are kept.
 *   4. the cleaned segment is written as <base>.log.cleaned, renamed to .swap, the old segments
 *      deleted, then .swap renamed to .log (Log.load finishes an interrupted swap).
 *
 * A batch emptied by cleaning is dropped, except when it is its idempotent producer's latest
 * batch: then it is kept without records so the producer's sequence survives (as Kafka does).
 * Difference from Kafka 3.x: the tombstone horizon is per segment age, not KIP-534's per-batch
 * delete-horizon stamp.
 */
import { logger } from "../../common/logger.js";
import { ATTR_COMPRESSION_MASK, ATTR_CONTROL, ATTR_TIMESTAMP_TYPE, ATTR_TRANSACTIONAL } from "../protocol/records.js";
import type { Log } from "./log.js";
import { CLEANED_SUFFIX, LogSegment } from "./log-segment.js";
import { buildBatch, decodeBatchRecords } from "./record-codec.js";

export interface CleanResult {
  cleaned: boolean;
  firstDirtyOffset: bigint;
  endOffset: bigint;
  bytesBefore: number;
  bytesAfter: number;
  recordsRemoved: number;
}

const log = logger("log-cleaner");

export function keyOf(k: Buffer | null): string {
  return k === null ? "\u0000null" : k.toString("latin1");
}

function segmentRange(l: Log, i: number): { base: bigint; next: bigint } {
  return { base: l.segments[i]!.baseOffset, next: l.segments[i + 1]?.baseOffset ?? l.logEndOffset };
}

/** The offset below which the log may be cleaned now. */
export function firstUncleanableOffset(l: Log, now: number): bigint {
  let bound = l.activeSegment.baseOffset;
  if (l.highWatermark < bound) bound = l.highWatermark;
  const lag = l.config.minCompactionLagMs;
  if (lag > 0) {
    for (const s of l.segments) {
      if (s.baseOffset >= bound) break;
      if (now - s.largestTimestamp() < lag) {
        bound = s.baseOffset;
        break;
      }
    }
  }
  return bound;
}

/** Dirty ratio of a log given its first dirty offset. */
export function dirtyRatio(l: Log, firstDirty: bigint, uncleanable: bigint): { clean: number; dirty: number; ratio: number } {
  let clean = 0;
  let dirty = 0;
  l.segments.forEach((s, i) => {
    const { next } = segmentRange(l, i);
    if (next <= firstDirty) clean += s.size;
    else if (s.baseOffset < uncleanable) dirty += s.size;
  });
  const total = clean + dirty;
  return { clean, dirty, ratio: total === 0 ? 0 : dirty / total };
}

function isLatestBatchOfProducer(l: Log, producerId: bigint, lastOffset: bigint): boolean {
  if (producerId < 0n) return false;
  return l.producerStateManager.lastEntry(producerId)?.batches.at(-1)?.lastOffset === lastOffset;
}

/** Clean one log if it is due (or unconditionally with force). */
export function cleanLog(l: Log, firstDirtyCheckpoint: bigint | undefined, now = Date.now(), force = false): CleanResult {
  const firstDirty = firstDirtyCheckpoint !== undefined && firstDirtyCheckpoint > l.logStartOffset ? firstDirtyCheckpoint : l.logStartOffset;
  const uncleanable = firstUncleanableOffset(l, now);
  const { ratio } = dirtyRatio(l, firstDirty, uncleanable);
  const none: CleanResult = { cleaned: false, firstDirtyOffset: firstDirty, endOffset: firstDirty, bytesBefore: 0, bytesAfter: 0, recordsRemoved: 0 };
  if (uncleanable <= firstDirty) return none;
  if (!force && ratio < l.config.minCleanableDirtyRatio) return none;
  const started = Date.now();
  log.info(`Cleaner 0: Beginning cleaning of log ${l.name}`);
  // 2. offset map over the dirty range
  const latest = new Map<string, bigint>();
  for (let i = 0; i < l.segments.length; i++) {
    const seg = l.segments[i]!;
    const { next } = segmentRange(l, i);
    if (next <= firstDirty) continue;
    if (seg.baseOffset >= uncleanable) break;
    for (const b of seg.scan(0, true)) {
      const { header, records } = decodeBatchRecords(b.buf, b.at);
      if (header.attributes & ATTR_CONTROL) continue;
      for (const r of records) if (r.offset >= firstDirty && r.offset < uncleanable) latest.set(keyOf(r.key), r.offset);
    }
  }
  log.info(`Cleaner 0: Building offset map for ${l.name}... Offset map for log ${l.name} complete (${latest.size} keys).`);
  // 3. group segments below the uncleanable offset and rewrite them
  const candidates = l.segments.filter((s, i) => segmentRange(l, i).next <= uncleanable && s !== l.activeSegment);
  const groups: LogSegment[][] = [];
  let cur: LogSegment[] = [];
  let curSize = 0;
  for (const s of candidates) {
    const i = l.segments.indexOf(s);
    const next = segmentRange(l, i).next;
    // a group must fit one segment: segment.bytes, and offsets relative to its base in an int32
    if (cur.length > 0 && (curSize + s.size > l.config.segmentBytes || next - cur[0]!.baseOffset > 2147483647n)) {
      groups.push(cur);
      cur = [];
      curSize = 0;
    }
    cur.push(s);
    curSize += s.size;
  }
  if (cur.length) groups.push(cur);
  const res: CleanResult = { cleaned: true, firstDirtyOffset: firstDirty, endOffset: uncleanable, bytesBefore: 0, bytesAfter: 0, recordsRemoved: 0 };
  for (const group of groups) {
    const cleaned = LogSegment.create(l.dir, group[0]!.baseOffset, { indexIntervalBytes: l.config.indexIntervalBytes, maxIndexSize: l.config.segmentIndexBytes }, CLEANED_SUFFIX);
    for (const seg of group) {
      res.bytesBefore += seg.size;
      const tombstonesExpired = now - seg.largestTimestamp() > l.config.deleteRetentionMs;
      for (const b of seg.scan(0, true)) {
        const raw = b.buf.subarray(b.at, b.at + b.size);
        const { header, records } = decodeBatchRecords(raw);
        if (header.attributes & ATTR_CONTROL) {
          cleaned.append(Buffer.from(raw));
          continue;
        }
        const kept = records.filter((r) => {
          const newest = latest.get(keyOf(r.key));
          if (newest !== undefined && r.offset < newest) return false;
          if (r.value === null && tombstonesExpired) return false;
          return true;
        });
        res.recordsRemoved += records.length - kept.length;
        if (kept.length === records.length) {
          cleaned.append(Buffer.from(raw));
        } else if (kept.length > 0 || isLatestBatchOfProducer(l, header.producerId, header.baseOffset + BigInt(header.lastOffsetDelta))) {
          // an emptied batch that is its idempotent producer's latest is kept without records,
          // so the producer's sequence survives (Kafka's RETAIN_EMPTY)
          const logAppendTime = (header.attributes & ATTR_TIMESTAMP_TYPE) !== 0;
          cleaned.append(buildBatch(kept, {
            baseOffset: header.baseOffset,
            lastOffsetDelta: header.lastOffsetDelta,
            partitionLeaderEpoch: header.partitionLeaderEpoch,
            producerId: header.producerId,
            producerEpoch: header.producerEpoch,
            baseSequence: header.baseSequence,
            compression: header.attributes & ATTR_COMPRESSION_MASK,
            transactional: (header.attributes & ATTR_TRANSACTIONAL) !== 0,
            logAppendTime,
            maxTimestamp: logAppendTime || kept.length === 0 ? header.maxTimestamp : undefined,
            baseTimestamp: kept.length === 0 ? header.baseTimestamp : undefined,
          }));
        }
      }
    }
    cleaned.onBecomeInactive();
    cleaned.flush();
    res.bytesAfter += cleaned.size;
    log.info(`Cleaner 0: Swapping in cleaned segment ${cleaned.toString()} for segment(s) ${group.map((s) => s.toString()).join(",")} in log ${l.toString()}`);
    l.replaceSegments(cleaned, group);
  }
  const secs = (Date.now() - started) / 1000;
  log.info(`Cleaner 0: Log cleaner thread 0 cleaned log ${l.name} (dirty section = [${firstDirty}, ${uncleanable}])\n\t${(res.bytesBefore / 1048576).toFixed(1)} MB of log processed in ${secs.toFixed(1)} seconds, ${res.recordsRemoved} records removed, ${(res.bytesAfter / 1048576).toFixed(1)} MB remaining`);
  return res;
}
