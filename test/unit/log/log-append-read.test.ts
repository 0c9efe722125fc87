import { afterAll, describe, expect, it } from "vitest";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Log } from "../../../broker/log/log.js";
import { LogError } from "../../../broker/log/log-error.js";
import { decodeRecords } from "../../../broker/protocol/record-set.js";
import { OFF_BASE_OFFSET, OFF_LEADER_EPOCH, iterateBatches, isCrcValid, readBatchHeader, rewriteCrc } from "../../../broker/protocol/records.js";
import { CODEC_GZIP, CODEC_LZ4 } from "../../../broker/protocol/compression.js";
import { batch, config, removeTempDirs, tempDir } from "./helpers.js";

afterAll(() => removeTempDirs());

function open(o: Parameters<typeof config>[0] = {}) {
  const dir = join(tempDir(), "t-0");
  return { dir, log: Log.open(dir, "t", 0, config(o)) };
}

function values(buf: Buffer): string[] {
  return decodeRecords(buf).map((r) => `${r.offset}:${r.value?.toString()}`);
}

/** Read everything from `from` to LEO, segment by segment. */
function readAll(log: Log, from = log.logStartOffset): Buffer[] {
  const out: Buffer[] = [];
  let off = from;
  while (off < log.logEndOffset) {
    const r = log.read(off, 1 << 20);
    if (r.records.length === 0) break;
    out.push(r.records);
    const hs = [...iterateBatches(r.records)];
    const last = hs[hs.length - 1]!;
    off = last.baseOffset + BigInt(last.lastOffsetDelta) + 1n;
  }
  return out;
}

describe("Log append and read", () => {
  it("assigns offsets across segment rolls and reads every record back", () => {
    const { dir, log } = open({ segmentBytes: 600 });
    const results = [];
    for (let i = 0; i < 30; i++) results.push(log.append(batch([`a${i}`, `b${i}`, `c${i}`]), 3));
    expect(results.map((r) => r.baseOffset)).toEqual(Array.from({ length: 30 }, (_, i) => BigInt(i * 3)));
    expect(results[29]!.lastOffset).toBe(89n);
    expect(results[0]!.logAppendTime).toBe(-1n);
    expect(log.logEndOffset).toBe(90n);
    expect(log.segments.length).toBeGreaterThan(3);
    const logs = readdirSync(dir).filter((f) => f.endsWith(".log"));
    expect(logs.length).toBe(log.segments.length);
    expect(logs[0]).toBe("00000000000000000000.log");
    const all = readAll(log).flatMap(values);
    expect(all.length).toBe(90);
    expect(all[0]).toBe("0:a0");
    expect(all[89]).toBe("89:c29");
    // every segment file name is the base offset of its first batch
    for (const s of log.segments) {
      const r = s.read(s.baseOffset, 1 << 20);
      if (r) expect(r.firstOffset).toBe(s.baseOffset);
    }
    log.close();
  });

  it("rewrites only baseOffset and partitionLeaderEpoch; the rest of the bytes are identical", () => {
    const { log } = open();
    log.append(batch(["x"]), 0);
    const original = batch(["hello", "world"], { compression: CODEC_GZIP });
    const sent = Buffer.from(original);
    log.append(sent, 7);
    const stored = log.read(1n, 1 << 20).records;
    expect(stored.length).toBe(original.length);
    expect(stored.readBigInt64BE(OFF_BASE_OFFSET)).toBe(1n);
    expect(stored.readInt32BE(OFF_LEADER_EPOCH)).toBe(7);
    const mask = (b: Buffer) => { const c = Buffer.from(b); c.fill(0, 0, 8); c.fill(0, 12, 16); return c; };
    expect(mask(stored).equals(mask(original))).toBe(true);
    expect(isCrcValid(stored)).toBe(true);
    expect(values(stored)).toEqual(["1:hello", "2:world"]);
    log.close();
  });

  it("reads from the middle of a batch, honours maxOffset, maxBytes and minOneMessage", () => {
    const { log } = open();
    for (let i = 0; i < 10; i++) log.append(batch([`a${i}`, `b${i}`]), 0);
    // offset 5 is inside the batch [4,5]
    const r = log.read(5n, 1 << 20);
    expect(r.firstOffset).toBe(4n);
    expect(readBatchHeader(r.records).baseOffset).toBe(4n);
    // maxOffset (high watermark) is exclusive and cuts at batch boundaries
    const hw = log.read(0n, 1 << 20, 6n);
    expect([...iterateBatches(hw.records)].map((h) => h.baseOffset)).toEqual([0n, 2n, 4n]);
    expect(log.read(6n, 1 << 20, 6n).records.length).toBe(0);
    // maxBytes smaller than one batch: whole first batch with minOneMessage, nothing without
    expect([...iterateBatches(log.read(0n, 10).records)].length).toBe(1);
    expect(log.read(0n, 10, undefined, false).records.length).toBe(0);
    // whole batches only
    const one = readBatchHeader(log.read(0n, 1 << 20).records).sizeInBytes;
    expect(log.read(0n, one * 2 + 5).records.length).toBe(one * 2);
    // at LEO: empty; beyond or below: OFFSET_OUT_OF_RANGE
    expect(log.read(20n, 100).records.length).toBe(0);
    expect(() => log.read(21n, 100)).toThrowError(LogError);
    try { log.read(21n, 100); } catch (e) { expect((e as LogError).code).toBe(1); }
    log.close();
  });

  it("keeps a sparse offset index every index.interval.bytes and a time index", () => {
    const { log } = open({ indexIntervalBytes: 256 });
    for (let i = 0; i < 200; i++) log.append(batch([`value-${i}`.padEnd(40, ".")], { timestamp: 1_000_000 + i * 10 }), 0);
    const seg = log.activeSegment;
    expect(seg.offsetIndex.entries).toBeGreaterThan(10);
    let prev = -1n;
    for (let i = 0; i < seg.offsetIndex.entries; i++) {
      const e = seg.offsetIndex.entry(i);
      expect(e.offset).toBeGreaterThan(prev);
      prev = e.offset;
      // the entry points at the batch holding that offset
      const h = readBatchHeader(seg.readAt(e.position, 61));
      expect(h.baseOffset).toBe(e.offset);
    }
    const lk = seg.offsetIndex.lookup(123n);
    expect(lk.offset).toBeLessThanOrEqual(123n);
    for (let o = 0n; o < 200n; o += 7n) expect(readBatchHeader(log.read(o, 100).records).baseOffset).toBe(o);
    expect(seg.timeIndex.entries).toBeGreaterThan(10);
    log.close();
  });

  it("finds offsets by timestamp (ListOffsets), including inside a batch and the special values", () => {
    const { log } = open({ indexIntervalBytes: 128, segmentBytes: 2000 });
    for (let i = 0; i < 50; i++) log.append(batch([`v${i}a`, `v${i}b`], { timestamps: [10_000 + i * 100, 10_000 + i * 100 + 50] }), 2);
    expect(log.offsetForTimestamp(10_000n)).toMatchObject({ offset: 0n, timestamp: 10_000n });
    expect(log.offsetForTimestamp(10_020n)).toMatchObject({ offset: 1n, timestamp: 10_050n });
    expect(log.offsetForTimestamp(12_345n)).toMatchObject({ offset: 47n, timestamp: 12_350n });
    expect(log.offsetForTimestamp(14_950n)).toMatchObject({ offset: 99n, timestamp: 14_950n });
    expect(log.offsetForTimestamp(99_999n)).toBeUndefined();
    expect(log.offsetForTimestamp(-2n)).toMatchObject({ offset: 0n });
    expect(log.offsetForTimestamp(-1n)).toMatchObject({ offset: 100n });
    expect(log.offsetForTimestamp(-3n)).toMatchObject({ offset: 99n, timestamp: 14_950n });
    log.close();
    const again = Log.open(log.dir, "t", 0, config({ indexIntervalBytes: 128, segmentBytes: 2000 }), { hadCleanShutdown: true });
    expect(again.offsetForTimestamp(12_345n)).toMatchObject({ offset: 47n, timestamp: 12_350n });
    again.close();
  });

  it("stamps LogAppendTime, recomputing the CRC", () => {
    const { log } = open({ messageTimestampType: "LogAppendTime" });
    const before = Date.now();
    const r = log.append(batch(["a", "b"], { timestamp: 5 }), 0);
    expect(r.logAppendTime).toBeGreaterThanOrEqual(BigInt(before));
    const stored = log.read(0n, 1000).records;
    expect(isCrcValid(stored)).toBe(true);
    const h = readBatchHeader(stored);
    expect(h.attributes & 0x08).toBe(0x08);
    expect(h.maxTimestamp).toBe(r.logAppendTime);
    expect(decodeRecords(stored).every((x) => x.timestamp === r.logAppendTime)).toBe(true);
    log.close();
  });

  it("handles compressed batches without decompressing on append", () => {
    const { log } = open();
    log.append(batch(["p", "q", "r"], { compression: CODEC_LZ4, timestamps: [100, 200, 300] }), 0);
    log.append(batch(["s"], { compression: CODEC_GZIP, timestamp: 400 }), 0);
    expect(log.logEndOffset).toBe(4n);
    expect(values(log.read(0n, 10000).records)).toEqual(["0:p", "1:q", "2:r", "3:s"]);
    expect(log.offsetForTimestamp(150n)).toMatchObject({ offset: 1n, timestamp: 200n });
    log.close();
  });

  it("rejects corrupt, oversized and invalid batches with Kafka's error codes", () => {
    const { log } = open({ maxMessageBytes: 200, segmentBytes: 1000 });
    const code = (f: () => unknown) => { try { f(); } catch (e) { return (e as LogError).code; } return 0; };
    const bad = batch(["hello"]);
    bad[bad.length - 1] ^= 0xff;
    expect(code(() => log.append(bad, 0))).toBe(2); // CORRUPT_MESSAGE
    expect(code(() => log.append(batch(["x".repeat(300)]), 0))).toBe(10); // MESSAGE_TOO_LARGE
    const many = Buffer.concat(Array.from({ length: 20 }, () => batch(["y".repeat(50)])));
    expect(code(() => log.append(many, 0))).toBe(18); // RECORD_LIST_TOO_LARGE
    expect(code(() => log.append(batch(["z"]).subarray(0, 40), 0))).toBe(2); // truncated
    const inconsistent = batch(["a", "b"]);
    inconsistent.writeInt32BE(5, 23); // lastOffsetDelta != recordsCount - 1, with a valid CRC
    rewriteCrc(inconsistent);
    expect(code(() => log.append(inconsistent, 0))).toBe(87); // INVALID_RECORD
    expect(log.logEndOffset).toBe(0n);
    expect(log.size()).toBe(0);
    log.close();
  });
});

describe("Log read paths and compacted-topic keys", () => {
  it("reads identically through the fast and slow paths for every offset and size", () => {
    const dir = join(tempDir(), "t-0");
    const log = Log.open(dir, "t", 0, config({ indexIntervalBytes: 300, segmentBytes: 5000 }));
    for (let i = 0; i < 120; i++) log.append(batch(Array.from({ length: 1 + (i % 4) }, (_, k) => `v${i}-${k}`.repeat(1 + (i % 7)))), 0);
    for (let o = 0n; o < log.logEndOffset; o += 3n) {
      for (const max of [0, 50, 700, 4000]) {
        const seg = log.segments[[...log.segments.keys()].reverse().find((i) => log.segments[i]!.baseOffset <= o)!]!;
        const fast = seg.read(o, max, undefined, true)!;
        const slow = (seg as unknown as { readSlow(o: bigint, m: number, x: undefined, one: boolean): { records: Buffer; firstOffset: bigint } }).readSlow(o, max, undefined, true);
        expect(fast.firstOffset).toBe(slow.firstOffset);
        expect(fast.records.equals(slow.records)).toBe(true);
        const first = readBatchHeader(fast.records);
        expect(first.baseOffset <= o && o <= first.baseOffset + BigInt(first.lastOffsetDelta)).toBe(true);
      }
    }
    log.close();
  });

  it("rejects records without a key on compacted topics (INVALID_RECORD)", () => {
    const log = Log.open(join(tempDir(), "c-0"), "c", 0, config({ cleanupPolicy: ["compact"] }));
    let code = 0;
    try { log.append(batch(["v"], { keys: [null] }), 0); } catch (e) { code = (e as LogError).code; expect((e as Error).message).toMatch(/Compacted topic cannot accept message without key/); }
    expect(code).toBe(87);
    expect(log.append(batch(["v"], { keys: ["k"], compression: CODEC_GZIP }), 0).baseOffset).toBe(0n);
    log.close();
  });
});

describe("topic compression.type", () => {
  it("recompresses batches into the topic's codec, keeping offsets, timestamps and producer fields", () => {
    const log = Log.open(join(tempDir(), "z-0"), "z", 0, config({ compressionType: "gzip" }));
    log.append(batch(["a", "b"], { timestamps: [100, 200] }), 0);
    log.append(batch(["c"], { timestamp: 300, producerId: 5n, producerEpoch: 1, baseSequence: 0 }), 0);
    log.append(batch(["d"], { timestamp: 400, compression: CODEC_LZ4 }), 0);
    const r = log.read(0n, 1 << 20).records;
    const hs = [...iterateBatches(r)];
    expect(hs.map((h) => h.attributes & 7)).toEqual([CODEC_GZIP, CODEC_GZIP, CODEC_GZIP]);
    expect(hs.map((h) => h.baseOffset)).toEqual([0n, 2n, 3n]);
    expect(hs[1]).toMatchObject({ producerId: 5n, producerEpoch: 1, baseSequence: 0 });
    for (const h of hs) expect(isCrcValid(r, h.position)).toBe(true);
    expect(decodeRecords(r).map((x) => `${x.offset}:${x.timestamp}:${x.value}`)).toEqual(["0:100:a", "1:200:b", "2:300:c", "3:400:d"]);
    // a retry of the idempotent batch is still a duplicate
    expect(log.append(batch(["c"], { timestamp: 300, producerId: 5n, producerEpoch: 1, baseSequence: 0 }), 0).duplicate).toBe(true);
    log.close();
    const plain = Log.open(join(tempDir(), "u-0"), "u", 0, config({ compressionType: "uncompressed" }));
    plain.append(batch(["x", "y"], { compression: CODEC_GZIP }), 0);
    const p = plain.read(0n, 1000).records;
    expect(readBatchHeader(p).attributes & 7).toBe(0);
    expect(values(p)).toEqual(["0:x", "1:y"]);
    plain.close();
  });
});

describe("timestamp limits", () => {
  it("rejects batches outside message.timestamp.before/after.max.ms (INVALID_TIMESTAMP)", () => {
    const log = Log.open(join(tempDir(), "ts-0"), "ts", 0, config({ messageTimestampBeforeMaxMs: 60_000, messageTimestampAfterMaxMs: 1_000 }));
    const code = (f: () => unknown) => { try { f(); } catch (e) { return (e as LogError).code; } return 0; };
    expect(code(() => log.append(batch(["old"], { timestamp: Date.now() - 3_600_000 }), 0))).toBe(32);
    expect(code(() => log.append(batch(["future"], { timestamp: Date.now() + 3_600_000 }), 0))).toBe(32);
    expect(log.append(batch(["now"], { timestamp: Date.now() }), 0).baseOffset).toBe(0n);
    log.close();
  });
});
