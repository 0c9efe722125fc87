/**
 * Time index (<baseOffset>.timeindex), Kafka's format: 12-byte entries
 *
 *   int64 timestamp        the largest batch timestamp in the segment so far
 *   int32 relativeOffset   offset - segment baseOffset of the batch carrying that timestamp
 *
 * Entries are added next to offset-index entries, only when the timestamp grows, plus one
 * final entry (the segment's max timestamp) when the segment is rolled or closed. A lookup
 * returns the last entry with timestamp <= target: the search for the first offset whose
 * timestamp is >= target starts there.
 */
import { IndexFile } from "./index-file.js";

export interface TimestampOffset {
  timestamp: bigint;
  offset: bigint;
}

export class TimeIndex extends IndexFile {
  constructor(file: string, baseOffset: bigint, maxIndexSize: number) {
    super(file, baseOffset, 12, maxIndexSize);
  }

  private tsAt(i: number): bigint {
    return this.buf.readBigInt64BE(i * 12);
  }

  entry(i: number): TimestampOffset {
    return { timestamp: this.tsAt(i), offset: this.baseOffset + BigInt(this.buf.readInt32BE(i * 12 + 8)) };
  }

  /** Last entry, or {-1, baseOffset} when empty (Kafka's convention). */
  lastEntry(): TimestampOffset {
    return this.entries === 0 ? { timestamp: -1n, offset: this.baseOffset } : this.entry(this.entries - 1);
  }

  /** Append only if timestamp is larger than the last entry's (and the offset not smaller). */
  maybeAppend(timestamp: bigint, offset: bigint, skipFullCheck = false): void {
    if (!skipFullCheck && this.isFull()) return;
    const n = this.entries;
    if (n > 0) {
      const last = this.entry(n - 1);
      if (timestamp <= last.timestamp || offset < last.offset) return;
    }
    const at = this.reserve();
    this.buf.writeBigInt64BE(timestamp, at);
    this.buf.writeInt32BE(Number(offset - this.baseOffset), at + 8);
  }

  lookup(target: bigint): TimestampOffset {
    const i = this.largestLowerBound(target, (k) => this.tsAt(k));
    return i < 0 ? { timestamp: -1n, offset: this.baseOffset } : this.entry(i);
  }

  /** Remove entries whose offset >= `offset`. */
  truncateTo(offset: bigint): void {
    let n = this.entries;
    while (n > 0 && this.entry(n - 1).offset >= offset) n--;
    this.truncateEntries(n);
  }

  sanityCheck(): string | undefined {
    let prevTs = -1n;
    let prevRel = -1;
    for (let i = 0; i < this.entries; i++) {
      const ts = this.tsAt(i);
      const rel = this.buf.readInt32BE(i * 12 + 8);
      if (ts < prevTs || rel < prevRel || rel < 0) {
        return `Corrupt time index found, time index file (${this.file}) has non-increasing entry ${i}: timestamp ${ts}, offset ${rel}`;
      }
      prevTs = ts;
      prevRel = rel;
    }
    return undefined;
  }
}
