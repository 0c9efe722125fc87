/**
 * The Kafka tools' option handling end to end (no servers): usage, missing/unknown/malformed
 * options and invalid combinations give Kafka's messages and exit codes.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, freePort, removeTempDirs, run, tempDir } from "../../helpers/procs.js";
import { runBuilt } from "./tool-run.js";

afterAll(() => removeTempDirs());

// through bin/*.sh (which exec node dist/cli/<tool>.js), retried only on a half-built dist
const tool = (name: string, args: string[], input = "") => runBuilt(name, args, { input, timeoutMs: 20_000 });
const viaBin = (name: string, args: string[]) => run("bash", [`${ROOT}/bin/${name}.sh`, ...args], { timeoutMs: 20_000 });

describe("kafka-topics option errors", () => {
  it("no arguments: usage on stderr, exit 1", async () => {
    const r = await tool("kafka-topics", []);
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")[0]).toBe("Create, delete, describe, or change a topic.");
    expect(r.stderr).toMatch(/^Option {2,}Description/m);
    expect(r.stderr).toContain("--bootstrap-server <String: server to");
  });

  it("--help and --version (through bin/*.sh)", async () => {
    const h = await viaBin("kafka-topics", ["--help"]);
    expect(h.code).toBe(1);
    expect(h.stderr.split("\n")[0]).toBe("This tool helps to create, delete, describe, or change a topic.");
    const v = await viaBin("kafka-topics", ["--version"]);
    for (const t of ["kafka-console-producer", "kafka-console-consumer"]) expect((await viaBin(t, ["--version"])).stdout).toBe(v.stdout);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^3\.\d+\.\d+ \(kafka-ts \d+\.\d+\.\d+\)\n$/);
  });

  it("needs exactly one action", async () => {
    const r = await tool("kafka-topics", ["--bootstrap-server", "127.0.0.1:1", "--list", "--describe"]);
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")[0]).toBe("Command must include exactly one action: --list, --describe, --create, --alter or --delete");
  });

  it("missing --topic for --create, and --bootstrap-server vs --zookeeper", async () => {
    const a = await tool("kafka-topics", ["--bootstrap-server", "127.0.0.1:1", "--create"]);
    expect(a.code).toBe(1);
    expect(a.stderr.split("\n")[0]).toBe('Missing required argument "[topic]"');
    const b = await tool("kafka-topics", ["--list"]);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain("java.lang.IllegalArgumentException: --bootstrap-server must be specified");
    const c = await tool("kafka-topics", ["--list", "--bootstrap-server", "127.0.0.1:1", "--zookeeper", "127.0.0.1:2"]);
    expect(c.code).toBe(1);
    expect(c.stderr).toContain("Only one of --bootstrap-server or --zookeeper must be specified");
    const d = await tool("kafka-topics", ["--zookeeper", "127.0.0.1:1", "--create", "--topic", "t"]);
    expect(d.code).toBe(1);
    expect(d.stderr.split("\n")[0]).toBe('Missing required argument "[partitions]"');
  });

  it("unknown, argument-less and malformed options", async () => {
    const a = await tool("kafka-topics", ["--list", "--bootstrap-server", "x:1", "--bogus"]);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain("joptsimple.UnrecognizedOptionException: bogus is not a recognized option");
    const b = await tool("kafka-topics", ["--list", "--bootstrap-server"]);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain("Option bootstrap-server requires an argument");
    const c = await tool("kafka-topics", ["--create", "--bootstrap-server", "x:1", "--topic", "t", "--partitions", "two"]);
    expect(c.code).toBe(1);
    expect(c.stderr).toContain("Cannot parse argument 'two' of option partitions");
  });

  it("invalid combinations", async () => {
    const a = await tool("kafka-topics", ["--list", "--bootstrap-server", "x:1", "--partitions", "3"]);
    expect(a.code).toBe(1);
    expect(a.stderr.split("\n")[0]).toBe('Option "[partitions]" can\'t be used with option "[list]"');
    const b = await tool("kafka-topics", ["--create", "--bootstrap-server", "x:1", "--topic", "t", "--replica-assignment", "0", "--partitions", "1"]);
    expect(b.code).toBe(1);
    expect(b.stderr.split("\n")[0]).toBe('Option "[replica-assignment]" can\'t be used with option "[partitions]"');
  });
});

describe("console producer / consumer option errors", () => {
  it("producer: --topic and a broker are required", async () => {
    const a = await tool("kafka-console-producer", ["--bootstrap-server", "127.0.0.1:1"]);
    expect(a.code).toBe(1);
    expect(a.stderr.split("\n")[0]).toBe('Missing required argument "[topic]"');
    const b = await tool("kafka-console-producer", ["--topic", "t"]);
    expect(b.code).toBe(1);
    expect(b.stderr.split("\n")[0]).toBe('Missing required argument "[bootstrap-server]"');
    const c = await tool("kafka-console-producer", ["--topic", "t", "--broker-list", "nohostport"]);
    expect(c.code).toBe(1);
    expect(c.stderr.split("\n")[0]).toBe("Please provide valid host:port like host1:9091,host2:9092");
    const d = await tool("kafka-console-producer", ["--topic", "t", "--bootstrap-server", "h:1", "--nope"]);
    expect(d.code).toBe(1);
    expect(d.stderr).toBe("nope is not a recognized option\n");
    const e = await tool("kafka-console-producer", ["--topic", "t", "--bootstrap-server", "h:1", "--compression-codec", "brotli"]);
    expect(e.code).toBe(1);
    expect(e.stderr).toContain("Invalid value brotli for configuration compression.type: String must be one of: none, gzip, snappy, lz4, zstd");
  });

  it("consumer: topic, partition/offset rules", async () => {
    const a = await tool("kafka-console-consumer", ["--bootstrap-server", "127.0.0.1:1"]);
    expect(a.code).toBe(1);
    expect(a.stderr.split("\n")[0]).toBe("Exactly one of include/topic is required.");
    const b = await tool("kafka-console-consumer", ["--bootstrap-server", "127.0.0.1:1", "--topic", "t", "--offset", "5"]);
    expect(b.code).toBe(1);
    expect(b.stderr.split("\n")[0]).toBe("The partition is required when offset is specified.");
    const c = await tool("kafka-console-consumer", ["--bootstrap-server", "127.0.0.1:1", "--topic", "t", "--partition", "0", "--offset", "-3"]);
    expect(c.code).toBe(1);
    expect(c.stderr.split("\n")[0]).toBe("The provided offset value '-3' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long.");
    const d = await tool("kafka-console-consumer", ["--bootstrap-server", "127.0.0.1:1", "--topic", "t", "--partition", "0", "--offset", "1", "--from-beginning"]);
    expect(d.code).toBe(1);
    expect(d.stderr.split("\n")[0]).toBe("Options from-beginning and offset cannot be specified together.");
    const e = await tool("kafka-console-consumer", ["--topic", "t"]);
    expect(e.code).toBe(1);
    expect(e.stderr.split("\n")[0]).toBe('Missing required argument "[bootstrap-server]"');
  });

  it("kafka-run-class maps Kafka class names to the tools", async () => {
    const a = await run("bash", [`${ROOT}/bin/kafka-run-class.sh`, "kafka.admin.TopicCommand", "--version"]);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^3\./);
    const b = await run("bash", [`${ROOT}/bin/kafka-run-class.sh`, "com.example.Nope"]);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain("Could not find or load main class com.example.Nope");
  });
});

describe("no broker listening", () => {
  it("kafka-topics gives up like the AdminClient (default.api.timeout.ms from --command-config)", async () => {
    const port = await freePort();
    const cfg = join(tempDir("cli-"), "admin.properties");
    writeFileSync(cfg, "default.api.timeout.ms=1500\n");
    const r = await tool("kafka-topics", ["--bootstrap-server", `127.0.0.1:${port}`, "--list", "--command-config", cfg]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("Error while executing topic command : Timed out waiting for a node assignment. Call: listTopics\n");
    expect(r.stderr).toContain(`WARN [AdminClient clientId=adminclient-1] Connection to node -1 (/127.0.0.1:${port}) could not be established. Broker may not be available. (org.apache.kafka.clients.NetworkClient)`);
  });

  it("the console producer reports each record after max.block.ms and exits 0 at EOF", async () => {
    const port = await freePort();
    const r = await tool("kafka-console-producer", ["--bootstrap-server", `127.0.0.1:${port}`, "--topic", "t", "--max-block-ms", "1500"], "a\nb\n");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("[Producer clientId=console-producer] Connection to node -1");
    expect(r.stderr.match(/ERROR Error when sending message to topic t with key: null, value: 1 bytes with error:/g)).toHaveLength(2);
    expect(r.stderr).toContain("org.apache.kafka.common.errors.TimeoutException: Topic t not present in metadata after 1500 ms.");
  });

  it("the console consumer keeps trying until --timeout-ms", async () => {
    const port = await freePort();
    const r = await tool("kafka-console-consumer", ["--bootstrap-server", `127.0.0.1:${port}`, "--topic", "t", "--timeout-ms", "1500"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("[Consumer clientId=console-consumer] Connection to node -1");
    expect(r.stderr).toContain("Processed a total of 0 messages");
  });
});
