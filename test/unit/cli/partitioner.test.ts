import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { StickyPartitioner, murmur2, partitionForKey, toPositive } from "../../../broker/client/partitioner.js";

const require = createRequire(import.meta.url);
// kafkajs' (Java-compatible) default partitioner, as a second reference
const { Partitioners } = require("kafkajs") as { Partitioners: { DefaultPartitioner: () => (a: { topic: string; partitionMetadata: { partitionId: number; leader: number }[]; message: { key: Buffer } }) => number } };

describe("murmur2 (Kafka's Utils.murmur2)", () => {
  it("matches Kafka's UtilsTest vectors", () => {
    const cases: [string | number[], number][] = [
      ["21", -973932308],
      ["foobar", -790332482],
      ["a-little-bit-long-string", -985981536],
      ["a-little-bit-longer-string", -1486304829],
      ["lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971],
      [[0x61, 0x62, 0x63], 479470107],
    ];
    for (const [input, expected] of cases) {
      const bytes = typeof input === "string" ? Buffer.from(input) : Buffer.from(input);
      expect(murmur2(bytes)).toBe(expected);
    }
  });

  it("empty key and toPositive", () => {
    expect(typeof murmur2(Buffer.alloc(0))).toBe("number");
    expect(toPositive(-1)).toBe(0x7fffffff);
    expect(toPositive(-2147483648)).toBe(0);
  });

  it("picks the same partitions as kafkajs' default partitioner", () => {
    const kafkajs = Partitioners.DefaultPartitioner();
    for (const n of [1, 2, 3, 7, 12, 100]) {
      const partitionMetadata = Array.from({ length: n }, (_, i) => ({ partitionId: i, leader: 0 }));
      for (let i = 0; i < 300; i++) {
        const key = Buffer.from(i % 3 === 0 ? `key-${i}` : i % 3 === 1 ? `${i}` : "x".repeat(i % 17) + String.fromCodePoint(0x1f600 + (i % 5)));
        expect(partitionForKey(key, n)).toBe(kafkajs({ topic: "t", partitionMetadata, message: { key } }));
      }
    }
  });
});

describe("StickyPartitioner", () => {
  it("stays on a partition until next() and then moves round-robin", () => {
    const s = new StickyPartitioner();
    const p = s.partition("t", 4);
    expect(s.partition("t", 4)).toBe(p);
    s.next("t", 4);
    expect(s.partition("t", 4)).toBe((p + 1) % 4);
  });
});
