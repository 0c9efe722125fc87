/**
 * Record-level view of a RecordBatch v2, for the off-hot-path users of the log layer
 * (timestamp search, log cleaner, legacy-format conversion, and only where a topic asks for
 * it: compacted-topic key checks and compression.type rebuilds). The common produce path
 * (compression.type=producer, cleanup.policy=delete) and the fetch path never call this.
 *
 * Record (inside a batch's records section, after decompression):
 *   varint length, int8 attributes, varlong timestampDelta, varint offsetDelta,
 *   varint keyLength (-1 = null), key, varint valueLength (-1 = null), value,
 *   varint headerCount, headerCount x { varint keyLength, key, varint valueLength, value }
 * (varints are zig-zag encoded, as in protobuf.)
 *
 * Decoding uses broker/protocol/record-set.ts (all codecs); buildBatch exists because the
 * cleaner must keep original offsets (sparse offsetDeltas, the original lastOffsetDelta),
 * which record-set's buildRecordBatch does not express.
 */
import { crc32c } from "@node-rs/crc32";
import { compressSync } from "../protocol/compression.js";
import { decodeBatch } from "../protocol/record-set.js";
import { ATTR_TIMESTAMP_TYPE, BATCH_OVERHEAD, LOG_OVERHEAD, OFF_ATTRIBUTES, OFF_CRC, readBatchHeader, type BatchHeader } from "../protocol/records.js";

export interface LogRecord {
  offset: bigint;
  timestamp: bigint;
  key: Buffer | null;
  value: Buffer | null;
  headers: { key: string; value: Buffer | null }[];
}

/** Decode the records of the batch at `pos` in `buf` (decompressing as needed; offsets/timestamps absolute). */
export function decodeBatchRecords(buf: Buffer, pos = 0): { header: BatchHeader; records: LogRecord[] } {
  const header = readBatchHeader(buf, pos);
  const batch = pos === 0 && buf.length === header.sizeInBytes ? buf : buf.subarray(pos, pos + header.sizeInBytes);
  const records = decodeBatch(batch, { ...header, position: 0 }).map((r) => ({ offset: r.offset, timestamp: r.timestamp, key: r.key, value: r.value, headers: r.headers }));
  return { header, records };
}

function zigzag(n: bigint): bigint {
  return (n << 1n) ^ (n >> 63n);
}

function varlongBytes(v: bigint, out: number[]): void {
  let z = BigInt.asUintN(64, zigzag(v));
  while (z >= 0x80n) {
    out.push(Number(z & 0x7fn) | 0x80);
    z >>= 7n;
  }
  out.push(Number(z));
}

function pushBytes(b: Buffer | null, out: number[], parts: Buffer[], flush: () => void): void {
  if (b === null) { varlongBytes(-1n, out); return; }
  varlongBytes(BigInt(b.length), out);
  flush();
  parts.push(b);
}

export interface BuildBatchOptions {
  baseOffset?: bigint;
  partitionLeaderEpoch?: number;
  producerId?: bigint;
  producerEpoch?: number;
  baseSequence?: number;
  compression?: number;
  transactional?: boolean;
  control?: boolean;
  logAppendTime?: boolean;
  baseTimestamp?: bigint;
  /** Force lastOffsetDelta (cleaner keeps the original batch's last offset). */
  lastOffsetDelta?: number;
  maxTimestamp?: bigint;
}

/** Encode records into one RecordBatch v2. A record's `offset` (absolute) is kept as baseOffset + offsetDelta; default: consecutive. */
export interface BuildRecord {
  offset?: bigint;
  timestamp: bigint;
  key: Buffer | null;
  value: Buffer | null;
  headers?: LogRecord["headers"];
}

export function buildBatch(list: readonly BuildRecord[], opts: BuildBatchOptions = {}): Buffer {
  const baseOffset = opts.baseOffset ?? 0n;
  const baseTs = opts.baseTimestamp ?? (list.length > 0 ? list.reduce((m, r) => (r.timestamp < m ? r.timestamp : m), list[0]!.timestamp) : -1n);
  let maxTs = -1n;
  const parts: Buffer[] = [];
  let lastDelta = 0;
  list.forEach((rec, i) => {
    const offDelta = rec.offset !== undefined ? Number(rec.offset - baseOffset) : i;
    lastDelta = Math.max(lastDelta, offDelta);
    if (rec.timestamp > maxTs) maxTs = rec.timestamp;
    const body: number[] = [];
    const bodyParts: Buffer[] = [];
    const flush = () => { if (body.length) { bodyParts.push(Buffer.from(body)); body.length = 0; } };
    body.push(0);
    varlongBytes(rec.timestamp - baseTs, body);
    varlongBytes(BigInt(offDelta), body);
    pushBytes(rec.key, body, bodyParts, flush);
    pushBytes(rec.value, body, bodyParts, flush);
    const headers = rec.headers ?? [];
    varlongBytes(BigInt(headers.length), body);
    for (const h of headers) {
      pushBytes(Buffer.from(h.key, "utf8"), body, bodyParts, flush);
      pushBytes(h.value, body, bodyParts, flush);
    }
    flush();
    const recBody = Buffer.concat(bodyParts);
    const lenBytes: number[] = [];
    varlongBytes(BigInt(recBody.length), lenBytes);
    parts.push(Buffer.from(lenBytes), recBody);
  });
  let recordsBuf: Buffer = Buffer.concat(parts);
  const codec = opts.compression ?? 0;
  if (codec !== 0) recordsBuf = compressSync(codec, recordsBuf);
  const buf = Buffer.alloc(BATCH_OVERHEAD + recordsBuf.length);
  buf.writeBigInt64BE(baseOffset, 0);
  buf.writeInt32BE(buf.length - LOG_OVERHEAD, 8);
  buf.writeInt32BE(opts.partitionLeaderEpoch ?? -1, 12);
  buf.writeInt8(2, 16);
  let attrs = codec;
  if (opts.logAppendTime) attrs |= ATTR_TIMESTAMP_TYPE;
  if (opts.transactional) attrs |= 0x10;
  if (opts.control) attrs |= 0x20;
  buf.writeInt16BE(attrs, OFF_ATTRIBUTES);
  buf.writeInt32BE(opts.lastOffsetDelta ?? lastDelta, 23);
  buf.writeBigInt64BE(baseTs, 27);
  buf.writeBigInt64BE(opts.maxTimestamp ?? maxTs, 35);
  buf.writeBigInt64BE(opts.producerId ?? -1n, 43);
  buf.writeInt16BE(opts.producerEpoch ?? -1, 51);
  buf.writeInt32BE(opts.baseSequence ?? -1, 53);
  buf.writeInt32BE(list.length, 57);
  recordsBuf.copy(buf, BATCH_OVERHEAD);
  buf.writeUInt32BE(crc32c(buf.subarray(OFF_ATTRIBUTES)) >>> 0, OFF_CRC);
  return buf;
}
