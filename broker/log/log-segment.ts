/**
 * One log segment: `<20-digit baseOffset>.log` + `.index` + `.timeindex` in the partition dir.
 *
 * The .log file is a plain concatenation of RecordBatch v2 (see broker/protocol/records.ts),
 * byte for byte as the producer sent them after the broker assigned baseOffset and
 * partitionLeaderEpoch — identical to Apache Kafka's segment files. The indexes are described
 * in offset-index.ts and time-index.ts.
 *
 * The segment keeps its .log fd open; appends are one positional writeSync of the request's
 * bytes; reads are one positional readSync into a single Buffer. Index bookkeeping is
 * arithmetic on the batch headers (no record is decoded).
 *
 * Suffixes, as Kafka: ".deleted" (scheduled for deletion), ".cleaned" / ".swap" (log cleaner).
 */
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import {
  BATCH_OVERHEAD, LOG_OVERHEAD, OFF_BASE_OFFSET, OFF_LAST_OFFSET_DELTA, OFF_LENGTH, OFF_MAGIC, OFF_MAX_TIMESTAMP, isCrcValid, readBatchHeader, type BatchHeader,
} from "../protocol/records.js";
import { OffsetIndex } from "./offset-index.js";
import { TimeIndex } from "./time-index.js";

export const LOG_SUFFIX = ".log";
export const INDEX_SUFFIX = ".index";
export const TIME_INDEX_SUFFIX = ".timeindex";
export const DELETED_SUFFIX = ".deleted";
export const CLEANED_SUFFIX = ".cleaned";
export const SWAP_SUFFIX = ".swap";

/** Kafka's 20-digit zero-padded file name prefix. */
export function filenamePrefix(offset: bigint): string {
  return offset.toString().padStart(20, "0");
}

export interface SegmentOptions {
  indexIntervalBytes: number;
  maxIndexSize: number;
}

export interface BatchLocation {
  position: number;
  baseOffset: bigint;
  lastOffset: bigint;
  size: number;
}

const SCAN_CHUNK = 64 * 1024;

export class LogSegment {
  private fd: number;
  size: number;
  readonly offsetIndex: OffsetIndex;
  readonly timeIndex: TimeIndex;
  maxTimestampSoFar = -1n;
  offsetOfMaxTimestampSoFar: bigint;
  private bytesSinceLastIndexEntry = 0;
  private rollingBasedTs: bigint | undefined;
  created = Date.now();
  private dirty = false;
  private suffix: string;
  private closedMtime = -1;

  private constructor(readonly dir: string, readonly baseOffset: bigint, public opts: SegmentOptions, suffix: string, create: boolean) {
    this.suffix = suffix;
    const prefix = join(dir, filenamePrefix(baseOffset));
    this.fd = openSync(prefix + LOG_SUFFIX + suffix, create ? "w+" : "r+");
    this.size = fstatSync(this.fd).size;
    this.offsetIndex = new OffsetIndex(prefix + INDEX_SUFFIX + suffix, baseOffset, opts.maxIndexSize);
    this.timeIndex = new TimeIndex(prefix + TIME_INDEX_SUFFIX + suffix, baseOffset, opts.maxIndexSize);
    const lastTs = this.timeIndex.lastEntry();
    this.maxTimestampSoFar = lastTs.timestamp;
    this.offsetOfMaxTimestampSoFar = lastTs.offset;
  }

  static create(dir: string, baseOffset: bigint, opts: SegmentOptions, suffix = ""): LogSegment {
    const prefix = join(dir, filenamePrefix(baseOffset));
    rmSync(prefix + INDEX_SUFFIX + suffix, { force: true });
    rmSync(prefix + TIME_INDEX_SUFFIX + suffix, { force: true });
    const seg = new LogSegment(dir, baseOffset, opts, suffix, true);
    seg.offsetIndex.ensureFile();
    seg.timeIndex.ensureFile();
    return seg;
  }

  static open(dir: string, baseOffset: bigint, opts: SegmentOptions, suffix = ""): LogSegment {
    return new LogSegment(dir, baseOffset, opts, suffix, false);
  }

  get logFile(): string {
    return join(this.dir, filenamePrefix(this.baseOffset) + LOG_SUFFIX + this.suffix);
  }

  /** Whether both index files exist on disk (a missing one means: rebuild). */
  indexFilesExist(): boolean {
    const prefix = join(this.dir, filenamePrefix(this.baseOffset));
    return existsSync(prefix + INDEX_SUFFIX + this.suffix) && existsSync(prefix + TIME_INDEX_SUFFIX + this.suffix);
  }

  /** Positional read of up to `len` bytes (fewer at end of file). */
  readAt(position: number, len: number): Buffer {
    const n = Math.max(0, Math.min(len, this.size - position));
    const buf = Buffer.allocUnsafe(n);
    let got = 0;
    while (got < n) {
      const r = readSync(this.fd, buf, got, n - got, position + got);
      if (r === 0) break;
      got += r;
    }
    return got === n ? buf : buf.subarray(0, got);
  }

  /**
   * Append batches whose offsets are already assigned. Index entries are added every
   * indexIntervalBytes, as Kafka does, from the batch headers alone.
   */
  append(records: Buffer): void {
    const start = this.size;
    let written = 0;
    try {
      while (written < records.length) written += writeSync(this.fd, records, written, records.length - written, start + written);
    } catch (e) {
      // e.g. ENOSPC after a partial write: cut the file back so no torn bytes follow the last batch
      try { ftruncateSync(this.fd, start); } catch { /* the caller reports the original error */ }
      throw e;
    }
    let p = 0;
    let indexed = false;
    while (p + BATCH_OVERHEAD <= records.length) {
      const size = LOG_OVERHEAD + records.readInt32BE(p + OFF_LENGTH);
      const lastOffset = records.readBigInt64BE(p + OFF_BASE_OFFSET) + BigInt(records.readInt32BE(p + OFF_LAST_OFFSET_DELTA));
      const maxTs = records.readBigInt64BE(p + OFF_MAX_TIMESTAMP);
      this.rollingBasedTs ??= maxTs;
      if (maxTs > this.maxTimestampSoFar) {
        this.maxTimestampSoFar = maxTs;
        this.offsetOfMaxTimestampSoFar = lastOffset;
      }
      if (this.bytesSinceLastIndexEntry > this.opts.indexIntervalBytes) {
        this.offsetIndex.append(lastOffset, start + p);
        this.timeIndex.maybeAppend(this.maxTimestampSoFar, this.offsetOfMaxTimestampSoFar);
        this.bytesSinceLastIndexEntry = 0;
        indexed = true;
      }
      this.bytesSinceLastIndexEntry += size;
      p += size;
    }
    this.size += records.length;
    this.dirty = true;
    // new index entries go to the OS at once (no fsync), so the files on disk match what is in
    // memory as Kafka's mmap'ed indexes do: at most one small write per index per append
    if (indexed) {
      this.offsetIndex.flush();
      this.timeIndex.flush();
    }
  }

  /**
   * Walk batch headers from file position `from`. With `full`, the whole batch is in `buf`
   * (for CRC checks); otherwise only its header. Stops at end of file or at a batch whose
   * length field is impossible or runs past the end (a torn tail).
   */
  *scan(from: number, full = false, end = this.size): Generator<{ buf: Buffer; at: number; position: number; size: number }> {
    let chunk: Buffer = Buffer.alloc(0);
    let chunkPos = from;
    let pos = from;
    while (pos + LOG_OVERHEAD <= end) {
      let at = pos - chunkPos;
      if (at + BATCH_OVERHEAD > chunk.length) {
        chunk = this.readAt(pos, Math.min(SCAN_CHUNK, end - pos));
        chunkPos = pos;
        at = 0;
        if (chunk.length < LOG_OVERHEAD) return;
      }
      const len = chunk.readInt32BE(at + OFF_LENGTH);
      const size = LOG_OVERHEAD + len;
      if (len < BATCH_OVERHEAD - LOG_OVERHEAD || pos + size > end || at + BATCH_OVERHEAD > chunk.length) return;
      if (full && at + size > chunk.length) {
        chunk = this.readAt(pos, Math.max(size, Math.min(SCAN_CHUNK, end - pos)));
        chunkPos = pos;
        at = 0;
      }
      yield { buf: chunk, at, position: pos, size };
      pos += size;
    }
  }

  /** The first batch whose last offset is >= `offset` (searching from the index entry below it). */
  translateOffset(offset: bigint, startingPosition = 0): BatchLocation | undefined {
    const from = Math.max(this.offsetIndex.lookup(offset).position, startingPosition);
    for (const b of this.scan(from)) {
      const baseOffset = b.buf.readBigInt64BE(b.at + OFF_BASE_OFFSET);
      const lastOffset = baseOffset + BigInt(b.buf.readInt32BE(b.at + OFF_LAST_OFFSET_DELTA));
      if (lastOffset >= offset) return { position: b.position, baseOffset, lastOffset, size: b.size };
    }
    return undefined;
  }

  /**
   * Whole batches starting with the one containing `startOffset`, up to `maxSize` bytes, stopping
   * before the first batch at or beyond `maxOffset`. With minOneMessage, a first batch larger
   * than maxSize is returned whole. Undefined when the segment holds nothing at/after startOffset.
   */
  read(startOffset: bigint, maxSize: number, maxOffset?: bigint, minOneMessage = false): { records: Buffer; firstOffset: bigint } | undefined {
    // Fast path: one positional read from the index entry covering both the forward scan to the
    // target batch (at most ~index.interval.bytes) and the data; returned as a zero-copy slice.
    const from = this.offsetIndex.lookup(startOffset).position;
    const span = Math.min(this.size - from, maxSize + this.opts.indexIntervalBytes + 2 * BATCH_OVERHEAD);
    if (span >= LOG_OVERHEAD) {
      const buf = this.readAt(from, span);
      let p = 0;
      let start = -1;
      while (p + BATCH_OVERHEAD <= buf.length) {
        const size = LOG_OVERHEAD + buf.readInt32BE(p + OFF_LENGTH);
        if (size < BATCH_OVERHEAD) break;
        const lastOffset = buf.readBigInt64BE(p + OFF_BASE_OFFSET) + BigInt(buf.readInt32BE(p + OFF_LAST_OFFSET_DELTA));
        if (lastOffset >= startOffset) { start = p; break; }
        p += size;
      }
      if (start >= 0) {
        const firstOffset = buf.readBigInt64BE(start + OFF_BASE_OFFSET);
        if (maxOffset !== undefined && firstOffset >= maxOffset) return { records: Buffer.alloc(0), firstOffset };
        if (start + maxSize > buf.length && from + buf.length < this.size) {
          // the target batch was far from the index entry: read the data window again from it
          return this.readWindow(from + start, firstOffset, maxSize, maxOffset, minOneMessage);
        }
        const limit = Math.min(buf.length, start + maxSize);
        let q = start;
        while (q + LOG_OVERHEAD <= limit) {
          if (maxOffset !== undefined && buf.readBigInt64BE(q + OFF_BASE_OFFSET) >= maxOffset) break;
          const size = LOG_OVERHEAD + buf.readInt32BE(q + OFF_LENGTH);
          if (q + size > limit) break;
          q += size;
        }
        if (q > start) return { records: buf.subarray(start, q), firstOffset };
        if (!minOneMessage) return { records: Buffer.alloc(0), firstOffset };
        const size = LOG_OVERHEAD + buf.readInt32BE(start + OFF_LENGTH);
        return { records: this.readAt(from + start, size), firstOffset };
      }
      if (from + buf.length >= this.size) return undefined; // nothing at or after startOffset here
    }
    return this.readSlow(startOffset, maxSize, maxOffset, minOneMessage);
  }

  private readWindow(position: number, firstOffset: bigint, maxSize: number, maxOffset: bigint | undefined, minOneMessage: boolean): { records: Buffer; firstOffset: bigint } {
    let buf = this.readAt(position, Math.min(maxSize, this.size - position));
    let p = 0;
    while (p + LOG_OVERHEAD <= buf.length) {
      if (maxOffset !== undefined && buf.readBigInt64BE(p + OFF_BASE_OFFSET) >= maxOffset) break;
      const size = LOG_OVERHEAD + buf.readInt32BE(p + OFF_LENGTH);
      if (p + size > buf.length) break;
      p += size;
    }
    if (p === 0 && minOneMessage) {
      const head = this.readAt(position, LOG_OVERHEAD);
      buf = this.readAt(position, LOG_OVERHEAD + head.readInt32BE(OFF_LENGTH));
      p = buf.length;
    }
    return { records: p === buf.length ? buf : buf.subarray(0, p), firstOffset };
  }

  private readSlow(startOffset: bigint, maxSize: number, maxOffset: bigint | undefined, minOneMessage: boolean): { records: Buffer; firstOffset: bigint } | undefined {
    const loc = this.translateOffset(startOffset);
    if (!loc) return undefined;
    if (maxOffset !== undefined && loc.baseOffset >= maxOffset) return { records: Buffer.alloc(0), firstOffset: loc.baseOffset };
    return this.readWindow(loc.position, loc.baseOffset, maxSize, maxOffset, minOneMessage);
  }

  /** Next offset after the last batch (baseOffset when empty). */
  readNextOffset(): bigint {
    let next = this.baseOffset;
    for (const b of this.scan(this.offsetIndex.lastEntry().position)) {
      next = b.buf.readBigInt64BE(b.at + OFF_BASE_OFFSET) + BigInt(b.buf.readInt32BE(b.at + OFF_LAST_OFFSET_DELTA)) + 1n;
    }
    return next;
  }

  /** First batch's max timestamp (Kafka's rolling-based timestamp), if the segment has data. */
  rollingBasedTimestamp(): bigint | undefined {
    if (this.rollingBasedTs === undefined && this.size >= BATCH_OVERHEAD) {
      const h = this.readAt(0, BATCH_OVERHEAD);
      if (h.length === BATCH_OVERHEAD) this.rollingBasedTs = h.readBigInt64BE(OFF_MAX_TIMESTAMP);
    }
    return this.rollingBasedTs;
  }

  /** Kafka's timeWaitedForRoll: message-time based when the segment has timestamps, else wall clock since creation. */
  timeWaitedForRoll(now: number, messageTimestamp: bigint): number {
    const t = this.rollingBasedTimestamp();
    if (t !== undefined && t >= 0n) return Number(messageTimestamp - t);
    return now - this.created;
  }

  lastModified(): number {
    return fstatSync(this.fd).mtimeMs;
  }

  /** Largest record timestamp, or the file's last-modified time when there is none (Kafka). */
  largestTimestamp(): number {
    return this.maxTimestampSoFar >= 0n ? Number(this.maxTimestampSoFar) : this.lastModified();
  }

  /**
   * Rebuild the indexes from the .log file, validating every batch (length, magic, CRC, offsets);
   * truncate a torn or corrupt tail. Returns the number of bytes truncated and why.
   */
  recover(onBatch?: (h: BatchHeader) => void): { truncatedBytes: number; reason?: string; validBytes: number } {
    this.offsetIndex.reset();
    this.timeIndex.reset();
    this.maxTimestampSoFar = -1n;
    this.offsetOfMaxTimestampSoFar = this.baseOffset;
    let validBytes = 0;
    let lastIndexEntry = 0;
    let reason: string | undefined;
    for (const b of this.scan(0, true)) {
      if (b.position !== validBytes) break;
      const magic = b.buf.readInt8(b.at + OFF_MAGIC);
      if (magic !== 2) { reason = `Unsupported magic ${magic} at byte offset ${b.position}`; break; }
      if (!isCrcValid(b.buf, b.at)) { reason = `Record batch at byte offset ${b.position} is corrupt (CRC mismatch)`; break; }
      const h = readBatchHeader(b.buf, b.at);
      const lastOffset = h.baseOffset + BigInt(h.lastOffsetDelta);
      if (h.baseOffset < this.baseOffset || lastOffset - this.baseOffset > 2147483647n || h.lastOffsetDelta < 0) {
        reason = `Found batch with offsets [${h.baseOffset}, ${lastOffset}] outside segment ${this.baseOffset}`;
        break;
      }
      if (h.maxTimestamp > this.maxTimestampSoFar) {
        this.maxTimestampSoFar = h.maxTimestamp;
        this.offsetOfMaxTimestampSoFar = lastOffset;
      }
      if (validBytes - lastIndexEntry > this.opts.indexIntervalBytes) {
        this.offsetIndex.append(lastOffset, validBytes);
        this.timeIndex.maybeAppend(this.maxTimestampSoFar, this.offsetOfMaxTimestampSoFar);
        lastIndexEntry = validBytes;
      }
      validBytes += b.size;
      onBatch?.({ ...h, position: b.position });
    }
    const truncatedBytes = this.size - validBytes;
    if (truncatedBytes > 0) {
      reason ??= `Truncated batch at byte offset ${validBytes}`;
      ftruncateSync(this.fd, validBytes);
      this.size = validBytes;
    }
    this.bytesSinceLastIndexEntry = validBytes - lastIndexEntry;
    this.rollingBasedTs = undefined;
    this.offsetIndex.flush();
    this.timeIndex.flush();
    this.dirty = true;
    return { truncatedBytes, reason, validBytes };
  }

  /** Remove the batch containing `offset` and everything after it. Returns bytes removed. */
  truncateTo(offset: bigint): number {
    const loc = this.translateOffset(offset);
    if (!loc) return 0;
    this.offsetIndex.truncateTo(offset);
    this.timeIndex.truncateTo(offset);
    const removed = this.size - loc.position;
    ftruncateSync(this.fd, loc.position);
    this.size = loc.position;
    this.bytesSinceLastIndexEntry = 0;
    const last = this.timeIndex.lastEntry();
    this.maxTimestampSoFar = last.timestamp;
    this.offsetOfMaxTimestampSoFar = last.offset;
    if (this.size === 0) {
      this.rollingBasedTs = undefined;
      this.created = Date.now();
    }
    this.dirty = true;
    return removed;
  }

  /** Kafka's onBecomeInactiveSegment: record the final max timestamp in the time index. */
  onBecomeInactive(): void {
    if (this.maxTimestampSoFar >= 0n) this.timeIndex.maybeAppend(this.maxTimestampSoFar, this.offsetOfMaxTimestampSoFar, true);
    this.offsetIndex.flush(true);
    this.timeIndex.flush(true);
    this.offsetIndex.closeFd();
    this.timeIndex.closeFd();
  }

  get isDirty(): boolean {
    return this.dirty;
  }

  flush(): void {
    if (!this.dirty) return;
    fsyncSync(this.fd);
    this.offsetIndex.flush(true);
    this.timeIndex.flush(true);
    this.dirty = false;
  }

  /** Rename all three files from the current suffix to `suffix` (e.g. "" -> ".deleted"). */
  changeFileSuffix(suffix: string): void {
    const prefix = join(this.dir, filenamePrefix(this.baseOffset));
    renameSync(prefix + LOG_SUFFIX + this.suffix, prefix + LOG_SUFFIX + suffix);
    this.offsetIndex.flush();
    this.timeIndex.flush();
    this.offsetIndex.renameTo(prefix + INDEX_SUFFIX + suffix);
    this.timeIndex.renameTo(prefix + TIME_INDEX_SUFFIX + suffix);
    this.suffix = suffix;
  }

  close(): void {
    if (this.maxTimestampSoFar >= 0n) this.timeIndex.maybeAppend(this.maxTimestampSoFar, this.offsetOfMaxTimestampSoFar, true);
    this.offsetIndex.close();
    this.timeIndex.close();
    if (this.dirty) fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = -1;
  }

  /** Close and remove the files. */
  deleteFiles(): void {
    try { closeSync(this.fd); } catch { /* already closed */ }
    this.fd = -1;
    this.offsetIndex.deleteFile();
    this.timeIndex.deleteFile();
    rmSync(this.logFile, { force: true });
  }

  /** Close the fd and index fds only (files stay), e.g. before an async delete. */
  closeHandlers(): void {
    if (this.fd >= 0) this.closedMtime = Math.floor(this.lastModified());
    this.offsetIndex.renameTo(this.offsetIndex.file);
    this.timeIndex.renameTo(this.timeIndex.file);
    try { closeSync(this.fd); } catch { /* already closed */ }
    this.fd = -1;
  }

  toString(): string {
    return `LogSegment(baseOffset=${this.baseOffset}, size=${this.size}, lastModifiedTime=${this.fd >= 0 ? Math.floor(this.lastModified()) : this.closedMtime}, largestRecordTimestamp=${this.maxTimestampSoFar >= 0n ? `Some(${this.maxTimestampSoFar})` : "None"})`;
  }
}
