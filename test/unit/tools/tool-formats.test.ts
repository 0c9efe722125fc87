/**
 * Pure parts of the tools: Java HashMap key order (kafka-log-dirs JSON), NodeApiVersions text,
 * Kafka's offset JSON for delete-records, ConfigCommand's --add-config splitting, and the
 * SimpleDateFormat subset of the consumer perf test.
 */
import { describe, expect, it } from "vitest";
import { parseArgs } from "../../../cli/args.js";
import { formatNodeApiVersions } from "../../../cli/kafka-broker-api-versions.js";
import { CONFIGS_OPTIONS, parseConfigsToBeAdded } from "../../../cli/kafka-configs.js";
import { formatDate } from "../../../cli/kafka-consumer-perf-test.js";
import { parseOffsetJson } from "../../../cli/kafka-delete-records.js";
import { javaHashOrder, javaStringHash, topicPartitionHash } from "../../../cli/kafka-log-dirs.js";

describe("Java HashMap order", () => {
  // expected values checked against java.util.HashMap on the JDK 17 installed here
  it("String.hashCode as Java computes it (32-bit overflow)", () => {
    expect(javaStringHash("")).toBe(0);
    expect(javaStringHash("a")).toBe(97);
    expect(javaStringHash("version")).toBe(351608024);
    expect(javaStringHash("partitions")).toBe(40454857);
  });

  it("keys come out by bucket, then insertion order", () => {
    // Jackson's output of Kafka's LogDirsCommand: {"brokers":[...],"version":1}
    expect(javaHashOrder(["version", "brokers"], javaStringHash)).toEqual(["brokers", "version"]);
    expect(javaHashOrder(["logDir", "error", "partitions"], javaStringHash)).toEqual(["partitions", "error", "logDir"]);
    expect(javaHashOrder(["partition", "size", "offsetLag", "isFuture"], javaStringHash)).toEqual(["partition", "size", "offsetLag", "isFuture"]);
    // Integer keys (broker ids) hash to themselves
    expect(javaHashOrder([17, 2, 1], (n) => n)).toEqual([17, 1, 2]);
  });

  it("TopicPartition keys, and a HashMap sized for its entries (delete-records' result map)", () => {
    const tp = (s: string) => { const i = s.lastIndexOf("-"); return topicPartitionHash(s.slice(0, i), Number(s.slice(i + 1))); };
    const twice = (xs: string[]) => { const first = javaHashOrder(xs, tp); return javaHashOrder(first, tp, xs.length); };
    expect(twice(["tools-t-0", "tools-t-1"])).toEqual(["tools-t-0", "tools-t-1"]);
    expect(twice(["tools-t-2", "nope-0"])).toEqual(["nope-0", "tools-t-2"]);
    expect(twice(["t-0", "t-1", "t-2", "t-3", "t-4"])).toEqual(["t-4", "t-3", "t-2", "t-1", "t-0"]);
    expect(twice(["a-0", "b-0", "c-0"])).toEqual(["c-0", "a-0", "b-0"]);
  });
});

describe("NodeApiVersions.toString(true)", () => {
  it("ranges, usable versions, UNSUPPORTED and unknown keys", () => {
    const s = formatNodeApiVersions([{ apiKey: 0, minVersion: 0, maxVersion: 9 }, { apiKey: 47, minVersion: 0, maxVersion: 0 }, { apiKey: 1000, minVersion: 0, maxVersion: 1 }]);
    const lines = s.split("\n");
    expect(lines[0]).toBe("(");
    expect(lines[1]).toBe("\tProduce(0): 0 to 9 [usable: 9],");
    expect(s).toContain("\tFetch(1): UNSUPPORTED,\n");
    expect(s).toContain("\tOffsetDelete(47): 0 [usable: 0],\n");
    expect(s).not.toContain("Vote(52)");
    expect(lines[lines.length - 2]).toBe("\tUNKNOWN(1000): 0 to 1");
    expect(lines[lines.length - 1]).toBe(")");
  });
});

describe("delete-records offset JSON", () => {
  it("parses Kafka's format (version optional)", () => {
    expect(parseOffsetJson('{"partitions":[{"topic":"t","partition":0,"offset":3}],"version":1}')).toEqual([{ topic: "t", partition: 0, offset: 3n }]);
    expect(parseOffsetJson('{"partitions":[{"topic":"t","partition":1,"offset":-1}]}')).toEqual([{ topic: "t", partition: 1, offset: -1n }]);
  });
  it("rejects what Kafka rejects", () => {
    expect(() => parseOffsetJson("nope")).toThrow("The input string is not a valid JSON");
    expect(() => parseOffsetJson('{"version":1}')).toThrow("Missing partitions field");
    expect(() => parseOffsetJson('{"partitions":[],"version":2}')).toThrow("Not supported version field value 2");
    expect(() => parseOffsetJson('{"partitions":[{"topic":"t","partition":0}]}')).toThrow("No such field exists: `offset`");
    expect(() => parseOffsetJson('{"partitions":[{"topic":"t","partition":0,"offset":1},{"topic":"t","partition":0,"offset":2}]}')).toThrow("Offset json file contains duplicate topic partitions: t-0");
  });
});

describe("kafka-configs --add-config", () => {
  const parse = (v: string) => parseConfigsToBeAdded(parseArgs(CONFIGS_OPTIONS, ["--add-config", v]));
  it("splits at commas outside brackets and drops the brackets", () => {
    expect([...parse("k1=v1,k2=[v1,v2,v2],k3=v3")]).toEqual([["k1", "v1"], ["k2", "v1,v2,v2"], ["k3", "v3"]]);
    expect([...parse("retention.ms = 1000")]).toEqual([["retention.ms", "1000"]]);
    expect([...parse("ssl.endpoint.identification.algorithm=")]).toEqual([["ssl.endpoint.identification.algorithm", ""]]);
  });
  it("requires key=val", () => {
    expect(() => parse("k1")).toThrow('requirement failed: Invalid entity config: all configs to be added must be in the format "key=val".');
  });
});

describe("consumer perf test date format", () => {
  it("formats Kafka's default pattern", () => {
    const ms = new Date(2026, 10, 24, 7, 5, 9, 42).getTime();
    expect(formatDate("yyyy-MM-dd HH:mm:ss:SSS", ms)).toBe("2026-11-24 07:05:09:042");
    expect(formatDate("dd/MM/yy 'at' hh a", ms)).toBe("24/11/26 at 07 AM");
  });
});
