import { afterAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { readdirSync } from "node:fs";
import { Log } from "../../../broker/log/log.js";
import { decodeRecords } from "../../../broker/protocol/record-set.js";
import { batch, config, removeTempDirs, tempDir } from "./helpers.js";

afterAll(() => removeTempDirs());

describe("replication support: follower append, epochs, truncation", () => {
  it("appendAsFollower keeps the leader's offsets and epochs and builds the epoch cache", () => {
    const leader = Log.open(join(tempDir(), "t-0"), "t", 0, config({ segmentBytes: 700 }));
    for (let i = 0; i < 10; i++) leader.append(batch([`a${i}`]), 1);
    for (let i = 0; i < 10; i++) leader.append(batch([`b${i}`]), 4);
    const follower = Log.open(join(tempDir(), "t-0"), "t", 0, config({ segmentBytes: 700 }));
    let off = 0n;
    while (off < leader.logEndOffset) {
      const r = leader.read(off, 300);
      const res = follower.appendAsFollower(r.records);
      off = res.lastOffset + 1n;
    }
    expect(follower.logEndOffset).toBe(20n);
    expect(follower.leaderEpochCache.entries()).toEqual([{ epoch: 1, startOffset: 0n }, { epoch: 4, startOffset: 10n }]);
    expect(follower.endOffsetForEpoch(1)).toEqual({ leaderEpoch: 1, endOffset: 10n });
    expect(follower.endOffsetForEpoch(4)).toEqual({ leaderEpoch: 4, endOffset: 20n });
    expect(() => follower.appendAsFollower(leader.read(5n, 1000).records)).toThrow(/Unexpected offset/);
    // the follower's segment files carry the same base offsets as the leader's
    expect(follower.segments.map((s) => s.baseOffset).every((b) => leader.segments.some((s) => s.baseOffset <= b))).toBe(true);
    leader.close();
    follower.close();
  });

  it("truncateTo removes whole batches at and after the offset, across segments", () => {
    const dir = join(tempDir(), "t-0");
    const log = Log.open(dir, "t", 0, config({ segmentBytes: 600, fileDeleteDelayMs: 0 }));
    for (let i = 0; i < 30; i++) log.append(batch([`x${i}`, `y${i}`]), i < 15 ? 0 : 1);
    log.updateHighWatermark(60n);
    expect(log.truncateTo(21n)).toBe(true);
    expect(log.logEndOffset).toBe(20n); // batch [20,21] removed whole
    expect(log.highWatermark).toBe(20n);
    expect(log.leaderEpochCache.entries()).toEqual([{ epoch: 0, startOffset: 0n }]);
    expect(readdirSync(dir).filter((f) => f.endsWith(".log")).length).toBe(log.segments.length);
    const last = decodeRecords(log.read(18n, 1000).records);
    expect(last.map((r) => r.value!.toString())).toEqual(["x9", "y9"]);
    expect(log.append(batch(["new"]), 2).baseOffset).toBe(20n);
    log.truncateFullyAndStartAt(100n);
    expect([log.logStartOffset, log.logEndOffset]).toEqual([100n, 100n]);
    expect(readdirSync(dir).filter((f) => f.endsWith(".log"))).toEqual(["00000000000000000100.log"]);
    expect(log.append(batch(["z"]), 3).baseOffset).toBe(100n);
    log.close();
  });

  it("rolls on segment.ms based on the first batch's timestamp", () => {
    const log = Log.open(join(tempDir(), "t-0"), "t", 0, config({ segmentMs: 1000 }));
    log.append(batch(["a"], { timestamp: 10_000 }), 0);
    log.append(batch(["b"], { timestamp: 10_500 }), 0);
    expect(log.segments.length).toBe(1);
    log.append(batch(["c"], { timestamp: 11_500 }), 0);
    expect(log.segments.map((s) => s.baseOffset)).toEqual([0n, 2n]);
    log.close();
  });
});

describe("follower appends larger than a segment, flush policies", () => {
  it("splits a follower append across segments at segment.bytes", () => {
    const leader = Log.open(join(tempDir(), "t-0"), "t", 0, config({ segmentBytes: 100_000 }));
    for (let i = 0; i < 30; i++) leader.append(batch([`value-${i}`.padEnd(60, "x")]), 2);
    const all = leader.read(0n, 1 << 20).records;
    const follower = Log.open(join(tempDir(), "t-0"), "t", 0, config({ segmentBytes: 700 }));
    follower.appendAsFollower(all);
    expect(follower.logEndOffset).toBe(30n);
    expect(follower.segments.length).toBeGreaterThan(3);
    for (const s of follower.segments) expect(s.size).toBeLessThanOrEqual(700);
    const again = follower.read(0n, 1 << 20);
    expect(again.firstOffset).toBe(0n);
    leader.close();
    follower.close();
  });

  it("flush.messages flushes and moves the recovery point; flush.ms via LogManager", async () => {
    const log = Log.open(join(tempDir(), "t-0"), "t", 0, config({ flushMessages: 3 }));
    log.append(batch(["a", "b"]), 0);
    expect(log.recoveryPoint).toBe(0n);
    log.append(batch(["c"]), 0);
    expect(log.recoveryPoint).toBe(3n);
    expect(log.unflushedMessageCount).toBe(0);
    log.close();
    const { LogManager } = await import("../../../broker/log/log-manager.js");
    const lm = new LogManager([tempDir()], new Map<string, unknown>([["log.flush.interval.ms", 0]]));
    const l = lm.getOrCreateLog("f", 0);
    l.append(batch(["x"]), 0);
    expect(l.recoveryPoint).toBe(0n);
    lm.flushDirtyLogs(Date.now() + 1);
    expect(l.recoveryPoint).toBe(1n);
    lm.shutdown();
  });
});

describe("roll when the index is full", () => {
  it("rolls a new segment once segment.index.bytes worth of entries exist", () => {
    const log = Log.open(join(tempDir(), "t-0"), "t", 0, config({ segmentIndexBytes: 80, indexIntervalBytes: 0 }));
    for (let i = 0; i < 30; i++) log.append(batch([`v${i}`]), 0);
    expect(log.segments.length).toBeGreaterThan(2);
    for (const s of log.segments) expect(s.offsetIndex.entries).toBeLessThanOrEqual(10);
    expect(log.logEndOffset).toBe(30n);
    log.close();
  });
});
