/**
 * The file mechanics shared by the offset index and the time index: fixed-size big-endian
 * entries kept in memory exactly as they are laid out on disk, binary-searched in memory, and
 * appended to the file by flush() — which the segment calls after every append that added an
 * entry (a write to the page cache; fsync only with flush(true) on log flush, roll and close).
 *
 * Difference from Kafka: Kafka preallocates the active segment's index files to
 * segment.index.bytes (10 MB, zero-filled, mmap'ed) and trims them on roll/close. We grow the
 * files instead, so an index file's length is always exactly entries * entrySize — the same
 * bytes Kafka has on disk after a trim. "Full" still means entries * entrySize >= maxIndexSize.
 * Files Kafka left preallocated (zero entries at the end) are read up to the first zero entry.
 */
import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";

export abstract class IndexFile {
  protected buf: Buffer;
  protected used = 0; // bytes of valid entries in buf
  private persisted = 0; // bytes of buf known to be on disk (file length)
  private fd: number | undefined;

  constructor(public file: string, readonly baseOffset: bigint, readonly entrySize: number, public maxIndexSize: number) {
    let data: Buffer | undefined;
    if (existsSync(file)) data = readFileSync(file);
    const len = data ? data.length - (data.length % entrySize) : 0;
    this.buf = Buffer.alloc(Math.max(len, entrySize * 64));
    if (data && len > 0) data.copy(this.buf, 0, 0, len);
    this.used = len;
    this.persisted = data ? data.length : 0;
    if (data && data.length !== len) this.persisted = -1; // torn tail: rewrite on flush
    // A file preallocated by Apache Kafka (active segment at a crash) ends in zero entries: the
    // entries stop at the first all-zero one after the first entry.
    if (len > entrySize && this.buf[len - 1] === 0) {
      const zero = Buffer.alloc(entrySize);
      for (let at = entrySize; at < len; at += entrySize) {
        if (this.buf.compare(zero, 0, entrySize, at, at + entrySize) === 0) {
          this.used = at;
          this.persisted = -1;
          break;
        }
      }
    }
  }

  get entries(): number {
    return this.used / this.entrySize;
  }

  get sizeInBytes(): number {
    return this.used;
  }

  get maxEntries(): number {
    return Math.floor(this.maxIndexSize / this.entrySize);
  }

  isFull(): boolean {
    return this.entries >= this.maxEntries;
  }

  protected reserve(): number {
    if (this.used + this.entrySize > this.buf.length) {
      const next = Buffer.alloc(this.buf.length * 2);
      this.buf.copy(next, 0, 0, this.used);
      this.buf = next;
    }
    const at = this.used;
    this.used += this.entrySize;
    return at;
  }

  /** Keep only the first n entries. */
  protected truncateEntries(n: number): void {
    const bytes = n * this.entrySize;
    if (bytes >= this.used) return;
    this.used = bytes;
    if (this.persisted > bytes) this.persisted = -1;
  }

  /** Binary search: index of the last entry whose key (from keyAt) is <= target, or -1. */
  protected largestLowerBound(target: bigint, keyAt: (i: number) => bigint): number {
    let lo = 0;
    let hi = this.entries - 1;
    if (hi < 0 || keyAt(0) > target) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (keyAt(mid) <= target) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  reset(): void {
    this.truncateEntries(0);
  }

  /** Make sure the file exists (Kafka creates both index files with the segment). */
  ensureFile(): void {
    if (this.fd === undefined && !existsSync(this.file)) {
      this.fd = openSync(this.file, "w+");
      this.persisted = 0;
    }
  }

  /** Write entries not yet on disk; fsync when asked. */
  flush(sync = false): void {
    if (this.persisted === this.used && !sync && (this.fd !== undefined || existsSync(this.file))) return;
    this.fd ??= openSync(this.file, existsSync(this.file) ? "r+" : "w+");
    if (this.persisted < 0 || this.persisted > this.used) {
      ftruncateSync(this.fd, 0);
      this.persisted = 0;
    }
    if (this.used > this.persisted) {
      writeSync(this.fd, this.buf, this.persisted, this.used - this.persisted, this.persisted);
      this.persisted = this.used;
    }
    if (sync) fsyncSync(this.fd);
  }

  /** Release the file descriptor (entries stay in memory; the next flush reopens). */
  closeFd(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  close(): void {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  renameTo(file: string): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    if (existsSync(this.file)) renameSync(this.file, file);
    this.file = file;
  }

  deleteFile(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.file, { force: true });
    this.persisted = -1;
  }
}
