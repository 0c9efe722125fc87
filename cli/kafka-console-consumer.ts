/**
 * kafka-console-consumer.sh (Kafka's ConsoleConsumer), without consumer groups: assigns every
 * partition of --topic (or just --partition), starting at the end unless --from-beginning or
 * --offset, and prints each record with DefaultMessageFormatter (--property print.key=true ...).
 * Stops after --max-messages, when no record arrived for --timeout-ms, or on SIGINT/SIGTERM;
 * then prints "Processed a total of N messages" on stderr.
 */
import { BrokerNotAvailableError, Cluster } from "../broker/client/cluster.js";
import { Consumer, EARLIEST, LATEST, type ConsumedRecord } from "../broker/client/consumer.js";
import { GroupConsumer } from "../broker/client/group-consumer.js";
import { readPropertiesFile } from "../common/properties.js";
import {
  ExitError, HELP_OPTION, VERSION_OPTION, checkRequiredArgs, log4jLine, maybeHelpOrVersion, parseArgs, parseKeyValueArgs,
  runTool, usageAndDie, type OptionDef,
} from "./args.js";
import { DefaultMessageFormatter } from "./message-formatter.js";

export const CONSUMER_OPTIONS: OptionDef[] = [
  { name: "bootstrap-server", description: "REQUIRED: The server(s) to connect to.", arg: { type: "String", describedAs: "server to connect to" } },
  { name: "consumer-property", description: "A mechanism to pass user-defined properties in the form key=value to the consumer.", arg: { type: "String", describedAs: "consumer_prop" } },
  { name: "consumer.config", description: "Consumer config properties file. Note that [consumer-property] takes precedence over this config.", arg: { type: "String", describedAs: "config file" } },
  { name: "enable-systest-events", description: "Log lifecycle events of the consumer in addition to logging consumed messages. (This is specific for system tests.)" },
  { name: "formatter", description: "The name of a class to use for formatting kafka messages for display.", arg: { type: "String", describedAs: "class" }, defaultValue: "kafka.tools.DefaultMessageFormatter" },
  { name: "formatter-config", description: "Config properties file to initialize the message formatter. Note that [property] takes precedence over this config.", arg: { type: "String", describedAs: "config file" } },
  { name: "group", description: "The consumer group id of the consumer.", arg: { type: "String", describedAs: "consumer group id" } },
  { name: "from-beginning", description: "If the consumer does not already have an established offset to consume from, start with the earliest message present in the log rather than the latest message." },
  HELP_OPTION,
  { name: "include", description: "Regular expression specifying list of topics to include for consumption.", arg: { type: "String", describedAs: "Java regex (String)" } },
  { name: "isolation-level", description: "Set to read_committed in order to filter out transactional messages which are not committed. Set to read_uncommitted to read all messages.", arg: { type: "String" }, defaultValue: "read_uncommitted" },
  { name: "key-deserializer", description: "", arg: { type: "String", describedAs: "deserializer for key" } },
  { name: "max-messages", description: "The maximum number of messages to consume before exiting. If not set, consumption is continual.", arg: { type: "Integer", describedAs: "num_messages" } },
  { name: "offset", description: "The offset to consume from (a non-negative number), or 'earliest' which means from beginning, or 'latest' which means from end", arg: { type: "String", describedAs: "consume offset" }, defaultValue: "latest" },
  { name: "partition", description: "The partition to consume from. Consumption starts from the end of the partition unless '--offset' is specified.", arg: { type: "Integer", describedAs: "partition" } },
  {
    name: "property",
    description: "The properties to initialize the message formatter. Default properties include:\n print.timestamp=true|false\n print.key=true|false\n print.offset=true|false\n print.partition=true|false\n print.headers=true|false\n print.value=true|false\n key.separator=<key.separator>\n line.separator=<line.separator>\n headers.separator=<line.separator>\n null.literal=<null.literal>\n key.deserializer=<key.deserializer>\n value.deserializer=<value.deserializer>\n header.deserializer=<header.deserializer>\nUsers can also pass in customized properties for their formatter; more specifically, users can pass in properties keyed with 'key.deserializer.', 'value.deserializer.' and 'headers.deserializer.' prefixes to configure their deserializers.",
    arg: { type: "String", describedAs: "prop" },
  },
  { name: "skip-message-on-error", description: "If there is an error when processing a message, skip it instead of halt." },
  { name: "timeout-ms", description: "If specified, exit if no message is available for consumption for the specified interval.", arg: { type: "Integer", describedAs: "timeout_ms" } },
  { name: "topic", description: "The topic to consume on.", arg: { type: "String", describedAs: "topic" } },
  { name: "value-deserializer", description: "", arg: { type: "String", describedAs: "deserializer for values" } },
  VERSION_OPTION,
  { name: "whitelist", description: "DEPRECATED, use --include instead; ignored if --include specified. Regular expression specifying list of topics to include for consumption.", arg: { type: "String", describedAs: "Java regex (String)" } },
];

const CLASS = "kafka.tools.ConsoleConsumer$";
const FORMATTERS = new Set(["kafka.tools.DefaultMessageFormatter", "org.apache.kafka.tools.consumer.DefaultMessageFormatter", "kafka.tools.NoOpMessageFormatter", "org.apache.kafka.tools.consumer.NoOpMessageFormatter"]);

async function main(argv: string[]): Promise<number> {
  const d = CONSUMER_OPTIONS;
  const o = parseArgs(d, argv);
  maybeHelpOrVersion(d, o, "This tool helps to read data from Kafka topics and outputs it to standard output.");
  const topicArgs = ["topic", "whitelist", "include"].filter((x) => o.has(x));
  if (topicArgs.length !== 1) usageAndDie(d, "Exactly one of include/topic is required.");
  const fromBeginning = o.has("from-beginning");
  const partition = o.int("partition");
  if (partition !== undefined) {
    if (!o.has("topic")) usageAndDie(d, "The topic is required when partition is specified.");
    if (fromBeginning && o.has("offset")) usageAndDie(d, "Options from-beginning and offset cannot be specified together.");
  } else if (o.has("offset")) usageAndDie(d, "The partition is required when offset is specified.");
  let start: bigint = LATEST;
  if (o.has("offset")) {
    const raw = o.value("offset")!;
    const v = raw.toLowerCase();
    const invalid = () => usageAndDie(d, `The provided offset value '${raw}' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long.`);
    if (v === "earliest") start = EARLIEST;
    else if (v === "latest") start = LATEST;
    else if (/^[-+]?\d+$/.test(v)) {
      start = BigInt(v);
      if (start < 0n) invalid();
    } else invalid();
  } else start = fromBeginning ? EARLIEST : LATEST;
  checkRequiredArgs(d, o, "bootstrap-server");
  const formatterClass = o.value("formatter")!;
  if (!FORMATTERS.has(formatterClass)) {
    process.stderr.write(`Exception in thread "main" java.lang.ClassNotFoundException: ${formatterClass}\n`);
    return 1;
  }
  const noop = formatterClass.endsWith("NoOpMessageFormatter");

  const consumerProps = new Map<string, string>();
  if (o.has("consumer.config")) for (const [k, v] of readPropertiesFile(o.value("consumer.config")!)) consumerProps.set(k, v);
  for (const [k, v] of parseKeyValueArgs(o.values("consumer-property"))) consumerProps.set(k, v);
  const fmtProps = new Map<string, string>();
  if (o.has("formatter-config")) for (const [k, v] of readPropertiesFile(o.value("formatter-config")!)) fmtProps.set(k, v);
  for (const [k, v] of parseKeyValueArgs(o.values("property"))) fmtProps.set(k, v);
  const formatter = new DefaultMessageFormatter(fmtProps);

  const include = o.has("topic") ? undefined : o.value(o.has("include") ? "include" : "whitelist")!;
  const maxMessages = o.int("max-messages") ?? -1;
  const timeoutMs = o.int("timeout-ms");
  const isolation = (consumerProps.get("isolation.level") ?? o.value("isolation-level")!) === "read_committed" ? 1 : 0;
  const clientId = consumerProps.get("client.id") ?? "console-consumer";
  // Kafka's ConsoleConsumer: --group, group.id in --consumer-property or --consumer.config must agree;
  // without any, a fresh group console-consumer-NNNNN whose offsets are not committed
  const groupIds = [...new Set([o.value("group"), consumerProps.get("group.id")].filter((g): g is string => g !== undefined))];
  if (groupIds.length > 1) {
    process.stderr.write(`The group ids provided in different places (directly using '--group', via '--consumer-property', or via '--consumer.config') do not match. Detected group ids: ${groupIds.map((g) => `'${g}'`).join(", ")}\n`);
    return 1;
  }
  const groupId = groupIds[0] ?? `console-consumer-${Math.floor(Math.random() * 100000)}`;
  const autoCommit = groupIds.length > 0 ? consumerProps.get("enable.auto.commit") !== "false" : consumerProps.get("enable.auto.commit") === "true";
  const cluster = new Cluster(o.value("bootstrap-server")!, {
    clientId,
    requestTimeoutMs: 40_000,
    bootstrapTimeoutMs: 2_000, // retried below for as long as the tool runs, as a Java consumer does
    onConnectFailure: (host, port, nodeId) => process.stderr.write(log4jLine("WARN", `[Consumer clientId=${clientId}] Connection to node ${nodeId} (/${host}:${port}) could not be established. Broker may not be available.`, "org.apache.kafka.clients.NetworkClient")),
  });
  const consumerOptions = {
    isolationLevel: isolation,
    maxWaitMs: Number(consumerProps.get("fetch.max.wait.ms") ?? 500),
    minBytes: Number(consumerProps.get("fetch.min.bytes") ?? 1),
    resetTo: (consumerProps.get("auto.offset.reset") ?? (fromBeginning ? "earliest" : "latest")) === "earliest" ? EARLIEST : LATEST,
  };
  // --partition: assign (no group); otherwise subscribe through the group, as Kafka's ConsoleConsumer
  let consumer: { poll(): Promise<ConsumedRecord[]>; stop(): void; close(): Promise<void>; assign?: Consumer["assign"] } = new Consumer(cluster, consumerOptions);
  const subscribe = partition === undefined;

  let count = 0;
  let signal: "SIGINT" | "SIGTERM" | undefined;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const onSignal = (s: "SIGINT" | "SIGTERM") => { signal = s; consumer.stop(); wake?.(); };
  process.once("SIGINT", () => onSignal("SIGINT"));
  process.once("SIGTERM", () => onSignal("SIGTERM"));
  let stdoutBroken = false;
  process.stdout.on("error", () => { stdoutBroken = true; consumer.stop(); wake?.(); });

  const deadline = () => (timeoutMs !== undefined ? lastActivity + timeoutMs : Infinity);
  let lastActivity = Date.now();
  let timedOut = false;
  // Every wait below races the --timeout-ms deadline and the stop signal.
  const race = async <T>(p: Promise<T>): Promise<T | undefined> => {
    const stop = new Promise<undefined>((res) => {
      wake = () => res(undefined);
      const left = deadline() - Date.now();
      if (left !== Infinity) timer = setTimeout(() => { timedOut = true; res(undefined); }, Math.max(0, left));
    });
    try {
      return await Promise.race([p, stop]);
    } finally {
      if (timer) clearTimeout(timer);
      wake = undefined;
    }
  };

  try {
    // assignment: wait (as a subscribed Java consumer would) until the topic exists; with
    // --include, every partition of every matching non-internal topic at start
    const assignments: { topic: string; partitions: number[] }[] = [];
    if (include !== undefined) {
      const re = new RegExp(`^(?:${include.trim().replace(/,/g, "|").replace(/ /g, "").replace(/^["']+|["']+$/g, "")})$`);
      const md = await race(cluster.refreshMetadata(null));
      for (const t of md ? [...md.topics.values()].sort((a, b) => (a.name < b.name ? -1 : 1)) : []) {
        if (!t.isInternal && t.errorCode === 0 && re.test(t.name)) assignments.push({ topic: t.name, partitions: t.partitions.map((p) => p.partition) });
      }
    } else {
      const topic = o.value("topic")!;
      let md;
      while (!md && !signal && !timedOut && !stdoutBroken) {
        md = await race(cluster.topicMetadata(topic, { allowAutoCreate: consumerProps.get("allow.auto.create.topics") !== "false", timeoutMs: 2_000 }).catch((e: Error) => {
          if ((e.name === "KafkaError" && (e as { retriable?: boolean }).retriable) || e instanceof BrokerNotAvailableError) return undefined;
          throw e;
        }));
      }
      if (md) {
        const all = md.partitions.map((p) => p.partition);
        // Java waits for a partition that does not exist yet; we assign only existing ones
        assignments.push({ topic, partitions: partition !== undefined ? all.filter((p) => p === partition) : all });
      }
    }
    if (subscribe && assignments.length > 0) {
      consumer = new GroupConsumer(cluster, assignments.map((a) => a.topic), {
        member: {
          groupId, clientId,
          sessionTimeoutMs: Number(consumerProps.get("session.timeout.ms") ?? 45_000),
          rebalanceTimeoutMs: Number(consumerProps.get("max.poll.interval.ms") ?? 300_000),
          heartbeatIntervalMs: Number(consumerProps.get("heartbeat.interval.ms") ?? 3000),
          groupInstanceId: consumerProps.get("group.instance.id") ?? null,
        },
        consumer: consumerOptions, resetTo: consumerOptions.resetTo, autoCommit,
        autoCommitIntervalMs: Number(consumerProps.get("auto.commit.interval.ms") ?? 5000),
      });
    } else {
      for (const a of assignments) for (const p of a.partitions) await race(consumer.assign!(a.topic, p, start));
    }
    if (assignments.length === 0) await race(new Promise<never>(() => {})); // nothing to read: wait for --timeout-ms or a signal
    else {
      while (!signal && !timedOut && !stdoutBroken && (maxMessages < 0 || count < maxMessages)) {
        const recs = await race(consumer.poll());
        if (!recs || recs.length === 0) continue;
        lastActivity = Date.now();
        const chunks: Buffer[] = [];
        for (const r of recs) {
          if (maxMessages >= 0 && count >= maxMessages) break;
          count++;
          if (!noop) chunks.push(formatter.format(r));
        }
        if (chunks.length > 0) {
          const ok = process.stdout.write(Buffer.concat(chunks));
          if (!ok) await race(new Promise<void>((res) => process.stdout.once("drain", () => res())));
        }
      }
    }
    if (timedOut) {
      process.stderr.write(log4jLine("ERROR", "Error processing message, terminating consumer process: ", CLASS));
      process.stderr.write("org.apache.kafka.common.errors.TimeoutException\n");
    }
  } catch (e) {
    process.stderr.write(log4jLine("ERROR", "Error processing message, terminating consumer process: ", CLASS));
    process.stderr.write(`${(e as Error).name === "KafkaError" ? "org.apache.kafka.common.KafkaException" : (e as Error).name}: ${(e as Error).message}\n`);
  } finally {
    await consumer.close();
  }
  await new Promise<void>((res) => process.stdout.write("", () => res()));
  process.stderr.write(`Processed a total of ${count} messages\n`);
  if (signal) throw new ExitError(signal === "SIGINT" ? 130 : 143);
  return 0;
}

void runTool(() => main(process.argv.slice(2)));
