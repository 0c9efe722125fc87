// Real clients (kcat/librdkafka, kafkajs, kafka-python, @platformatic/kafka) talk to a socket
// endpoint built only from our codec (codec-server.ts): their requests must decode, our responses
// must satisfy them, and what they produce must decode to the records they sent.
// With CAPTURE_FIXTURES=1 the first frames are saved as golden fixtures in test/fixtures/protocol/.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { Kafka, CompressionTypes, logLevel } from "kafkajs";
import { ApiKey } from "../../../broker/protocol/api-keys.js";
import { decodeRecords } from "../../../broker/protocol/record-set.js";
import { legacyCodecOf, messageFormatOf } from "../../../broker/protocol/legacy-records.js";
import type { ProduceRequest } from "../../../broker/protocol/schemas/produce.js";
import { buildRecordBatch } from "../../../broker/protocol/record-set.js";
import { freePort, ROOT, run, stopAll } from "../../helpers/procs.js";
import { startCodecServer, type Captured, type CodecServer } from "../../unit/protocol/codec-server.js";

const FIXTURES = join(ROOT, "test/fixtures/protocol");
const capture = process.env.CAPTURE_FIXTURES === "1";

function saveFirst(reqs: Captured[], apiKey: number, version: number, name: string): Captured {
  const c = reqs.find((r) => r.header.apiKey === apiKey && r.header.apiVersion === version);
  if (!c) throw new Error(`no ${apiKey} v${version} request captured; got ${reqs.map((r) => `${r.header.apiKey}v${r.header.apiVersion}`).join(" ")}`);
  if (capture) writeFileSync(join(FIXTURES, name), c.frame);
  return c;
}

let srv: CodecServer;
beforeEach(async () => {
  srv = await startCodecServer(await freePort());
});
afterEach(async () => {
  await srv.close();
});
afterAll(async () => {
  await stopAll();
});

function values(s: CodecServer): string[] {
  return s.log.flatMap((b) => decodeRecords(b)).map((r) => r.value?.toString() ?? "<null>");
}

describe("kcat (librdkafka 2.0)", () => {
  it("kcat -L: ApiVersions v3 + Metadata, lists the topic", async () => {
    const r = await run("kcat", ["-b", `127.0.0.1:${srv.port}`, "-L", "-m", "10"], { timeoutMs: 20_000 });
    expect(r.stdout).toContain('topic "t" with 1 partitions');
    expect(r.stdout).toContain("broker 0 at 127.0.0.1");
    const c = saveFirst(srv.requests, ApiKey.ApiVersions, 3, "api-versions-v3-librdkafka.bin");
    expect(c.header.clientId).toBe("rdkafka");
    expect(c.body).toMatchObject({ clientSoftwareName: "librdkafka" });
  });

  for (const codec of ["none", "gzip", "snappy", "lz4", "zstd"]) {
    it(`kcat -P -z ${codec} then kcat -C reads it back through our Fetch encoding`, async () => {
      const input = Array.from({ length: 50 }, (_, i) => `k${i}:value-${codec}-${i}`).join("\n") + "\n";
      const p = await run("kcat", ["-b", `127.0.0.1:${srv.port}`, "-P", "-t", "t", "-p", "0", "-K", ":", "-z", codec], { input, timeoutMs: 20_000 });
      expect(p.code, p.stderr).toBe(0);
      expect(values(srv)).toEqual(Array.from({ length: 50 }, (_, i) => `value-${codec}-${i}`));
      const produce = srv.requests.find((r) => r.header.apiKey === ApiKey.Produce)!;
      expect(produce.header.apiVersion).toBeGreaterThanOrEqual(3);
      const c = await run("kcat", ["-b", `127.0.0.1:${srv.port}`, "-C", "-t", "t", "-p", "0", "-o", "beginning", "-e", "-f", "%k=%s@%o\\n"], { timeoutMs: 20_000 });
      expect(c.stdout.trim().split("\n")).toEqual(Array.from({ length: 50 }, (_, i) => `k${i}=value-${codec}-${i}@${i}`));
      if (codec === "zstd") {
        saveFirst(srv.requests, ApiKey.Produce, 7, "produce-v7-librdkafka-zstd.bin");
        saveFirst(srv.requests, ApiKey.Fetch, 11, "fetch-v11-librdkafka.bin");
        saveFirst(srv.requests, ApiKey.ListOffsets, 2, "list-offsets-v2-librdkafka.bin");
      }
    });
  }
});

describe("batches we build are readable by librdkafka", () => {
  it("kcat -C decodes our batches in every codec (xerial snappy, lz4 frame, zstd, gzip)", async () => {
    let offset = 0n;
    for (const compression of [0, 1, 2, 3, 4]) {
      const records = Array.from({ length: 20 }, (_, i) => ({ key: `c${compression}-${i}`, value: `v${compression}-${i}`.repeat(50), headers: [{ key: "h", value: "x" }] }));
      srv.append(buildRecordBatch({ baseOffset: offset, records, compression }));
      offset += 20n;
    }
    const c = await run("kcat", ["-b", `127.0.0.1:${srv.port}`, "-C", "-t", "t", "-p", "0", "-o", "beginning", "-e", "-f", "%k %o %h\\n"], { timeoutMs: 20_000 });
    expect(c.stderr).not.toMatch(/error|fail/i);
    const lines = c.stdout.trim().split("\n");
    expect(lines).toHaveLength(100);
    expect(lines[0]).toBe("c0-0 0 h=x");
    expect(lines[99]).toBe("c4-19 99 h=x");
  });
});

describe("kafkajs 2.2", () => {
  it("produces keyed records with headers (Produce v7), gzip and idempotent", async () => {
    const kafka = new Kafka({ clientId: "kafkajs-golden", brokers: [`127.0.0.1:${srv.port}`], logLevel: logLevel.NOTHING, retry: { retries: 2 } });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      await producer.send({ topic: "t", messages: [{ key: "k1", value: "v1", headers: { h: "x" }, timestamp: "1700000000000" }] });
      await producer.send({ topic: "t", compression: CompressionTypes.GZIP, messages: [{ key: "k2", value: "v2" }, { value: "v3" }] });
    } finally {
      await producer.disconnect();
    }
    const c = saveFirst(srv.requests, ApiKey.Produce, 7, "produce-v7-kafkajs.bin");
    expect(c.header.clientId).toBe("kafkajs-golden");
    expect(srv.requests.some((r) => r.header.apiKey === ApiKey.InitProducerId)).toBe(true);
    const recs = srv.log.flatMap((b) => decodeRecords(b));
    expect(recs.map((r) => [r.key?.toString() ?? null, r.value?.toString()])).toEqual([["k1", "v1"], ["k2", "v2"], [null, "v3"]]);
    expect(recs[0]!.headers).toEqual([{ key: "h", value: Buffer.from("x") }]);
    expect(recs[0]!.timestamp).toBe(1700000000000n);
    expect(recs[0]!.producerId).toBe(4242n);
  });

  it("reads partition offsets through ListOffsets (admin.fetchTopicOffsets)", async () => {
    srv.append(buildRecordBatch({ baseOffset: 0n, records: [{ key: "a", value: "one" }, { key: "b", value: "two" }] }));
    const kafka = new Kafka({ clientId: "kafkajs-fetch", brokers: [`127.0.0.1:${srv.port}`], logLevel: logLevel.NOTHING, retry: { retries: 1 } });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets("t");
      expect(offsets).toEqual([expect.objectContaining({ partition: 0, low: "0", high: "2" })]);
    } finally {
      await admin.disconnect();
    }
    expect(srv.requests.some((r) => r.header.apiKey === ApiKey.ListOffsets)).toBe(true);
  });
});

describe("kafka-python 2.0", () => {
  it("produces and reads back (ApiVersions v0, Metadata v1, Produce, Fetch)", async () => {
    const script = `
import sys
from kafka import KafkaProducer, KafkaConsumer, TopicPartition
bs = "127.0.0.1:${srv.port}"
p = KafkaProducer(bootstrap_servers=bs, client_id="kafka-python-golden")
for i in range(3):
    p.send("t", key=b"k%d" % i, value=b"py-%d" % i, partition=0).get(timeout=10)
p.close()
c = KafkaConsumer(bootstrap_servers=bs, client_id="kafka-python-golden", enable_auto_commit=False, group_id=None, consumer_timeout_ms=3000)
tp = TopicPartition("t", 0)
c.assign([tp])
c.seek_to_beginning(tp)
for m in c:
    print("%s=%s@%d" % (m.key.decode(), m.value.decode(), m.offset))
    if m.offset == 2: break
c.close()
`;
    const r = await run("/usr/bin/python3", ["-c", script], { timeoutMs: 40_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split("\n")).toEqual(["k0=py-0@0", "k1=py-1@1", "k2=py-2@2"]);
    const c = saveFirst(srv.requests, ApiKey.Metadata, 1, "metadata-v1-kafka-python.bin");
    saveFirst(srv.requests, ApiKey.Fetch, 4, "fetch-v4-kafka-python.bin");
    expect(c.header.clientId).toBe("kafka-python-golden");
    expect(srv.requests.find((q) => q.header.apiKey === ApiKey.ApiVersions)!.header.apiVersion).toBe(0);
  });
});

describe("kafka-python with old message formats", () => {
  for (const [apiVersion, magic] of [["(0, 10, 1)", 1], ["(0, 9)", 0]] as const) {
    it(`api_version=${apiVersion}: produces magic ${magic} message sets (up-converted) and reads them down-converted`, async () => {
      const script = `
from kafka import KafkaProducer, KafkaConsumer, TopicPartition
bs = "127.0.0.1:${srv.port}"
p = KafkaProducer(bootstrap_servers=bs, api_version=${apiVersion}, compression_type="gzip")
for i in range(3):
    p.send("t", key=b"k%d" % i, value=b"old-%d" % i, partition=0)
p.flush(10)
p.close()
c = KafkaConsumer(bootstrap_servers=bs, api_version=${apiVersion}, enable_auto_commit=False, group_id=None, consumer_timeout_ms=3000)
tp = TopicPartition("t", 0)
c.assign([tp])
c.seek_to_beginning(tp)
for m in c:
    print("%s=%s@%d" % (m.key.decode(), m.value.decode(), m.offset))
    if m.offset == 2: break
c.close()
`;
      const r = await run("/usr/bin/python3", ["-c", script], { timeoutMs: 40_000 });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trim().split("\n")).toEqual(["k0=old-0@0", "k1=old-1@1", "k2=old-2@2"]);
      const produce = srv.requests.find((q) => q.header.apiKey === ApiKey.Produce)!;
      expect(produce.header.apiVersion).toBeLessThan(3);
      const sent = (produce.body as ProduceRequest).topicData[0]!.partitionData[0]!.records!;
      expect(messageFormatOf(sent)).toBe(magic);
      expect(legacyCodecOf(sent)).toBe(1); // gzip wrapper
      expect(values(srv)).toEqual(["old-0", "old-1", "old-2"]);
      expect(srv.requests.find((q) => q.header.apiKey === ApiKey.Fetch)!.header.apiVersion).toBeLessThan(4);
    });
  }
});

describe("consumer groups (one-member group coordinated by the codec endpoint)", () => {
  const seed = () => srv.append(buildRecordBatch({ baseOffset: 0n, records: Array.from({ length: 5 }, (_, i) => ({ key: `g${i}`, value: `group-${i}` })) }));
  const groupApis = () => [...new Set(srv.requests.map((r) => `${r.header.apiKey}v${r.header.apiVersion}`))].filter((k) => /^(8|9|10|11|12|13|14)v/.test(k)).sort();

  it("librdkafka (confluent-kafka-python) joins, consumes and commits", async () => {
    seed();
    const script = `
from confluent_kafka import Consumer
import time
c = Consumer({"bootstrap.servers": "127.0.0.1:${srv.port}", "group.id": "rk-group", "auto.offset.reset": "earliest", "enable.auto.commit": False, "session.timeout.ms": 6000})
c.subscribe(["t"])
got = []
end = time.time() + 20
while len(got) < 5 and time.time() < end:
    m = c.poll(0.5)
    if m is not None and not m.error():
        got.append(m.value().decode())
c.commit(asynchronous=False)
c.close()
print(",".join(got))
`;
    const r = await run("/usr/bin/python3", ["-c", script], { timeoutMs: 40_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe("group-0,group-1,group-2,group-3,group-4");
    const apis = groupApis();
    for (const k of [10, 11, 14, 8]) expect(apis.some((a) => a.startsWith(`${k}v`)), `${k} in ${apis}`).toBe(true);
    saveFirst(srv.requests, ApiKey.JoinGroup, 5, "join-group-v5-librdkafka.bin");
    saveFirst(srv.requests, ApiKey.OffsetCommit, 7, "offset-commit-v7-librdkafka.bin");
  });

  it("kafkajs joins, consumes and commits", async () => {
    seed();
    const kafka = new Kafka({ clientId: "kafkajs-group", brokers: [`127.0.0.1:${srv.port}`], logLevel: logLevel.NOTHING, retry: { retries: 2 } });
    const consumer = kafka.consumer({ groupId: "kjs-group", sessionTimeout: 6000, heartbeatInterval: 500 });
    const got: string[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: "t", fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timeout; got ${got}`)), 20_000);
        void consumer.run({
          eachMessage: async ({ message }) => {
            got.push(message.value!.toString());
            if (got.length === 5) { clearTimeout(timer); resolve(); }
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
    expect(got).toEqual(["group-0", "group-1", "group-2", "group-3", "group-4"]);
    const apis = groupApis();
    for (const k of [10, 11, 14, 8, 13]) expect(apis.some((a) => a.startsWith(`${k}v`)), `${k} in ${apis}`).toBe(true);
    saveFirst(srv.requests, ApiKey.SyncGroup, 3, "sync-group-v3-kafkajs.bin");
  });
});

describe("@platformatic/kafka", () => {
  it("produces with its newest negotiated versions", async () => {
    const { Producer, stringSerializers } = await import("@platformatic/kafka");
    const producer = new Producer({ clientId: "plt-golden", bootstrapBrokers: [`127.0.0.1:${srv.port}`], serializers: stringSerializers, autocreateTopics: false });
    try {
      await producer.send({ messages: [{ topic: "t", key: "pk", value: "plt-1", partition: 0 }] });
    } finally {
      await producer.close();
    }
    expect(values(srv)).toEqual(["plt-1"]);
    const produce = srv.requests.find((r) => r.header.apiKey === ApiKey.Produce)!;
    expect(produce.header.apiVersion).toBe(9);
  });
});
