/**
 * Opening a partition dir's segments (Kafka's LogLoader): removes leftovers of interrupted
 * operations (.tmp, .deleted, .cleaned), completes an interrupted cleaner swap (.swap), opens
 * every segment, rebuilds missing or corrupt indexes, and after an unclean shutdown recovers
 * every segment from the one holding the recovery point (validating each batch, truncating a
 * torn or corrupt tail and dropping all later segments), logging what it did as Kafka does.
 */
import { readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Logger } from "../../common/logger.js";
import { CLEANED_SUFFIX, DELETED_SUFFIX, LOG_SUFFIX, LogSegment, SWAP_SUFFIX, type SegmentOptions } from "./log-segment.js";

export interface LoadSegmentsOptions {
  recoveryPoint?: bigint;
  hadCleanShutdown?: boolean;
  /** Base offset for the first segment of an empty dir. */
  initialOffset: bigint;
}

const SEGMENT_FILE = /^\d{20}\.log$/;

function sortedBases(dir: string): bigint[] {
  return readdirSync(dir)
    .filter((f) => SEGMENT_FILE.test(f))
    .map((f) => BigInt(f.slice(0, 20)))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A `.swap` segment (cleaner output) replaces the segments whose base offsets it covers. */
function completeSwap(dir: string, base: bigint, opts: SegmentOptions, log: Logger, prefix: string): void {
  const swap = LogSegment.open(dir, base, opts, SWAP_SUFFIX);
  const next = swap.readNextOffset();
  for (const b of sortedBases(dir)) {
    if (b >= base && b < next) LogSegment.open(dir, b, opts).deleteFiles();
  }
  swap.changeFileSuffix("");
  swap.close();
  log.info(`${prefix} Completed swap of cleaned segment ${base}`);
}

/** Open (and if needed recover) the segments of `dir`, oldest first; never empty. */
export function loadSegments(dir: string, name: string, segOpts: SegmentOptions, opts: LoadSegmentsOptions, log: Logger): LogSegment[] {
  const prefix = `[LogLoader partition=${name}, dir=${dirname(dir)}]`;
  const files = readdirSync(dir);
  for (const f of files) {
    if (f.endsWith(".tmp") || f.endsWith(DELETED_SUFFIX) || f.endsWith(CLEANED_SUFFIX)) rmSync(join(dir, f), { force: true });
  }
  for (const f of files.filter((x) => x.endsWith(LOG_SUFFIX + SWAP_SUFFIX))) completeSwap(dir, BigInt(f.slice(0, 20)), segOpts, log, prefix);

  const segments: LogSegment[] = [];
  for (const base of sortedBases(dir)) {
    const seg = LogSegment.open(dir, base, segOpts);
    if (!seg.indexFilesExist()) {
      log.warn(`${prefix} Could not find offset index file corresponding to log file ${seg.logFile}, recovering segment and rebuilding index files...`);
      seg.recover();
    } else {
      const err = seg.offsetIndex.sanityCheck(Math.max(seg.size, 1)) ?? seg.timeIndex.sanityCheck();
      if (err) {
        log.warn(`${prefix} Found a corrupted index file corresponding to log file ${seg.logFile} due to ${err}, recovering segment and rebuilding index files...`);
        seg.recover();
      }
    }
    segments.push(seg);
  }
  if (segments.length === 0) segments.push(LogSegment.create(dir, opts.initialOffset, segOpts));
  if (!opts.hadCleanShutdown) recoverUnflushed(dir, name, segments, opts.recoveryPoint ?? 0n, log, prefix);
  return segments;
}

/** Recover the segments from the one holding the recovery point; mutates `segments` on corruption. */
function recoverUnflushed(dir: string, name: string, segments: LogSegment[], recoveryPoint: bigint, log: Logger, prefix: string): void {
  let first = segments.findIndex((_s, i) => i === segments.length - 1 || segments[i + 1]!.baseOffset > recoveryPoint);
  if (first < 0) first = 0;
  const unflushed = segments.slice(first);
  let n = 0;
  for (const seg of unflushed) {
    log.info(`${prefix} Recovering unflushed segment ${seg.baseOffset}. ${n}/${unflushed.length} recovered for ${name}.`);
    n++;
    const res = seg.recover();
    if (res.truncatedBytes > 0) {
      log.warn(`${prefix} Found invalid messages in log segment ${seg.logFile} at byte offset ${res.validBytes}: ${res.reason}.`);
      log.warn(`${prefix} Corruption found in segment ${seg.baseOffset}, truncating to offset ${seg.readNextOffset()}`);
      // everything after a corrupt segment is dropped, as Kafka does
      const later = segments.splice(segments.indexOf(seg) + 1);
      if (later.length > 0) {
        log.info(`[LocalLog partition=${name}, dir=${dirname(dir)}] Deleting segments as part of log recovery: ${later.map((x) => x.toString()).join(",")}`);
        for (const x of later) x.deleteFiles();
      }
      return;
    }
  }
}
