/**
 * kafka-producer-perf-test.sh (Kafka's org.apache.kafka.tools.ProducerPerformance): sends
 * --num-records records of --record-size random upper-case bytes (or payloads read from
 * --payload-file, split at --payload-delimiter) to --topic, throttled to --throughput records/s
 * (-1 = unthrottled), and measures each record's latency from send() to the broker's ack.
 *
 * Output, as Kafka prints it: every 5 s a window line
 *   "N records sent, X.X records/sec (Y.YY MB/sec), A.A ms avg latency, M.M ms max latency."
 * and at the end the total
 *   "N records sent, X.XXXXXX records/sec (Y.YY MB/sec), A.AA ms avg latency, M.MM ms max latency,
 *    p50 ms 50th, p95 ms 95th, p99 ms 99th, p999 ms 99.9th."
 * (latencies sampled as Kafka does: every numRecords/min(numRecords, 500000)-th record).
 * Arguments are parsed argparse4j-style as Kafka's tool does (usage + "producer-performance:
 * error: ..." on stderr, exit 1; no arguments: help, exit 0).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { readPropertiesFile } from "../common/properties.js";
import { Cluster } from "../broker/client/cluster.js";
import { Producer } from "../broker/client/producer.js";
import { toolVersion } from "./args.js";

const PROG = "producer-performance";

interface ArgSpec { name: string; metavar?: string; help: string; nargs?: "+"; type?: "long" | "int" | "double"; flag?: boolean; required?: boolean; def?: string }

const SPECS: ArgSpec[] = [
  { name: "--topic", metavar: "TOPIC", help: "produce messages to this topic", required: true },
  { name: "--num-records", metavar: "NUM-RECORDS", help: "number of messages to produce", type: "long", required: true },
  { name: "--payload-delimiter", metavar: "PAYLOAD-DELIMITER", help: 'provides delimiter to be used when --payload-file is provided. Defaults to new line. Note that this parameter will be ignored if --payload-file is not provided.', def: "\\n" },
  { name: "--throughput", metavar: "THROUGHPUT", help: "throttle maximum message throughput to *approximately* THROUGHPUT messages/sec. Set this to -1 to disable throttling.", type: "double", required: true },
  { name: "--producer-props", metavar: "PROP-NAME=PROP-VALUE", help: "kafka producer related configuration properties like bootstrap.servers,client.id etc. These configs take precedence over those passed via --producer.config.", nargs: "+" },
  { name: "--producer.config", metavar: "CONFIG-FILE", help: "producer config properties file." },
  { name: "--print-metrics", help: "print out metrics at the end of the test.", flag: true, def: "false" },
  { name: "--transactional-id", metavar: "TRANSACTIONAL-ID", help: "The transactionalId to use if transaction-duration-ms is > 0. Useful when testing the performance of concurrent transactions.", def: "performance-producer-default-transactional-id" },
  { name: "--transaction-duration-ms", metavar: "TRANSACTION-DURATION", help: "The max age of each transaction. The commitTransaction will be called after this time has elapsed. Transactions are only enabled if this value is positive.", type: "long", def: "0" },
  { name: "--record-size", metavar: "RECORD-SIZE", help: "message size in bytes. Note that you must provide exactly one of --record-size or --payload-file.", type: "int" },
  { name: "--payload-file", metavar: "PAYLOAD-FILE", help: "file to read the message payloads from. This works only for UTF-8 encoded text files. Payloads will be read from this file and a payload will be randomly selected when sending messages. Note that you must provide exactly one of --record-size or --payload-file." },
];

const usageLine = `usage: ${PROG} [-h] --topic TOPIC --num-records NUM-RECORDS\n                            [--payload-delimiter PAYLOAD-DELIMITER]\n                            --throughput THROUGHPUT\n                            [--producer-props PROP-NAME=PROP-VALUE [PROP-NAME=PROP-VALUE ...]]\n                            [--producer.config CONFIG-FILE] [--print-metrics]\n                            [--transactional-id TRANSACTIONAL-ID]\n                            [--transaction-duration-ms TRANSACTION-DURATION]\n                            (--record-size RECORD-SIZE | --payload-file PAYLOAD-FILE)\n`;

function help(): string {
  let s = usageLine + "\nThis tool is used to verify the producer performance. To enable transactions, you\ncan specify a transaction id or set a transaction duration using\n--transaction-duration-ms. There are three ways to specify the transaction id:\nset transaction.id=<id> via --producer-props, set transaction.id=<id> in the\nconfig file via --producer.config, or use --transaction-id <id>.\n\nnamed arguments:\n  -h, --help             show this help message and exit\n";
  for (const a of SPECS) {
    const head = `  ${a.name}${a.metavar ? ` ${a.metavar}${a.nargs ? ` [${a.metavar} ...]` : ""}` : ""}`;
    s += head.length >= 25 ? `${head}\n${" ".repeat(25)}${a.help}\n` : `${head.padEnd(25)}${a.help}\n`;
  }
  s += "  --version              Display Kafka version.\n";
  return s;
}

class ParseError extends Error {}

function parse(argv: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i]!;
    const eq = tok.startsWith("--") ? tok.indexOf("=") : -1;
    const name = eq > 0 ? tok.slice(0, eq) : tok;
    const spec = SPECS.find((s) => s.name === name);
    if (!spec) throw new ParseError(`unrecognized arguments: '${tok}'`);
    if (spec.flag) { out.set(spec.name, ["true"]); continue; }
    const vals: string[] = [];
    if (eq > 0) vals.push(tok.slice(eq + 1));
    else if (spec.nargs === "+") while (i + 1 < argv.length && !argv[i + 1]!.startsWith("--")) vals.push(argv[++i]!);
    else if (i + 1 < argv.length && !/^--[a-z]/.test(argv[i + 1]!)) vals.push(argv[++i]!);
    if (vals.length === 0) throw new ParseError(spec.nargs ? `argument ${spec.name}: expected at least one argument` : `argument ${spec.name}: expected one argument`);
    for (const v of vals) {
      if (spec.type === "long" || spec.type === "int") { if (!/^[-+]?\d+$/.test(v)) throw new ParseError(`argument ${spec.name}: could not convert '${v}' to ${spec.type === "long" ? "Long" : "Integer"} (For input string: "${v}")`); }
      else if (spec.type === "double" && (v.trim() === "" || Number.isNaN(Number(v)))) throw new ParseError(`argument ${spec.name}: could not convert '${v}' to Double (For input string: "${v}")`);
    }
    out.set(spec.name, spec.nargs ? [...(out.get(spec.name) ?? []), ...vals] : vals);
  }
  for (const s of SPECS) if (s.required && !out.has(s.name)) throw new ParseError(`argument ${s.name} is required`);
  if (out.has("--record-size") && out.has("--payload-file")) throw new ParseError("argument --payload-file: not allowed with argument --record-size");
  if (!out.has("--record-size") && !out.has("--payload-file")) throw new ParseError("one of the arguments --record-size --payload-file is required");
  if (!out.has("--producer-props") && !out.has("--producer.config")) throw new ParseError("Either --producer-props or --producer.config must be specified.");
  return out;
}

const COMPRESSION: Record<string, number> = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 };

/** Kafka's ProducerPerformance.Stats */
class Stats {
  private readonly start = Date.now();
  private windowStart = Date.now();
  private iteration = 0;
  private readonly latencies: Int32Array;
  private readonly sampling: number;
  private index = 0;
  count = 0;
  private bytes = 0;
  private maxLatency = 0;
  private totalLatency = 0;
  private windowCount = 0;
  private windowMaxLatency = 0;
  private windowTotalLatency = 0;
  private windowBytes = 0;

  constructor(numRecords: number, private readonly reportingInterval: number, private readonly out: (s: string) => void) {
    this.sampling = Math.floor(numRecords / Math.min(numRecords, 500000));
    this.latencies = new Int32Array(Math.floor(numRecords / this.sampling) + 1);
  }

  nextIteration(): number { return this.iteration++; }

  record(iter: number, latency: number, bytes: number, time: number): void {
    this.count++;
    this.bytes += bytes;
    this.totalLatency += latency;
    this.maxLatency = Math.max(this.maxLatency, latency);
    this.windowCount++;
    this.windowBytes += bytes;
    this.windowTotalLatency += latency;
    this.windowMaxLatency = Math.max(this.windowMaxLatency, latency);
    if (iter % this.sampling === 0 && this.index < this.latencies.length) this.latencies[this.index++] = latency;
    if (time - this.windowStart >= this.reportingInterval) {
      this.printWindow();
      this.windowStart = Date.now();
      this.windowCount = 0;
      this.windowMaxLatency = 0;
      this.windowTotalLatency = 0;
      this.windowBytes = 0;
    }
  }

  printWindow(): void {
    const elapsed = Math.max(1, Date.now() - this.windowStart);
    const recs = (1000 * this.windowCount) / elapsed;
    const mb = (1000 * this.windowBytes) / elapsed / (1024 * 1024);
    this.out(`${this.windowCount} records sent, ${recs.toFixed(1)} records/sec (${mb.toFixed(2)} MB/sec), ${(this.windowTotalLatency / this.windowCount).toFixed(1)} ms avg latency, ${this.windowMaxLatency.toFixed(1)} ms max latency.\n`);
  }

  printTotal(): void {
    const elapsed = Math.max(1, Date.now() - this.start);
    const recs = (1000 * this.count) / elapsed;
    const mb = (1000 * this.bytes) / elapsed / (1024 * 1024);
    const size = Math.min(this.count, this.index);
    const sorted = this.latencies.slice(0, size).sort();
    const pct = (p: number) => (size === 0 ? 0 : sorted[Math.min(size - 1, Math.floor(p * size))]!);
    const avg = this.count === 0 ? NaN : this.totalLatency / this.count;
    this.out(`${this.count} records sent, ${recs.toFixed(6)} records/sec (${mb.toFixed(2)} MB/sec), ${Number.isNaN(avg) ? "NaN" : avg.toFixed(2)} ms avg latency, ${this.maxLatency.toFixed(2)} ms max latency, ${pct(0.5)} ms 50th, ${pct(0.95)} ms 95th, ${pct(0.99)} ms 99th, ${pct(0.999)} ms 99.9th.\n`);
  }
}

function payloads(file: string, delimiterRaw: string): Buffer[] {
  const delimiter = delimiterRaw === "\\n" ? "\n" : delimiterRaw;
  const path = resolve(file);
  process.stdout.write(`Reading payloads from: ${path}\n`);
  if (!existsSync(path) || statSync(path).size === 0) throw new Error("java.lang.IllegalArgumentException: File does not exist or empty file provided.");
  const text = readFileSync(path, "utf8");
  const list = text.split(delimiter).filter((s) => s !== "").map((s) => Buffer.from(s));
  process.stdout.write(`Number of messages read: ${list.length}\n`);
  return list;
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0) {
    process.stdout.write(help());
    return 0;
  }
  if (argv.includes("-h") || argv.includes("--help")) { process.stdout.write(help()); return 0; }
  if (argv.includes("--version")) { process.stdout.write(toolVersion() + "\n"); return 0; }
  let a: Map<string, string[]>;
  try {
    a = parse(argv);
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    process.stderr.write(usageLine + `${PROG}: error: ${e.message}\n`);
    return 1;
  }
  const topic = a.get("--topic")![0]!;
  const numRecords = Number(a.get("--num-records")![0]);
  const throughput = Number(a.get("--throughput")![0]);
  const props = new Map<string, string>();
  const cfg = a.get("--producer.config")?.[0];
  if (cfg) for (const [k, v] of readPropertiesFile(cfg)) props.set(k, v);
  for (const kv of a.get("--producer-props") ?? []) {
    // String.split("=") (trailing empty pieces dropped) must give exactly two pieces
    const pieces = kv.split("=");
    while (pieces.length > 0 && pieces[pieces.length - 1] === "") pieces.pop();
    if (pieces.length !== 2) { process.stderr.write(`Exception in thread "main" java.lang.IllegalArgumentException: Invalid property: ${kv}\n`); return 1; }
    props.set(pieces[0]!, pieces[1]!);
  }
  const bootstrap = props.get("bootstrap.servers");
  if (!bootstrap) { process.stderr.write('Exception in thread "main" org.apache.kafka.common.config.ConfigException: Missing required configuration "bootstrap.servers" which has no default value.\n'); return 1; }
  if ((Number(a.get("--transaction-duration-ms")?.[0] ?? 0)) > 0) { process.stderr.write(`${PROG}: error: transactions (--transaction-duration-ms > 0) are not supported by this implementation\n`); return 1; }

  let recordSize = 0;
  let payloadList: Buffer[] | undefined;
  if (a.has("--record-size")) recordSize = Number(a.get("--record-size")![0]);
  else payloadList = payloads(a.get("--payload-file")![0]!, a.get("--payload-delimiter")?.[0] ?? "\\n");
  const fixed = Buffer.alloc(recordSize);
  for (let i = 0; i < recordSize; i++) fixed[i] = 65 + Math.floor(Math.random() * 26);

  const acksRaw = props.get("acks") ?? "all";
  const compression = COMPRESSION[(props.get("compression.type") ?? "none").toLowerCase()];
  if (compression === undefined) { process.stderr.write(`Exception in thread "main" org.apache.kafka.common.config.ConfigException: Invalid value ${props.get("compression.type")} for configuration compression.type: String must be one of: none, gzip, snappy, lz4, zstd\n`); return 1; }
  const clientId = props.get("client.id") ?? "perf-producer-client";
  const producer = new Producer(new Cluster(bootstrap, { clientId, requestTimeoutMs: Number(props.get("request.timeout.ms") ?? 30_000) }), {
    acks: acksRaw === "all" ? -1 : Number(acksRaw),
    compression,
    batchSize: Number(props.get("batch.size") ?? 16384),
    lingerMs: Number(props.get("linger.ms") ?? 0),
    requestTimeoutMs: Number(props.get("request.timeout.ms") ?? 30_000),
    deliveryTimeoutMs: Number(props.get("delivery.timeout.ms") ?? 120_000),
    maxBlockMs: Number(props.get("max.block.ms") ?? 60_000),
  });
  const out = (s: string) => { process.stdout.write(s); };
  const stats = new Stats(Math.max(1, numRecords), 5000, out);
  // buffer.memory (32 MB) bounds what may wait for an ack, as the Java producer's accumulator does
  const maxPending = Math.max(1, Math.floor(Number(props.get("buffer.memory") ?? 33554432) / Math.max(64, recordSize || 64)));
  let pending = 0;
  let wake: (() => void) | undefined;
  let firstError: Error | undefined;
  const start = Date.now();
  let sent = 0;
  let interrupted = false;
  process.once("SIGINT", () => { interrupted = true; });
  for (let i = 0; i < numRecords && !firstError && !interrupted; i++) {
    const value = payloadList ? payloadList[Math.floor(Math.random() * payloadList.length)]! : fixed;
    const sendStart = Date.now();
    const iter = stats.nextIteration();
    pending++;
    producer.send({ topic, value }).then(
      () => { const now = Date.now(); stats.record(iter, now - sendStart, value.length, now); },
      (e: unknown) => { firstError ??= e instanceof Error ? e : new Error(String(e)); },
    ).finally(() => { pending--; wake?.(); });
    sent++;
    if (pending >= maxPending) await new Promise<void>((r) => { wake = r; });
    if (throughput > 0) {
      // ThroughputThrottler: sleep when ahead of the target rate
      const ahead = sent / throughput * 1000 - (Date.now() - start);
      if (ahead > 0) await new Promise((r) => setTimeout(r, ahead));
    } else if (i % 1000 === 999) await new Promise((r) => setImmediate(r));
  }
  await producer.flush();
  if (firstError) process.stderr.write(`Exception in thread "main" ${firstError.name === "KafkaError" ? "org.apache.kafka.common.KafkaException" : firstError.name}: ${firstError.message}\n`);
  stats.printTotal();
  if (a.has("--print-metrics")) {
    const elapsed = Math.max(1, Date.now() - start) / 1000;
    const metrics: [string, number][] = [
      [`producer-metrics:record-send-total:{client-id=${clientId}}`, stats.count],
      [`producer-metrics:record-send-rate:{client-id=${clientId}}`, stats.count / elapsed],
      [`producer-metrics:record-error-total:{client-id=${clientId}}`, sent - stats.count],
      [`producer-topic-metrics:record-send-total:{client-id=${clientId}, topic=${topic}}`, stats.count],
    ].sort((x, y) => (x[0] < y[0] ? -1 : 1)) as [string, number][];
    const w = Math.max(...metrics.map((m) => m[0].length));
    out(`\n${"Metric Name".padEnd(w)}   Value\n`);
    for (const [n, v] of metrics) out(`${n.padEnd(w)} : ${v.toFixed(3)}\n`);
  }
  await producer.close();
  return firstError ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.stdout.write("", () => process.exit(code)),
  (e: unknown) => {
    const err = e as Error;
    process.stderr.write(`Exception in thread "main" ${err?.message?.startsWith("java.") ? err.message : err?.stack ?? String(e)}\n`);
    process.exit(1);
  },
);
