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

describe("kafka-python 2.0 against the broker", () => {
  it("admin create + produce (none, gzip; keys, headers, timestamps, partitions) + assign/consume", async () => {
    const r = await run("/usr/bin/python3", [join(import.meta.dirname, "py/kafka_python_roundtrip.py"), broker.bootstrap, "py-topic"], { timeoutMs: 60_000 });
    expect(r.stderr.replace(/^.*(DeprecationWarning|warnings\.warn|import).*$/gm, "").trim()).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { topics: string[]; sent: Array<{ p: number; o: number; v: string }>; got: Array<{ p: number; o: number; v: string; ts: number; h: string[][]; k: string | null }>; end: Record<string, number> };
    expect(out.topics).toContain("py-topic");
    expect(out.got.length).toBe(40);
    const byPo = new Map(out.got.map((g) => [`${g.p}/${g.o}`, g]));
    for (const s of out.sent) expect(byPo.get(`${s.p}/${s.o}`)?.v).toBe(s.v);
    const g0 = out.got.find((g) => g.v === "None-1")!;
    expect(g0.ts).toBe(1700000000001);
    expect(g0.h).toEqual([["h", "x1"]]);
    expect(g0.k).toBe("k1");
    expect(out.end).toEqual({ "0": 20, "1": 20 });
  });
});

describe("confluent-kafka-python (librdkafka) against the broker", () => {
  it("admin create, idempotent produce with every codec, assign/consume", async () => {
    const r = await run("/usr/bin/python3", [join(import.meta.dirname, "py/confluent_roundtrip.py"), broker.bootstrap, "ck-topic"], { timeoutMs: 60_000 });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { brokers: number; topic: boolean; sent: string[]; got: string[] };
    expect(out.brokers).toBe(1);
    expect(out.topic).toBe(true);
    expect(out.got).toEqual(out.sent);
  });
});
