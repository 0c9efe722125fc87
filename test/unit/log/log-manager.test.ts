import { afterAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { LogManager } from "../../../broker/log/log-manager.js";
import { Log } from "../../../broker/log/log.js";
import { decodeRecords } from "../../../broker/protocol/record-set.js";
import { batch, config, removeTempDirs, tempDir } from "./helpers.js";

afterAll(() => removeTempDirs());

describe("LogManager", () => {
  it("creates logs, checkpoints on shutdown, writes the clean-shutdown marker and reloads", () => {
    const d1 = tempDir();
    const d2 = tempDir();
    const defaults = new Map<string, unknown>([["log.segment.bytes", 1000]]);
    const lm = new LogManager([d1, d2], defaults);
    const a = lm.getOrCreateLog("orders", 0, {});
    const b = lm.getOrCreateLog("orders", 1, { "segment.bytes": "2000" });
    expect(a.config.segmentBytes).toBe(1000);
    expect(b.config.segmentBytes).toBe(2000);
    expect(new Set([a.dir, b.dir].map((x) => join(x, "..")))).toEqual(new Set([d1, d2])); // spread over dirs
    for (let i = 0; i < 30; i++) a.append(batch([`v${i}`]), 0);
    a.updateHighWatermark(25n);
    lm.writeMetaProperties(3, "abcDEF123");
    lm.shutdown();
    const home = join(a.dir, "..");
    expect(existsSync(join(home, ".kafka_cleanshutdown"))).toBe(true);
    expect(readFileSync(join(home, "recovery-point-offset-checkpoint"), "utf8")).toBe("0\n1\norders 0 30\n");
    expect(readFileSync(join(home, "replication-offset-checkpoint"), "utf8")).toBe("0\n1\norders 0 25\n");
    expect(readFileSync(join(home, "meta.properties"), "utf8")).toMatch(/cluster.id=abcDEF123\nversion=0\nbroker.id=3\n/);

    const lm2 = new LogManager([d1, d2], defaults, { topicConfigs: (t) => (t === "orders" ? {} : {}) });
    expect(existsSync(join(home, ".kafka_cleanshutdown"))).toBe(false);
    const a2 = lm2.getLog("orders", 0)!;
    expect(a2.logEndOffset).toBe(30n);
    expect(a2.highWatermark).toBe(25n);
    expect(decodeRecords(a2.read(0n, 1 << 20).records)[0]!.value!.toString()).toBe("v0");
    expect(lm2.readMetaProperties()).toEqual({ brokerId: 3, clusterId: "abcDEF123" });
    expect(lm2.describeLogDirs().flatMap((x) => x.partitions).length).toBe(2);
    lm2.shutdown();
  });

  it("recovers after an unclean shutdown and checkpoints log start offsets", () => {
    const d = tempDir();
    const lm = new LogManager([d], new Map<string, unknown>([["log.segment.bytes", 600]]));
    const l = lm.getOrCreateLog("t", 0);
    for (let i = 0; i < 40; i++) l.append(batch([`v${i}`]), 0);
    l.updateHighWatermark(40n);
    l.deleteRecordsBefore(20n);
    lm.checkpointAll();
    expect(readFileSync(join(d, "log-start-offset-checkpoint"), "utf8")).toBe("0\n1\nt 0 20\n");
    // no shutdown(): simulate a crash (the crashed owner's lock goes with its process)
    lm.releaseLocks();
    const lm2 = new LogManager([d], new Map<string, unknown>([["log.segment.bytes", 600]]));
    const l2 = lm2.getLog("t", 0)!;
    expect(l2.logStartOffset).toBe(20n);
    expect(l2.logEndOffset).toBe(40n);
    lm2.shutdown();
  });

  it("deletes a log by renaming it to <tp>.<uuid>-delete and removing it", async () => {
    const d = tempDir();
    const lm = new LogManager([d], new Map<string, unknown>([["log.segment.delete.delay.ms", 100]]));
    lm.getOrCreateLog("gone", 0).append(batch(["x"]), 0);
    lm.deleteLog("gone", 0);
    expect(lm.getLog("gone", 0)).toBeUndefined();
    const names = readdirSync(d);
    expect(names.some((n) => /^gone-0\.[0-9a-f]{32}-delete$/.test(n))).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(readdirSync(d).some((n) => n.startsWith("gone-0"))).toBe(false);
    lm.shutdown();
  });

  it("applies topic config updates, runs retention and the cleaner", () => {
    const d = tempDir();
    const lm = new LogManager([d], new Map<string, unknown>([["log.segment.bytes", 500], ["log.segment.delete.delay.ms", 0]]));
    const r = lm.getOrCreateLog("ret", 0);
    const c = lm.getOrCreateLog("cmp", 0, { "cleanup.policy": "compact" });
    for (let i = 0; i < 30; i++) {
      r.append(batch([`v${i}`], { timestamp: Date.now() - 10_000 }), 0);
      c.append(batch([`v${i}`], { keys: [`k${i % 3}`] }), 0);
    }
    r.updateHighWatermark(r.logEndOffset);
    c.updateHighWatermark(c.logEndOffset);
    expect(lm.cleanupLogs()).toBe(0);
    lm.updateConfig("ret", { "retention.ms": "1000" });
    expect(r.config.retentionMs).toBe(1000);
    expect(lm.cleanupLogs()).toBeGreaterThan(0);
    expect(r.logStartOffset).toBe(30n);
    expect(lm.runCleaner()).toBe(1);
    expect(readFileSync(join(d, "cleaner-offset-checkpoint"), "utf8")).toMatch(/^0\n1\ncmp 0 \d+\n$/);
    lm.shutdown();
  });

  it("ignores stray names and keeps topic names with dashes", () => {
    const d = tempDir();
    const lm = new LogManager([d], new Map());
    lm.getOrCreateLog("my-topic-name", 12).append(batch(["x"]), 0);
    lm.shutdown();
    const lm2 = new LogManager([d], new Map());
    expect(lm2.getLog("my-topic-name", 12)).toBeInstanceOf(Log);
    lm2.shutdown();
  });
});

describe("LogManager start-up housekeeping", () => {
  it("removes leftover -delete dirs of logs deleted before a crash", async () => {
    const { mkdirSync, writeFileSync } = await import("node:fs");
    const d = tempDir();
    const gone = join(d, "old-0.0123456789abcdef0123456789abcdef-delete");
    mkdirSync(gone);
    writeFileSync(join(gone, "00000000000000000000.log"), "");
    const lm = new LogManager([d], new Map());
    expect(existsSync(gone)).toBe(false);
    expect(lm.allLogs()).toHaveLength(0);
    lm.shutdown();
  });
});

describe("log dir lock", () => {
  it("a second LogManager on a locked dir fails with Kafka's message; a dead owner's lock is taken over", async () => {
    const { writeFileSync: write, readFileSync: read } = await import("node:fs");
    const d = tempDir();
    const lm = new LogManager([d], new Map());
    expect(read(join(d, ".lock"), "utf8")).toMatch(new RegExp(`^${process.pid} `));
    expect(() => new LogManager([d], new Map())).toThrow(`Failed to acquire lock on file .lock in ${d}. A Kafka instance in another process or thread is using this directory.`);
    lm.shutdown();
    expect(read(join(d, ".lock"), "utf8")).toBe("");
    // a lock left by a process that is gone (kill -9) does not block
    write(join(d, ".lock"), "999999999 12345\n");
    const lm2 = new LogManager([d], new Map());
    lm2.shutdown();
    // a live process (our parent) holding it does
    write(join(d, ".lock"), `${process.ppid}\n`);
    expect(() => new LogManager([d], new Map())).toThrow(/Failed to acquire lock/);
  });
});
