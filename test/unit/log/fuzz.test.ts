/** Deterministic fuzzing: garbage in produce requests and in segment files never escapes as anything but a Kafka error / a clean recovery. */
import { afterAll, describe, expect, it } from "vitest";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Log } from "../../../broker/log/log.js";
import { KafkaError } from "../../../broker/protocol/errors.js";
import { batch, config, removeTempDirs, tempDir } from "./helpers.js";

afterAll(() => removeTempDirs());

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

describe("fuzz", () => {
  it("mutated produce requests are either appended or rejected with a KafkaError", () => {
    const rnd = prng(42);
    for (const compact of [false, true]) {
      const log = Log.open(join(tempDir(), "f-0"), "f", 0, config({ cleanupPolicy: compact ? ["compact"] : ["delete"], segmentBytes: 100_000 }));
      let accepted = 0;
      for (let i = 0; i < 400; i++) {
        const b = Buffer.from(batch([`value-${i}`, `other-${i}`], { keys: [`a${i}`, `b${i}`], producerId: i % 3 === 0 ? BigInt(i) : undefined, producerEpoch: 0, baseSequence: 0 }));
        const mutations = 1 + Math.floor(rnd() * 3);
        for (let m = 0; m < mutations; m++) {
          const at = Math.floor(rnd() * b.length);
          b[at] = Math.floor(rnd() * 256);
        }
        const cut = rnd() < 0.2 ? b.subarray(0, Math.floor(rnd() * b.length)) : b;
        const before = log.logEndOffset;
        try {
          const r = log.append(cut, 0);
          if (!r.duplicate && r.baseOffset >= 0n) accepted++;
        } catch (e) {
          expect(e).toBeInstanceOf(KafkaError);
          expect(log.logEndOffset).toBe(before);
        }
      }
      // whatever was accepted reads back as whole, valid batches
      let off = log.logStartOffset;
      while (off < log.logEndOffset) {
        const r = log.read(off, 1 << 20);
        expect(r.records.length).toBeGreaterThan(0);
        let p = 0;
        while (p < r.records.length) {
          const last = r.records.readBigInt64BE(p) + BigInt(r.records.readInt32BE(p + 23));
          off = last + 1n;
          p += 12 + r.records.readInt32BE(p + 8);
        }
      }
      expect(accepted).toBeGreaterThan(0);
      log.close();
    }
  });

  it("garbage written into segment files is cut off by recovery, which never throws", () => {
    const rnd = prng(7);
    for (let round = 0; round < 15; round++) {
      const dir = join(tempDir(), "g-0");
      const log = Log.open(dir, "g", 0, config({ segmentBytes: 2000, indexIntervalBytes: 200 }));
      for (let i = 0; i < 60; i++) log.append(batch([`v${i}`.repeat(1 + (i % 5))]), 0);
      log.close();
      const files = readdirSync(dir).filter((f) => /\.(log|index|timeindex|snapshot)$/.test(f));
      const victim = join(dir, files[Math.floor(rnd() * files.length)]!);
      const bytes = readFileSync(victim);
      if (bytes.length > 0) {
        for (let m = 0; m < 1 + Math.floor(rnd() * 8); m++) bytes[Math.floor(rnd() * bytes.length)] = Math.floor(rnd() * 256);
      }
      writeFileSync(victim, rnd() < 0.3 ? Buffer.concat([bytes, Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13])]) : bytes);
      const again = Log.open(dir, "g", 0, config({ segmentBytes: 2000, indexIntervalBytes: 200 }), { recoveryPoint: 0n });
      expect(again.logEndOffset).toBeLessThanOrEqual(60n);
      let off = again.logStartOffset;
      while (off < again.logEndOffset) {
        const r = again.read(off, 1 << 20);
        if (r.records.length === 0) break;
        let p = 0;
        while (p < r.records.length) {
          off = r.records.readBigInt64BE(p) + BigInt(r.records.readInt32BE(p + 23)) + 1n;
          p += 12 + r.records.readInt32BE(p + 8);
        }
      }
      expect(again.append(batch(["after"]), 0).baseOffset).toBe(again.logEndOffset - 1n);
      again.close();
    }
  });
});

describe("torn writes at every kind of position", () => {
  it("recovery keeps exactly the batches that end before the cut", async () => {
    const { truncateSync, statSync, readFileSync: read } = await import("node:fs");
    const { iterateBatches } = await import("../../../broker/protocol/records.js");
    const rnd = prng(99);
    for (let round = 0; round < 25; round++) {
      const dir = join(tempDir(), "w-0");
      const log = Log.open(dir, "w", 0, config({ indexIntervalBytes: 64 }));
      for (let i = 0; i < 40; i++) log.append(batch(Array.from({ length: 1 + (i % 3) }, (_, k) => `r${i}-${k}`)), 0);
      log.close();
      const file = join(dir, "00000000000000000000.log");
      const ends = [...iterateBatches(read(file))].map((h) => ({ end: h.position + h.sizeInBytes, next: h.baseOffset + BigInt(h.lastOffsetDelta) + 1n }));
      const cut = Math.floor(rnd() * statSync(file).size);
      truncateSync(file, cut);
      const expected = ends.filter((e) => e.end <= cut).at(-1)?.next ?? 0n;
      const again = Log.open(dir, "w", 0, config({ indexIntervalBytes: 64 }), { recoveryPoint: 0n });
      expect(again.logEndOffset).toBe(expected);
      for (let o = 0n; o < expected; o += 5n) expect(again.read(o, 1 << 20).records.length).toBeGreaterThan(0);
      again.close();
    }
  });
});
