import { afterAll, describe, expect, it } from "vitest";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Log } from "../../../broker/log/log.js";
import { filenamePrefix } from "../../../broker/log/log-segment.js";
import { batch, config, removeTempDirs, tempDir } from "./helpers.js";

afterAll(() => removeTempDirs());

function filled(o: Parameters<typeof config>[0], n: number, ts: (i: number) => number): { dir: string; log: Log } {
  const dir = join(tempDir(), "r-0");
  const log = Log.open(dir, "r", 0, config({ segmentBytes: 700, fileDeleteDelayMs: 0, ...o }));
  for (let i = 0; i < n; i++) log.append(batch([`value-${i}`], { timestamp: ts(i) }), 0);
  log.updateHighWatermark(log.logEndOffset);
  return { dir, log };
}

const logFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".log")).sort();

describe("Log retention", () => {
  it("deletes segments whose largest timestamp is older than retention.ms, never past the high watermark", () => {
    const now = Date.now();
    // first 30 records are a day old, the rest fresh
    const { dir, log } = filled({ retentionMs: 3_600_000 }, 60, (i) => (i < 30 ? now - 86_400_000 : now));
    const before = log.segments.map((s) => s.baseOffset);
    const old = log.segments.filter((s) => s.maxTimestampSoFar < BigInt(now - 3_600_000));
    expect(old.length).toBeGreaterThan(1);
    // with the HW at 0 nothing may go
    log.updateHighWatermark(0n);
    expect(log.deleteOldSegments(now)).toBe(0);
    log.updateHighWatermark(log.logEndOffset);
    const deleted = log.deleteOldSegments(now);
    expect(deleted).toBe(old.length);
    expect(log.logStartOffset).toBe(log.segments[0]!.baseOffset);
    for (const b of before.slice(0, deleted)) expect(existsSync(join(dir, `${filenamePrefix(b)}.log`))).toBe(false);
    expect(logFiles(dir).length).toBe(before.length - deleted);
    expect(() => log.read(0n, 100)).toThrow(/Received request for offset 0/);
    log.close();
  });

  it("rolls and deletes the active segment too when everything has expired", () => {
    const now = Date.now();
    const { dir, log } = filled({ retentionMs: 1000 }, 10, () => now - 60_000);
    const n = log.deleteOldSegments(now);
    expect(n).toBeGreaterThan(0);
    expect(log.logStartOffset).toBe(10n);
    expect(log.logEndOffset).toBe(10n);
    expect(logFiles(dir)).toEqual([`${filenamePrefix(10n)}.log`]);
    expect(log.append(batch(["again"]), 0).baseOffset).toBe(10n);
    log.close();
  });

  it("deletes the oldest segments while the log is larger than retention.bytes", () => {
    const { dir, log } = filled({ retentionBytes: 1500 }, 60, () => Date.now());
    const total = log.size();
    expect(total).toBeGreaterThan(3000);
    log.deleteOldSegments();
    expect(log.size()).toBeLessThanOrEqual(1500 + 700);
    expect(log.size()).toBeGreaterThan(1500 - 700);
    expect(logFiles(dir).length).toBe(log.segments.length);
    expect(log.logStartOffset).toBe(log.segments[0]!.baseOffset);
    log.close();
  });

  it("keeps deleted files as .deleted until file.delete.delay.ms passes", async () => {
    const { dir, log } = filled({ retentionBytes: 0, fileDeleteDelayMs: 150 }, 40, () => Date.now());
    log.deleteOldSegments();
    const pending = readdirSync(dir).filter((f) => f.endsWith(".log.deleted"));
    expect(pending.length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 400));
    expect(readdirSync(dir).filter((f) => f.endsWith(".deleted"))).toEqual([]);
    log.close();
  });

  it("does nothing for compact-only topics except start-offset breaches", () => {
    const { log } = filled({ retentionMs: 1, cleanupPolicy: ["compact"] }, 40, () => 1);
    expect(log.deleteOldSegments()).toBe(0);
    log.close();
  });

  it("DeleteRecords moves the log start offset and drops segments wholly below it", () => {
    const { dir, log } = filled({}, 60, () => Date.now());
    const second = log.segments[1]!.baseOffset;
    const target = second + 2n;
    expect(log.deleteRecordsBefore(target)).toBe(target);
    expect(log.logStartOffset).toBe(target);
    expect(log.segments[0]!.baseOffset).toBe(second);
    expect(existsSync(join(dir, `${filenamePrefix(0n)}.log`))).toBe(false);
    expect(() => log.read(target - 1n, 100)).toThrow();
    expect(log.read(target, 100).records.length).toBeGreaterThan(0);
    // beyond the HW: OFFSET_OUT_OF_RANGE; -1 means "up to the HW"
    expect(() => log.deleteRecordsBefore(log.logEndOffset + 1n)).toThrow(/larger than the high watermark/);
    expect(log.deleteRecordsBefore(-1n)).toBe(60n);
    log.close();
  });
});
