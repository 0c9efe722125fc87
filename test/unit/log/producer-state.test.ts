import { afterAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { Log } from "../../../broker/log/log.js";
import type { LogError } from "../../../broker/log/log-error.js";
import { batch, config, removeTempDirs, tempDir } from "./helpers.js";

afterAll(() => removeTempDirs());

const idem = (seq: number, n = 1, epoch = 0, pid = 1000n) =>
  batch(Array.from({ length: n }, (_, i) => `p${epoch}-${seq + i}`), { producerId: pid, producerEpoch: epoch, baseSequence: seq });

function code(f: () => unknown): number {
  try { f(); } catch (e) { return (e as LogError).code; }
  return 0;
}

describe("idempotent producer state", () => {
  it("answers a retried batch with its original offsets and writes nothing", () => {
    const log = Log.open(join(tempDir(), "p-0"), "p", 0, config());
    const a = log.append(idem(0, 3), 0);
    const b = log.append(idem(3, 2), 0);
    expect([a.baseOffset, b.baseOffset]).toEqual([0n, 3n]);
    const size = log.size();
    const again = log.append(idem(0, 3), 0);
    expect(again).toMatchObject({ baseOffset: 0n, lastOffset: 2n, duplicate: true });
    expect(log.append(idem(3, 2), 0)).toMatchObject({ baseOffset: 3n, duplicate: true });
    expect(log.size()).toBe(size);
    expect(log.logEndOffset).toBe(5n);
    log.close();
  });

  it("only the last 5 batches are remembered", () => {
    const log = Log.open(join(tempDir(), "p-0"), "p", 0, config());
    for (let s = 0; s < 7; s++) log.append(idem(s), 0);
    expect(log.append(idem(2), 0).duplicate).toBe(true);
    expect(code(() => log.append(idem(1), 0))).toBe(45);
    log.close();
  });

  it("rejects gaps and reorders with OUT_OF_ORDER_SEQUENCE_NUMBER", () => {
    const log = Log.open(join(tempDir(), "p-0"), "p", 0, config());
    log.append(idem(0, 2), 0);
    expect(code(() => log.append(idem(3), 0))).toBe(45);
    expect(code(() => log.append(idem(1), 0))).toBe(45); // overlaps, not an exact duplicate
    expect(log.append(idem(2), 0).baseOffset).toBe(2n);
    log.close();
  });

  it("a new epoch must start at sequence 0; older epochs are fenced", () => {
    const log = Log.open(join(tempDir(), "p-0"), "p", 0, config());
    log.append(idem(0, 1, 0), 0);
    log.append(idem(1, 1, 0), 0);
    expect(code(() => log.append(idem(5, 1, 1), 0))).toBe(45);
    expect(log.append(idem(0, 1, 1), 0).baseOffset).toBe(2n);
    expect(code(() => log.append(idem(2, 1, 0), 0))).toBe(47); // INVALID_PRODUCER_EPOCH
    log.close();
  });

  it("an unknown producer may start at any sequence (state lost to retention), as Kafka 3.x", () => {
    const log = Log.open(join(tempDir(), "p-0"), "p", 0, config());
    expect(log.append(idem(17, 1, 0, 77n), 0).baseOffset).toBe(0n);
    expect(log.append(idem(18, 1, 0, 77n), 0).baseOffset).toBe(1n);
    log.close();
  });

  it("rejects an idempotent batch without a sequence (INVALID_RECORD)", () => {
    const log = Log.open(join(tempDir(), "p-0"), "p", 0, config());
    expect(code(() => log.append(batch(["x"], { producerId: 5n, producerEpoch: 0, baseSequence: -1 }), 0))).toBe(87);
    log.close();
  });

  it("writes Kafka's snapshot format on roll/close and reloads it", () => {
    const dir = join(tempDir(), "p-0");
    const log = Log.open(dir, "p", 0, config());
    log.append(idem(0, 4, 3, 9n), 0);
    log.close();
    const snap = readFileSync(join(dir, "00000000000000000004.snapshot"));
    expect(snap.readInt16BE(0)).toBe(1);
    expect(snap.readInt32BE(6)).toBe(1);
    expect(snap.readBigInt64BE(10)).toBe(9n); // producerId
    expect(snap.readInt16BE(18)).toBe(3); // epoch
    expect(snap.readInt32BE(20)).toBe(3); // last sequence
    expect(snap.readBigInt64BE(24)).toBe(3n); // last offset
    expect(snap.readInt32BE(32)).toBe(3); // offset delta
    const again = Log.open(dir, "p", 0, config(), { hadCleanShutdown: true });
    expect(again.append(idem(0, 4, 3, 9n), 0).duplicate).toBe(true);
    expect(again.append(idem(4, 1, 3, 9n), 0).baseOffset).toBe(4n);
    again.close();
  });
});

describe("producer id expiration", () => {
  it("forgets producers idle for producer.id.expiration.ms; they may then start at any sequence", () => {
    const log = Log.open(join(tempDir(), "p-0"), "p", 0, config());
    log.append(batch(["a"], { producerId: 1n, producerEpoch: 0, baseSequence: 0, timestamp: 1_000 }), 0);
    log.append(batch(["b"], { producerId: 2n, producerEpoch: 0, baseSequence: 0, timestamp: 50_000 }), 0);
    expect(log.producerStateManager.removeExpiredProducers(60_000, 30_000)).toBe(1);
    expect(log.producerStateManager.lastEntry(1n)).toBeUndefined();
    expect(log.append(batch(["c"], { producerId: 1n, producerEpoch: 0, baseSequence: 9 }), 0).baseOffset).toBe(2n);
    expect(code(() => log.append(batch(["d"], { producerId: 2n, producerEpoch: 0, baseSequence: 9 }), 0))).toBe(45);
    log.close();
  });
});
