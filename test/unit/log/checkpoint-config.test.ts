import { afterAll, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readEpochCheckpoint, readOffsetCheckpoint, writeEpochCheckpoint, writeOffsetCheckpoint, CheckpointError } from "../../../broker/log/checkpoint.js";
import { describeTopicConfig, logConfigFrom, validateTopicConfig } from "../../../broker/log/log-config.js";
import { LeaderEpochCache } from "../../../broker/log/leader-epoch-cache.js";
import { removeTempDirs, tempDir } from "./helpers.js";

afterAll(() => removeTempDirs());

describe("checkpoint files", () => {
  it("writes and reads Kafka's offset checkpoint format", () => {
    const f = join(tempDir(), "recovery-point-offset-checkpoint");
    writeOffsetCheckpoint(f, [{ topic: "a-b", partition: 0, offset: 17n }, { topic: "x", partition: 3, offset: 0n }]);
    expect(readFileSync(f, "utf8")).toBe("0\n2\na-b 0 17\nx 3 0\n");
    const m = readOffsetCheckpoint(f);
    expect(m.get("a-b-0")).toEqual({ topic: "a-b", partition: 0, offset: 17n });
    writeFileSync(f, "1\n0\n");
    expect(() => readOffsetCheckpoint(f)).toThrow(CheckpointError);
    writeFileSync(f, "0\n2\na 0 1\n");
    expect(() => readOffsetCheckpoint(f)).toThrow(/Expected 2 entries/);
    expect(readOffsetCheckpoint(join(tempDir(), "missing")).size).toBe(0);
  });

  it("writes the leader-epoch-checkpoint and answers OffsetForLeaderEpoch like Kafka", () => {
    const dir = tempDir();
    const f = join(dir, "leader-epoch-checkpoint");
    writeEpochCheckpoint(f, [{ epoch: 0, startOffset: 0n }, { epoch: 2, startOffset: 10n }]);
    expect(readFileSync(f, "utf8")).toBe("0\n2\n0 0\n2 10\n");
    expect(readEpochCheckpoint(f)).toHaveLength(2);
    const c = new LeaderEpochCache(dir);
    c.assign(5, 20n);
    expect(c.endOffsetFor(5, 30n)).toEqual({ leaderEpoch: 5, endOffset: 30n });
    expect(c.endOffsetFor(2, 30n)).toEqual({ leaderEpoch: 2, endOffset: 20n });
    expect(c.endOffsetFor(1, 30n)).toEqual({ leaderEpoch: 0, endOffset: 10n });
    expect(c.endOffsetFor(9, 30n)).toEqual({ leaderEpoch: -1, endOffset: -1n });
    expect(c.endOffsetFor(-1, 30n)).toEqual({ leaderEpoch: -1, endOffset: -1n });
    c.truncateFromEnd(15n);
    expect(c.entries().map((e) => e.epoch)).toEqual([0, 2]);
    c.truncateFromStart(12n);
    expect(c.entries()).toEqual([{ epoch: 2, startOffset: 12n }]);
    expect(readFileSync(f, "utf8")).toBe("0\n1\n2 12\n");
  });
});

describe("topic log config", () => {
  it("has Kafka's defaults and broker synonyms with unit conversion", () => {
    const d = logConfigFrom(new Map());
    expect(d).toMatchObject({ segmentBytes: 1073741824, retentionMs: 604800000, retentionBytes: -1, cleanupPolicy: ["delete"], maxMessageBytes: 1048588, indexIntervalBytes: 4096, segmentIndexBytes: 10485760, messageTimestampType: "CreateTime", minCleanableDirtyRatio: 0.5, deleteRetentionMs: 86400000 });
    expect(logConfigFrom(new Map<string, unknown>([["log.retention.minutes", 5]])).retentionMs).toBe(300000);
    expect(logConfigFrom(new Map<string, unknown>([["log.retention.hours", 1], ["log.retention.ms", "1234"]])).retentionMs).toBe(1234);
    expect(logConfigFrom(new Map<string, unknown>([["log.retention.ms", -5]])).retentionMs).toBe(-1);
    expect(logConfigFrom(new Map<string, unknown>([["log.roll.hours", 2]])).segmentMs).toBe(7200000);
    expect(logConfigFrom(new Map<string, unknown>([["log.segment.bytes", 1000]]), { "segment.bytes": "2000" }).segmentBytes).toBe(2000);
    expect(logConfigFrom(new Map(), { "cleanup.policy": "compact,delete" }).cleanupPolicy).toEqual(["compact", "delete"]);
  });

  it("validates overrides with Kafka's messages", () => {
    expect(() => validateTopicConfig({ "foo.bar": "1" })).toThrow("Unknown topic config name: foo.bar");
    expect(() => validateTopicConfig({ "retention.ms": "abc" })).toThrow("Invalid value abc for configuration retention.ms: Not a number of type LONG");
    expect(() => validateTopicConfig({ "segment.bytes": "10" })).toThrow("Invalid value 10 for configuration segment.bytes: Value must be at least 14");
    expect(() => validateTopicConfig({ "cleanup.policy": "zap" })).toThrow("Invalid value zap for configuration cleanup.policy: String must be one of: compact, delete");
    expect(() => validateTopicConfig({ "message.timestamp.type": "Now" })).toThrow("String must be one of: CreateTime, LogAppendTime");
    expect(() => validateTopicConfig({ "min.cleanable.dirty.ratio": "2" })).toThrow("Invalid value 2.0 for configuration min.cleanable.dirty.ratio: Value must be no more than 1");
    expect(() => validateTopicConfig({ "min.cleanable.dirty.ratio": "-0.5" })).toThrow("Invalid value -0.5 for configuration min.cleanable.dirty.ratio: Value must be at least 0");
    expect(() => validateTopicConfig({ "cleanup.policy": "compact,zap" })).toThrow("Invalid value zap for configuration cleanup.policy: String must be one of: compact, delete");
    expect(() => validateTopicConfig({ "preallocate": "yes" })).toThrow("Invalid value yes for configuration preallocate: Expected value to be either true or false");
    expect(() => validateTopicConfig({ "retention.ms": "-1", "cleanup.policy": "compact" })).not.toThrow();
  });

  it("describes configs with sources and synonyms for DescribeConfigs", () => {
    const rows = describeTopicConfig(new Map<string, unknown>([["log.retention.hours", 24]]), { "segment.bytes": "5000" });
    const byName = new Map(rows.map((r) => [r.name, r]));
    expect(byName.get("segment.bytes")).toMatchObject({ value: "5000", source: "DYNAMIC_TOPIC_CONFIG" });
    expect(byName.get("retention.ms")).toMatchObject({ value: "86400000", source: "STATIC_BROKER_CONFIG" });
    expect(byName.get("flush.messages")).toMatchObject({ value: "9223372036854775807", source: "DEFAULT_CONFIG" });
    expect(byName.get("cleanup.policy")!.value).toBe("delete");
  });
});
