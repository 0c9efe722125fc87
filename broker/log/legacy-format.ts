/**
 * Message format conversion between the legacy message sets (magic 0 and 1, Produce v0-2 /
 * Fetch v0-3) and RecordBatch v2, as Kafka 3.x does: Produce requests in the old formats are
 * up-converted in the log layer (LogValidator), and Fetch responses for old versions can be
 * down-converted with downConvert (message.downconversion.enable).
 *
 * Legacy message set entry (big-endian):
 *   int64 offset
 *   int32 messageSize            bytes that follow
 *   uint32 crc                   CRC-32 (IEEE) of magic .. end
 *   int8  magic                  0 or 1
 *   int8  attributes             bits 0-2 codec (1 gzip, 2 snappy, 3 lz4), bit 3 LogAppendTime (v1)
 *   int64 timestamp              v1 only
 *   int32 keyLength, key         -1 = null
 *   int32 valueLength, value     -1 = null; for a compressed wrapper: the compressed inner set
 * In a v1 compressed wrapper the inner offsets are relative (0..n-1); in v0 they are absolute.
 * The magic byte sits at byte 16 in every format, so the first entry tells which format a
 * request uses.
 */
import { crc32 } from "@node-rs/crc32";
import { compressSync, decompressSync } from "../protocol/compression.js";
import { decodeBatch } from "../protocol/record-set.js";
import { ATTR_CONTROL, ATTR_TIMESTAMP_TYPE, OFF_MAGIC, iterateBatches } from "../protocol/records.js";
import { LogError } from "./log-error.js";
import { buildBatch, type BuildRecord } from "./record-codec.js";

const LEGACY_HEADER = 12; // offset + size
const V0_OVERHEAD = 4 + 1 + 1 + 4 + 4; // crc magic attributes keyLen valueLen
const V1_OVERHEAD = V0_OVERHEAD + 8;

/** Magic of the first entry of a produce request's records (2 for v2 batches). */
export function firstMagic(records: Buffer): number {
  return records.length > OFF_MAGIC ? records.readInt8(OFF_MAGIC) : 2;
}

interface LegacyMessage {
  offset: bigint;
  magic: number;
  attributes: number;
  timestamp: bigint;
  key: Buffer | null;
  value: Buffer | null;
}

function readBytes(buf: Buffer, pos: number, end: number): { b: Buffer | null; next: number } {
  if (pos + 4 > end) throw new LogError("CORRUPT_MESSAGE", "Legacy message is truncated");
  const len = buf.readInt32BE(pos);
  if (len < 0) return { b: null, next: pos + 4 };
  if (pos + 4 + len > end) throw new LogError("CORRUPT_MESSAGE", "Legacy message field runs past the message");
  return { b: buf.subarray(pos + 4, pos + 4 + len), next: pos + 4 + len };
}

/** Parse a legacy message set (entries only; a trailing partial entry is an error here). */
function parseMessageSet(buf: Buffer): LegacyMessage[] {
  const out: LegacyMessage[] = [];
  let p = 0;
  while (p < buf.length) {
    if (p + LEGACY_HEADER > buf.length) throw new LogError("CORRUPT_MESSAGE", `Legacy message set has a truncated entry at ${p}`);
    const size = buf.readInt32BE(p + 8);
    const start = p + LEGACY_HEADER;
    const end = start + size;
    if (size < V0_OVERHEAD || end > buf.length) throw new LogError("CORRUPT_MESSAGE", `Message at position ${p} has an invalid size ${size}`);
    const stored = buf.readUInt32BE(start);
    const computed = crc32(buf.subarray(start + 4, end)) >>> 0;
    if (stored !== computed) throw new LogError("CORRUPT_MESSAGE", `Message is corrupt (stored crc = ${stored}, computed crc = ${computed})`);
    const magic = buf.readInt8(start + 4);
    if (magic !== 0 && magic !== 1) throw new LogError("CORRUPT_MESSAGE", `Invalid magic ${magic} in a legacy message set`);
    if (magic === 1 && size < V1_OVERHEAD) throw new LogError("CORRUPT_MESSAGE", `Message at position ${p} is too small for magic 1`);
    const attributes = buf.readInt8(start + 5);
    let q = start + 6;
    let timestamp = -1n;
    if (magic === 1) {
      timestamp = buf.readBigInt64BE(q);
      q += 8;
    }
    const k = readBytes(buf, q, end);
    const v = readBytes(buf, k.next, end);
    out.push({ offset: buf.readBigInt64BE(p), magic, attributes, timestamp, key: k.b, value: v.b });
    p = end;
  }
  return out;
}

/**
 * Up-convert a legacy message set (Produce v0-2) into one RecordBatch v2 with the records in
 * order (offsets 0..n-1, assigned for real by Log.append), in the codec the producer used.
 * v0 messages have no timestamp (-1), as in Kafka.
 */
export function upConvert(records: Buffer): Buffer {
  const outer = parseMessageSet(records);
  const out: BuildRecord[] = [];
  let codec = 0;
  for (const m of outer) {
    const c = m.attributes & 0x07;
    if (c === 0) {
      out.push({ timestamp: m.timestamp, key: m.key, value: m.value });
      continue;
    }
    if (c > 3) throw new LogError("CORRUPT_MESSAGE", `Invalid compression codec ${c} in a legacy message`);
    codec = c;
    if (m.value === null) throw new LogError("CORRUPT_MESSAGE", "Compressed legacy message has no value");
    let inner: LegacyMessage[];
    try {
      inner = parseMessageSet(decompressSync(c, m.value));
    } catch (e) {
      if (e instanceof LogError) throw e;
      throw new LogError("CORRUPT_MESSAGE", `Failed to decompress a legacy message: ${(e as Error).message}`);
    }
    const logAppendTime = m.magic === 1 && (m.attributes & ATTR_TIMESTAMP_TYPE) !== 0;
    for (const im of inner) out.push({ timestamp: logAppendTime ? m.timestamp : im.timestamp, key: im.key, value: im.value });
  }
  if (out.length === 0) throw new LogError("INVALID_RECORD", "Produce request contained no records");
  return buildBatch(out, { compression: codec });
}

function legacyMessage(offset: bigint, magic: 0 | 1, attributes: number, timestamp: bigint, key: Buffer | null, value: Buffer | null): Buffer {
  const size = (magic === 1 ? V1_OVERHEAD : V0_OVERHEAD) + (key?.length ?? 0) + (value?.length ?? 0);
  const buf = Buffer.alloc(LEGACY_HEADER + size);
  buf.writeBigInt64BE(offset, 0);
  buf.writeInt32BE(size, 8);
  let q = LEGACY_HEADER + 4;
  buf.writeInt8(magic, q++);
  buf.writeInt8(attributes, q++);
  if (magic === 1) {
    buf.writeBigInt64BE(timestamp, q);
    q += 8;
  }
  for (const b of [key, value]) {
    if (b === null) {
      buf.writeInt32BE(-1, q);
      q += 4;
    } else {
      buf.writeInt32BE(b.length, q);
      b.copy(buf, q + 4);
      q += 4 + b.length;
    }
  }
  buf.writeUInt32BE(crc32(buf.subarray(LEGACY_HEADER + 4)) >>> 0, LEGACY_HEADER);
  return buf;
}

/**
 * Down-convert fetched v2 batches to a legacy message set of `toMagic` (Fetch v0-1 → 0,
 * v2-3 → 1). Control batches are dropped and headers are lost, as in Kafka; messages are
 * written uncompressed (Kafka keeps gzip/snappy/lz4 wrappers; clients read either).
 * Already-legacy input is returned as is.
 */
export function downConvert(records: Buffer, toMagic: 0 | 1): Buffer {
  if (records.length === 0 || firstMagic(records) < 2) return records;
  const parts: Buffer[] = [];
  for (const h of iterateBatches(records)) {
    if (h.attributes & ATTR_CONTROL) continue;
    const logAppendTime = (h.attributes & ATTR_TIMESTAMP_TYPE) !== 0;
    for (const r of decodeBatch(records, h)) {
      parts.push(legacyMessage(r.offset, toMagic, toMagic === 1 && logAppendTime ? ATTR_TIMESTAMP_TYPE : 0, r.timestamp, r.key, r.value));
    }
  }
  return Buffer.concat(parts);
}

/** Build a legacy message set (tests and tools): one message per record, optionally wrapped compressed. */
export function buildLegacyMessageSet(magic: 0 | 1, records: { key: Buffer | null; value: Buffer | null; timestamp?: bigint }[], codec = 0): Buffer {
  const inner = Buffer.concat(records.map((r, i) => legacyMessage(BigInt(i), magic, 0, r.timestamp ?? -1n, r.key, r.value)));
  if (codec === 0) return inner;
  const ts = records.reduce((m, r) => ((r.timestamp ?? -1n) > m ? r.timestamp ?? -1n : m), -1n);
  return legacyMessage(BigInt(records.length - 1), magic, codec, ts, null, compressSync(codec, inner));
}
