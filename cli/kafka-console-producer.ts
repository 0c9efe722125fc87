/**
 * kafka-console-producer.sh (Kafka's ConsoleProducer): reads lines from stdin and produces one
 * record per line (LineMessageReader: optional headers and key split off by separators),
 * batching with linger (--timeout, default 1000 ms) and batch size, keyed records partitioned by
 * murmur2 as Kafka's default partitioner. Prints ">" before each line only when stdin is a
 * terminal. Send failures are logged (ErrorLoggingCallback) and production continues; at EOF
 * everything is flushed and the tool exits 0.
 */
import { createInterface } from "node:readline";
import { Cluster } from "../broker/client/cluster.js";
import { Producer } from "../broker/client/producer.js";
import { javaExceptionClass } from "../broker/client/admin.js";
import { codecByName } from "../broker/protocol/compression.js";
import { KafkaError } from "../broker/protocol/errors.js";
import { LineReader } from "./line-message-reader.js";
import { readPropertiesFile } from "../common/properties.js";
import {
  ExitError, HELP_OPTION, VERSION_OPTION, checkRequiredArgs, log4jLine, maybeHelpOrVersion, parseArgs, parseKeyValueArgs,
  runTool, usageAndDie, type OptionDef,
} from "./args.js";

export const PRODUCER_OPTIONS: OptionDef[] = [
  { name: "batch-size", description: "Number of messages to send in a single batch if they are not being sent synchronously. please note that this option will be replaced if max-partition-memory-bytes is also set", arg: { type: "Integer", describedAs: "size" }, defaultValue: "16384" },
  { name: "bootstrap-server", description: "REQUIRED unless --broker-list(deprecated) is specified. The server(s) to connect to. The broker list string in the form HOST1:PORT1,HOST2:PORT2.", arg: { type: "String", describedAs: "server to connect to" } },
  { name: "broker-list", description: "DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified.  The broker list string in the form HOST1:PORT1,HOST2:PORT2.", arg: { type: "String", describedAs: "broker-list" } },
  { name: "compression-codec", description: "The compression codec: either 'none', 'gzip', 'snappy', 'lz4', or 'zstd'.If specified without value, then it defaults to 'gzip'", arg: { type: "String", describedAs: "compression-codec", optional: true } },
  HELP_OPTION,
  { name: "line-reader", description: "The class name of the class to use for reading lines from standard in. By default each line is read as a separate message.", arg: { type: "String", describedAs: "reader_class" }, defaultValue: "kafka.tools.ConsoleProducer$LineMessageReader" },
  { name: "max-block-ms", description: "The max time that the producer will block for during a send request.", arg: { type: "Long", describedAs: "max block on send" }, defaultValue: "60000" },
  { name: "max-memory-bytes", description: "The total memory used by the producer to buffer records waiting to be sent to the server. This is the option to control `buffer.memory` in producer configs.", arg: { type: "Long", describedAs: "total memory in bytes" }, defaultValue: "33554432" },
  { name: "max-partition-memory-bytes", description: "The buffer size allocated for a partition. When records are received which are smaller than this size the producer will attempt to optimistically group them together until this size is reached. This is the option to control `batch.size` in producer configs.", arg: { type: "Integer", describedAs: "memory in bytes per partition" }, defaultValue: "16384" },
  { name: "message-send-max-retries", description: "Brokers can fail receiving the message for multiple reasons, and being unavailable transiently is just one of them. This property specifies the number of retries before the producer give up and drop this message. This is the option to control `retries` in producer configs.", arg: { type: "Integer" }, defaultValue: "3" },
  { name: "metadata-expiry-ms", description: "The period of time in milliseconds after which we force a refresh of metadata even if we haven't seen any leadership changes. This is the option to control `metadata.max.age.ms` in producer configs.", arg: { type: "Long", describedAs: "metadata expiration interval" }, defaultValue: "300000" },
  { name: "producer-property", description: "A mechanism to pass user-defined properties in the form key=value to the producer. ", arg: { type: "String", describedAs: "producer_prop" } },
  { name: "producer.config", description: "Producer config properties file. Note that [producer-property] takes precedence over this config.", arg: { type: "String", describedAs: "config file" } },
  {
    name: "property",
    description: "A mechanism to pass user-defined properties in the form key=value to the message reader. This allows custom configuration for a user-defined message reader.\nDefault properties include:\n parse.key=false\n parse.headers=false\n ignore.error=false\n key.separator=\\t\n headers.delimiter=\\t\n headers.separator=,\n headers.key.separator=:\n null.marker=   When set, any fields (key, value and headers) equal to this will be replaced by null\nDefault parsing pattern when:\n parse.headers=true and parse.key=true:\n  \"h1:v1,h2:v2...\\tkey\\tvalue\"\n parse.key=true:\n  \"key\\tvalue\"\n parse.headers=true:\n  \"h1:v1,h2:v2...\\tvalue\"",
    arg: { type: "String", describedAs: "prop" },
  },
  { name: "reader-config", description: "Config properties file for the message reader. Note that [property] takes precedence over this config.", arg: { type: "String", describedAs: "config file" } },
  { name: "request-required-acks", description: "The required `acks` of the producer requests", arg: { type: "String", describedAs: "request required acks" }, defaultValue: "-1" },
  { name: "request-timeout-ms", description: "The ack timeout of the producer requests. Value must be non-negative and non-zero.", arg: { type: "Integer", describedAs: "request timeout ms" }, defaultValue: "1500" },
  { name: "retry-backoff-ms", description: "Before each retry, the producer refreshes the metadata of relevant topics. Since leader election takes a bit of time, this property specifies the amount of time that the producer waits before refreshing the metadata. This is the option to control `retry.backoff.ms` in producer configs.", arg: { type: "Long" }, defaultValue: "100" },
  { name: "socket-buffer-size", description: "The size of the tcp RECV size. This is the option to control `send.buffer.bytes` in producer configs.", arg: { type: "Integer", describedAs: "size" }, defaultValue: "102400" },
  { name: "sync", description: "If set message send requests to the brokers are synchronously, one at a time as they arrive." },
  { name: "timeout", description: "If set and the producer is running in asynchronous mode, this gives the maximum amount of time a message will queue awaiting sufficient batch size. The value is given in ms. This is the option to control `linger.ms` in producer configs.", arg: { type: "Long", describedAs: "timeout_ms" }, defaultValue: "1000" },
  { name: "topic", description: "REQUIRED: The topic id to produce messages to.", arg: { type: "String", describedAs: "topic" } },
  VERSION_OPTION,
];

const CLASS = "org.apache.kafka.clients.producer.internals.ErrorLoggingCallback";

function validatePortOrDie(defs: OptionDef[], hostPort: string): void {
  const ok = hostPort.split(",").every((hp) => /^.+:\d+$/.test(hp.trim()));
  if (!ok || hostPort.trim() === "") usageAndDie(defs, "Please provide valid host:port like host1:9091,host2:9092\n ");
}

function parseAcks(v: string): number {
  const t = v.trim().toLowerCase();
  if (t === "all" || t === "-1") return -1;
  if (t === "0" || t === "1") return Number(t);
  throw new Error(`org.apache.kafka.common.config.ConfigException: Invalid value ${v} for configuration acks: String must be one of: all, -1, 0, 1`);
}

async function main(argv: string[]): Promise<number> {
  const d = PRODUCER_OPTIONS;
  const o = parseArgs(d, argv);
  maybeHelpOrVersion(d, o, "This tool helps to read data from standard input and publish it to Kafka.");
  checkRequiredArgs(d, o, "topic");
  if (!o.has("bootstrap-server") && !o.has("broker-list")) usageAndDie(d, "Missing required argument \"[bootstrap-server]\"");
  const bootstrap = o.value(o.has("bootstrap-server") ? "bootstrap-server" : "broker-list")!;
  validatePortOrDie(d, bootstrap);
  const topic = o.value("topic")!;

  // producer properties: --producer.config, then --producer-property, then the tool's options
  const props = new Map<string, string>();
  if (o.has("producer.config")) for (const [k, v] of readPropertiesFile(o.value("producer.config")!)) props.set(k, v);
  for (const [k, v] of parseKeyValueArgs(o.values("producer-property"))) props.set(k, v);
  const merge = (key: string, opt: string) => { if (o.has(opt) || !props.has(key)) props.set(key, o.value(opt)!); };
  merge("linger.ms", "timeout");
  merge("acks", "request-required-acks");
  merge("request.timeout.ms", "request-timeout-ms");
  merge("retries", "message-send-max-retries");
  merge("retry.backoff.ms", "retry-backoff-ms");
  merge("batch.size", "max-partition-memory-bytes");
  merge("max.block.ms", "max-block-ms");
  const codecOpt = o.value("compression-codec");
  props.set("compression.type", o.has("compression-codec") ? (codecOpt === undefined || codecOpt === "" ? "gzip" : codecOpt) : "none");
  const codec = codecByName(props.get("compression.type")!);
  if (codec === undefined) {
    process.stderr.write(`org.apache.kafka.common.config.ConfigException: Invalid value ${props.get("compression.type")} for configuration compression.type: String must be one of: none, gzip, snappy, lz4, zstd\n`);
    return 1;
  }
  let acks: number;
  try {
    acks = parseAcks(props.get("acks")!);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 1;
  }

  const readerProps = new Map<string, string>();
  if (o.has("reader-config")) for (const [k, v] of readPropertiesFile(o.value("reader-config")!)) readerProps.set(k, v);
  for (const [k, v] of parseKeyValueArgs(o.values("property"))) readerProps.set(k, v);
  const reader = new LineReader(readerProps);

  const clientId = props.get("client.id") ?? "console-producer";
  const cluster = new Cluster(bootstrap, {
    clientId,
    requestTimeoutMs: Math.max(30_000, Number(props.get("request.timeout.ms"))),
    bootstrapTimeoutMs: Number(props.get("max.block.ms")),
    onConnectFailure: (host, port, nodeId) => process.stderr.write(log4jLine("WARN", `[Producer clientId=${clientId}] Connection to node ${nodeId} (/${host}:${port}) could not be established. Broker may not be available.`, "org.apache.kafka.clients.NetworkClient")),
  });
  const producer = new Producer(cluster, {
    acks,
    compression: codec,
    batchSize: Number(props.get("batch.size")),
    // --sync sends each record on its own and waits for it: nothing to linger for
    lingerMs: o.has("sync") ? 0 : Number(props.get("linger.ms")),
    requestTimeoutMs: Number(props.get("request.timeout.ms")),
    retryBackoffMs: Number(props.get("retry.backoff.ms")),
    maxBlockMs: Number(props.get("max.block.ms")),
    maxRequestSize: Number(props.get("max.request.size") ?? 1048576),
    deliveryTimeoutMs: Number(props.get("delivery.timeout.ms") ?? 120_000),
  });
  const sync = o.has("sync");
  const tty = process.stdin.isTTY === true;
  let exitCode = 0;
  let stopping: "SIGINT" | "SIGTERM" | undefined;
  const shutdown = (sig: "SIGINT" | "SIGTERM") => {
    if (stopping) return;
    stopping = sig;
    rl.close();
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));

  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
  const logFailure = (rec: { key: Buffer | null; value: Buffer | null }, e: Error) => {
    const cls = e instanceof KafkaError ? javaExceptionClass(e.errorName) : e.name && e.name.includes(".") ? e.name : `org.apache.kafka.common.errors.${e.name && e.name !== "Error" ? e.name : "KafkaException"}`;
    process.stderr.write(log4jLine("ERROR", `Error when sending message to topic ${topic} with key: ${rec.key ? `${rec.key.length} bytes` : "null"}, value: ${rec.value ? `${rec.value.length} bytes` : "null"} with error:`, CLASS));
    process.stderr.write(`${cls}: ${e.message}\n`);
  };
  try {
    if (tty) process.stdout.write(">");
    for await (const line of rl) {
      let rec;
      try {
        rec = reader.read(line);
      } catch (e) {
        process.stderr.write(`org.apache.kafka.common.KafkaException: ${(e as Error).message}\n`);
        exitCode = 1;
        break;
      }
      const p = producer.send({ topic, key: rec.key, value: rec.value, headers: rec.headers }).catch((e: Error) => { logFailure(rec, e); });
      if (sync) await p;
      if (tty) process.stdout.write(">");
    }
  } finally {
    await producer.close();
  }
  // the JVM's exit status after a signal, once the shutdown hook closed (flushed) the producer
  if (exitCode === 0 && stopping) throw new ExitError(stopping === "SIGINT" ? 130 : 143);
  return exitCode;
}

void runTool(() => main(process.argv.slice(2)), true);
