import { appendFileSync, closeSync, openSync, readdirSync, readFileSync, statSync, symlinkSync, truncateSync, writeSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FileTxnLog, LogFileReader, paddedSize, TxnLogError } from "../../../../coordinator/persistence/txn-log.js";
import { adler32 } from "../../../../coordinator/persistence/adler32.js";
import { removeTempDirs, tempDir } from "../../../helpers/procs.js";
import { range, txn, zxids } from "./helpers.js";

afterAll(() => removeTempDirs());

const opts = (dir: string, preAllocSize = 64 * 1024) => ({ dir, forceSync: true, preAllocSize });
const logFiles = (dir: string) => readdirSync(join(dir, "version-2")).filter((n) => /^log\.[0-9a-f]+$/.test(n)).sort();

async function appendAll(log: FileTxnLog, from: number, to: number): Promise<void> {
  await Promise.all(range(from, to).map((z) => log.append(txn(z))));
}

describe("FileTxnLog", () => {
  it("writes ZooKeeper's framing: header, checksum, length, bytes, 'B', zero padding", async () => {
    const dir = tempDir();
    const log = await FileTxnLog.open(opts(dir, 4096 * 4));
    const e = txn(1n);
    await log.append(e);
    await log.close();
    expect(logFiles(dir)).toEqual(["log.1"]);
    const f = readFileSync(join(dir, "version-2", "log.1"));
    expect(f.subarray(0, 4).toString("latin1")).toBe("ZKLG");
    expect(f.readInt32BE(4)).toBe(2);
    expect(f.readBigInt64BE(8)).toBe(0n);
    expect(f.readBigInt64BE(16)).toBe(BigInt(adler32(e.bytes)));
    expect(f.readInt32BE(24)).toBe(e.bytes.length);
    expect(f.subarray(28, 28 + e.bytes.length).equals(e.bytes)).toBe(true);
    expect(f[28 + e.bytes.length]).toBe(0x42);
    expect(f.length).toBe(4096 * 4); // preallocated
    expect(f.subarray(29 + e.bytes.length).every((b) => b === 0)).toBe(true);
  });

  it("pads like ZooKeeper's FilePadding", () => {
    expect(paddedSize(16, 0, 65536)).toBe(65536);
    expect(paddedSize(1000, 65536, 65536)).toBe(65536);
    expect(paddedSize(65536 - 100, 65536, 65536)).toBe(131072);
    expect(paddedSize(300000, 65536, 65536)).toBe(327680);
    expect(paddedSize(300000, 65536, 0)).toBe(65536);
  });

  it("round-trips across rolls and reopen; readFrom skips entries <= afterZxid", async () => {
    const dir = tempDir();
    let log = await FileTxnLog.open(opts(dir));
    await appendAll(log, 1, 10);
    log.roll();
    await appendAll(log, 11, 25);
    log.roll();
    await log.append(txn(26n));
    expect(logFiles(dir)).toEqual(["log.1", "log.1a", "log.b"]);
    expect(zxids(log.readFrom(0n))).toEqual(range(1, 26));
    expect(zxids(log.readFrom(12n))).toEqual(range(13, 26));
    expect(zxids(log.readFrom(26n))).toEqual([]);
    const got = [...log.readFrom(4n)][0]!;
    expect(got.bytes.equals(txn(5n).bytes)).toBe(true);
    await log.close();

    log = await FileTxnLog.open(opts(dir));
    expect(log.lastZxid).toBe(26n);
    await appendAll(log, 27, 30); // a new file, as ZooKeeper starts one on every start
    await log.close();
    expect(logFiles(dir)).toEqual(["log.1", "log.1a", "log.1b", "log.b"]);
    expect(zxids(new FileTxnLog(opts(dir)).readFrom(0n))).toEqual(range(1, 30));
  });

  it("group commit: many concurrent appends all resolve, in order, all readable", async () => {
    const dir = tempDir();
    const log = await FileTxnLog.open(opts(dir, 1 << 20));
    const order: number[] = [];
    const ps: Promise<void>[] = [];
    for (let i = 1; i <= 2000; i++) ps.push(log.append(txn(BigInt(i), "x".repeat(i % 300))).then(() => { order.push(i); }));
    await Promise.all(ps);
    expect(order).toEqual(range(1, 2000).map(Number));
    const read = [...log.readFrom(0n)];
    expect(read.map((e) => e.zxid)).toEqual(range(1, 2000));
    expect(read[1234]!.bytes.equals(txn(1235n, "x".repeat(1235 % 300)).bytes)).toBe(true);
    await log.close();
  });

  for (const maxSyncsInFlight of [1, 2, 4]) {
    it(`appends spread over many event-loop turns and rolls resolve in order and read back (maxSyncsInFlight=${maxSyncsInFlight})`, async () => {
      const dir = tempDir();
      const log = new FileTxnLog(opts(dir, 8192), { maxSyncsInFlight });
      const order: number[] = [];
      const ps: Promise<void>[] = [];
      let z = 0;
      for (let turn = 0; turn < 60; turn++) {
        if (turn % 20 === 19) log.roll();
        for (let k = 0; k < (turn % 7) + 1; k++) {
          const n = ++z;
          ps.push(log.append(txn(BigInt(n), "y".repeat(n % 97))).then(() => { order.push(n); }));
        }
        await new Promise((r) => setImmediate(r));
      }
      await Promise.all(ps);
      expect(order).toEqual(range(1, z).map(Number));
      expect(log.stats().entries).toBe(z);
      await log.close();
      expect(logFiles(dir).length).toBe(4);
      expect(zxids(new FileTxnLog(opts(dir)).readFrom(0n))).toEqual(range(1, z));
    });
  }

  it("rejects out-of-order zxids and bytes whose TxnHeader disagrees", async () => {
    const log = await FileTxnLog.open(opts(tempDir()));
    await log.append(txn(5n));
    await expect(log.append(txn(5n))).rejects.toThrow(/not after/);
    await expect(log.append({ zxid: 9n, bytes: txn(8n).bytes })).rejects.toThrow(/TxnHeader/);
    await log.close();
  });

  it("zero-fills ahead of appends (forceSync) without touching data, across preallocation steps", async () => {
    const dir = tempDir();
    const pre = 96 * 1024; // not a multiple of the 64 KB fill chunk
    const log = await FileTxnLog.open(opts(dir, pre));
    const payload = (z: bigint) => `${z}:`.padEnd(300 + Number(z % 97n), "x");
    // batches of varying size, so fills start at odd positions and cross preallocation steps
    let z = 1;
    for (const n of [1, 7, 300, 2, 500, 33, 1000]) {
      await Promise.all(range(z, z + n - 1).map((x) => log.append(txn(x, payload(x)))));
      z += n;
    }
    await log.close();
    const path = join(dir, "version-2", "log.1");
    const size = statSync(path).size;
    expect(size % pre).toBe(0);
    const reader = new LogFileReader(path);
    const got = [...reader];
    expect(got.map((e) => e.zxid)).toEqual(range(1, z - 1));
    for (const e of got) expect(e.bytes.equals(txn(e.zxid, payload(e.zxid)).bytes)).toBe(true);
    expect(reader.end?.kind).toBe("eof");
    const f = readFileSync(path);
    expect(f.subarray(reader.end!.validEnd).every((b) => b === 0)).toBe(true);
  });

  it("fdatasyncs a lone txn inline when the owner allows it, and batches as before otherwise", async () => {
    const dir = tempDir();
    let asked = 0;
    let allow = true;
    const log = new FileTxnLog(opts(dir), { syncInline: () => (asked++, allow) });
    for (let z = 1; z <= 5; z++) await log.append(txn(BigInt(z)));
    expect(asked).toBe(5);
    expect(log.stats().syncs).toBe(5);
    await appendAll(log, 6, 40); // one batch of 35: never inline
    expect(asked).toBe(5);
    allow = false;
    await log.append(txn(41n));
    log.setSyncInline(undefined);
    await log.append(txn(42n));
    await log.close();
    expect(zxids(new FileTxnLog(opts(dir)).readFrom(0n))).toEqual(range(1, 42));
  });

  it("works without preallocation and with forceSync=false", async () => {
    const dir = tempDir();
    const log = await FileTxnLog.open({ dir, forceSync: false, preAllocSize: 0 });
    await appendAll(log, 1, 50);
    await log.close();
    const size = statSync(join(dir, "version-2", "log.1")).size;
    expect(size).toBe(16 + range(1, 50).reduce((s, z) => s + 13 + txn(z).bytes.length, 0));
    const log2 = new FileTxnLog({ dir, forceSync: true, preAllocSize: 0 });
    expect(zxids(log2.readFrom(0n))).toEqual(range(1, 50));
    await appendAll(log2, 51, 52);
    await log2.close();
    expect(zxids(new FileTxnLog(opts(dir)).readFrom(0n))).toEqual(range(1, 52));
  });
});

describe("torn tails", () => {
  async function logWith(n: number, preAllocSize = 64 * 1024): Promise<{ dir: string; path: string; ends: number[] }> {
    const dir = tempDir();
    const log = await FileTxnLog.open(opts(dir, preAllocSize));
    await appendAll(log, 1, n);
    await log.close();
    const ends: number[] = [];
    let pos = 16;
    for (const z of range(1, n)) ends.push((pos += 13 + txn(z).bytes.length));
    return { dir, path: join(dir, "version-2", "log.1"), ends };
  }

  it("zero-filled preallocation ends the log cleanly", async () => {
    const { path } = await logWith(7);
    const r = new LogFileReader(path);
    expect(zxids(r)).toEqual(range(1, 7));
    expect(r.end!.kind).toBe("eof");
  });

  for (const cut of [1, 5, 12, 20, -1]) {
    it(`truncated mid-entry (cut ${cut}) → exactly the complete entries, later appends readable after restart`, async () => {
      const { dir, path, ends } = await logWith(20, 0);
      const at = cut >= 0 ? ends[14]! + cut : ends[15]! - 1; // inside entry 16
      truncateSync(path, at);
      let log = new FileTxnLog(opts(dir));
      expect(log.lastZxid).toBe(15n);
      expect(zxids(log.readFrom(0n))).toEqual(range(1, 15));
      await appendAll(log, 16, 30);
      await log.close();
      log = new FileTxnLog(opts(dir));
      expect(zxids(log.readFrom(0n))).toEqual(range(1, 30));
      expect(zxids(log.readFrom(10n))).toEqual(range(11, 30));
      await log.close();
    });
  }

  it("garbage after valid entries (inside the preallocated region) is ignored and cut", async () => {
    const { dir, path, ends } = await logWith(10);
    const fd = openSync(path, "r+");
    writeSync(fd, Buffer.from("this is garbage, not an entry at all........"), 0, undefined, ends[9]!);
    closeSync(fd);
    let log = new FileTxnLog(opts(dir));
    expect(zxids(log.readFrom(0n))).toEqual(range(1, 10));
    await appendAll(log, 11, 12);
    await log.close();
    log = new FileTxnLog(opts(dir));
    expect(zxids(log.readFrom(0n))).toEqual(range(1, 12));
  });

  it("a corrupted byte inside the last entry (CRC mismatch) drops just that entry", async () => {
    const { dir, path, ends } = await logWith(10);
    const fd = openSync(path, "r+");
    writeSync(fd, Buffer.from([0xee]), 0, 1, ends[9]! - 5);
    closeSync(fd);
    const r = new LogFileReader(path);
    expect(zxids(r)).toEqual(range(1, 9));
    expect(r.end).toMatchObject({ kind: "torn", reason: "CRC check failed", validEnd: ends[8] });
    const log = new FileTxnLog(opts(dir));
    expect(zxids(log.readFrom(0n))).toEqual(range(1, 9));
    await log.append(txn(10n, "replacement"));
    await log.close();
    const again = [...new FileTxnLog(opts(dir)).readFrom(0n)];
    expect(again.map((e) => e.zxid)).toEqual(range(1, 10));
    expect(again[9]!.bytes.equals(txn(10n, "replacement").bytes)).toBe(true);
  });

  it("a missing end-of-record byte marks a torn entry", async () => {
    const { path, ends } = await logWith(3);
    const fd = openSync(path, "r+");
    writeSync(fd, Buffer.from([0x00]), 0, 1, ends[2]! - 1);
    closeSync(fd);
    const r = new LogFileReader(path);
    expect(zxids(r)).toEqual(range(1, 2));
    expect(r.end!.reason).toMatch(/end-of-record/);
  });

  it("a log file with only a partial header (crash at creation) is removed and its name reused", async () => {
    const { dir, ends } = await logWith(5, 0);
    expect(ends.length).toBe(5);
    appendFileSync(join(dir, "version-2", "log.6"), Buffer.from("ZKL"));
    let log = new FileTxnLog(opts(dir));
    expect(log.lastZxid).toBe(5n);
    await appendAll(log, 6, 8);
    await log.close();
    log = new FileTxnLog(opts(dir));
    expect(zxids(log.readFrom(0n))).toEqual(range(1, 8));
  });

  it("a torn file followed by a file that leaves a gap: replay stops at the tear, the later file is set aside", async () => {
    const dir = tempDir();
    let log = new FileTxnLog(opts(dir, 0));
    await appendAll(log, 1, 10);
    log.roll();
    await appendAll(log, 11, 20);
    await log.close();
    // tear the end of log.1 (entry 10): readers see 1..9, then log.b starts at 11, not 10
    const p1 = join(dir, "version-2", "log.1");
    truncateSync(p1, statSync(p1).size - 3);
    expect(zxids(new LogFileReader(p1))).toEqual(range(1, 9));
    log = new FileTxnLog(opts(dir));
    // log.b does not continue at 10: replay stops after 9 and log.b is set aside, not mixed in
    expect(log.lastZxid).toBe(9n);
    expect(zxids(log.readFrom(0n))).toEqual(range(1, 9));
    expect(logFiles(dir)).toEqual(["log.1"]);
    expect(readdirSync(join(dir, "version-2"))).toContain("log.b.corrupt");
    await appendAll(log, 10, 12);
    await log.close();
    expect(zxids(new FileTxnLog(opts(dir)).readFrom(0n))).toEqual(range(1, 12));
  });

  it("a torn tail followed by a file that starts right after the last valid zxid is read through", async () => {
    const dir = tempDir();
    let log = new FileTxnLog(opts(dir, 0));
    await appendAll(log, 1, 10);
    await log.close();
    const p1 = join(dir, "version-2", "log.1");
    appendFileSync(p1, Buffer.from("torn bytes of an entry that never completed"));
    // a later process that did not truncate (e.g. Apache ZooKeeper) started log.b at zxid 11
    const ob = new FileTxnLog({ dir: tempDir(), forceSync: false, preAllocSize: 0 });
    for (const z of range(11, 15)) await ob.append(txn(z));
    await ob.close();
    appendFileSync(join(dir, "version-2", "log.b"), readFileSync(join(ob.dir, "log.b")));
    const reader = new LogFileReader(p1);
    expect(zxids(reader)).toEqual(range(1, 10));
    expect(reader.end!.kind).toBe("torn");
    log = new FileTxnLog(opts(dir));
    expect(zxids(log.readFrom(0n))).toEqual(range(1, 15));
    expect(zxids(log.readFrom(12n))).toEqual(range(13, 15));
    await log.close();
  });

  it("an empty data dir has no entries and lastZxid 0", async () => {
    const log = new FileTxnLog(opts(tempDir()));
    expect(log.lastZxid).toBe(0n);
    expect(zxids(log.readFrom(0n))).toEqual([]);
    await log.close();
  });
});

describe("I/O errors", () => {
  it("a full disk rejects the pending appends with a clear error and refuses later writes", async () => {
    const dir = tempDir();
    const log = new FileTxnLog({ dir, forceSync: true, preAllocSize: 0 });
    // The next file the log creates is /dev/full: every write fails with ENOSPC.
    symlinkSync("/dev/full", join(dir, "version-2", "log.1"));
    const results = await Promise.allSettled(range(1, 5).map((z) => log.append(txn(z))));
    for (const r of results) {
      expect(r.status).toBe("rejected");
      expect(String((r as PromiseRejectedResult).reason)).toMatch(/Unable to append to txn log log\.1: ENOSPC/);
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(TxnLogError);
    }
    await expect(log.append(txn(6n))).rejects.toThrow(/refusing further writes/);
    await log.close();
  });
});
