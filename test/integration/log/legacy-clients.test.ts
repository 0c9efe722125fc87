/**
 * Producers pinned to old API versions send legacy message sets (magic 0/1); the log
 * up-converts them to RecordBatch v2 as Kafka 3.x does, so every client reads them back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { startBroker, startZooKeeper, type Broker } from "../../helpers/broker.js";
import { removeTempDirs, run, stopAll } from "../../helpers/procs.js";

let broker: Broker;
beforeAll(async () => {
  const zk = await startZooKeeper();
  broker = await startBroker({ zkConnect: zk.connectString });
}, 60_000);
afterAll(async () => { await stopAll(); removeTempDirs(); });

describe("legacy message formats from real clients", () => {
  it("kafka-python with api_version=(0,10,1) and (0,9): produced records are stored as v2 and read back", async () => {
    const r = await run("/usr/bin/python3", [join(import.meta.dirname, "py/old_api_clients.py"), broker.bootstrap, "legacy"], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { sent: { v: string; o: number }[]; got: { v: string; o: number; k: string | null; ts: number }[][] };
    expect(out.sent.map((s) => s.o)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    for (const got of out.got) {
      expect(got.map((g) => g.v)).toEqual(out.sent.map((s) => s.v));
      expect(got[1]!.k).toBe("k1");
      expect(got[0]!.ts).toBe(1700000000000);
    }
    const k = await run("kcat", ["-b", broker.bootstrap, "-C", "-t", "legacy", "-o", "beginning", "-e", "-q", "-f", "%o %T %s\\n"], { timeoutMs: 20_000 });
    const lines = k.stdout.trim().split("\n");
    expect(lines[0]).toBe("0 1700000000000 0.10.1-None-0");
    expect(lines[8]).toBe("8 -1 0.9-None-2"); // magic 0 has no timestamp
    const d = await run("bin/kafka-dump-log.sh", ["--files", join(broker.logDir, "legacy-0", "00000000000000000000.log")]);
    expect(d.stdout.match(/magic: 2/g)?.length).toBe(9);
    expect(d.stdout).toMatch(/compresscodec: gzip/);
  });
});
