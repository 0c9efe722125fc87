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

function writeUvarlong(out: number[], v: number): void {
  while (v >= 0x80) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
}
function writeVarlong(out: number[], v: number): void {
  writeUvarlong(out, v >= 0 ? v * 2 : -v * 2 - 1);
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

function pushBytes(parts: (number[] | Buffer)[], head: number[], b: Buffer | null): void {
  if (b === null) {
    writeVarlong(head, -1);
    return;
  }
  writeVarlong(head, b.length);
  parts.push(b);
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

  const encoded: Buffer[] = [];
  recs.forEach((rec, i) => {
    const body: (number[] | Buffer)[] = [];
    let cur: number[] = [0]; // attributes
    body.push(cur);
    writeVarlong(cur, Number(stamps[i]! - base));
    writeVarlong(cur, i);
    pushBytes(body, cur, asBuf(rec.key));
    cur = [];
    body.push(cur);
    pushBytes(body, cur, asBuf(rec.value));
    cur = [];
    body.push(cur);
    const hdrs = Array.isArray(rec.headers)
      ? rec.headers
      : Object.entries(rec.headers ?? {}).map(([key, value]) => ({ key, value }));
    writeVarlong(cur, hdrs.length);
    for (const h of hdrs) {
      pushBytes(body, cur, Buffer.from(h.key, "utf8"));
      cur = [];
      body.push(cur);
      pushBytes(body, cur, asBuf(h.value));
      cur = [];
      body.push(cur);
    }
    const bufs = body.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(p)));
    const size = bufs.reduce((n, b) => n + b.length, 0);
    const len: number[] = [];
    writeVarlong(len, size);
    encoded.push(Buffer.from(len), ...bufs);
  });

  const codec = opts.compression ?? CODEC_NONE;
  const plain = Buffer.concat(encoded);
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
