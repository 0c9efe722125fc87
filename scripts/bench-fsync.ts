/**
 * Benchmark of the coordinator's txn log alone: appends of ~150-byte txns (a setData with
 * 100 bytes of data) with 1, 16 and 128 appends in flight, fsync on, group commit doing its
 * work, with one fdatasync at a time (classic group commit) and with up to four overlapping
 * (the default). Prints ops/s, txns per fdatasync and latency percentiles, next to the raw cost of
 * one write + fdatasync on the same disk (the floor for 1 in flight).
 *
 *   npx tsc -p tsconfig.json && node dist/scripts/bench-fsync.js [--seconds 3] [--dir /path]
 */
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : def;
};
const seconds = Number(opt("seconds", "3"));
const base = opt("dir", tmpdir());
process.env.LOG_LEVEL ??= "warn";
// Imported after LOG_LEVEL is set: the logger reads it when the module creates its child logger.
const { FileTxnLog } = await import("../coordinator/persistence/txn-log.js");

function txnBytes(zxid: bigint): Buffer {
  const b = Buffer.alloc(32 + 4 + 16 + 4 + 100 + 4);
  b.writeBigInt64BE(0x100000001n, 0);
  b.writeInt32BE(Number(zxid & 0x7fffffffn), 8);
  b.writeBigInt64BE(zxid, 12);
  b.writeBigInt64BE(BigInt(Date.now()), 20);
  b.writeInt32BE(5, 28);
  b.writeInt32BE(16, 32);
  b.write("/bench/node-0001", 36);
  b.writeInt32BE(100, 52);
  b.fill(0x61, 56, 156);
  return b;
}

function pct(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]! : 0;
}

function rawFsync(dir: string): number {
  const fd = openSync(join(dir, "raw"), "w");
  const buf = txnBytes(1n);
  const end = Date.now() + seconds * 1000;
  let n = 0;
  let pos = 0;
  while (Date.now() < end) {
    writeSync(fd, buf, 0, buf.length, pos);
    pos += buf.length;
    fdatasyncSync(fd);
    n++;
  }
  closeSync(fd);
  return n / seconds;
}

async function run(inFlight: number, maxSyncsInFlight: number): Promise<{ ops: number; p50: number; p99: number; perSync: number }> {
  const dir = mkdtempSync(join(base, "bench-txnlog-"));
  const log = await FileTxnLog.open({ dir, forceSync: true, preAllocSize: 64 * 1024 * 1024 }, { maxSyncsInFlight });
  let zxid = 0n;
  let done = 0;
  const lat: number[] = [];
  const end = Date.now() + seconds * 1000;
  const worker = async () => {
    while (Date.now() < end) {
      const t = process.hrtime.bigint();
      zxid++;
      await log.append({ zxid, bytes: txnBytes(zxid) });
      lat.push(Number(process.hrtime.bigint() - t) / 1e6);
      done++;
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  const elapsed = (Date.now() - started) / 1000;
  const stats = log.stats();
  await log.close();
  rmSync(dir, { recursive: true, force: true });
  lat.sort((a, b) => a - b);
  return { ops: done / elapsed, p50: pct(lat, 50), p99: pct(lat, 99), perSync: stats.syncs ? stats.entries / stats.syncs : 0 };
}

const rawDir = mkdtempSync(join(base, "bench-raw-"));
const raw = rawFsync(rawDir);
rmSync(rawDir, { recursive: true, force: true });
console.log(`raw write+fdatasync: ${raw.toFixed(0)}/s (${(1000 / raw).toFixed(2)} ms each) in ${base}`);
console.log("in flight | syncs in flight |     ops/s | txns/fsync | p50 ms | p99 ms");
for (const n of [1, 16, 128]) {
  for (const syncs of [1, 4]) {
    const r = await run(n, syncs);
    console.log(`${String(n).padStart(9)} | ${String(syncs).padStart(15)} | ${r.ops.toFixed(0).padStart(9)} | ${r.perSync.toFixed(1).padStart(10)} | ${r.p50.toFixed(2).padStart(6)} | ${r.p99.toFixed(2).padStart(6)}`);
  }
}
