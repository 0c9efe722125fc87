/**
 * Unclean shutdown of a broker with a multi-segment log: SIGKILL after acknowledged idempotent
 * acks=all produces, then a corrupt batch (CRC mismatch) in the active segment and a deleted
 * offset index in the first one. The restarted broker recovers every batch before the corrupt
 * one, rebuilds the index, logs what it did, and keeps taking writes at the right offset.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { iterateBatches } from "../../../broker/protocol/records.js";
import { startBroker, startZooKeeper, type Broker } from "../../helpers/broker.js";
import { removeTempDirs, run, stopAll } from "../../helpers/procs.js";

let broker: Broker;
beforeAll(async () => {
  const zk = await startZooKeeper();
  broker = await startBroker({ zkConnect: zk.connectString });
}, 60_000);
afterAll(async () => { await stopAll(); removeTempDirs(); });

async function consume(topic: string): Promise<string[]> {
  const r = await run("kcat", ["-b", broker.bootstrap, "-C", "-t", topic, "-o", "beginning", "-e", "-q"], { timeoutMs: 20_000 });
  return r.stdout.split("\n").filter((l) => l !== "");
}

describe("log recovery after SIGKILL", () => {
  it("truncates at a corrupt batch, rebuilds a missing index and continues at the right offset", async () => {
    const kafka = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: "multi", numPartitions: 1, configEntries: [{ name: "segment.bytes", value: "1024" }] }], waitForLeaders: true });
    await admin.disconnect();
    const p = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await p.connect();
    const acked: string[] = [];
    for (let b = 0; b < 60; b++) {
      const messages = Array.from({ length: 3 }, (_, i) => ({ value: `b${b}-m${i}` }));
      await p.send({ topic: "multi", messages, acks: -1 });
      acked.push(...messages.map((m) => m.value));
    }
    await p.disconnect();
    await broker.kill9();

    const dir = join(broker.logDir, "multi-0");
    const logs = readdirSync(dir).filter((f) => f.endsWith(".log")).sort();
    expect(logs.length).toBeGreaterThan(3);
    const active = join(dir, logs[logs.length - 1]!);
    const bytes = readFileSync(active);
    const batches = [...iterateBatches(bytes)];
    expect(batches.length).toBeGreaterThan(3);
    const victim = batches[batches.length - 3]!;
    bytes[victim.position + victim.sizeInBytes - 2] ^= 0x5a;
    writeFileSync(active, bytes);
    rmSync(join(dir, "00000000000000000000.index"), { force: true });

    await broker.restart();
    const out = broker.proc.output();
    expect(out).toMatch(/Recovering unflushed segment/);
    expect(out).toMatch(/Found invalid messages in log segment/);
    expect(out).toMatch(/Could not find offset index file/);
    expect(existsSync(join(dir, "00000000000000000000.index"))).toBe(true);

    const kept = Number(victim.baseOffset);
    expect(await consume("multi")).toEqual(acked.slice(0, kept));

    const p2 = kafka.producer({ idempotent: true });
    await p2.connect();
    const r = await p2.send({ topic: "multi", messages: [{ value: "after" }], acks: -1 });
    expect(r[0]!.baseOffset).toBe(String(kept));
    await p2.disconnect();

    // a clean restart needs no recovery and keeps everything
    await broker.restart();
    expect(broker.proc.output()).not.toMatch(/Recovering unflushed segment/);
    const again = await consume("multi");
    expect(again.length).toBe(kept + 1);
    expect(again[again.length - 1]).toBe("after");
  });
});
