import { afterAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { readdirSync, rmSync } from "node:fs";
import { Log } from "../../../broker/log/log.js";
import { cleanLog } from "../../../broker/log/cleaner.js";
import { decodeRecords } from "../../../broker/protocol/record-set.js";
import { iterateBatches, isCrcValid } from "../../../broker/protocol/records.js";
import { CODEC_GZIP } from "../../../broker/protocol/compression.js";
import { batch, config, removeTempDirs, tempDir } from "./helpers.js";

afterAll(() => removeTempDirs());

function everything(log: Log) {
  const out: { offset: bigint; key: string; value: string | null }[] = [];
  let off = log.logStartOffset;
  while (off < log.logEndOffset) {
    const r = log.read(off, 1 << 20);
    if (r.records.length === 0) break;
    for (const h of iterateBatches(r.records)) expect(isCrcValid(r.records, h.position)).toBe(true);
    const recs = decodeRecords(r.records);
    out.push(...recs.map((x) => ({ offset: x.offset, key: x.key!.toString(), value: x.value ? x.value.toString() : null })));
    const hs = [...iterateBatches(r.records)];
    off = hs[hs.length - 1]!.baseOffset + BigInt(hs[hs.length - 1]!.lastOffsetDelta) + 1n;
  }
  return out;
}

describe("log cleaner (compaction)", () => {
  it("keeps the latest value per key with original offsets and drops expired tombstones", () => {
    const dir = join(tempDir(), "c-0");
    const cfg = config({ segmentBytes: 800, cleanupPolicy: ["compact"], deleteRetentionMs: 86_400_000, fileDeleteDelayMs: 0 });
    const log = Log.open(dir, "c", 0, cfg);
    const now = Date.now();
    // 5 keys, 12 rounds; key k2 is deleted (tombstone) in the last round
    for (let round = 0; round < 12; round++) {
      for (let k = 0; k < 5; k++) {
        const value = round === 11 && k === 2 ? null : `r${round}`;
        log.append(batch([value], { keys: [`key${k}`], timestamp: now }), 0);
      }
    }
    log.append(batch(["tail"], { keys: ["other"], timestamp: now }), 0); // lands in the active segment
    log.updateHighWatermark(log.logEndOffset);
    const before = everything(log);
    const sizeBefore = log.size();
    const res = cleanLog(log, undefined, now);
    expect(res.cleaned).toBe(true);
    const after = everything(log);
    expect(after.length).toBeLessThan(before.length);
    // at most one record per key below the active segment, and it is the latest one
    const latest = new Map<string, { offset: bigint; value: string | null }>();
    for (const r of before) latest.set(r.key, r);
    const seen = new Map<string, number>();
    for (const r of after) {
      seen.set(r.key, (seen.get(r.key) ?? 0) + 1);
      if (r.offset < log.activeSegment.baseOffset) expect(r.offset).toBe(latest.get(r.key)!.offset);
    }
    expect(after.find((r) => r.key === "key2")!.value).toBeNull(); // tombstone kept (young)
    expect(after.find((r) => r.key === "key0")!.value).toBe("r11");
    expect(log.size()).toBeLessThan(sizeBefore);
    expect(res.recordsRemoved).toBeGreaterThan(40);
    expect(log.logEndOffset).toBe(61n);
    // file names follow the segments
    expect(readdirSync(dir).filter((f) => f.endsWith(".log")).length).toBe(log.segments.length);
    // appends continue after cleaning
    expect(log.append(batch(["z"], { keys: ["key0"] }), 0).baseOffset).toBe(61n);
    log.close();

    // later, once delete.retention.ms has passed, the tombstone goes too
    const again = Log.open(dir, "c", 0, { ...cfg, deleteRetentionMs: 0 }, { hadCleanShutdown: true });
    again.roll();
    again.updateHighWatermark(again.logEndOffset);
    cleanLog(again, undefined, Date.now() + 10, true);
    const final = everything(again);
    expect(final.find((r) => r.key === "key2")).toBeUndefined();
    expect(new Set(final.map((r) => r.key)).size).toBe(final.length);
    again.close();
  });

  it("rewrites compressed batches keeping offsets and compression", () => {
    const dir = join(tempDir(), "c-0");
    const cfg = config({ segmentBytes: 100_000, cleanupPolicy: ["compact"] });
    const log = Log.open(dir, "c", 0, cfg);
    log.append(batch(["a1", "b1", "a2"], { keys: ["a", "b", "a"], compression: CODEC_GZIP }), 0);
    log.append(batch(["b2"], { keys: ["b"] }), 0);
    log.roll();
    log.updateHighWatermark(log.logEndOffset);
    cleanLog(log, undefined, Date.now(), true);
    const recs = everything(log);
    expect(recs).toEqual([{ offset: 2n, key: "a", value: "a2" }, { offset: 3n, key: "b", value: "b2" }]);
    const first = log.read(0n, 10_000).records;
    const h = [...iterateBatches(first)][0]!;
    expect(h.baseOffset).toBe(0n);
    expect(h.lastOffsetDelta).toBe(2);
    expect(h.attributes & 7).toBe(CODEC_GZIP);
    log.close();
  });

  it("skips logs below min.cleanable.dirty.ratio", () => {
    const log = Log.open(join(tempDir(), "c-0"), "c", 0, config({ segmentBytes: 500, cleanupPolicy: ["compact"], minCleanableDirtyRatio: 0.99 }));
    for (let i = 0; i < 20; i++) log.append(batch([`v${i}`], { keys: [`k${i}`] }), 0);
    log.updateHighWatermark(log.logEndOffset);
    expect(cleanLog(log, 15n, Date.now()).cleaned).toBe(false);
    log.close();
  });
});

describe("cleaned segments", () => {
  it("keep producer fields and LogAppendTime, have sane indexes and reopen cleanly", () => {
    const dir = join(tempDir(), "c-0");
    const cfg = config({ segmentBytes: 600, indexIntervalBytes: 50, cleanupPolicy: ["compact"], messageTimestampType: "LogAppendTime" });
    const log = Log.open(dir, "c", 0, cfg);
    for (let i = 0; i < 30; i++) {
      log.append(batch([`a${i}`, `b${i}`], { keys: ["same", `k${i}`], producerId: 9n, producerEpoch: 2, baseSequence: i * 2 }), 1);
    }
    log.roll();
    log.updateHighWatermark(log.logEndOffset);
    cleanLog(log, undefined, Date.now(), true);
    for (const s of log.segments) {
      expect(s.offsetIndex.sanityCheck(Math.max(1, s.size))).toBeUndefined();
      expect(s.timeIndex.sanityCheck()).toBeUndefined();
    }
    const recs = everything(log);
    expect(recs.filter((r) => r.key === "same")).toHaveLength(1);
    expect(recs.find((r) => r.key === "same")!.offset).toBe(58n);
    expect(recs.filter((r) => r.key.startsWith("k"))).toHaveLength(30);
    const first = log.read(0n, 1 << 20).records;
    const h = [...iterateBatches(first)][0]!;
    expect(h).toMatchObject({ producerId: 9n, producerEpoch: 2, baseSequence: 0, lastOffsetDelta: 1, partitionLeaderEpoch: 1 });
    expect(h.attributes & 0x08).toBe(0x08);
    log.close();
    const again = Log.open(dir, "c", 0, cfg, { hadCleanShutdown: true });
    expect(everything(again)).toEqual(recs);
    // the idempotent producer continues where it was
    expect(again.append(batch(["x", "y"], { keys: ["same", "z"], producerId: 9n, producerEpoch: 2, baseSequence: 60 }), 1).baseOffset).toBe(60n);
    again.close();
  });
});

describe("empty batches of idempotent producers", () => {
  it("keeps a producer's latest batch without records when cleaning empties it", () => {
    const dir = join(tempDir(), "c-0");
    const cfg = config({ segmentBytes: 100_000, cleanupPolicy: ["compact"] });
    const log = Log.open(dir, "c", 0, cfg);
    log.append(batch(["p1"], { keys: ["k"], producerId: 5n, producerEpoch: 0, baseSequence: 0 }), 0);
    log.append(batch(["p2"], { keys: ["k"], producerId: 5n, producerEpoch: 0, baseSequence: 1 }), 0); // producer 5's latest
    log.append(batch(["other"], { keys: ["k"] }), 0); // supersedes both
    log.roll();
    log.updateHighWatermark(log.logEndOffset);
    cleanLog(log, undefined, Date.now(), true);
    const hs = [...iterateBatches(log.read(0n, 1 << 20).records)];
    expect(hs.map((h) => [h.baseOffset, h.recordsCount, h.producerId])).toEqual([[1n, 0, 5n], [2n, 1, -1n]]);
    expect(everything(log).map((r) => r.value)).toEqual(["other"]);
    log.close();
    // after a restart without snapshots, the sequence is rebuilt from the empty batch
    for (const f of readdirSync(dir)) if (f.endsWith(".snapshot")) rmSync(join(dir, f));
    const again = Log.open(dir, "c", 0, cfg, { recoveryPoint: 0n });
    expect(again.append(batch(["p3"], { keys: ["k"], producerId: 5n, producerEpoch: 0, baseSequence: 2 }), 0).baseOffset).toBe(3n);
    again.close();
  });
});
