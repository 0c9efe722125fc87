/**
 * Offset index (<baseOffset>.index), Kafka's format: a sparse map from offset to the byte
 * position of a batch in the segment's .log file, one 8-byte entry per
 * log.index.interval.bytes of appended data:
 *
 *   int32 relativeOffset   offset - segment baseOffset (the indexed batch's last offset)
 *   int32 position         byte position of that batch in the .log file
 *
 * Entries are strictly increasing in both fields. A lookup returns the last entry with
 * offset <= target (or {baseOffset, 0}); the reader scans forward from that position.
 */
import { IndexFile } from "./index-file.js";

export interface OffsetPosition {
  offset: bigint;
  position: number;
}

export class OffsetIndex extends IndexFile {
  constructor(file: string, baseOffset: bigint, maxIndexSize: number) {
    super(file, baseOffset, 8, maxIndexSize);
  }

  private relAt(i: number): number {
    return this.buf.readInt32BE(i * 8);
  }

  entry(i: number): OffsetPosition {
    return { offset: this.baseOffset + BigInt(this.relAt(i)), position: this.buf.readInt32BE(i * 8 + 4) };
  }

  lastEntry(): OffsetPosition {
    return this.entries === 0 ? { offset: this.baseOffset, position: 0 } : this.entry(this.entries - 1);
  }

  /** Append an entry; ignored unless offset and position are beyond the last entry (as Kafka requires). */
  append(offset: bigint, position: number): void {
    const rel = Number(offset - this.baseOffset);
    const n = this.entries;
    if (n > 0 && (rel <= this.relAt(n - 1) || position <= this.buf.readInt32BE((n - 1) * 8 + 4))) return;
    const at = this.reserve();
    this.buf.writeInt32BE(rel, at);
    this.buf.writeInt32BE(position, at + 4);
  }

  lookup(target: bigint): OffsetPosition {
    const rel = target - this.baseOffset;
    const i = this.largestLowerBound(rel, (k) => BigInt(this.relAt(k)));
    return i < 0 ? { offset: this.baseOffset, position: 0 } : this.entry(i);
  }

  /** Remove entries with offset >= `offset`. */
  truncateTo(offset: bigint): void {
    const rel = offset - this.baseOffset;
    let n = this.entries;
    while (n > 0 && BigInt(this.relAt(n - 1)) >= rel) n--;
    this.truncateEntries(n);
  }

  /** Kafka's sanityCheck: entries increasing, positions within the log file. Returns an error text or undefined. */
  sanityCheck(logSize: number): string | undefined {
    let prevRel = -1;
    let prevPos = -1;
    for (let i = 0; i < this.entries; i++) {
      const rel = this.relAt(i);
      const pos = this.buf.readInt32BE(i * 8 + 4);
      if (rel <= prevRel || pos <= prevPos || rel < 0 || pos < 0 || pos >= logSize) {
        return `Corrupt index found, index file (${this.file}) has non-increasing or out-of-range entry ${i}: offset ${rel}, position ${pos}`;
      }
      prevRel = rel;
      prevPos = pos;
    }
    return undefined;
  }
}
