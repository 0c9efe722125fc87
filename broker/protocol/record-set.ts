/**
 * Record-level encoding inside RecordBatch v2 (header layout in records.ts), for use OFF the hot
 * path only: CLI tools, the log cleaner, tests. The broker's produce/fetch path never calls this.
 *
 * Each record inside a batch's (possibly compressed) records section:
 *
 *   length          varint   bytes that follow
 *   attributes      int8     unused, 0
 *   timestampDelta  varlong  timestamp - batch baseTimestamp
 *   offsetDelta     varint   offset - batch baseOffset
 *   keyLength       varint   -1 = null key
 *   key             bytes
 *   valueLength     varint   -1 = null value (tombstone)
 *   value           bytes
 *   headerCount     varint
 *   headers         headerKeyLength varint, headerKey UTF-8, headerValueLength varint (-1 null), value
 *
 * varint / varlong are zigzag-encoded (protobuf style); here handled with Numbers, exact up to 2^53.
 */
import {
  ATTR_COMPRESSION_MASK, ATTR_CONTROL, ATTR_TIMESTAMP_TYPE, ATTR_TRANSACTIONAL, BATCH_OVERHEAD, LOG_OVERHEAD,
  iterateBatches, rewriteCrc, type BatchHeader,
} from "./records.js";
import { CODEC_NONE, compressSync, decompressSync } from "./compression.js";
import { KafkaError } from "./errors.js";

export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

export interface DecodedRecord {
  offset: bigint;
  timestamp: bigint;
  /** 0 CreateTime, 1 LogAppendTime */
  timestampType: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
  isControl: boolean;
  isTransactional: boolean;
  producerId: bigint;
  partitionLeaderEpoch: number;
}

export interface RecordInput {
  key?: Buffer | string | null;
  value?: Buffer | string | null;
  headers?: { key: string; value: Buffer | string | null }[] | Record<string, Buffer | string | null>;
  /** ms since epoch; defaults to the batch's timestamp (now) */
  timestamp?: bigint | number;
}

export interface BuildBatchOptions {
  records: RecordInput[];
  baseOffset?: bigint;
  /** compression codec 0-4 (see compression.ts) */
  compression?: number;
  producerId?: bigint;
  producerEpoch?: number;
  baseSequence?: number;
  partitionLeaderEpoch?: number;
  transactional?: boolean;
  isControl?: boolean;
  /** 1 = LogAppendTime */
  timestampType?: number;
  /** used for records without a timestamp; defaults to Date.now() */
  timestamp?: bigint | number;
}

// ---- varints ----

class VarReader {
  constructor(readonly buf: Buffer, public pos: number, readonly end: number) {}
  uvarlong(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new KafkaError("CORRUPT_MESSAGE", "Truncated varint in record");
      const b = this.buf[this.pos++]!;
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return result;
      mul *= 128;
    }
    throw new KafkaError("CORRUPT_MESSAGE", "Varint too long in record");
  }
  varlong(): number {
    const u = this.uvarlong();
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }
  bytes(): Buffer | null {
    const len = this.varlong();
    if (len < 0) return null;
    if (this.pos + len > this.end) throw new KafkaError("CORRUPT_MESSAGE", "Record field overruns the record");
    const b = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return b;
  }
}

export function varlongSize(v: number): number {
  let z = v >= 0 ? v * 2 : -v * 2 - 1;
  let n = 1;
  while (z >= 0x80) {
    z = Math.floor(z / 128);
    n++;
  }
  return n;
}

/** Write a zigzag varlong at `pos`; returns the next position. */
function putVarlong(b: Buffer, pos: number, v: number): number {
  let z = v >= 0 ? v * 2 : -v * 2 - 1;
  while (z >= 0x80) {
    b[pos++] = (z % 128) | 0x80;
    z = Math.floor(z / 128);
  }
  b[pos++] = z;
  return pos;
}

// ---- decode ----

/** Every record of every complete batch in `buf` (decompressing as needed). */
export function decodeRecords(buf: Buffer): DecodedRecord[] {
  const out: DecodedRecord[] = [];
  for (const h of iterateBatches(buf)) decodeBatchInto(buf, h, out);
  return out;
}

/** The records of one batch (header from iterateBatches/readBatchHeader). */
export function decodeBatch(buf: Buffer, h: BatchHeader): DecodedRecord[] {
  const out: DecodedRecord[] = [];
  decodeBatchInto(buf, h, out);
  return out;
}

function decodeBatchInto(buf: Buffer, h: BatchHeader, out: DecodedRecord[]): void {
  if (h.magic !== 2) throw new KafkaError("CORRUPT_MESSAGE", `Unsupported record batch magic ${h.magic}`);
  const start = h.position + BATCH_OVERHEAD;
  const end = h.position + h.sizeInBytes;
  const codec = h.attributes & ATTR_COMPRESSION_MASK;
  const body = codec === CODEC_NONE ? buf.subarray(start, end) : decompressSync(codec, buf.subarray(start, end));
  const r = new VarReader(body, 0, body.length);
  const logAppend = (h.attributes & ATTR_TIMESTAMP_TYPE) !== 0;
  const isControl = (h.attributes & ATTR_CONTROL) !== 0;
  const isTransactional = (h.attributes & ATTR_TRANSACTIONAL) !== 0;
  for (let i = 0; i < h.recordsCount; i++) {
    const len = r.varlong();
    const recEnd = r.pos + len;
    if (len < 0 || recEnd > body.length) throw new KafkaError("CORRUPT_MESSAGE", "Record overruns its batch");
    r.pos += 1; // attributes
    const tsDelta = r.varlong();
    const offDelta = r.varlong();
    const key = r.bytes();
    const value = r.bytes();
    const nHeaders = r.varlong();
    const headers: RecordHeader[] = [];
    for (let j = 0; j < nHeaders; j++) {
      const hk = r.bytes();
      headers.push({ key: hk ? hk.toString("utf8") : "", value: r.bytes() });
    }
    r.pos = recEnd;
    out.push({
      offset: h.baseOffset + BigInt(offDelta),
      timestamp: logAppend ? h.maxTimestamp : h.baseTimestamp + BigInt(tsDelta),
      timestampType: logAppend ? 1 : 0,
      key, value, headers, isControl, isTransactional,
      producerId: h.producerId,
      partitionLeaderEpoch: h.partitionLeaderEpoch,
    });
  }
}

// ---- build ----

function asBuf(v: Buffer | string | null | undefined): Buffer | null {
  if (v === null || v === undefined) return null;
  return typeof v === "string" ? Buffer.from(v, "utf8") : v;
}

/** One RecordBatch v2 (header + records, compressed if asked), CRC filled in. */
export function buildRecordBatch(opts: BuildBatchOptions): Buffer {
  const recs = opts.records;
  if (recs.length === 0) throw new Error("a record batch needs at least one record");
  const now = BigInt(opts.timestamp ?? Date.now());
  const stamps = recs.map((r) => (r.timestamp === undefined ? now : BigInt(r.timestamp)));
  let base = stamps[0]!;
  let max = stamps[0]!;
  for (const t of stamps) {
    if (t < base) base = t;
    if (t > max) max = t;
  }

  // pass 1: sizes; pass 2: write every record straight into one buffer
  const n = recs.length;
  const keys: (Buffer | null)[] = new Array(n);
  const values: (Buffer | null)[] = new Array(n);
  const headers: { key: Buffer; value: Buffer | null }[][] = new Array(n);
  const bodySizes: number[] = new Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const rec = recs[i]!;
    const k = asBuf(rec.key);
    const v = asBuf(rec.value);
    const hs = (Array.isArray(rec.headers) ? rec.headers : Object.entries(rec.headers ?? {}).map(([key, value]) => ({ key, value })))
      .map((h) => ({ key: Buffer.from(h.key, "utf8"), value: asBuf(h.value) }));
    let size = 1 + varlongSize(Number(stamps[i]! - base)) + varlongSize(i);
    size += k ? varlongSize(k.length) + k.length : 1;
    size += v ? varlongSize(v.length) + v.length : 1;
    size += varlongSize(hs.length);
    for (const h of hs) size += varlongSize(h.key.length) + h.key.length + (h.value ? varlongSize(h.value.length) + h.value.length : 1);
    keys[i] = k;
    values[i] = v;
    headers[i] = hs;
    bodySizes[i] = size;
    total += varlongSize(size) + size;
  }
  const plain = Buffer.allocUnsafe(total);
  let pos = 0;
  const putBytes = (b: Buffer | null): void => {
    if (b === null) {
      plain[pos++] = 1; // varlong -1
      return;
    }
    pos = putVarlong(plain, pos, b.length);
    pos += b.copy(plain, pos);
  };
  for (let i = 0; i < n; i++) {
    pos = putVarlong(plain, pos, bodySizes[i]!);
    plain[pos++] = 0; // attributes
    pos = putVarlong(plain, pos, Number(stamps[i]! - base));
    pos = putVarlong(plain, pos, i);
    putBytes(keys[i]!);
    putBytes(values[i]!);
    const hs = headers[i]!;
    pos = putVarlong(plain, pos, hs.length);
    for (const h of hs) {
      putBytes(h.key);
      putBytes(h.value);
    }
  }

  const codec = opts.compression ?? CODEC_NONE;
  const records = codec === CODEC_NONE ? plain : compressSync(codec, plain);
  const batch = Buffer.alloc(BATCH_OVERHEAD + records.length);
  batch.writeBigInt64BE(opts.baseOffset ?? 0n, 0);
  batch.writeInt32BE(batch.length - LOG_OVERHEAD, 8);
  batch.writeInt32BE(opts.partitionLeaderEpoch ?? -1, 12);
  batch.writeInt8(2, 16);
  let attrs = codec & ATTR_COMPRESSION_MASK;
  if (opts.timestampType === 1) attrs |= ATTR_TIMESTAMP_TYPE;
  if (opts.transactional) attrs |= ATTR_TRANSACTIONAL;
  if (opts.isControl) attrs |= ATTR_CONTROL;
  batch.writeInt16BE(attrs, 21);
  batch.writeInt32BE(recs.length - 1, 23);
  batch.writeBigInt64BE(base, 27);
  batch.writeBigInt64BE(max, 35);
  batch.writeBigInt64BE(opts.producerId ?? -1n, 43);
  batch.writeInt16BE(opts.producerEpoch ?? -1, 51);
  batch.writeInt32BE(opts.baseSequence ?? -1, 53);
  batch.writeInt32BE(recs.length, 57);
  records.copy(batch, BATCH_OVERHEAD);
  rewriteCrc(batch, 0);
  return batch;
}
