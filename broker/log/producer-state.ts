/**
 * Idempotent-producer state of one partition (Kafka's ProducerStateManager): per producer id
 * the current epoch and the metadata of its last 5 batches (sequence range, offsets,
 * timestamp), used to reject out-of-order or fenced writes and to answer retried duplicates
 * with the original offsets.
 *
 * Sequence rules (Kafka 3.x ProducerAppendInfo):
 *   - epoch lower than the current one            -> INVALID_PRODUCER_EPOCH
 *   - new (higher) epoch: first sequence must be 0 -> else OUT_OF_ORDER_SEQUENCE_NUMBER
 *     (unless the producer is unknown: then any sequence is accepted, as Kafka does since
 *      the producer state may have been removed by retention / DeleteRecords)
 *   - same epoch: firstSeq must be lastSeq + 1 (with wrap at Int32.MAX) -> else OUT_OF_ORDER
 *   - a batch equal (epoch, firstSeq, lastSeq) to one of the last 5 -> duplicate
 *
 * Snapshot file `<offset>.snapshot` in the partition dir, Kafka's format (version 1), all
 * big-endian; the state reflects every batch below <offset>:
 *   int16 version (1)
 *   uint32 crc           CRC-32C of everything after this field
 *   int32 count
 *   count x { int64 producerId, int16 epoch, int32 lastSequence, int64 lastOffset,
 *             int32 offsetDelta (lastOffset - firstOffset of the last batch), int64 timestamp,
 *             int32 coordinatorEpoch, int64 currentTxnFirstOffset (-1 if none) }
 * As in Kafka, a snapshot keeps only the last batch per producer.
 */
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { crc32c } from "@node-rs/crc32";
import { filenamePrefix } from "./log-segment.js";
import { LogError } from "./log-error.js";

export const SNAPSHOT_SUFFIX = ".snapshot";
const NUM_BATCHES_TO_RETAIN = 5;
const ENTRY_SIZE = 8 + 2 + 4 + 8 + 4 + 8 + 4 + 8;

export interface BatchMetadata {
  firstSeq: number;
  lastSeq: number;
  firstOffset: bigint;
  lastOffset: bigint;
  timestamp: bigint;
}

export interface ProducerEntry {
  producerId: bigint;
  epoch: number;
  batches: BatchMetadata[]; // oldest first, at most 5
  lastTimestamp: bigint;
  coordinatorEpoch: number;
  currentTxnFirstOffset: bigint; // -1 when no open transaction
}

/** The fields of a batch header that producer state needs. */
export interface ProducerBatch {
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  lastOffsetDelta: number;
  isTransactional: boolean;
  isControl: boolean;
}

export function lastSequence(baseSequence: number, lastOffsetDelta: number): number {
  const s = baseSequence + lastOffsetDelta;
  return s > 2147483647 ? s - 2147483648 : s;
}

function inSequence(lastSeq: number, nextSeq: number): boolean {
  return nextSeq === lastSeq + 1 || (nextSeq === 0 && lastSeq === 2147483647);
}

export class ProducerStateManager {
  readonly producers = new Map<bigint, ProducerEntry>();
  /** The state reflects all batches below this offset. */
  mapEndOffset = 0n;

  constructor(readonly dir: string, readonly tp: string) {}

  lastEntry(producerId: bigint): ProducerEntry | undefined {
    return this.producers.get(producerId);
  }

  /**
   * Validate a client batch against the current state (+ earlier batches of the same request in
   * `pending`). Returns the original metadata when the batch is a duplicate; throws LogError.
   */
  checkClientBatch(b: ProducerBatch, offsetForMsg: bigint, pending?: Map<bigint, ProducerEntry>): BatchMetadata | undefined {
    const entry = pending?.get(b.producerId) ?? this.producers.get(b.producerId);
    const firstSeq = b.baseSequence;
    const lastSeq = lastSequence(firstSeq, b.lastOffsetDelta);
    if (entry && entry.epoch === b.producerEpoch) {
      const dup = entry.batches.find((m) => m.firstSeq === firstSeq && m.lastSeq === lastSeq);
      if (dup) return dup;
    }
    const currentEpoch = entry?.epoch ?? -1;
    if (b.producerEpoch < currentEpoch) {
      throw new LogError("INVALID_PRODUCER_EPOCH", `Epoch of producer ${b.producerId} at offset ${offsetForMsg} in ${this.tp} is ${b.producerEpoch}, which is smaller than the last seen epoch ${currentEpoch}`);
    }
    if (b.isControl) return undefined;
    if (b.producerEpoch !== currentEpoch) {
      if (firstSeq !== 0 && currentEpoch !== -1) {
        throw new LogError("OUT_OF_ORDER_SEQUENCE_NUMBER", `Invalid sequence number for new epoch of producer ${b.producerId} at offset ${offsetForMsg} in partition ${this.tp}: ${b.producerEpoch} (request epoch), ${firstSeq} (seq. number), ${currentEpoch} (current producer epoch)`);
      }
    } else {
      const last = entry?.batches.at(-1);
      const currentLastSeq = last ? last.lastSeq : -1;
      if (last && !inSequence(currentLastSeq, firstSeq)) {
        throw new LogError("OUT_OF_ORDER_SEQUENCE_NUMBER", `Out of order sequence number for producer ${b.producerId} at offset ${offsetForMsg} in partition ${this.tp}: ${firstSeq} (incoming seq. number), ${currentLastSeq} (current end sequence number)`);
      }
    }
    return undefined;
  }

  /** The entry after applying a batch (returns a new or updated copy when `copy`). */
  static applied(entry: ProducerEntry | undefined, b: ProducerBatch, firstOffset: bigint, timestamp: bigint, copy: boolean): ProducerEntry {
    const e: ProducerEntry = entry
      ? (copy ? { ...entry, batches: entry.batches.slice() } : entry)
      : { producerId: b.producerId, epoch: b.producerEpoch, batches: [], lastTimestamp: timestamp, coordinatorEpoch: -1, currentTxnFirstOffset: -1n };
    if (e.epoch !== b.producerEpoch) {
      e.epoch = b.producerEpoch;
      e.batches = [];
    }
    const lastOffset = firstOffset + BigInt(b.lastOffsetDelta);
    if (b.isControl) {
      e.currentTxnFirstOffset = -1n; // commit/abort marker ends the transaction
    } else if (b.baseSequence >= 0) {
      e.batches.push({ firstSeq: b.baseSequence, lastSeq: lastSequence(b.baseSequence, b.lastOffsetDelta), firstOffset, lastOffset, timestamp });
      if (e.batches.length > NUM_BATCHES_TO_RETAIN) e.batches.shift();
      if (b.isTransactional && e.currentTxnFirstOffset < 0n) e.currentTxnFirstOffset = firstOffset;
    }
    e.lastTimestamp = timestamp;
    return e;
  }

  /** Record an appended (or replicated / recovered) batch. */
  update(b: ProducerBatch, firstOffset: bigint, timestamp: bigint): void {
    const e = ProducerStateManager.applied(this.producers.get(b.producerId), b, firstOffset, timestamp, false);
    this.producers.set(b.producerId, e);
    this.mapEndOffset = firstOffset + BigInt(b.lastOffsetDelta) + 1n;
  }

  /** Earliest offset of any open transaction (for a last-stable-offset), or undefined. */
  firstUnstableOffset(): bigint | undefined {
    let min: bigint | undefined;
    for (const e of this.producers.values()) if (e.currentTxnFirstOffset >= 0n && (min === undefined || e.currentTxnFirstOffset < min)) min = e.currentTxnFirstOffset;
    return min;
  }

  /** Kafka's removeExpiredProducers: drop producers idle for producer.id.expiration.ms (no open transaction). */
  removeExpiredProducers(now: number, expirationMs: number): number {
    let n = 0;
    for (const [pid, e] of this.producers) {
      if (e.currentTxnFirstOffset < 0n && now - Number(e.lastTimestamp) >= expirationMs) {
        this.producers.delete(pid);
        n++;
      }
    }
    return n;
  }

  // ---- snapshots ----

  snapshotFile(offset: bigint): string {
    return join(this.dir, filenamePrefix(offset) + SNAPSHOT_SUFFIX);
  }

  /** Snapshot offsets present on disk, ascending. */
  listSnapshots(): bigint[] {
    return readdirSync(this.dir)
      .filter((f) => /^\d{20}\.snapshot$/.test(f))
      .map((f) => BigInt(f.slice(0, 20)))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Write `<mapEndOffset>.snapshot` (Kafka does this at every roll and on close). */
  takeSnapshot(): string {
    const entries = [...this.producers.values()].filter((e) => e.batches.length > 0 || e.currentTxnFirstOffset >= 0n);
    const buf = Buffer.alloc(2 + 4 + 4 + entries.length * ENTRY_SIZE);
    buf.writeInt16BE(1, 0);
    buf.writeInt32BE(entries.length, 6);
    let p = 10;
    for (const e of entries) {
      const last = e.batches.at(-1);
      buf.writeBigInt64BE(e.producerId, p);
      buf.writeInt16BE(e.epoch, p + 8);
      buf.writeInt32BE(last ? last.lastSeq : -1, p + 10);
      buf.writeBigInt64BE(last ? last.lastOffset : -1n, p + 14);
      buf.writeInt32BE(last ? Number(last.lastOffset - last.firstOffset) : 0, p + 22);
      buf.writeBigInt64BE(e.lastTimestamp, p + 26);
      buf.writeInt32BE(e.coordinatorEpoch, p + 34);
      buf.writeBigInt64BE(e.currentTxnFirstOffset, p + 38);
      p += ENTRY_SIZE;
    }
    buf.writeUInt32BE(crc32c(buf.subarray(6)) >>> 0, 2);
    const file = this.snapshotFile(this.mapEndOffset);
    const fd = openSync(file, "w");
    try {
      writeSync(fd, buf);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return file;
  }

  /** Load a snapshot file; throws on a bad version or CRC. */
  readSnapshot(offset: bigint): void {
    const buf = readFileSync(this.snapshotFile(offset));
    if (buf.length < 10 || buf.readInt16BE(0) !== 1) throw new Error(`Snapshot contained an unknown file version`);
    if ((crc32c(buf.subarray(6)) >>> 0) !== buf.readUInt32BE(2)) throw new Error(`Snapshot is corrupt (CRC mismatch)`);
    const count = buf.readInt32BE(6);
    if (buf.length !== 10 + count * ENTRY_SIZE) throw new Error(`Snapshot has an invalid length`);
    this.producers.clear();
    let p = 10;
    for (let i = 0; i < count; i++) {
      const producerId = buf.readBigInt64BE(p);
      const lastSeq = buf.readInt32BE(p + 10);
      const lastOffset = buf.readBigInt64BE(p + 14);
      const offsetDelta = buf.readInt32BE(p + 22);
      const timestamp = buf.readBigInt64BE(p + 26);
      const batches: BatchMetadata[] = lastSeq >= 0
        ? [{ firstSeq: Math.max(0, lastSeq - offsetDelta), lastSeq, firstOffset: lastOffset - BigInt(offsetDelta), lastOffset, timestamp }]
        : [];
      this.producers.set(producerId, {
        producerId, epoch: buf.readInt16BE(p + 8), batches, lastTimestamp: timestamp,
        coordinatorEpoch: buf.readInt32BE(p + 34), currentTxnFirstOffset: buf.readBigInt64BE(p + 38),
      });
      p += ENTRY_SIZE;
    }
    this.mapEndOffset = offset;
  }

  /**
   * Load the newest valid snapshot at or below `maxOffset` (deleting newer/invalid ones).
   * Returns the offset the state now reflects (0 or logStartOffset when none: replay from there).
   */
  loadFromSnapshot(logStartOffset: bigint, maxOffset: bigint, onInvalid?: (file: string, err: string) => void): bigint {
    this.producers.clear();
    for (const off of this.listSnapshots().reverse()) {
      if (off > maxOffset) { rmSync(this.snapshotFile(off), { force: true }); continue; }
      try {
        this.readSnapshot(off);
        return this.mapEndOffset;
      } catch (e) {
        onInvalid?.(this.snapshotFile(off), (e as Error).message);
        rmSync(this.snapshotFile(off), { force: true });
      }
    }
    this.producers.clear();
    this.mapEndOffset = logStartOffset;
    return logStartOffset;
  }

  /** Delete snapshots below `offset` (retention) and drop producers whose last offset is below it. */
  deleteSnapshotsBefore(offset: bigint): void {
    for (const off of this.listSnapshots()) if (off < offset) rmSync(this.snapshotFile(off), { force: true });
  }

  /** Truncation: delete snapshots above `offset`. The caller reloads state. */
  deleteSnapshotsAfter(offset: bigint): void {
    for (const off of this.listSnapshots()) if (off > offset) rmSync(this.snapshotFile(off), { force: true });
  }

  /** Keep only the newest `n` snapshots. */
  retainNewest(n: number): void {
    const all = this.listSnapshots();
    for (const off of all.slice(0, Math.max(0, all.length - n))) rmSync(this.snapshotFile(off), { force: true });
  }

  truncateFully(offset: bigint): void {
    this.producers.clear();
    for (const off of this.listSnapshots()) rmSync(this.snapshotFile(off), { force: true });
    this.mapEndOffset = offset;
  }
}
