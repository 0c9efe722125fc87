import { afterAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Log } from "../../../broker/log/log.js";
import { decodeRecords } from "../../../broker/protocol/record-set.js";
import { iterateBatches } from "../../../broker/protocol/records.js";
import { batch, config, removeTempDirs, tempDir } from "./helpers.js";

afterAll(() => removeTempDirs());

const cfg = config({ segmentBytes: 1500, indexIntervalBytes: 100 });

/** A log with 3+ segments, left open without close() (as after a crash) but with data written. */
function crashedLog(): { dir: string; sizes: number[]; leo: bigint } {
  const dir = join(tempDir(), "t-0");
  const log = Log.open(dir, "t", 0, cfg);
  for (let i = 0; i < 40; i++) log.append(batch([`m${i}`, `n${i}`]), 1);
  // flush the index entries of the active segment to disk as a running broker would have over time
  log.activeSegment.offsetIndex.flush();
  log.activeSegment.timeIndex.flush();
  return { dir, sizes: log.segments.map((s) => s.size), leo: log.logEndOffset };
}

function allValues(log: Log): string[] {
  const out: string[] = [];
  let off = log.logStartOffset;
  while (off < log.logEndOffset) {
    const r = log.read(off, 1 << 20);
    const recs = decodeRecords(r.records);
    out.push(...recs.map((x) => x.value!.toString()));
    off = recs[recs.length - 1]!.offset + 1n;
  }
  return out;
}

function activeLogFile(dir: string): string {
  const logs = readdirSync(dir).filter((f) => f.endsWith(".log")).sort();
  return join(dir, logs[logs.length - 1]!);
}

describe("Log recovery", () => {
  it("reopens cleanly after close() without recovery and with identical state", () => {
    const dir = join(tempDir(), "t-0");
    const log = Log.open(dir, "t", 0, cfg);
    for (let i = 0; i < 40; i++) log.append(batch([`m${i}`]), 0);
    const indexBytes = log.segments.map((s) => s.offsetIndex.sizeInBytes);
    log.close();
    const again = Log.open(dir, "t", 0, cfg, { hadCleanShutdown: true, recoveryPoint: 40n });
    expect(again.logEndOffset).toBe(40n);
    expect(again.segments.map((s) => s.offsetIndex.sizeInBytes)).toEqual(indexBytes);
    expect(allValues(again)).toHaveLength(40);
    // index files on disk are exactly entries * 8 bytes (trimmed, as Kafka leaves them)
    for (const s of again.segments) expect(statSync(s.offsetIndex.file).size).toBe(s.offsetIndex.entries * 8);
    again.close();
  });

  it("truncates a torn tail of the active segment and keeps every complete batch", () => {
    const { dir, leo } = crashedLog();
    const file = activeLogFile(dir);
    const size = statSync(file).size;
    truncateSync(file, size - 7);
    const log = Log.open(dir, "t", 0, cfg, { recoveryPoint: 0n });
    expect(log.logEndOffset).toBe(leo - 2n);
    const vals = allValues(log);
    expect(vals.length).toBe(78);
    expect(vals[77]).toBe("n38");
    expect(statSync(file).size).toBeLessThan(size - 7);
    // appends continue at the recovered end
    expect(log.append(batch(["after"]), 1).baseOffset).toBe(leo - 2n);
    log.close();
  });

  it("truncates at a batch whose CRC does not match", () => {
    const { dir, leo } = crashedLog();
    const file = activeLogFile(dir);
    const bytes = readFileSync(file);
    const hs = [...iterateBatches(bytes)];
    const victim = hs[hs.length - 3]!;
    bytes[victim.position + victim.sizeInBytes - 1] ^= 0x55; // flip a byte inside the records
    writeFileSync(file, bytes);
    const log = Log.open(dir, "t", 0, cfg, { recoveryPoint: 0n });
    expect(log.logEndOffset).toBe(leo - 6n);
    expect(allValues(log).length).toBe(Number(leo - 6n));
    log.close();
  });

  it("rebuilds a deleted or corrupt index of any segment", () => {
    const { dir, leo } = crashedLog();
    const log1 = Log.open(dir, "t", 0, cfg, { recoveryPoint: 0n });
    const entries = log1.segments[0]!.offsetIndex.entries;
    log1.close();
    const first = join(dir, "00000000000000000000.index");
    rmSync(first);
    rmSync(join(dir, "00000000000000000000.timeindex"));
    // garbage in the second segment's index: non-increasing entries
    const second = readdirSync(dir).filter((f) => f.endsWith(".index")).sort()[0]!;
    writeFileSync(join(dir, second), Buffer.alloc(32, 0));
    const log = Log.open(dir, "t", 0, cfg, { hadCleanShutdown: true, recoveryPoint: leo });
    expect(existsSync(first)).toBe(true);
    expect(log.segments[0]!.offsetIndex.entries).toBe(entries);
    expect(log.segments[1]!.offsetIndex.sanityCheck(log.segments[1]!.size)).toBeUndefined();
    expect(allValues(log).length).toBe(Number(leo));
    log.close();
  });

  it("leaves flushed segments below the recovery point alone and recovers the rest", () => {
    const { dir, leo } = crashedLog();
    // garbage appended after the last batch of the active segment (a torn write)
    const file = activeLogFile(dir);
    writeFileSync(file, Buffer.concat([readFileSync(file), Buffer.from([0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 1])]));
    const log = Log.open(dir, "t", 0, cfg, { recoveryPoint: leo - 2n });
    expect(log.logEndOffset).toBe(leo);
    expect(log.recoveryPoint).toBe(leo);
    log.close();
  });

  it("rebuilds producer state after a crash so duplicates are still detected", () => {
    const dir = join(tempDir(), "t-0");
    const log = Log.open(dir, "t", 0, cfg);
    const mk = (seq: number) => batch([`s${seq}`], { producerId: 42n, producerEpoch: 0, baseSequence: seq });
    for (let s = 0; s < 30; s++) log.append(mk(s), 0);
    // crash: no close(), so no snapshot at LEO
    const again = Log.open(dir, "t", 0, cfg, { recoveryPoint: 0n });
    const dup = again.append(mk(29), 0);
    expect(dup.duplicate).toBe(true);
    expect(dup.baseOffset).toBe(29n);
    expect(() => again.append(mk(31), 0)).toThrow(/Out of order sequence number/);
    expect(again.append(mk(30), 0).baseOffset).toBe(30n);
    again.close();
  });
});

describe("Log recovery of interrupted file operations", () => {
  it("finishes a cleaner swap, drops .cleaned/.deleted/.tmp leftovers", async () => {
    const { copyFileSync, existsSync: exists, readdirSync: ls, writeFileSync: write } = await import("node:fs");
    const dir = join(tempDir(), "t-0");
    const log = Log.open(dir, "t", 0, cfg);
    for (let i = 0; i < 40; i++) log.append(batch([`m${i}`]), 0);
    const second = log.segments[1]!.baseOffset;
    log.close();
    const seg0 = join(dir, "00000000000000000000");
    // a swap file holding what segment 0 held (as if the cleaner finished writing it)
    copyFileSync(`${seg0}.log`, `${seg0}.log.swap`);
    copyFileSync(`${seg0}.index`, `${seg0}.index.swap`);
    copyFileSync(`${seg0}.timeindex`, `${seg0}.timeindex.swap`);
    write(`${seg0}.log.cleaned`, Buffer.alloc(10));
    write(join(dir, "00000000000000000099.log.deleted"), Buffer.alloc(10));
    write(join(dir, "leader-epoch-checkpoint.tmp"), "junk");
    const again = Log.open(dir, "t", 0, cfg, { hadCleanShutdown: true });
    expect(ls(dir).filter((f) => /\.(swap|cleaned|deleted|tmp)$/.test(f))).toEqual([]);
    expect(exists(`${seg0}.log`)).toBe(true);
    expect(again.segments[1]!.baseOffset).toBe(second);
    expect(allValues(again)).toHaveLength(40);
    again.close();
  });
});

describe("indexes left preallocated by Apache Kafka", () => {
  it("reads entries up to the first all-zero entry and trims the file on the next flush", async () => {
    const { statSync: st, truncateSync: trunc } = await import("node:fs");
    const dir = join(tempDir(), "t-0");
    const log = Log.open(dir, "t", 0, cfg);
    for (let i = 0; i < 12; i++) log.append(batch([`m${i}`]), 0);
    const entries = log.segments[0]!.offsetIndex.entries;
    const tEntries = log.segments[0]!.timeIndex.entries;
    log.close();
    expect(entries).toBeGreaterThan(1);
    const idx = join(dir, "00000000000000000000.index");
    const tidx = join(dir, "00000000000000000000.timeindex");
    trunc(idx, 8 * 1000); // as Kafka preallocates (zero-filled)
    trunc(tidx, 12 * 1000);
    const again = Log.open(dir, "t", 0, cfg, { hadCleanShutdown: true });
    expect(again.segments[0]!.offsetIndex.entries).toBe(entries);
    expect(again.segments[0]!.timeIndex.entries).toBe(tEntries);
    again.close();
    expect(st(idx).size).toBe(entries * 8);
    expect(st(tidx).size).toBe(tEntries * 12);
  });
});
