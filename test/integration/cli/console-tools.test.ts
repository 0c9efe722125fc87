/**
 * kafka-console-producer / kafka-console-consumer against a real broker, and across clients:
 * records written by the console producer are read by kcat (librdkafka), keyed records land on
 * the partitions kafkajs' default partitioner picks, and records from kafkajs/kcat are read by
 * the console consumer.
 */
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, startZooKeeper, type Broker, type ZooKeeperForTests } from "../../helpers/broker.js";
import { removeTempDirs, run, startProcess, stopAll } from "../../helpers/procs.js";
import { builtDir, runBuilt } from "./tool-run.js";

const require = createRequire(import.meta.url);
interface KafkaJsConsumer {
  connect(): Promise<void>; disconnect(): Promise<void>; subscribe(a: { topic: string; fromBeginning: boolean }): Promise<void>;
  run(a: { eachMessage: (p: { partition: number; message: { key: Buffer | null; value: Buffer | null } }) => Promise<void> }): Promise<void>;
}
interface KafkaJsProducer { connect(): Promise<void>; disconnect(): Promise<void>; send(a: { topic: string; messages: { key?: string; value: string; partition?: number }[] }): Promise<{ partition: number }[]> }
const { Kafka, Partitioners, logLevel } = require("kafkajs") as {
  Kafka: new (c: object) => { producer(o?: object): KafkaJsProducer; consumer(o: { groupId: string }): KafkaJsConsumer };
  Partitioners: { DefaultPartitioner: () => (a: { topic: string; partitionMetadata: { partitionId: number; leader: number }[]; message: { key: Buffer } }) => number };
  logLevel: { NOTHING: number };
};

let zk: ZooKeeperForTests;
let broker: Broker;
const node = (tool: string, args: string[], input = "", timeoutMs = 30_000) => runBuilt(tool, args, { input, timeoutMs });
const produce = (topic: string, input: string, ...args: string[]) => node("kafka-console-producer", ["--bootstrap-server", broker.bootstrap, "--topic", topic, ...args], input);
const consume = (topic: string, ...args: string[]) => node("kafka-console-consumer", ["--bootstrap-server", broker.bootstrap, "--topic", topic, ...args]);
const createTopic = async (t: string, partitions: number) => {
  const r = await node("kafka-topics", ["--bootstrap-server", broker.bootstrap, "--create", "--topic", t, "--partitions", String(partitions), "--replication-factor", "1"]);
  expect(r.stdout, r.stderr).toBe(`Created topic ${t}.\n`);
};

beforeAll(async () => {
  zk = await startZooKeeper();
  broker = await startBroker({ zkConnect: zk.connectString });
  await createTopic("keyed", 3);
  await createTopic("plain", 1);
  await createTopic("codecs", 2);
  await createTopic("cross", 4);
}, 60_000);

afterAll(async () => {
  await broker?.stop();
  await zk?.stop();
  await stopAll();
  removeTempDirs();
});

describe("console producer → console consumer", () => {
  const keys = Array.from({ length: 30 }, (_, i) => `user-${i}`);

  it("round-trips keyed records with print.* properties, partitioned like Kafka's default partitioner", async () => {
    const input = keys.map((k, i) => `${k}:value ${i}`).join("\n") + "\n";
    const p = await produce("keyed", input, "--property", "parse.key=true", "--property", "key.separator=:");
    expect(p).toMatchObject({ code: 0, stdout: "", stderr: "" });
    const c = await consume("keyed", "--from-beginning", "--max-messages", "30", "--property", "print.key=true", "--property", "print.partition=true",
      "--property", "print.offset=true", "--property", "print.timestamp=true", "--property", "key.separator=|");
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toContain("Processed a total of 30 messages");
    const lines = c.stdout.trim().split("\n");
    expect(lines).toHaveLength(30);
    const kafkajs = Partitioners.DefaultPartitioner();
    const partitionMetadata = [0, 1, 2].map((partitionId) => ({ partitionId, leader: 0 }));
    const perPartition = new Map<number, number>();
    for (const line of lines) {
      const m = /^CreateTime:(\d+)\|Partition:(\d)\|Offset:(\d+)\|(user-\d+)\|value (\d+)$/.exec(line);
      expect(m, line).not.toBeNull();
      const [, ts, part, off, key, idx] = m!;
      expect(Math.abs(Number(ts) - Date.now())).toBeLessThan(120_000);
      expect(key).toBe(`user-${idx}`);
      expect(Number(part)).toBe(kafkajs({ topic: "keyed", partitionMetadata, message: { key: Buffer.from(key!) } }));
      // offsets are dense per partition, in production order
      const next = perPartition.get(Number(part)) ?? 0;
      expect(Number(off)).toBe(next);
      perPartition.set(Number(part), next + 1);
    }
  });

  it("kcat (librdkafka) reads what the console producer wrote", async () => {
    const r = await run("kcat", ["-b", broker.bootstrap, "-C", "-t", "keyed", "-e", "-q", "-f", "%k=%s\n"], { timeoutMs: 20_000 });
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n").sort()).toEqual(keys.map((k, i) => `${k}=value ${i}`).sort());
  });

  it("kafkajs (consumer group) reads what the console producer wrote, on the same partitions", async () => {
    const kafka = new Kafka({ clientId: "cli-test", brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `cli-test-${Date.now()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: "keyed", fromBeginning: true });
    const got: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`kafkajs got ${got.length} of ${keys.length}`)), 30_000);
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          got.push(`${partition} ${message.key?.toString()}=${message.value?.toString()}`);
          if (got.length === keys.length) { clearTimeout(t); resolve(); }
        },
      });
    });
    try {
      await done;
    } finally {
      await consumer.disconnect();
    }
    const kafkajs = Partitioners.DefaultPartitioner();
    const partitionMetadata = [0, 1, 2].map((partitionId) => ({ partitionId, leader: 0 }));
    expect(got.sort()).toEqual(keys.map((k, i) => `${kafkajs({ topic: "keyed", partitionMetadata, message: { key: Buffer.from(k) } })} ${k}=value ${i}`).sort());
  });

  it("--partition with --offset, --max-messages and --timeout-ms", async () => {
    const input = Array.from({ length: 10 }, (_, i) => `m${i}`).join("\n") + "\n";
    expect((await produce("plain", input, "--sync")).code).toBe(0);
    const a = await consume("plain", "--partition", "0", "--offset", "7", "--property", "print.offset=true", "--timeout-ms", "1500");
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toBe("Offset:7\tm7\nOffset:8\tm8\nOffset:9\tm9\n");
    expect(a.stderr).toContain("Processed a total of 3 messages");
    expect(a.stderr).toContain("org.apache.kafka.common.errors.TimeoutException");
    const b = await consume("plain", "--partition", "0", "--offset", "earliest", "--max-messages", "2");
    expect(b).toMatchObject({ code: 0, stdout: "m0\nm1\n" });
    // latest: nothing old is printed
    const c = await consume("plain", "--timeout-ms", "1000");
    expect(c).toMatchObject({ code: 0, stdout: "" });
    expect(c.stderr).toContain("Processed a total of 0 messages");
  });

  it("produces with every compression codec and acks setting", async () => {
    const sent: string[] = [];
    const runs: [string, string][] = [["none", "0"], ["gzip", "1"], ["snappy", "all"], ["lz4", "-1"], ["zstd", "1"]];
    await Promise.all(runs.map(async ([codec, acks]) => {
      const lines = Array.from({ length: 20 }, (_, i) => `${codec}-${acks}-${i}-${"x".repeat(i * 10)}`);
      sent.push(...lines);
      const r = await produce("codecs", lines.join("\n") + "\n", "--compression-codec", codec, "--request-required-acks", acks);
      expect(r, codec).toMatchObject({ code: 0, stderr: "" });
    }));
    const c = await consume("codecs", "--from-beginning", "--max-messages", String(sent.length), "--timeout-ms", "10000");
    expect(c.stderr).toContain(`Processed a total of ${sent.length} messages`);
    expect(c.stdout.trim().split("\n").sort()).toEqual([...sent].sort());
    const k = await run("kcat", ["-b", broker.bootstrap, "-C", "-t", "codecs", "-e", "-q", "-f", "%s\n"], { timeoutMs: 20_000 });
    expect(k.stdout.trim().split("\n").sort()).toEqual([...sent].sort());
  });

  it("reads records produced by kafkajs and kcat, with headers and null keys", async () => {
    const kafka = new Kafka({ clientId: "cli-test", brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const meta = await producer.send({ topic: "cross", messages: keys.map((k) => ({ key: k, value: `js-${k}` })) });
    await producer.disconnect();
    expect(meta.length).toBeGreaterThan(0);
    const kc = await run("kcat", ["-b", broker.bootstrap, "-P", "-t", "cross", "-p", "2", "-H", "h1=v1", "-H", "h2=v2"], { input: "from-kcat\n", timeoutMs: 20_000 });
    expect(kc.code, kc.stderr).toBe(0);
    // the console producer with the same keys lands on the same partitions as kafkajs
    const cp = await produce("cross", keys.map((k) => `${k}\tcli-${k}`).join("\n") + "\n", "--property", "parse.key=true");
    expect(cp.code, cp.stderr).toBe(0);
    const c = await consume("cross", "--from-beginning", "--max-messages", String(keys.length * 2 + 1), "--property", "print.partition=true",
      "--property", "print.key=true", "--property", "print.headers=true");
    expect(c.code, c.stderr).toBe(0);
    const lines = c.stdout.trim().split("\n");
    expect(lines).toContain("Partition:2\th1:v1,h2:v2\tnull\tfrom-kcat");
    const partOf = new Map<string, string>();
    for (const l of lines) {
      const [part, headers, key, value] = l.split("\t");
      if (key === "null") continue;
      expect(headers).toBe("NO_HEADERS");
      const prev = partOf.get(key!);
      if (prev !== undefined) expect(part, `${key} ${value}`).toBe(prev);
      partOf.set(key!, part!);
    }
    expect(partOf.size).toBe(keys.length);
  });

  it("a line without the key separator stops the producer with Kafka's error (earlier lines are sent)", async () => {
    const r = await produce("plain", "good:1\nnokey\nnever:2\n", "--property", "parse.key=true", "--property", "key.separator=:");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("org.apache.kafka.common.KafkaException: No key separator found on line number 2: 'nokey'");
    const c = await consume("plain", "--partition", "0", "--offset", "10", "--property", "print.key=true", "--timeout-ms", "1500");
    expect(c.stdout).toBe("good\t1\n");
  });

  it("refuses a record over max.request.size and sends the rest (500 KB values go through)", async () => {
    const big = "b".repeat(1_100_000);
    const ok = "o".repeat(500_000);
    const r = await produce("large", `${big}\n${ok}\nsmall\n`);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("org.apache.kafka.common.errors.RecordTooLargeException: The message is 1100082 bytes when serialized which is larger than 1048576, which is the value of the max.request.size configuration.");
    const c = await consume("large", "--from-beginning", "--max-messages", "2");
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toBe(`${ok}\nsmall\n`);
  });

  it("auto-creates an unknown topic on produce (auto.create.topics.enable=true)", async () => {
    const p = await produce("auto-created", "hello\n");
    expect(p.code, p.stderr).toBe(0);
    const c = await consume("auto-created", "--from-beginning", "--max-messages", "1");
    expect(c, c.stderr).toMatchObject({ code: 0, stdout: "hello\n" });
  });

  it("--include consumes every matching topic (no group)", async () => {
    const c = await node("kafka-console-consumer", ["--bootstrap-server", broker.bootstrap, "--include", "pla.*|auto-.*", "--from-beginning", "--max-messages", "11", "--timeout-ms", "10000"]);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout.trim().split("\n").sort()).toEqual(["hello", ...Array.from({ length: 10 }, (_, i) => `m${i}`)].sort());
  });

  it("stops on SIGTERM and reports the count", async () => {
    const p = startProcess("node", [`${await builtDir()}/cli/kafka-console-consumer.js`, "--bootstrap-server", broker.bootstrap, "--topic", "plain", "--from-beginning"]);
    await p.waitFor(/m9\n1\n/, 20_000);
    process.kill(p.pid, "SIGTERM");
    const code = await p.exited;
    expect(code).toBe(143);
    expect(p.output()).toContain("Processed a total of 11 messages");
  });
});
