/**
 * Legacy message sets (magic 0 and 1), as Produce v0-2 carries them and Fetch v0-3 expects them,
 * and their conversion to and from RecordBatch v2 (what we store). Apache Kafka 3.x converts
 * the same way: up-conversion on produce, down-conversion on fetch for old clients.
 *
 * A message set is a sequence of:
 *
 *   offset       int64
 *   messageSize  int32    bytes that follow
 *   crc          uint32   CRC-32 (IEEE) of magic..end
 *   magic        int8     0 or 1
 *   attributes   int8     bits 0-2 compression (0 none, 1 gzip, 2 snappy, 3 lz4); bit 3 (magic 1)
 *                         timestamp type, 1 = LogAppendTime
 *   timestamp    int64    magic 1 only
 *   key          bytes    int32 length, -1 = null
 *   value        bytes    int32 length, -1 = null
 *
 * A compressed message is a wrapper whose value is a compressed message set of inner messages.
 * Magic 1 inner offsets are relative (0..n-1) and the wrapper carries the absolute offset of the
 * last inner message; magic 0 inner offsets are absolute. The magic byte sits at byte 16 in both
 * formats and in RecordBatch v2, which is how `messageFormatOf` tells them apart.
 */
import { crc32 } from "@node-rs/crc32";
import { CODEC_NONE, decompressSync } from "./compression.js";
import { KafkaError } from "./errors.js";
import { buildRecordBatch, decodeRecords, type RecordInput } from "./record-set.js";
import { OFF_MAGIC } from "./records.js";

const LEGACY_OVERHEAD = 12; // offset + messageSize

export interface LegacyMessage {
  offset: bigint;
  magic: number;
  timestamp: bigint; // -1 for magic 0
  timestampType: number;
  key: Buffer | null;
  value: Buffer | null;
}

/** The magic of the first entry in a records buffer (0, 1, 2), or -1 if too short to tell. */
export function messageFormatOf(records: Buffer): number {
  return records.length > OFF_MAGIC ? records.readInt8(OFF_MAGIC) : -1;
}

/** Every message of a (possibly compressed) legacy message set; a torn tail is ignored. */
export function decodeLegacyMessages(buf: Buffer): LegacyMessage[] {
  const out: LegacyMessage[] = [];
  let pos = 0;
  while (pos + LEGACY_OVERHEAD <= buf.length) {
    const offset = buf.readBigInt64BE(pos);
    const size = buf.readInt32BE(pos + 8);
    const end = pos + LEGACY_OVERHEAD + size;
    if (size < 14 || end > buf.length) break;
    const body = pos + LEGACY_OVERHEAD;
    const crc = buf.readUInt32BE(body);
    if ((crc32(buf.subarray(body + 4, end)) >>> 0) !== crc) throw new KafkaError("CORRUPT_MESSAGE", `Message at offset ${offset} has a bad CRC`);
    const magic = buf.readInt8(body + 4);
    if (magic !== 0 && magic !== 1) throw new KafkaError("CORRUPT_MESSAGE", `Unexpected magic ${magic} in a legacy message set`);
    const attributes = buf.readInt8(body + 5);
    let p = body + 6;
    let timestamp = -1n;
    if (magic === 1) {
      timestamp = buf.readBigInt64BE(p);
      p += 8;
    }
    const readBytes = (): Buffer | null => {
      const len = buf.readInt32BE(p);
      p += 4;
      if (len < 0) return null;
      if (p + len > end) throw new KafkaError("CORRUPT_MESSAGE", "Message field overruns the message");
      const b = buf.subarray(p, p + len);
      p += len;
      return b;
    };
    const key = readBytes();
    const value = readBytes();
    const codec = attributes & 0x07;
    const timestampType = magic === 1 ? (attributes >> 3) & 1 : 0;
    if (codec === CODEC_NONE) {
      out.push({ offset, magic, timestamp, timestampType, key, value });
    } else {
      const inner = decodeLegacyMessages(decompressSync(codec, value ?? Buffer.alloc(0)));
      if (magic === 1 && inner.length > 0) {
        const lastRelative = inner[inner.length - 1]!.offset;
        for (const m of inner) {
          m.offset = offset - lastRelative + m.offset;
          if (timestampType === 1) { m.timestamp = timestamp; m.timestampType = 1; }
        }
      }
      out.push(...inner);
    }
    pos = end;
  }
  return out;
}

/** Encode messages as an uncompressed legacy message set (offsets as given). */
export function encodeLegacyMessages(messages: readonly LegacyMessage[], magic: 0 | 1): Buffer {
  const parts: Buffer[] = [];
  for (const m of messages) {
    const keyLen = m.key ? m.key.length : 0;
    const valLen = m.value ? m.value.length : 0;
    const size = 4 + 1 + 1 + (magic === 1 ? 8 : 0) + 4 + keyLen + 4 + valLen;
    const b = Buffer.alloc(LEGACY_OVERHEAD + size);
    b.writeBigInt64BE(m.offset, 0);
    b.writeInt32BE(size, 8);
    let p = 16;
    b.writeInt8(magic, p++);
    b.writeInt8(magic === 1 && m.timestampType === 1 ? 0x08 : 0, p++);
    if (magic === 1) {
      b.writeBigInt64BE(m.timestamp, p);
      p += 8;
    }
    if (m.key) { b.writeInt32BE(keyLen, p); p += 4; p += m.key.copy(b, p); } else { b.writeInt32BE(-1, p); p += 4; }
    if (m.value) { b.writeInt32BE(valLen, p); p += 4; p += m.value.copy(b, p); } else { b.writeInt32BE(-1, p); p += 4; }
    b.writeUInt32BE(crc32(b.subarray(16)) >>> 0, 12);
    parts.push(b);
  }
  return Buffer.concat(parts);
}

/**
 * Up-convert a Produce v0-2 message set into one RecordBatch v2 (offsets from 0, as a producer
 * sends them; the log assigns the real ones). Magic 0 messages get timestamp -1 (Kafka uses
 * NO_TIMESTAMP); `compression` re-compresses the batch (Kafka keeps the producer's codec).
 */
export function legacyToRecordBatch(buf: Buffer, compression = CODEC_NONE): Buffer {
  const msgs = decodeLegacyMessages(buf);
  if (msgs.length === 0) throw new KafkaError("INVALID_RECORD", "Message set contains no complete message");
  const records: RecordInput[] = msgs.map((m) => ({ key: m.key, value: m.value, timestamp: m.timestamp }));
  return buildRecordBatch({ baseOffset: 0n, records, compression, timestamp: msgs[0]!.timestamp });
}

/** The codec of a legacy message set's first wrapper (0 when uncompressed). */
export function legacyCodecOf(buf: Buffer): number {
  return buf.length > 17 ? buf.readInt8(17) & 0x07 : CODEC_NONE;
}

/**
 * Down-convert stored RecordBatch v2 data for Fetch v0-3: one uncompressed legacy message per
 * record (control records left out), magic 1 (Fetch v2-3) or 0 (Fetch v0-1).
 */
export function recordBatchesToLegacy(buf: Buffer, magic: 0 | 1): Buffer {
  const msgs: LegacyMessage[] = [];
  for (const r of decodeRecords(buf)) {
    if (r.isControl) continue;
    msgs.push({ offset: r.offset, magic, timestamp: magic === 1 ? r.timestamp : -1n, timestampType: r.timestampType, key: r.key, value: r.value });
  }
  return encodeLegacyMessages(msgs, magic);
}
