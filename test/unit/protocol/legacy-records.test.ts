// Legacy message sets (magic 0/1): decoding incl. compressed wrappers, CRC checks, and conversion
// to and from RecordBatch v2.
import { crc32 } from "@node-rs/crc32";
import { describe, expect, it } from "vitest";
import { CODEC_GZIP, CODEC_SNAPPY, compressSync } from "../../../broker/protocol/compression.js";
import {
  decodeLegacyMessages, encodeLegacyMessages, legacyToRecordBatch, messageFormatOf, recordBatchesToLegacy, type LegacyMessage,
} from "../../../broker/protocol/legacy-records.js";
import { buildRecordBatch, decodeRecords } from "../../../broker/protocol/record-set.js";
import { isCrcValid } from "../../../broker/protocol/records.js";

const msgs = (magic: number): LegacyMessage[] => [
  { offset: 0n, magic, timestamp: magic === 1 ? 1_700_000_000_000n : -1n, timestampType: 0, key: Buffer.from("k0"), value: Buffer.from("v0") },
  { offset: 1n, magic, timestamp: magic === 1 ? 1_700_000_000_001n : -1n, timestampType: 0, key: null, value: Buffer.from("v1") },
  { offset: 2n, magic, timestamp: magic === 1 ? 1_700_000_000_002n : -1n, timestampType: 0, key: Buffer.from("k2"), value: null },
];

/** A compressed wrapper message around `inner`, as Kafka's producers write it. */
function wrapper(inner: Buffer, magic: 0 | 1, codec: number, offset: bigint): Buffer {
  const value = compressSync(codec, inner);
  const size = 4 + 1 + 1 + (magic === 1 ? 8 : 0) + 4 + 4 + value.length;
  const b = Buffer.alloc(12 + size);
  b.writeBigInt64BE(offset, 0);
  b.writeInt32BE(size, 8);
  let p = 16;
  b.writeInt8(magic, p++);
  b.writeInt8(codec, p++);
  if (magic === 1) { b.writeBigInt64BE(1_700_000_000_002n, p); p += 8; }
  b.writeInt32BE(-1, p); p += 4;
  b.writeInt32BE(value.length, p); p += 4;
  value.copy(b, p);
  b.writeUInt32BE(crc32(b.subarray(16)) >>> 0, 12);
  return b;
}

describe("legacy message sets", () => {
  for (const magic of [0, 1] as const) {
    it(`magic ${magic}: encode/decode round trip, format detection`, () => {
      const set = encodeLegacyMessages(msgs(magic), magic);
      expect(messageFormatOf(set)).toBe(magic);
      expect(decodeLegacyMessages(set)).toEqual(msgs(magic));
      // magic 0 message: 8 offset + 4 size + 4 crc + 1 magic + 1 attr + 4+2 key + 4+2 value
      if (magic === 0) expect(set.readInt32BE(8)).toBe(18);
    });

    it(`magic ${magic}: compressed wrappers unwrap with the right offsets`, () => {
      const innerOffsets = magic === 1 ? [0n, 1n, 2n] : [10n, 11n, 12n];
      const inner = encodeLegacyMessages(msgs(magic).map((m, i) => ({ ...m, offset: innerOffsets[i]! })), magic);
      const set = wrapper(inner, magic, magic === 1 ? CODEC_SNAPPY : CODEC_GZIP, 12n);
      const out = decodeLegacyMessages(set);
      expect(out.map((m) => m.offset)).toEqual([10n, 11n, 12n]);
      expect(out.map((m) => m.value?.toString() ?? null)).toEqual(["v0", "v1", null]);
    });

    it(`magic ${magic}: up-converts to a valid RecordBatch v2 and down-converts back`, () => {
      const batch = legacyToRecordBatch(encodeLegacyMessages(msgs(magic), magic), CODEC_GZIP);
      expect(messageFormatOf(batch)).toBe(2);
      expect(isCrcValid(batch)).toBe(true);
      const recs = decodeRecords(batch);
      expect(recs.map((r) => [r.offset, r.key?.toString() ?? null, r.value?.toString() ?? null, r.timestamp])).toEqual(
        msgs(magic).map((m) => [m.offset, m.key?.toString() ?? null, m.value?.toString() ?? null, m.timestamp]),
      );
      expect(decodeLegacyMessages(recordBatchesToLegacy(batch, magic))).toEqual(msgs(magic));
    });
  }

  it("rejects a bad CRC with CORRUPT_MESSAGE; ignores a torn tail", () => {
    const set = encodeLegacyMessages(msgs(1), 1);
    const bad = Buffer.from(set);
    bad[bad.length - 1] ^= 0xff;
    expect(() => decodeLegacyMessages(bad)).toThrow(expect.objectContaining({ code: 2 }));
    expect(decodeLegacyMessages(set.subarray(0, set.length - 3))).toHaveLength(2);
  });

  it("down-conversion skips control records and keeps absolute offsets", () => {
    const data = Buffer.concat([
      buildRecordBatch({ baseOffset: 5n, records: [{ value: "a", timestamp: 1000 }] }),
      buildRecordBatch({ baseOffset: 6n, records: [{ key: Buffer.from([0, 0, 0, 0]), value: Buffer.from([0, 0, 0, 0, 0, 0]), timestamp: 1001 }], isControl: true, transactional: true, producerId: 1n }),
      buildRecordBatch({ baseOffset: 7n, records: [{ value: "b", timestamp: 1002 }] }),
    ]);
    const out = decodeLegacyMessages(recordBatchesToLegacy(data, 1));
    expect(out.map((m) => [m.offset, m.value?.toString(), m.timestamp])).toEqual([[5n, "a", 1000n], [7n, "b", 1002n]]);
  });
});
