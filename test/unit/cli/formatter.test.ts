import { describe, expect, it } from "vitest";
import { LineReader } from "../../../cli/line-message-reader.js";
import { DefaultMessageFormatter } from "../../../cli/message-formatter.js";
import { assignReplicas, assignReplicasRackUnaware, parseReplicaAssignment, rackAlternatedBrokers, partitionLine, selectTopics, topicLine } from "../../../cli/topic-service.js";

const rec = { partition: 2, offset: 5n, timestamp: 1690000000000n, timestampType: 0, key: Buffer.from("k"), value: Buffer.from("v"), headers: [] };

describe("DefaultMessageFormatter", () => {
  it("prints only the value by default", () => {
    expect(new DefaultMessageFormatter().format(rec).toString()).toBe("v\n");
  });
  it("prints timestamp, partition, offset, key and value tab-separated in Kafka's order", () => {
    const f = new DefaultMessageFormatter(new Map([["print.key", "true"], ["print.timestamp", "true"], ["print.offset", "true"], ["print.partition", "true"]]));
    expect(f.format(rec).toString()).toBe("CreateTime:1690000000000\tPartition:2\tOffset:5\tk\tv\n");
  });
  it("uses key.separator, null.literal, LogAppendTime and headers", () => {
    const f = new DefaultMessageFormatter(new Map([["print.key", "true"], ["key.separator", ":"], ["print.headers", "true"], ["print.timestamp", "true"]]));
    const r = { ...rec, key: null, timestampType: 1, headers: [{ key: "h1", value: Buffer.from("x") }, { key: "h2", value: null }] };
    expect(f.format(r).toString()).toBe("LogAppendTime:1690000000000:h1:x,h2:null:null:v\n");
    expect(f.format({ ...rec, headers: [] }).toString()).toBe("CreateTime:1690000000000:NO_HEADERS:k:v\n");
  });
  it("ends with line.separator when the value is not printed", () => {
    const f = new DefaultMessageFormatter(new Map([["print.key", "true"], ["print.value", "false"]]));
    expect(f.format(rec).toString()).toBe("k\n");
  });
});

describe("LineMessageReader", () => {
  it("splits keys at key.separator and reports a missing separator as Kafka does", () => {
    const r = new LineReader(new Map([["parse.key", "true"], ["key.separator", ":"]]));
    const m = r.read("user1:hello:world");
    expect(m.key?.toString()).toBe("user1");
    expect(m.value?.toString()).toBe("hello:world");
    expect(() => r.read("nokey")).toThrow("No key separator found on line number 2: 'nokey'");
  });
  it("parses headers and null markers; ignore.error keeps a line without key", () => {
    const r = new LineReader(new Map([["parse.headers", "true"], ["parse.key", "true"], ["null.marker", "NULL"]]));
    const m = r.read("a:1,b:NULL\tNULL\tv");
    expect(m.headers).toEqual([{ key: "a", value: Buffer.from("1") }, { key: "b", value: null }]);
    expect(m.key).toBeNull();
    expect(m.value?.toString()).toBe("v");
    const lenient = new LineReader(new Map([["parse.key", "true"], ["ignore.error", "true"]]));
    expect(lenient.read("plain")).toMatchObject({ key: null, value: Buffer.from("plain") });
  });
});

describe("kafka-topics pieces", () => {
  it("formats describe lines like TopicCommand", () => {
    expect(topicLine({ name: "t", topicId: "abc", partitions: [{ partition: 0, leader: 0, replicas: [0], isr: [0] }], configs: [["segment.bytes", "1073741824"]], markedForDeletion: false }))
      .toBe("Topic: t\tTopicId: abc\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: segment.bytes=1073741824\n");
    expect(partitionLine("t", { partition: 0, leader: null, replicas: [1, 2], isr: [] }, false)).toBe("\tTopic: t\tPartition: 0\tLeader: none\tReplicas: 1,2\tIsr: \n");
  });
  it("parses replica assignments and rejects duplicates / uneven factors", () => {
    expect([...parseReplicaAssignment("0:1,1:2")]).toEqual([[0, [0, 1]], [1, [1, 2]]]);
    expect(() => parseReplicaAssignment("0:0")).toThrow("Partition replica lists may not contain duplicate entries: 0");
    expect(() => parseReplicaAssignment("0:1,2")).toThrow("Partition 1 has different replication factor: [2]");
  });
  it("assigns replicas like AdminUtils (fixed start index)", () => {
    // AdminUtilsTest: 5 brokers, 10 partitions, RF 3, start index 0
    const a = assignReplicasRackUnaware(10, 3, [0, 1, 2, 3, 4], 0, -1);
    expect(a.get(0)).toEqual([0, 1, 2]);
    expect(a.get(1)).toEqual([1, 2, 3]);
    expect(a.get(4)).toEqual([4, 0, 1]);
    expect(a.get(5)).toEqual([0, 2, 3]);
    expect(a.get(9)).toEqual([4, 1, 2]);
  });
  it("assigns replicas rack-aware like AdminUtils (AdminUtilsTest's rack example)", () => {
    const racks = new Map([[0, "rack1"], [1, "rack3"], [2, "rack3"], [3, "rack2"], [4, "rack2"], [5, "rack1"]]);
    expect(rackAlternatedBrokers(racks)).toEqual([0, 3, 1, 5, 4, 2]);
    const without5 = new Map(racks);
    without5.delete(5);
    expect(rackAlternatedBrokers(without5)).toEqual([0, 3, 1, 4, 2]);
    const a = assignReplicas(7, 3, [...racks].map(([id, rack]) => ({ id, rack })), 0, 0);
    expect([...a]).toEqual([[0, [0, 3, 1]], [1, [3, 1, 5]], [2, [1, 5, 4]], [3, [5, 4, 2]], [4, [4, 2, 0]], [5, [2, 0, 3]], [6, [0, 4, 2]]]);
    expect(() => assignReplicas(1, 1, [{ id: 0, rack: "a" }, { id: 1, rack: null }])).toThrow("Not all brokers have rack information for replica rack aware assignment.");
    expect(() => assignReplicas(1, 3, [0, 1])).toThrow("Replication factor: 3 larger than available brokers: 2.");
  });

  it("filters topics with a full-match regex and hides internal topics on request", () => {
    const all = ["__consumer_offsets", "a", "ab", "b.c"];
    expect(selectTopics(all, "a", false)).toEqual(["a"]);
    expect(selectTopics(all, "a.*", false)).toEqual(["a", "ab"]);
    expect(selectTopics(all, "a,b.c", false)).toEqual(["a", "b.c"]);
    expect(selectTopics(all, undefined, true)).toEqual(["a", "ab", "b.c"]);
  });
});
