/**
 * kafka-consumer-perf-test.sh (Kafka's ConsumerPerformance): consumes --messages records of
 * --topic from the beginning (--from-latest: from the end) and prints Kafka's CSV:
 *
 *   start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec,
 *   rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
 *   2026-11-24 07:30:00:123, 2026-11-24 07:30:01:456, 9.5367, 7.1543, 100000, 75018.7547, 12, 1321, 7.2193, 75700.2271
 *
 * or, with --show-detailed-stats, one "time, threadId, ..." line per --reporting-interval.
 * Partitions are assigned explicitly (every partition of the topic) rather than through a group
 * join; rebalance.time.ms is the time spent finding the partitions and their start offsets.
 * Without a record for --timeout ms it stops with Kafka's WARNING (on stdout, as Kafka prints it).
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readPropertiesFile } from "../common/properties.js";
import { Cluster } from "../broker/client/cluster.js";
import { Consumer, EARLIEST, LATEST } from "../broker/client/consumer.js";
import { HELP_OPTION, OptionError, VERSION_OPTION, checkRequiredArgs, maybeHelpOrVersion, parseArgs, runTool, usageAndDie, type OptionDef, type ParsedOptions } from "./args.js";

export const CONSUMER_PERF_OPTIONS: OptionDef[] = [
  { name: "bootstrap-server", description: "REQUIRED unless --broker-list(deprecated) is specified. The server(s) to connect to.", arg: { type: "String", describedAs: "server to connect to" } },
  { name: "broker-list", description: "DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified. The broker list string in the form HOST1:PORT1,HOST2:PORT2.", arg: { type: "String", describedAs: "broker-list" } },
  { name: "consumer.config", description: "Consumer config properties file.", arg: { type: "String", describedAs: "config file" } },
  { name: "date-format", description: "The date format to use for formatting the time field. See java.text.SimpleDateFormat for options.", arg: { type: "String", describedAs: "date format" }, defaultValue: "yyyy-MM-dd HH:mm:ss:SSS" },
  { name: "fetch-size", description: "The amount of data to fetch in a single request.", arg: { type: "Integer", describedAs: "size" }, defaultValue: "1048576" },
  { name: "from-latest", description: "If the consumer does not already have an established offset to consume from, start with the latest message present in the log rather than the earliest message." },
  { name: "group", description: "The group id to consume on.", arg: { type: "String", describedAs: "gid" }, defaultValue: "perf-consumer-" + Math.floor(Math.random() * 100000) },
  HELP_OPTION,
  { name: "hide-header", description: "If set, skips printing the header for the stats" },
  { name: "messages", description: "REQUIRED: The number of messages to send or consume", arg: { type: "Long", describedAs: "count" } },
  { name: "num-fetch-threads", description: "DEPRECATED AND IGNORED: Number of fetcher threads.", arg: { type: "Integer", describedAs: "count" }, defaultValue: "1" },
  { name: "print-metrics", description: "Print out the metrics." },
  { name: "reporting-interval", description: "Interval in milliseconds at which to print progress info.", arg: { type: "Long", describedAs: "interval_ms" }, defaultValue: "5000" },
  { name: "show-detailed-stats", description: "If set, stats are reported for each reporting interval as configured by reporting-interval" },
  { name: "socket-buffer-size", description: "The size of the tcp RECV size.", arg: { type: "Integer", describedAs: "size" }, defaultValue: "2097152" },
  { name: "threads", description: "DEPRECATED AND IGNORED: Number of processing threads.", arg: { type: "Integer", describedAs: "count" }, defaultValue: "10" },
  { name: "timeout", description: "The maximum allowed time in milliseconds between returned records.", arg: { type: "Long", describedAs: "milliseconds", optional: true }, defaultValue: "10000" },
  { name: "topic", description: "REQUIRED: The topic to consume from.", arg: { type: "String", describedAs: "topic" } },
  VERSION_OPTION,
];

/** java.text.SimpleDateFormat for the letters Kafka's default and common patterns use. */
export function formatDate(pattern: string, ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w: number) => String(n).padStart(w, "0");
  return pattern.replace(/yyyy|yy|MM|dd|HH|hh|mm|ss|SSS|a|'[^']*'/g, (t) => {
    switch (t) {
      case "yyyy": return p(d.getFullYear(), 4);
      case "yy": return p(d.getFullYear() % 100, 2);
      case "MM": return p(d.getMonth() + 1, 2);
      case "dd": return p(d.getDate(), 2);
      case "HH": return p(d.getHours(), 2);
      case "hh": return p(d.getHours() % 12 || 12, 2);
      case "mm": return p(d.getMinutes(), 2);
      case "ss": return p(d.getSeconds(), 2);
      case "SSS": return p(d.getMilliseconds(), 3);
      case "a": return d.getHours() < 12 ? "AM" : "PM";
      default: return t.slice(1, -1);
    }
  });
}

async function main(argv: string[]): Promise<number> {
  const d = CONSUMER_PERF_OPTIONS;
  let o: ParsedOptions;
  try {
    o = parseArgs(d, argv);
    // bootstrap-server is requiredUnless("broker-list"): joptsimple fails the parse itself
    if (!o.has("bootstrap-server") && !o.has("broker-list") && !o.has("help") && !o.has("version")) throw new OptionError("OptionMissingRequiredArgumentException", "Missing required option(s) [bootstrap-server]");
    if (o.has("reporting-interval") && !/^\d+$/.test(o.value("reporting-interval")!)) throw new OptionError("OptionArgumentConversionException", `Value [${o.value("reporting-interval")}] did not match regex [^\\d+$]`);
  } catch (e) {
    // ConsumerPerformance prints parse errors with the usage (printUsageAndExit)
    if (e instanceof OptionError) usageAndDie(d, e.message);
    throw e;
  }
  if (o.has("threads") || o.has("num-fetch-threads")) process.stdout.write("WARNING: option [threads] and [num-fetch-threads] have been deprecated and will be ignored by the test\n");
  maybeHelpOrVersion(d, o, "This tool is used to verify the consumer performance.");
  checkRequiredArgs(d, o, "topic", "messages");
  const bootstrap = (o.value("bootstrap-server") ?? o.value("broker-list"))!;
  const topic = o.value("topic")!;
  const messages = Number(o.value("messages"));
  const timeout = Number(o.value("timeout"));
  const interval = Number(o.value("reporting-interval"));
  const detailed = o.has("show-detailed-stats");
  const fmt = o.value("date-format")!;
  const cfg = o.value("consumer.config");
  const props = cfg ? readPropertiesFile(cfg) : new Map<string, string>();
  const out = (s: string) => { process.stdout.write(s); };

  if (!o.has("hide-header")) {
    out(detailed
      ? "time, threadId, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec\n"
      : "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec\n");
  }
  const cluster = new Cluster(bootstrap, { clientId: props.get("client.id") ?? "perf-consumer-client" });
  const consumer = new Consumer(cluster, {
    maxWaitMs: Number(props.get("fetch.max.wait.ms") ?? 500),
    minBytes: Number(props.get("fetch.min.bytes") ?? 1),
    partitionMaxBytes: o.int("fetch-size")!,
    resetTo: o.has("from-latest") ? LATEST : EARLIEST,
  });
  try {
    const startMs = Date.now();
    const md = await cluster.topicMetadata(topic, { timeoutMs: timeout });
    for (const p of md.partitions) await consumer.assign(topic, p.partition, o.has("from-latest") ? LATEST : EARLIEST);
    const joinMs = Date.now() - startMs;
    let bytesRead = 0, messagesRead = 0, lastBytes = 0, lastMessages = 0;
    let lastReport = Date.now();
    let lastConsumed = Date.now();
    let lastJoinReported = false;
    while (messagesRead < messages && Date.now() - lastConsumed <= timeout) {
      const recs = await consumer.poll();
      const now = Date.now();
      if (recs.length > 0) lastConsumed = now;
      for (const r of recs) {
        if (messagesRead >= messages) break;
        messagesRead++;
        bytesRead += (r.key?.length ?? 0) + (r.value?.length ?? 0);
      }
      if (detailed && now - lastReport >= interval) {
        const elapsed = (now - lastReport) / 1000;
        const mb = bytesRead / (1024 * 1024);
        const intervalMb = (bytesRead - lastBytes) / (1024 * 1024);
        const join = lastJoinReported ? 0 : joinMs;
        const fetchMs = now - lastReport - join;
        const fetchMb = fetchMs <= 0 ? 0 : (1000 * intervalMb) / fetchMs;
        const fetchMsgs = fetchMs <= 0 ? 0 : (1000 * (messagesRead - lastMessages)) / fetchMs;
        out(`${formatDate(fmt, now)}, 0, ${mb.toFixed(4)}, ${(intervalMb / elapsed).toFixed(4)}, ${messagesRead}, ${((messagesRead - lastMessages) / elapsed).toFixed(4)}, ${join}, ${fetchMs}, ${fetchMb.toFixed(4)}, ${fetchMsgs.toFixed(4)}\n`);
        lastJoinReported = true;
        lastReport = now;
        lastBytes = bytesRead;
        lastMessages = messagesRead;
      }
    }
    const endMs = Date.now();
    if (messagesRead < messages) out(`WARNING: Exiting before consuming the expected number of messages: timeout (${timeout} ms) exceeded. You can use the --timeout option to increase the timeout.\n`);
    if (!detailed) {
      const elapsedSec = (endMs - startMs) / 1000;
      const fetchMs = endMs - startMs - joinMs;
      const mb = bytesRead / (1024 * 1024);
      const f4 = (n: number) => (Number.isFinite(n) ? n.toFixed(4) : n > 0 ? "Infinity" : "NaN");
      out(`${formatDate(fmt, startMs)}, ${formatDate(fmt, endMs)}, ${f4(mb)}, ${f4(mb / elapsedSec)}, ${messagesRead}, ${f4(messagesRead / elapsedSec)}, ${joinMs}, ${fetchMs}, ${f4(mb / (fetchMs / 1000))}, ${f4(messagesRead / (fetchMs / 1000))}\n`);
    }
    if (o.has("print-metrics")) {
      const id = props.get("client.id") ?? "perf-consumer-client";
      const rows: [string, number][] = [
        [`consumer-fetch-manager-metrics:bytes-consumed-total:{client-id=${id}}`, bytesRead],
        [`consumer-fetch-manager-metrics:records-consumed-total:{client-id=${id}}`, messagesRead],
      ];
      const w = Math.max(...rows.map((r) => r[0].length));
      out(`\n${"Metric Name".padEnd(w)}   Value\n`);
      for (const [n, v] of rows) out(`${n.padEnd(w)} : ${v.toFixed(3)}\n`);
    }
    return 0;
  } finally {
    await consumer.close();
  }
}

// a closed pipe (`| head`) ends the tool quietly, as the JVM's PrintStream does
/** True when this file is the program being run (not imported, e.g. by unit tests). */
function isMain(): boolean {
  try {
    return realpathSync(process.argv[1] ?? "") === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  // a closed pipe (`| head`) ends the tool quietly, as the JVM's PrintStream does
  process.stdout.on("error", (e: NodeJS.ErrnoException) => { if (e.code === "EPIPE") process.exit(0); });
  void runTool(() => main(process.argv.slice(2)));
}
