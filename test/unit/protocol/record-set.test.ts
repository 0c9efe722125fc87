// Compression codecs and record-level batch building/decoding, cross-checked against kafkajs's own
// RecordBatch encoder and Decoder and against the byte layout of the protocol guide.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import {
  CODEC_GZIP, CODEC_LZ4, CODEC_NONE, CODEC_SNAPPY, CODEC_ZSTD, codecByName, compress, compressSync, decompress,
  decompressSync,
} from "../../../broker/protocol/compression.js";
import { buildRecordBatch, decodeRecords } from "../../../broker/protocol/record-set.js";
import { isCrcValid, iterateBatches, readBatchHeader } from "../../../broker/protocol/records.js";
import { compressSync as rawSnappy } from "snappy";

const require = createRequire(import.meta.url);

const CODECS = [CODEC_NONE, CODEC_GZIP, CODEC_SNAPPY, CODEC_LZ4, CODEC_ZSTD];

describe("compression", () => {
  const samples = [Buffer.alloc(0), Buffer.from("hello"), Buffer.alloc(100_000, "abcdefgh"), Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) & 0xff))];
  for (const codec of CODECS) {
    it(`round-trips codec ${codec} (sync and async)`, async () => {
      for (const s of samples) {
        expect(decompressSync(codec, compressSync(codec, s)).equals(s)).toBe(true);
        expect((await decompress(codec, await compress(codec, s))).equals(s)).toBe(true);
      }
    });
  }
  it("snappy: writes xerial framing, reads both framed and raw blocks", () => {
    const data = Buffer.alloc(80_000, "kafka ");
    const framed = compressSync(CODEC_SNAPPY, data);
    expect(framed.subarray(0, 8).equals(Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]))).toBe(true);
    expect(framed.readInt32BE(8)).toBe(1);
    expect(decompressSync(CODEC_SNAPPY, rawSnappy(data)).equals(data)).toBe(true);
  });
  it("lz4 uses the LZ4 frame format; gzip a gzip stream", () => {
    expect(compressSync(CODEC_LZ4, Buffer.from("x")).readUInt32LE(0)).toBe(0x184d2204);
    expect(compressSync(CODEC_GZIP, Buffer.from("x")).subarray(0, 2).equals(Buffer.from([0x1f, 0x8b]))).toBe(true);
    expect(compressSync(CODEC_ZSTD, Buffer.from("x")).readUInt32LE(0)).toBe(0xfd2fb528);
  });
  it("corrupt input is CORRUPT_MESSAGE; names map to codec ids", () => {
    expect(() => decompressSync(CODEC_GZIP, Buffer.from("nope"))).toThrow(expect.objectContaining({ code: 2 }));
    expect(codecByName("LZ4")).toBe(3);
    expect(codecByName("zstd")).toBe(4);
    expect(codecByName("brotli")).toBeUndefined();
  });
});

describe("record batches", () => {
  const records = [
    { key: "k1", value: "v1", timestamp: 1_700_000_000_000n, headers: [{ key: "h", value: "hv" }] },
    { key: null, value: Buffer.alloc(5000, 1), timestamp: 1_700_000_000_005n },
    { key: "tomb", value: null, timestamp: 1_699_999_999_990n, headers: { a: null, b: "x" } },
  ];

  for (const codec of CODECS) {
    it(`builds and decodes a batch with codec ${codec}`, () => {
      const batch = buildRecordBatch({ baseOffset: 100n, records, compression: codec, producerId: 7n, producerEpoch: 1, baseSequence: 3 });
      expect(isCrcValid(batch)).toBe(true);
      const h = readBatchHeader(batch);
      expect(h).toMatchObject({ baseOffset: 100n, magic: 2, lastOffsetDelta: 2, recordsCount: 3, producerId: 7n, producerEpoch: 1, baseSequence: 3, sizeInBytes: batch.length });
      expect(h.attributes & 7).toBe(codec);
      expect(h.baseTimestamp).toBe(1_699_999_999_990n);
      expect(h.maxTimestamp).toBe(1_700_000_000_005n);
      const out = decodeRecords(batch);
      expect(out.map((r) => r.offset)).toEqual([100n, 101n, 102n]);
      expect(out.map((r) => r.timestamp)).toEqual([1_700_000_000_000n, 1_700_000_000_005n, 1_699_999_999_990n]);
      expect(out[0]!.key?.toString()).toBe("k1");
      expect(out[0]!.value?.toString()).toBe("v1");
      expect(out[0]!.headers).toEqual([{ key: "h", value: Buffer.from("hv") }]);
      expect(out[1]!.key).toBeNull();
      expect(out[1]!.value?.equals(Buffer.alloc(5000, 1))).toBe(true);
      expect(out[2]!.value).toBeNull();
      expect(out[2]!.headers).toEqual([{ key: "a", value: null }, { key: "b", value: Buffer.from("x") }]);
    });
  }

  it("decodes several batches back to back and stops at a torn tail", () => {
    const a = buildRecordBatch({ baseOffset: 0n, records: [{ value: "a" }] });
    const b = buildRecordBatch({ baseOffset: 1n, records: [{ value: "b" }, { value: "c" }], compression: CODEC_GZIP });
    const all = Buffer.concat([a, b, b.subarray(0, 20)]);
    expect([...iterateBatches(all)].length).toBe(2);
    expect(decodeRecords(all).map((r) => [r.offset, r.value?.toString()])).toEqual([[0n, "a"], [1n, "b"], [2n, "c"]]);
  });

  it("matches the protocol guide's byte layout for one small record", () => {
    const batch = buildRecordBatch({ baseOffset: 0n, records: [{ key: "k", value: "v", timestamp: 1000 }], timestamp: 1000 });
    // record: length=varint(2*? ), attributes 0, tsDelta 0, offsetDelta 0, key len 1 'k', value len 1 'v', 0 headers
    const rec = batch.subarray(61);
    expect([...rec]).toEqual([
      0x10, // length 8 (zigzag 16)
      0x00, // attributes
      0x00, // timestampDelta 0
      0x00, // offsetDelta 0
      0x02, 0x6b, // key length 1, "k"
      0x02, 0x76, // value length 1, "v"
      0x00, // 0 headers
    ]);
    expect(batch.readInt32BE(8)).toBe(batch.length - 12);
  });

  it("kafkajs's RecordBatch encoder and our builder agree; kafkajs decodes ours", async () => {
    const KRecordBatch = require("kafkajs/src/protocol/recordBatch/v0/index.js").RecordBatch;
    const KRecord = require("kafkajs/src/protocol/recordBatch/record/v0/index.js");
    const KDecoder = require("kafkajs/src/protocol/decoder.js");
    const KBatchDecoder = require("kafkajs/src/protocol/recordBatch/v0/decoder.js");
    const Long = require("kafkajs/src/utils/long.js");
    const ts = 1_700_000_000_000;
    const krecords = [
      KRecord({ offsetDelta: 0, timestampDelta: 0, key: Buffer.from("k1"), value: Buffer.from("v1"), headers: { h: Buffer.from("hv") } }),
      KRecord({ offsetDelta: 1, timestampDelta: 3, key: null, value: Buffer.from("v2"), headers: {} }),
    ];
    const enc = await KRecordBatch({ firstOffset: Long.fromInt(0), firstTimestamp: ts, maxTimestamp: ts + 3, partitionLeaderEpoch: -1, lastOffsetDelta: 1, producerId: Long.fromInt(-1), producerEpoch: -1, firstSequence: -1, records: krecords });
    const theirs: Buffer = enc.buffer;
    const ours = buildRecordBatch({ baseOffset: 0n, records: [
      { key: "k1", value: "v1", headers: [{ key: "h", value: "hv" }], timestamp: ts },
      { key: null, value: "v2", timestamp: ts + 3 },
    ] });
    expect(ours.equals(theirs)).toBe(true);
    const decoded = await KBatchDecoder(new KDecoder(ours));
    expect(decoded.records.map((r: { value: Buffer }) => r.value.toString())).toEqual(["v1", "v2"]);
  });
});
