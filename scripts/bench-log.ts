/**
 * Log-layer micro benchmark: Log.append / Log.read throughput on a temp dir with 100-byte
 * records, for several batch sizes (what one Produce request carries per partition).
 * Prints a table. Run: npx tsc -p tsconfig.json && node dist/scripts/bench-log.js
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { setRootLogger } from "../common/logger.js";
import { defaultLogConfig } from "../broker/log/log-config.js";
import { Log } from "../broker/log/log.js";
import { buildRecordBatch } from "../broker/protocol/record-set.js";

setRootLogger(pino({ level: "warn" }));

const value = Buffer.alloc(100, 0x61);
const rows: string[][] = [["records/batch", "batch bytes", "append msgs/s", "append MB/s", "read MB/s"]];
for (const perBatch of [1, 10, 100, 1000, 5000]) {
  const dir = mkdtempSync(join(tmpdir(), "bench-log-"));
  const log = Log.open(join(dir, "b-0"), "b", 0, defaultLogConfig({ segmentBytes: 256 * 1024 * 1024 }));
  const template = buildRecordBatch({ records: Array.from({ length: perBatch }, () => ({ value })) });
  const total = 2_000_000;
  const n = Math.max(1, Math.floor(total / perBatch));
  const bufs = Array.from({ length: Math.min(n, 64) }, () => Buffer.from(template));
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) log.append(bufs[i % bufs.length]!, 0);
  const t1 = process.hrtime.bigint();
  const secs = Number(t1 - t0) / 1e9;
  let off = 0n;
  let bytes = 0;
  const r0 = process.hrtime.bigint();
  while (off < log.logEndOffset) {
    const r = log.read(off, 1 << 20);
    bytes += r.records.length;
    // next offset: last batch end
    let p = 0, last = 0;
    while (p < r.records.length) { last = p; p += 12 + r.records.readInt32BE(p + 8); }
    off = r.records.readBigInt64BE(last) + BigInt(r.records.readInt32BE(last + 23)) + 1n;
  }
  const rsecs = Number(process.hrtime.bigint() - r0) / 1e9;
  rows.push([String(perBatch), String(template.length), Math.round((n * perBatch) / secs).toLocaleString("en"), ((n * template.length) / secs / 1048576).toFixed(0), (bytes / rsecs / 1048576).toFixed(0)]);
  log.close();
  rmSync(dir, { recursive: true, force: true });
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(r.map((c, i) => c.padStart(widths[i]!)).join("  "));
