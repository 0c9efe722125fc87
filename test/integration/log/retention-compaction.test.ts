/**
 * Retention, compaction, DeleteRecords and ListOffsets-by-timestamp through a running broker,
 * with real clients (kafkajs, kcat), watching segment files go on disk.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Kafka, logLevel, type Admin, type Producer } from "kafkajs";
import { startBroker, startZooKeeper, type Broker } from "../../helpers/broker.js";
import { eventually, removeTempDirs, run, stopAll } from "../../helpers/procs.js";
import { partitionForGroup } from "../../../broker/group/partition-for-group.js";

let broker: Broker;
let kafka: Kafka;
let admin: Admin;
let producer: Producer;

beforeAll(async () => {
  const zk = await startZooKeeper();
  broker = await startBroker({
    zkConnect: zk.connectString,
    overrides: { "log.retention.check.interval.ms": 300, "log.cleaner.backoff.ms": 300, "log.segment.delete.delay.ms": 0 },
  });
  kafka = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
  admin = kafka.admin();
  await admin.connect();
  producer = kafka.producer();
  await producer.connect();
}, 60_000);

afterAll(async () => {
  await producer?.disconnect().catch(() => {});
  await admin?.disconnect().catch(() => {});
  await stopAll();
  removeTempDirs();
});

const segmentFiles = (topic: string) => {
  const dir = join(broker.logDir, `${topic}-0`);
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".log")).sort() : [];
};

async function createTopic(topic: string, configs: Record<string, string>): Promise<void> {
  await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: Object.entries(configs).map(([name, value]) => ({ name, value })) }], waitForLeaders: true });
}

async function produceOneByOne(topic: string, n: number, make: (i: number) => { key?: string; value: string | null; timestamp?: string }): Promise<void> {
  for (let i = 0; i < n; i++) await producer.send({ topic, messages: [make(i)], acks: -1 });
}

async function consumeAll(topic: string): Promise<string[]> {
  const r = await run("kcat", ["-b", broker.bootstrap, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-K", "=", "-Z"], { timeoutMs: 20_000 });
  return r.stdout.split("\n").filter((l) => l !== "");
}

describe("log retention through the broker", () => {
  it("retention.bytes deletes the oldest segments and advances the log start offset", async () => {
    await createTopic("ret-bytes", { "segment.bytes": "1024", "retention.bytes": "2048" });
    await produceOneByOne("ret-bytes", 80, (i) => ({ value: `message-${i}-`.padEnd(60, "x") }));
    // 80 batches of ~130 bytes fill ~10 segments of 1 KB; retention (checked every 300 ms) keeps ~2 KB
    await eventually(() => segmentFiles("ret-bytes").length <= 4 && segmentFiles("ret-bytes")[0] !== "00000000000000000000.log", 15_000);
    const offsets = await admin.fetchTopicOffsets("ret-bytes");
    expect(Number(offsets[0]!.low)).toBeGreaterThan(0);
    expect(offsets[0]!.high).toBe("80");
    const files = segmentFiles("ret-bytes");
    expect(files[0]).toBe(`${offsets[0]!.low.padStart(20, "0")}.log`);
    const values = await consumeAll("ret-bytes");
    expect(values.length).toBe(80 - Number(offsets[0]!.low));
    expect(values[values.length - 1]).toMatch(/message-79-/);
  });

  it("retention.ms deletes segments whose records are older than the limit, the active one too", async () => {
    await createTopic("ret-time", { "segment.bytes": "1024", "retention.ms": "60000" });
    const old = String(Date.now() - 3_600_000);
    await produceOneByOne("ret-time", 40, (i) => ({ value: `old-${i}`, timestamp: old }));
    await eventually(async () => {
      const o = await admin.fetchTopicOffsets("ret-time");
      return o[0]!.low === "40";
    }, 15_000);
    expect(segmentFiles("ret-time")).toEqual([`${"40".padStart(20, "0")}.log`]);
    await producer.send({ topic: "ret-time", messages: [{ value: "fresh" }], acks: -1 });
    expect(await consumeAll("ret-time")).toEqual(["NULL=fresh"]);
  });
});

describe("compaction through the broker", () => {
  it("keeps the latest value per key and removes tombstones after delete.retention.ms", async () => {
    await createTopic("compacted", { "cleanup.policy": "compact", "segment.bytes": "1024", "min.cleanable.dirty.ratio": "0.01", "delete.retention.ms": "0" });
    await produceOneByOne("compacted", 100, (i) => ({ key: `key${i % 5}`, value: `v${Math.floor(i / 5)}` }));
    await producer.send({ topic: "compacted", messages: [{ key: "key2", value: null }], acks: -1 });
    // more traffic so that the tombstone leaves the active segment
    await produceOneByOne("compacted", 30, (i) => ({ key: `other${i % 3}`, value: `o${i}` }));
    const before = segmentFiles("compacted").length;
    await eventually(async () => {
      const vals = await consumeAll("compacted");
      const keys = vals.map((v) => v.split("=")[0]);
      return vals.length < 60 && !keys.includes("key2") ? vals : undefined;
    }, 20_000, 300);
    const vals = await consumeAll("compacted");
    const latest = new Map<string, string>();
    for (const v of vals) { const [k, val] = v.split("="); latest.set(k!, val!); }
    for (const k of ["key0", "key1", "key3", "key4"]) expect(latest.get(k)).toBe("v19");
    // offsets are preserved: the log end offset did not move
    const o = await admin.fetchTopicOffsets("compacted");
    expect(o[0]!.high).toBe("131");
    expect(segmentFiles("compacted").length).toBeLessThanOrEqual(before);
  });
});

describe("DeleteRecords and ListOffsets by timestamp", () => {
  it("deleteTopicRecords advances the low watermark and drops whole segments", async () => {
    await createTopic("del-rec", { "segment.bytes": "1024" });
    await produceOneByOne("del-rec", 60, (i) => ({ value: `r${i}`.padEnd(40, "-") }));
    const first = segmentFiles("del-rec");
    expect(first.length).toBeGreaterThan(2);
    const third = BigInt(first[2]!.slice(0, 20));
    // kafkajs looks the leader up in its cached metadata before refreshing it (as with Apache Kafka)
    await admin.fetchTopicMetadata({ topics: ["del-rec"] });
    await admin.deleteTopicRecords({ topic: "del-rec", partitions: [{ partition: 0, offset: String(third + 1n) }] });
    const o = await admin.fetchTopicOffsets("del-rec");
    expect(o[0]!.low).toBe(String(third + 1n));
    expect(segmentFiles("del-rec")[0]).toBe(first[2]);
    const vals = await consumeAll("del-rec");
    expect(vals[0]).toMatch(new RegExp(`^NULL=r${third + 1n}-`));
  });

  it("fetchTopicOffsetsByTimestamp finds the first record at or after a timestamp", async () => {
    await createTopic("by-time", { "segment.bytes": "1024" });
    const base = Date.now() - 100_000;
    await produceOneByOne("by-time", 50, (i) => ({ value: `t${i}`, timestamp: String(base + i * 1000) }));
    const at = await admin.fetchTopicOffsetsByTimestamp("by-time", base + 20_500);
    expect(at[0]!.offset).toBe("21");
    const exact = await admin.fetchTopicOffsetsByTimestamp("by-time", base + 30_000);
    expect(exact[0]!.offset).toBe("30");
  });
});

describe("topic compression.type", () => {
  it("stores uncompressed produce requests gzip-compressed, readable by consumers and kafka-dump-log", async () => {
    await createTopic("zipped", { "compression.type": "gzip" });
    await produceOneByOne("zipped", 3, (i) => ({ value: `z${i}` }));
    expect(await consumeAll("zipped")).toEqual(["NULL=z0", "NULL=z1", "NULL=z2"]);
    const seg = join(broker.logDir, "zipped-0", segmentFiles("zipped")[0]!);
    const d = await run("bin/kafka-dump-log.sh", ["--files", seg, "--print-data-log"]);
    expect(d.stdout.match(/compresscodec: gzip/g)?.length).toBe(3);
    expect(d.stdout).toMatch(/\| offset: 2 CreateTime: \d+ keySize: -1 valueSize: 2 .*payload: z2/);
  });
});

describe("kafka-dump-log.sh --offsets-decoder on __consumer_offsets", () => {
  it("shows committed offsets and group metadata as Kafka's GroupMetadataManager formats them", async () => {
    await createTopic("tracked", {});
    await produceOneByOne("tracked", 3, (i) => ({ value: `t${i}` }));
    await admin.setOffsets({ groupId: "dumped-group", topic: "tracked", partitions: [{ partition: 0, offset: "2" }] });
    const seg = join(broker.logDir, `__consumer_offsets-${partitionForGroup("dumped-group", 50)}`, "00000000000000000000.log");
    let found = "";
    await eventually(async () => {
      const r = await run("bin/kafka-dump-log.sh", ["--files", seg, "--offsets-decoder"]);
      found = r.stdout;
      return found.includes("dumped-group");
    }, 10_000, 200);
    expect(found).toMatch(/\| offset: \d+ CreateTime: \d+ keySize: \d+ valueSize: \d+ sequence: -1 headerKeys: \[\] key: offset_commit::group=dumped-group,partition=tracked-0 payload: offset=2/);
  });
});

describe("message.timestamp.type=LogAppendTime", () => {
  it("the broker stamps the append time: in the produce response, in fetched records, in the segment", async () => {
    await createTopic("appended", { "message.timestamp.type": "LogAppendTime" });
    const before = Date.now();
    const r = await producer.send({ topic: "appended", messages: [{ value: "x", timestamp: "1000" }], acks: -1 });
    const t = Number(r[0]!.logAppendTime);
    expect(t).toBeGreaterThanOrEqual(before - 1);
    const k = await run("kcat", ["-b", broker.bootstrap, "-C", "-t", "appended", "-o", "beginning", "-e", "-q", "-f", "%T %s\\n"], { timeoutMs: 20_000 });
    expect(k.stdout.trim()).toBe(`${t} x`);
    const d = await run("bin/kafka-dump-log.sh", ["--files", join(broker.logDir, "appended-0", "00000000000000000000.log"), "--deep-iteration"]);
    expect(d.stdout).toContain(`LogAppendTime: ${t}`);
  });
});
