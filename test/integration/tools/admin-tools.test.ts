/**
 * The admin tools against a live broker (our coordinator + our broker), output checked against
 * Kafka's formats: kafka-get-offsets.sh (and GetOffsetShell through kafka-run-class.sh),
 * kafka-delete-records.sh, kafka-broker-api-versions.sh, kafka-log-dirs.sh, kafka-configs.sh
 * (--bootstrap-server and --zookeeper), and their errors, which must leave the cluster unchanged.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigResourceTypes, Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Admin } from "../../../broker/client/admin.js";
import { Cluster } from "../../../broker/client/cluster.js";
import { Producer } from "../../../broker/client/producer.js";
import { startBroker, type Broker } from "../../helpers/broker.js";
import { startCoordinator, type Coordinator } from "../../helpers/coordinator.js";
import { ROOT, removeTempDirs, run, stopAll, tempDir } from "../../helpers/procs.js";

let zk: Coordinator, broker: Broker, dir: string;
const tool = (name: string, args: string[]) => run("bash", [`${ROOT}/bin/${name}.sh`, ...args], { timeoutMs: 30_000 });
const T = "tools-t";

beforeAll(async () => {
  zk = await startCoordinator();
  broker = await startBroker({ zkConnect: zk.connectString });
  dir = tempDir("tools-");
  const admin = new Admin(broker.bootstrap);
  expect((await admin.createTopics([{ name: T, numPartitions: 3, replicationFactor: 1 }])).get(T)).toBeNull();
  await admin.cluster.topicMetadata(T, { timeoutMs: 20_000 });
  await admin.close();
  // 10 records in each partition
  const p = new Producer(new Cluster(broker.bootstrap));
  const sends: Promise<unknown>[] = [];
  for (let part = 0; part < 3; part++) for (let i = 0; i < 10; i++) sends.push(p.send({ topic: T, partition: part, key: Buffer.from(`k${i}`), value: Buffer.from(`hello-${part}-${i}`) }));
  await Promise.all(sends);
  await p.close();
}, 60_000);

afterAll(async () => {
  await stopAll();
  removeTempDirs();
});

describe("kafka-get-offsets", () => {
  it("prints topic:partition:offset for latest, earliest and selected partitions", async () => {
    const latest = await tool("kafka-get-offsets", ["--bootstrap-server", broker.bootstrap, "--topic", T]);
    expect(latest.code, latest.stderr + latest.stdout).toBe(0);
    expect(latest.stdout).toBe(`${T}:0:10\n${T}:1:10\n${T}:2:10\n`);
    const earliest = await tool("kafka-get-offsets", ["--bootstrap-server", broker.bootstrap, "--topic", T, "--time", "-2", "--partitions", "0,2"]);
    expect(earliest.stdout).toBe(`${T}:0:0\n${T}:2:0\n`);
    const tp = await tool("kafka-get-offsets", ["--bootstrap-server", broker.bootstrap, "--topic-partitions", `${T}:1-,${T}:-1`, "--time", "latest"]);
    expect(tp.stdout).toBe(`${T}:0:10\n${T}:1:10\n${T}:2:10\n`);
    const one = await tool("kafka-get-offsets", ["--bootstrap-server", broker.bootstrap, "--topic-partitions", `tools-.*:2`]);
    expect(one.stdout).toBe(`${T}:2:10\n`);
    const legacy = await run("bash", [`${ROOT}/bin/kafka-run-class.sh`, "kafka.tools.GetOffsetShell", "--broker-list", broker.bootstrap, "--topic", T, "--partitions", "1"], { timeoutMs: 30_000 });
    expect(legacy.stdout).toBe(`${T}:1:10\n`);
  });

  it("errors: no match, malformed time, unknown option", async () => {
    const none = await tool("kafka-get-offsets", ["--bootstrap-server", broker.bootstrap, "--topic", "no-such-topic"]);
    expect(none.code, none.stderr + none.stdout).toBe(1);
    expect(none.stderr).toBe("Error occurred: Could not match any topic-partitions with the specified filters\n");
    const time = await tool("kafka-get-offsets", ["--bootstrap-server", broker.bootstrap, "--topic", T, "--time", "yesterday"]);
    expect(time.code, time.stderr + time.stdout).toBe(1);
    expect(time.stderr).toMatch(/^Error occurred: Malformed time argument yesterday\./);
    const bad = await tool("kafka-get-offsets", ["--bootstrap-server", broker.bootstrap, "--bogus"]);
    expect(bad.code, bad.stderr + bad.stdout).toBe(1);
    expect(bad.stderr).toBe("Error occurred: bogus is not a recognized option\n");
    const missing = await tool("kafka-get-offsets", ["--topic", T]);
    expect(missing.code, missing.stderr + missing.stdout).toBe(1);
    expect(missing.stderr).toBe("Error occurred: Missing required option(s) [bootstrap-server]\n");
  });
});

describe("kafka-delete-records", () => {
  it("deletes up to the offsets of the JSON file and prints the low watermarks", async () => {
    const f = join(dir, "delete.json");
    writeFileSync(f, JSON.stringify({ partitions: [{ topic: T, partition: 0, offset: 3 }, { topic: T, partition: 1, offset: -1 }], version: 1 }));
    const r = await tool("kafka-delete-records", ["--bootstrap-server", broker.bootstrap, "--offset-json-file", f]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout, r.stderr).toBe(`Executing records delete operation\nRecords delete operation completed:\npartition: ${T}-0\tlow_watermark: 3\npartition: ${T}-1\tlow_watermark: 10\n`);
    const after = await tool("kafka-get-offsets", ["--bootstrap-server", broker.bootstrap, "--topic", T, "--time", "earliest"]);
    expect(after.stdout).toBe(`${T}:0:3\n${T}:1:10\n${T}:2:0\n`);
  });

  it("per-partition errors, bad JSON and duplicates change nothing", async () => {
    const beyond = join(dir, "beyond.json");
    writeFileSync(beyond, `{"partitions":[{"topic":"${T}","partition":2,"offset":99},{"topic":"nope","partition":0,"offset":1}],"version":1}`);
    const r = await tool("kafka-delete-records", ["--bootstrap-server", broker.bootstrap, "--offset-json-file", beyond]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toContain(`partition: ${T}-2\terror: org.apache.kafka.common.errors.OffsetOutOfRangeException: `);
    expect(r.stdout).toContain("partition: nope-0\terror: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: ");
    const bad = join(dir, "bad.json");
    writeFileSync(bad, "{not json");
    const b = await tool("kafka-delete-records", ["--bootstrap-server", broker.bootstrap, "--offset-json-file", bad]);
    expect(b.code, b.stderr + b.stdout).toBe(1);
    expect(b.stderr).toContain("org.apache.kafka.server.common.AdminOperationException: The input string is not a valid JSON");
    const dup = join(dir, "dup.json");
    writeFileSync(dup, `{"partitions":[{"topic":"${T}","partition":2,"offset":1},{"topic":"${T}","partition":2,"offset":2}],"version":1}`);
    const d = await tool("kafka-delete-records", ["--bootstrap-server", broker.bootstrap, "--offset-json-file", dup]);
    expect(d.code, d.stderr + d.stdout).toBe(1);
    expect(d.stderr).toContain(`AdminCommandFailedException: Offset json file contains duplicate topic partitions: ${T}-2`);
    expect(d.stdout).toBe("");
    const after = await tool("kafka-get-offsets", ["--bootstrap-server", broker.bootstrap, "--topic", T, "--time", "earliest", "--partitions", "2"]);
    expect(after.stdout).toBe(`${T}:2:0\n`);
    const missing = await tool("kafka-delete-records", ["--bootstrap-server", broker.bootstrap]);
    expect(missing.code, missing.stderr + missing.stdout).toBe(1);
    expect(missing.stderr.split("\n")[0]).toBe('Missing required argument "[offset-json-file]"');
  });
});

describe("kafka-broker-api-versions", () => {
  it("prints every broker's API versions as NodeApiVersions.toString(true)", async () => {
    const r = await tool("kafka-broker-api-versions", ["--bootstrap-server", broker.bootstrap]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe(`127.0.0.1:${broker.port} (id: 0 rack: null) -> (`);
    expect(lines[1]).toMatch(/^\tProduce\(0\): \d+ to \d+ \[usable: \d+\],$/);
    expect(r.stdout).toMatch(/\n\tApiVersions\(18\): 0 to 3 \[usable: 3\],\n/);
    expect(r.stdout).toMatch(/\n\tDescribeLogDirs\(35\): \d+ to \d+ \[usable: \d+\],\n/);
    expect(r.stdout).toMatch(/\n\tCreateDelegationToken\(38\): UNSUPPORTED,\n/);
    expect(r.stdout.endsWith("\n)\n")).toBe(true);
    const bad = await tool("kafka-broker-api-versions", []);
    expect(bad.code, bad.stderr + bad.stdout).toBe(1);
    expect(bad.stderr.split("\n")[0]).toBe("This tool helps to retrieve broker version information.");
  });
});

describe("kafka-log-dirs", () => {
  it("describes the broker's log dir with partition sizes", async () => {
    const r = await tool("kafka-log-dirs", ["--bootstrap-server", broker.bootstrap, "--describe", "--topic-list", T]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const [l1, l2, json] = r.stdout.split("\n");
    expect(l1).toBe("Querying brokers for log directories information");
    expect(l2).toBe("Received log directory information from brokers 0");
    expect(json).toMatch(/^\{"brokers":\[\{"broker":0,"logDirs":\[\{"partitions":\[/);
    expect(json).toMatch(/\],"version":1\}$/);
    const parsed = JSON.parse(json!) as { brokers: { broker: number; logDirs: { logDir: string; error: string | null; partitions: { partition: string; size: number; offsetLag: number; isFuture: boolean }[] }[] }[] };
    const ld = parsed.brokers[0]!.logDirs[0]!;
    expect(ld.logDir).toBe(broker.logDir);
    expect(ld.error).toBeNull();
    expect(ld.partitions.map((p) => p.partition).sort()).toEqual([`${T}-0`, `${T}-1`, `${T}-2`]);
    for (const p of ld.partitions) expect(p.size).toBeGreaterThan(0);
    // Jackson writes Java HashMaps: keys in bucket order, as Kafka prints them
    expect(json).toMatch(/\{"partition":"tools-t-\d","size":\d+,"offsetLag":0,"isFuture":false\}/);
    expect(json).toContain(`"error":null,"logDir":${JSON.stringify(broker.logDir)}}`);
  });

  it("errors: unknown broker, missing --describe", async () => {
    const r = await tool("kafka-log-dirs", ["--bootstrap-server", broker.bootstrap, "--describe", "--broker-list", "0,7"]);
    expect(r.code, r.stderr + r.stdout).toBe(1);
    expect(r.stderr).toBe("ERROR: The given brokers do not exist from --broker-list: 7. Current existent brokers: 0\n");
    const m = await tool("kafka-log-dirs", ["--bootstrap-server", broker.bootstrap]);
    expect(m.code, m.stderr + m.stdout).toBe(1);
    expect(m.stderr.split("\n")[0]).toBe('Missing required argument "[describe]"');
  });
});

describe("kafka-configs", () => {
  it("alters and describes topic configs through the Admin API", async () => {
    const add = await tool("kafka-configs", ["--bootstrap-server", broker.bootstrap, "--entity-type", "topics", "--entity-name", T, "--alter", "--add-config", "retention.ms=86400000,cleanup.policy=[delete,compact]"]);
    expect(add.stderr).toBe("");
    expect(add.stdout).toBe(`Completed updating config for topic ${T}.\n`);
    const d = await tool("kafka-configs", ["--bootstrap-server", broker.bootstrap, "--entity-type", "topics", "--entity-name", T, "--describe"]);
    expect(d.code, d.stderr + d.stdout).toBe(0);
    const lines = d.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(`Dynamic configs for topic ${T} are:`);
    expect(lines[1]).toMatch(/^ {2}cleanup\.policy=delete,compact sensitive=false synonyms=\{DYNAMIC_TOPIC_CONFIG:cleanup\.policy=delete,compact(, [A-Z_]+:log\.cleanup\.policy=delete)*\}$/);
    expect(lines[2]).toMatch(/^ {2}retention\.ms=86400000 sensitive=false synonyms=\{DYNAMIC_TOPIC_CONFIG:retention\.ms=86400000(, .*)?\}$/);
    expect(lines).toHaveLength(3);
    const del = await tool("kafka-configs", ["--bootstrap-server", broker.bootstrap, "--topic", T, "--alter", "--delete-config", "cleanup.policy"]);
    expect(del.stdout).toBe(`Completed updating config for topic ${T}.\n`);
    const d2 = await tool("kafka-configs", ["--bootstrap-server", broker.bootstrap, "--topic", T, "--describe"]);
    expect(d2.stdout.trimEnd().split("\n")).toHaveLength(2);
    const all = await tool("kafka-configs", ["--bootstrap-server", broker.bootstrap, "--topic", T, "--describe", "--all"]);
    expect(all.stdout.split("\n")[0]).toBe(`All configs for topic ${T} are:`);
    expect(all.stdout).toMatch(/\n {2}segment\.bytes=\d+ sensitive=false synonyms=\{.*\}\n/);
    // through ZooKeeper, Kafka 2.x style
    const zd = await tool("kafka-configs", ["--zookeeper", zk.connectString, "--entity-type", "topics", "--entity-name", T, "--describe"]);
    const ZK_WARNING = "Warning: --zookeeper is deprecated and will be removed in a future version of Kafka.\nUse --bootstrap-server instead to specify a broker to connect to.\n";
    expect(zd.stdout).toBe(`${ZK_WARNING}Configs for topic '${T}' are retention.ms=86400000\n`);
    const za = await tool("kafka-configs", ["--zookeeper", zk.connectString, "--entity-type", "topics", "--entity-name", T, "--alter", "--add-config", "segment.ms=3600000"]);
    expect(za.stdout).toBe(`${ZK_WARNING}Completed updating config for entity: topic '${T}'.\n`);
    // a running broker's configs are not touched through ZooKeeper
    const zb = await tool("kafka-configs", ["--zookeeper", zk.connectString, "--entity-type", "brokers", "--entity-name", "0", "--alter", "--add-config", "log.cleaner.threads=2"]);
    expect(zb.code, zb.stderr + zb.stdout).toBe(1);
    expect(zb.stderr).toBe("requirement failed: --bootstrap-server option must be specified to update brokers configs: {add: {log.cleaner.threads=2}, delete: List()} - broker 0 is running. Broker configuration operations using ZooKeeper are only supported if the affected broker(s) are not running.\n");
  });

  it("describes brokers", async () => {
    const d = await tool("kafka-configs", ["--bootstrap-server", broker.bootstrap, "--entity-type", "brokers", "--describe"]);
    expect(d.code, d.stderr + d.stdout).toBe(0);
    expect(d.stdout).toMatch(/^Dynamic configs for broker 0 are:\n(.*\n)*Default configs for brokers in the cluster are:\n/);
  });

  it("argument and operation errors as ConfigCommand, nothing changed", async () => {
    const cases: [string[], RegExp][] = [
      [[], /^This tool helps to manipulate and describe entity config for a topic, client, user, broker, ip or client-metrics\nOption {2,}Description/],
      [["--bootstrap-server", broker.bootstrap, "--topic", T], /^Command must include exactly one action: --describe, --alter\n/],
      [["--bootstrap-server", broker.bootstrap, "--topic", T, "--alter"], /^At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter\n$/],
      [["--bootstrap-server", broker.bootstrap, "--entity-type", "topicz", "--describe"], /^Invalid entity type topicz, the entity type must be one of topics, clients, users, brokers, ips, broker-loggers with a --bootstrap-server argument\n$/],
      [["--topic", T, "--describe"], /^One of the required --bootstrap-server or --zookeeper arguments must be specified\n$/],
      [["--bootstrap-server", broker.bootstrap, "--topic", T, "--alter", "--add-config", "retention.ms"], /^requirement failed: Invalid entity config: all configs to be added must be in the format "key=val"\.\n$/],
      [["--bootstrap-server", broker.bootstrap, "--topic", T, "--alter", "--delete-config", "flush.ms"], /^Invalid config\(s\): flush\.ms\n$/],
      [["--bootstrap-server", broker.bootstrap, "--broker", "x", "--describe"], /^The entity name for brokers must be a valid integer broker id, but it is: x\n$/],
      [["--bootstrap-server", broker.bootstrap, "--topic", T, "--alter", "--add-config", "bad key=1"], /^Invalid character found for config key: bad key\n$/],
      [["--bootstrap-server", broker.bootstrap, "--entity-type", "topics", "--alter", "--add-config", "retention.ms=1"], /^an entity name must be specified with --alter of topics\n$/],
      [["--bootstrap-server", broker.bootstrap, "--topic", T, "--describe", "--bogus"], /^bogus is not a recognized option\n$/],
      [["--bootstrap-server", broker.bootstrap, "--topic", T, "--alter", "--add-config", "no.such.config=1"], /^Error while executing config command with args '.*'\njava\.util\.concurrent\.ExecutionException: org\.apache\.kafka\.common\.errors\.InvalidConfigurationException: /],
      [["--bootstrap-server", broker.bootstrap, "--topic", "missing-topic", "--describe"], /^Error while executing config command with args '.*'\njava\.util\.concurrent\.ExecutionException: org\.apache\.kafka\.common\.errors\.UnknownTopicOrPartitionException: /],
    ];
    for (const [args, want] of cases) {
      const r = await tool("kafka-configs", args);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stderr, args.join(" ")).toMatch(want);
    }
    const d = await tool("kafka-configs", ["--bootstrap-server", broker.bootstrap, "--topic", T, "--describe"]);
    expect(d.stdout).toMatch(/^Dynamic configs for topic tools-t are:\n {2}retention\.ms=86400000 .*\n {2}segment\.ms=3600000 .*\n$/);
  });
});

describe("kafka-run-class.sh with the tools' Kafka class names", () => {
  it("maps ConfigCommand, DeleteRecordsCommand, LogDirsCommand, BrokerApiVersionsCommand, the perf tools, DumpLogSegments and MirrorMaker", async () => {
    const rc = (cls: string, args: string[]) => run("bash", [`${ROOT}/bin/kafka-run-class.sh`, cls, ...args], { timeoutMs: 30_000 });
    const cfg = await rc("kafka.admin.ConfigCommand", ["--bootstrap-server", broker.bootstrap, "--topic", T, "--describe"]);
    expect(cfg.stdout.split("\n")[0]).toBe(`Dynamic configs for topic ${T} are:`);
    const api = await rc("kafka.admin.BrokerApiVersionsCommand", ["--bootstrap-server", broker.bootstrap]);
    expect(api.stdout.split("\n")[0]).toBe(`127.0.0.1:${broker.port} (id: 0 rack: null) -> (`);
    const dirs = await rc("kafka.admin.LogDirsCommand", ["--bootstrap-server", broker.bootstrap, "--describe", "--topic-list", "none"]);
    expect(dirs.stdout.split("\n")[1]).toBe("Received log directory information from brokers 0");
    for (const cls of ["kafka.admin.DeleteRecordsCommand", "kafka.tools.DumpLogSegments", "kafka.tools.MirrorMaker", "kafka.tools.ConsumerPerformance", "org.apache.kafka.tools.ProducerPerformance", "kafka.tools.GetOffsetShell"]) {
      const v = await rc(cls, ["--version"]);
      expect(v.code, cls).toBe(0);
      expect(v.stdout, cls).toMatch(/^3\.\d+\.\d+ \(kafka-ts \d+\.\d+\.\d+\)\n$/);
    }
  });
});

describe("what the tools did, seen by a third-party client (kafkajs)", () => {
  it("offsets, deleted records and topic configs agree with kafkajs's admin", async () => {
    const kafka = new Kafka({ clientId: "tools-check", brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const offs = await admin.fetchTopicOffsets(T);
      const byP = new Map(offs.map((o) => [o.partition, o]));
      const go = await tool("kafka-get-offsets", ["--bootstrap-server", broker.bootstrap, "--topic", T]);
      for (const line of go.stdout.trimEnd().split("\n")) {
        const [, p, off] = line.split(":");
        expect(byP.get(Number(p))!.high).toBe(off);
      }
      // kafka-delete-records moved partition 0's start to 3 and partition 1's to 10
      expect(byP.get(0)!.low).toBe("3");
      expect(byP.get(1)!.low).toBe("10");
      const cfg = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: T }] });
      const entries = new Map(cfg.resources[0]!.configEntries.map((e) => [e.configName, e.configValue]));
      expect(entries.get("retention.ms")).toBe("86400000");
      expect(entries.get("segment.ms")).toBe("3600000");
    } finally {
      await admin.disconnect();
    }
  });
});

