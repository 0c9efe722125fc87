/**
 * kafka-dump-log.sh on files our log wrote: Kafka's DumpLogSegments text for segments, indexes,
 * time indexes and producer snapshots, and its verification messages.
 */
import { afterAll, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pino from "pino";
import { setRootLogger } from "../../../common/logger.js";
import { defaultLogConfig } from "../../../broker/log/log-config.js";
import { Log } from "../../../broker/log/log.js";
import { buildRecordBatch } from "../../../broker/protocol/record-set.js";
import { CODEC_GZIP } from "../../../broker/protocol/compression.js";
import { removeTempDirs, run, tempDir } from "../../helpers/procs.js";

setRootLogger(pino({ level: "silent" }));
afterAll(() => removeTempDirs());

const TOOL = "bin/kafka-dump-log.sh";

function writeLog(): string {
  const dir = join(tempDir(), "t-0");
  const log = Log.open(dir, "t", 0, defaultLogConfig({ indexIntervalBytes: 100 }));
  for (let i = 0; i < 8; i++) {
    log.append(buildRecordBatch({
      records: [{ key: `k${i}`, value: `hello ${i}`, timestamp: 1_700_000_000_000 + i }, { value: "x", headers: { h: "v" }, timestamp: 1_700_000_000_000 + i }],
      producerId: 7n, producerEpoch: 0, baseSequence: i * 2, compression: i % 2 === 1 ? CODEC_GZIP : 0,
    }), 3);
  }
  log.close();
  return dir;
}

describe("kafka-dump-log.sh", () => {
  it("prints batches and records like DumpLogSegments", async () => {
    const dir = writeLog();
    const r = await run(TOOL, ["--files", join(dir, "00000000000000000000.log"), "--print-data-log"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe(`Dumping ${join(dir, "00000000000000000000.log")}`);
    expect(lines[1]).toBe("Log starting offset: 0");
    expect(lines[2]).toMatch(/^baseOffset: 0 lastOffset: 1 count: 2 baseSequence: 0 lastSequence: 1 producerId: 7 producerEpoch: 0 partitionLeaderEpoch: 3 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 0 CreateTime: 1700000000000 size: \d+ magic: 2 compresscodec: none crc: \d+ isvalid: true$/);
    expect(lines[3]).toBe("| offset: 0 CreateTime: 1700000000000 keySize: 2 valueSize: 7 sequence: 0 headerKeys: [] key: k0 payload: hello 0");
    expect(lines[4]).toBe("| offset: 1 CreateTime: 1700000000000 keySize: -1 valueSize: 1 sequence: 1 headerKeys: [h] payload: x");
    expect(lines[5]).toMatch(/compresscodec: gzip/);
    expect(r.stdout.match(/^baseOffset:/gm)!.length).toBe(8);
    // shallow by default
    const shallow = await run(TOOL, ["--files", join(dir, "00000000000000000000.log")]);
    expect(shallow.stdout).not.toMatch(/^\| offset/m);
  });

  it("prints and verifies offset and time indexes, and producer snapshots", async () => {
    const dir = writeLog();
    const idx = join(dir, "00000000000000000000.index");
    const r = await run(TOOL, ["--files", `${idx},${join(dir, "00000000000000000000.timeindex")},${join(dir, "00000000000000000016.snapshot")}`]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^offset: 5 position: \d+$/m);
    expect(r.stdout).toMatch(/^timestamp: 1700000000007 offset: 15$/m);
    expect(r.stdout).toMatch(/^producerId: 7 producerEpoch: 0 coordinatorEpoch: -1 currentTxnFirstOffset: OptionalLong.empty lastTimestamp: 1700000000007 firstSequence: 14 lastSequence: 15 lastOffset: 15 offsetDelta: 1 timestamp: 1700000000007$/m);
    const sane = await run(TOOL, ["--files", idx, "--index-sanity-check"]);
    expect(sane.stdout).toContain(`${idx} passed sanity check.`);
    // point the first index entry at the wrong batch: reported as a mismatch on stderr
    const bytes = readFileSync(idx);
    bytes.writeInt32BE(bytes.readInt32BE(8 + 4), 4);
    writeFileSync(idx, bytes);
    const bad = await run(TOOL, ["--files", idx, "--verify-index-only"]);
    expect(bad.stdout.trim()).toBe(`Dumping ${idx}`);
    expect(bad.stderr).toContain(`Mismatches in :${idx}`);
    expect(bad.stderr).toMatch(/ {2}Index offset: 5, log offset: 9/);
  });

  it("reports trailing invalid bytes and unknown files; usage without arguments", async () => {
    const dir = writeLog();
    const log = join(dir, "00000000000000000000.log");
    writeFileSync(log, Buffer.concat([readFileSync(log), Buffer.from([0, 0, 0, 0, 0, 0, 0, 1, 0])]));
    const r = await run(TOOL, ["--files", `${log},${join(dir, "leader-epoch-checkpoint")}`]);
    expect(r.stdout).toContain("Found 9 invalid bytes at the end of 00000000000000000000.log");
    expect(r.stderr).toContain(`Ignoring unknown file ${join(dir, "leader-epoch-checkpoint")}`);
    const usage = await run(TOOL, []);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toMatch(/^This tool helps to parse a log file and dump its contents to the console/);
    const missing = await run(TOOL, ["--print-data-log"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Missing required argument "\[files\]"/);
  });
});
