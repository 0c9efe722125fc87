/**
 * kafka-mirror-maker.sh (Kafka's legacy kafka.tools.MirrorMaker, deprecated in 3.x but still the
 * tutorials' tool): consumes the topics matching --include/--whitelist from the cluster named in
 * --consumer.config and produces them to the cluster in --producer.config. The engine is
 * cli/mirror-maker/mirror.ts (at-least-once, same partition numbers, missing topics created).
 *
 * Consumer config keys used: bootstrap.servers (required), group.id (required),
 * auto.offset.reset (latest), fetch.max.wait.ms, fetch.min.bytes, max.partition.fetch.bytes,
 * client.id, session.timeout.ms (45000), heartbeat.interval.ms (3000), max.poll.interval.ms
 * (300000, the rebalance timeout), metadata.max.age.ms (topic rescan, capped at 5 s here).
 * Producer config keys used: bootstrap.servers (required), acks (all), compression.type,
 * batch.size, linger.ms, request.timeout.ms, delivery.timeout.ms, retry.backoff.ms.
 * SIGTERM/SIGINT: finish in-flight sends, commit, exit 0.
 */
import { existsSync } from "node:fs";
import { logger } from "../common/logger.js";
import { readPropertiesFile } from "../common/properties.js";
import { HELP_OPTION, VERSION_OPTION, checkRequiredArgs, log4jLine, maybeHelpOrVersion, parseArgs, runTool, type OptionDef } from "./args.js";
import { MirrorMaker } from "./mirror-maker/mirror.js";

export const MIRROR_MAKER_OPTIONS: OptionDef[] = [
  { name: "abort.on.send.failure", description: "Configure the mirror maker to exit on a failed send.", arg: { type: "String", describedAs: "Stop the entire mirror maker when a send failure occurs" }, defaultValue: "true" },
  { name: "consumer.config", description: "Embedded consumer config for consuming from the source cluster.", arg: { type: "String", describedAs: "config file" } },
  { name: "consumer.rebalance.listener", description: "The consumer rebalance listener to use for mirror maker consumer.", arg: { type: "String", describedAs: "A custom rebalance listener of type ConsumerRebalanceListener" } },
  HELP_OPTION,
  { name: "include", description: "List of included topics to mirror.", arg: { type: "String", describedAs: "Java regex (String)" } },
  { name: "message.handler", description: "Message handler which will process every record in-between consumer and producer.", arg: { type: "String", describedAs: "A custom message handler of type MirrorMakerMessageHandler" } },
  { name: "message.handler.args", description: "Arguments used by custom message handler for mirror maker.", arg: { type: "String", describedAs: "Arguments passed to message handler constructor." } },
  { name: "new.consumer", description: "DEPRECATED Use new consumer in mirror maker (this is the default so this option will be removed in a future version)." },
  { name: "num.streams", description: "Number of consumption streams.", arg: { type: "Integer", describedAs: "Number of threads" }, defaultValue: "1" },
  { name: "offset.commit.interval.ms", description: "Offset commit interval in ms.", arg: { type: "Integer", describedAs: "offset commit interval in millisecond" }, defaultValue: "60000" },
  { name: "producer.config", description: "Embedded producer config.", arg: { type: "String", describedAs: "config file" } },
  { name: "rebalance.listener.args", description: "Arguments used by custom rebalance listener for mirror maker consumer.", arg: { type: "String", describedAs: "Arguments passed to custom rebalance listener constructor as a string." } },
  VERSION_OPTION,
  { name: "whitelist", description: "DEPRECATED, use --include instead; ignored if --include specified. List of included topics to mirror.", arg: { type: "String", describedAs: "Java regex (String)" } },
];

const CLASS = "kafka.tools.MirrorMaker$";
const COMPRESSION: Record<string, number> = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 };

function fatal(message: string): number {
  process.stderr.write(log4jLine("ERROR", message, CLASS));
  return 1;
}

/** Kafka's include list is a Java regex; commas were once separators and still are. */
function includePattern(raw: string): RegExp {
  const re = raw.trim().split(",").map((s) => s.trim()).filter((s) => s !== "").join("|");
  return new RegExp(`^(?:${re})$`);
}

async function main(argv: string[]): Promise<number> {
  const d = MIRROR_MAKER_OPTIONS;
  const o = parseArgs(d, argv);
  maybeHelpOrVersion(d, o, "This tool helps to continuously copy data between two Kafka clusters.");
  checkRequiredArgs(d, o, "consumer.config", "producer.config");
  process.stderr.write(log4jLine("WARN", "This tool is deprecated and may be removed in a future major release.", CLASS));
  const incl = o.value("include") ?? o.value("whitelist");
  if (incl === undefined) return fatal("include list must be specified");
  let include: RegExp;
  try {
    include = includePattern(incl);
  } catch (e) {
    return fatal(`Invalid expression syntax: ${incl}: ${(e as Error).message}`);
  }
  for (const f of [o.value("consumer.config")!, o.value("producer.config")!]) {
    if (!existsSync(f)) {
      process.stderr.write(`Exception in thread "main" java.nio.file.NoSuchFileException: ${f}\n`);
      return 1;
    }
  }
  for (const unsupported of ["message.handler", "consumer.rebalance.listener"]) {
    if (o.has(unsupported)) return fatal(`Custom ${unsupported} classes are not supported by this implementation (got ${o.value(unsupported)})`);
  }
  const cp = readPropertiesFile(o.value("consumer.config")!);
  const pp = readPropertiesFile(o.value("producer.config")!);
  const source = cp.get("bootstrap.servers");
  const target = pp.get("bootstrap.servers");
  if (!source) return fatal("Exception when starting mirror maker. org.apache.kafka.common.config.ConfigException: Missing required configuration \"bootstrap.servers\" which has no default value.");
  if (!target) return fatal("Exception when starting mirror maker. org.apache.kafka.common.config.ConfigException: Missing required configuration \"bootstrap.servers\" which has no default value.");
  const groupId = cp.get("group.id");
  if (!groupId) return fatal("Exception when starting mirror maker. org.apache.kafka.common.errors.InvalidGroupIdException: To use the group management or offset commit APIs, you must provide a valid group.id in the consumer configuration.");
  const reset = (cp.get("auto.offset.reset") ?? "latest").toLowerCase();
  const resetNorm = reset === "smallest" ? "earliest" : reset === "largest" ? "latest" : reset;
  if (!["earliest", "latest", "none"].includes(resetNorm)) return fatal(`Exception when starting mirror maker. org.apache.kafka.common.config.ConfigException: Invalid value ${reset} for configuration auto.offset.reset: String must be one of: latest, earliest, none`);
  const acksRaw = pp.get("acks") ?? "all";
  const compression = COMPRESSION[(pp.get("compression.type") ?? "none").toLowerCase()];
  if (compression === undefined) return fatal(`Exception when starting mirror maker. org.apache.kafka.common.config.ConfigException: Invalid value ${pp.get("compression.type")} for configuration compression.type`);
  const numStreams = o.int("num.streams")!;
  if (numStreams < 1) return fatal("num.streams must be at least 1");

  const log = logger("mirror-maker");
  const mm = new MirrorMaker({
    sourceBootstrap: source,
    targetBootstrap: target,
    groupId,
    include,
    numStreams,
    commitIntervalMs: Math.max(1, o.int("offset.commit.interval.ms")!),
    rescanMs: Math.min(5000, Number(cp.get("metadata.max.age.ms") ?? 5000)),
    autoOffsetReset: resetNorm,
    abortOnSendFailure: (o.value("abort.on.send.failure") ?? "true").toLowerCase() !== "false",
    producer: {
      acks: acksRaw === "all" ? -1 : Number(acksRaw),
      compression,
      batchSize: Number(pp.get("batch.size") ?? 16384),
      lingerMs: Number(pp.get("linger.ms") ?? 0),
      requestTimeoutMs: Number(pp.get("request.timeout.ms") ?? 30_000),
      deliveryTimeoutMs: Number(pp.get("delivery.timeout.ms") ?? 2_147_483_647),
      retryBackoffMs: Number(pp.get("retry.backoff.ms") ?? 100),
      allowAutoCreate: false,
    },
    consumer: {
      maxWaitMs: Number(cp.get("fetch.max.wait.ms") ?? 500),
      minBytes: Number(cp.get("fetch.min.bytes") ?? 1),
      partitionMaxBytes: Number(cp.get("max.partition.fetch.bytes") ?? 1048576),
      clientId: cp.get("client.id") ?? `${groupId}`,
      sessionTimeoutMs: Number(cp.get("session.timeout.ms") ?? 45_000),
      heartbeatIntervalMs: Number(cp.get("heartbeat.interval.ms") ?? 3000),
      rebalanceTimeoutMs: Number(cp.get("max.poll.interval.ms") ?? 300_000),
    },
  }, log);
  let signalled = false;
  const onSignal = (sig: string) => {
    if (signalled) return;
    signalled = true;
    log.info(`Shutting down mirror maker due to ${sig}`);
    log.info("Start clean shutdown.");
    log.info("Shutting down consumer threads.");
    mm.stop();
  };
  process.on("SIGTERM", () => onSignal("SIGTERM"));
  process.on("SIGINT", () => onSignal("SIGINT"));
  log.info(`Starting mirror maker: ${numStreams} stream(s), include ${include.source}, group ${groupId}`);
  if (pp.has("acks") && acksRaw !== "all" && acksRaw !== "-1") log.info(`Property acks is overridden to ${acksRaw} - data loss or message reordering is possible.`);
  let failed: Error | undefined;
  try {
    await mm.run();
  } catch (e) {
    failed = e as Error;
  }
  log.info("Closing producer.");
  await mm.close();
  if (failed) return fatal(`Mirror maker thread failure due to ${failed.name === "Error" ? "" : failed.name + ": "}${failed.message}`);
  log.info("Kafka mirror maker shutdown successfully");
  return 0;
}

void runTool(() => main(process.argv.slice(2)));
