/**
 * Per-topic log configuration, as Kafka 3.x defines it (LogConfig / TopicConfig):
 *
 *   - TOPIC_CONFIG_DEFS: one definition per topic-level key (segment.bytes, retention.ms, ...)
 *     with Kafka's type, validator and the broker-level synonym(s) that supply its default
 *     (log.segment.bytes, log.retention.ms > log.retention.minutes > log.retention.hours, ...).
 *   - BROKER_LOG_CONFIG_DEFS: the broker keys of those synonyms with Kafka's defaults, for the
 *     broker's own config table (server.properties parsing, --help).
 *   - logConfigFrom(brokerDefaults, topicOverrides): the effective LogConfig of one topic.
 *   - validateTopicConfig(overrides): throws ConfigException with Kafka's exact message
 *     ("Unknown topic config name: x", "Invalid value x for configuration y: ...") for the
 *     CreateTopics / AlterConfigs INVALID_CONFIG answers.
 *   - describeTopicConfig(brokerDefaults, overrides): name/value/source/synonyms rows for
 *     DescribeConfigs.
 */
import { ConfigException, convert, type ConfigKey, type ConfigType } from "../../common/config-def.js";

export type CleanupPolicy = "delete" | "compact";
export type TimestampType = "CreateTime" | "LogAppendTime";

export interface LogConfig {
  segmentBytes: number;
  segmentMs: number;
  segmentJitterMs: number;
  segmentIndexBytes: number;
  indexIntervalBytes: number;
  retentionMs: number; // -1 = unlimited
  retentionBytes: number; // -1 = unlimited
  cleanupPolicy: CleanupPolicy[];
  deleteRetentionMs: number;
  minCompactionLagMs: number;
  maxCompactionLagMs: number;
  minCleanableDirtyRatio: number;
  maxMessageBytes: number;
  messageTimestampType: TimestampType;
  messageTimestampDifferenceMaxMs: number;
  messageTimestampBeforeMaxMs: number;
  messageTimestampAfterMaxMs: number;
  flushMessages: number;
  flushMs: number;
  fileDeleteDelayMs: number;
  compressionType: string;
  minInSyncReplicas: number;
  uncleanLeaderElectionEnable: boolean;
  preallocate: boolean;
}

const LONG_MAX = 9223372036854775807; // Long.MAX_VALUE as Kafka prints it (a double here)

/** One topic-level key: Kafka's definition plus the broker synonyms supplying its default. */
export interface TopicConfigDef extends ConfigKey {
  /** Broker keys in priority order; each with a multiplier to milliseconds where units differ. */
  synonyms: { name: string; scale?: number }[];
}

const atLeast = (min: number) => (v: unknown) => (typeof v === "number" && v < min ? `Value must be at least ${min}` : undefined);
// Kafka's ConfigDef.Range: "at least <min>" / "no more than <max>"
const between = (min: number, max: number) => (v: unknown) =>
  typeof v !== "number" ? undefined : v < min ? `Value must be at least ${min}` : v > max ? `Value must be no more than ${max}` : undefined;
const oneOf = (allowed: string[]) => (v: unknown) => (typeof v === "string" && !allowed.includes(v) ? `String must be one of: ${allowed.join(", ")}` : undefined);
const listOf = (allowed: string[]) => (v: unknown) =>
  Array.isArray(v) && v.some((x) => !allowed.includes(String(x))) ? `String must be one of: ${allowed.join(", ")}` : undefined;

function def(name: string, type: ConfigType, dflt: unknown, doc: string, synonyms: TopicConfigDef["synonyms"], validate?: (v: never) => string | undefined): TopicConfigDef {
  return { name, type, default: dflt, doc, synonyms, validate: validate as ConfigKey["validate"] };
}

export const TOPIC_CONFIG_DEFS: readonly TopicConfigDef[] = [
  def("cleanup.policy", "list", ["delete"], "A string that is either \"delete\" or \"compact\" or both.", [{ name: "log.cleanup.policy" }], listOf(["compact", "delete"])),
  def("compression.type", "string", "producer", "Final compression type for a given topic.", [{ name: "compression.type" }], oneOf(["uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"])),
  def("delete.retention.ms", "long", 86400000, "The amount of time to retain delete tombstone markers for log compacted topics.", [{ name: "log.cleaner.delete.retention.ms" }], atLeast(0)),
  def("file.delete.delay.ms", "long", 60000, "The time to wait before deleting a file from the filesystem.", [{ name: "log.segment.delete.delay.ms" }], atLeast(0)),
  def("flush.messages", "long", LONG_MAX, "Number of messages accumulated on a log partition before messages are flushed to disk.", [{ name: "log.flush.interval.messages" }], atLeast(1)),
  def("flush.ms", "long", LONG_MAX, "The maximum time in ms that a message in any topic is kept in memory before flushed to disk.", [{ name: "log.flush.interval.ms" }, { name: "log.flush.scheduler.interval.ms" }], atLeast(0)),
  def("follower.replication.throttled.replicas", "list", [], "A list of replicas for which log replication should be throttled on the follower side.", []),
  def("index.interval.bytes", "int", 4096, "How frequently Kafka adds an index entry to its offset index.", [{ name: "log.index.interval.bytes" }], atLeast(0)),
  def("leader.replication.throttled.replicas", "list", [], "A list of replicas for which log replication should be throttled on the leader side.", []),
  def("max.compaction.lag.ms", "long", LONG_MAX, "The maximum time a message will remain ineligible for compaction in the log.", [{ name: "log.cleaner.max.compaction.lag.ms" }], atLeast(1)),
  def("max.message.bytes", "int", 1048588, "The largest record batch size allowed by Kafka (after compression if compression is enabled).", [{ name: "message.max.bytes" }], atLeast(0)),
  def("message.downconversion.enable", "boolean", true, "Whether down-conversion of message formats is enabled to satisfy consume requests.", [{ name: "log.message.downconversion.enable" }]),
  def("message.format.version", "string", "3.0-IV1", "Deprecated: the message format version.", [{ name: "log.message.format.version" }]),
  def("local.retention.bytes", "long", -2, "The maximum size of local log segments that can grow for a partition before it deletes the old segments (-2: retention.bytes). Accepted; tiered storage is not supported.", [{ name: "log.local.retention.bytes" }], atLeast(-2)),
  def("local.retention.ms", "long", -2, "The number of milliseconds to keep the local log segment before it gets deleted (-2: retention.ms). Accepted; tiered storage is not supported.", [{ name: "log.local.retention.ms" }], atLeast(-2)),
  def("message.timestamp.after.max.ms", "long", LONG_MAX, "The maximum allowed timestamp difference between the message timestamp and the broker's timestamp, for timestamps in the future.", [{ name: "log.message.timestamp.after.max.ms" }], atLeast(0)),
  def("message.timestamp.before.max.ms", "long", LONG_MAX, "The maximum allowed timestamp difference between the broker's timestamp and the message timestamp, for timestamps in the past.", [{ name: "log.message.timestamp.before.max.ms" }], atLeast(0)),
  def("message.timestamp.difference.max.ms", "long", LONG_MAX, "The maximum difference allowed between the timestamp when a broker receives a message and the timestamp specified in the message.", [{ name: "log.message.timestamp.difference.max.ms" }], atLeast(0)),
  def("message.timestamp.type", "string", "CreateTime", "Define whether the timestamp in the message is message create time or log append time.", [{ name: "log.message.timestamp.type" }], oneOf(["CreateTime", "LogAppendTime"])),
  def("min.cleanable.dirty.ratio", "double", 0.5, "Ratio of the log that may be dirty before it is eligible for cleaning.", [{ name: "log.cleaner.min.cleanable.ratio" }], between(0, 1)),
  def("min.compaction.lag.ms", "long", 0, "The minimum time a message will remain uncompacted in the log.", [{ name: "log.cleaner.min.compaction.lag.ms" }], atLeast(0)),
  def("min.insync.replicas", "int", 1, "The minimum number of replicas that must acknowledge a write for the write to be considered successful (acks=all).", [{ name: "min.insync.replicas" }], atLeast(1)),
  def("preallocate", "boolean", false, "True if we should preallocate the file on disk when creating a new log segment.", [{ name: "log.preallocate" }]),
  def("remote.storage.enable", "boolean", false, "To enable tiered storage for a topic. Accepted; tiered storage is not supported.", []),
  def("retention.bytes", "long", -1, "The maximum size a partition can grow to before old log segments are discarded.", [{ name: "log.retention.bytes" }]),
  def("retention.ms", "long", 604800000, "The maximum time a log is retained before old log segments are discarded (-1: no time limit).", [{ name: "log.retention.ms" }, { name: "log.retention.minutes", scale: 60000 }, { name: "log.retention.hours", scale: 3600000 }], atLeast(-1)),
  def("segment.bytes", "int", 1073741824, "The segment file size for the log.", [{ name: "log.segment.bytes" }], atLeast(14)),
  def("segment.index.bytes", "int", 10485760, "The size of the index that maps offsets to file positions.", [{ name: "log.index.size.max.bytes" }], atLeast(4)),
  def("segment.jitter.ms", "long", 0, "The maximum random jitter subtracted from the scheduled segment roll time.", [{ name: "log.roll.jitter.ms" }, { name: "log.roll.jitter.hours", scale: 3600000 }], atLeast(0)),
  def("segment.ms", "long", 604800000, "The period of time after which Kafka will force the log to roll.", [{ name: "log.roll.ms" }, { name: "log.roll.hours", scale: 3600000 }], atLeast(1)),
  def("unclean.leader.election.enable", "boolean", false, "Whether to enable replicas not in the ISR set to be elected as leader as a last resort.", [{ name: "unclean.leader.election.enable" }]),
];

const TOPIC_DEFS_BY_NAME = new Map(TOPIC_CONFIG_DEFS.map((d) => [d.name, d]));

/** Broker-level log keys with Kafka's defaults (only the ones with a default; the *.ms overrides default to unset). */
export const BROKER_LOG_CONFIG_DEFS: readonly ConfigKey[] = [
  { name: "log.dirs", type: "list", default: undefined, doc: "The directories in which the log data is kept." },
  { name: "log.dir", type: "string", default: "/tmp/kafka-logs", doc: "The directory in which the log data is kept (supplemental for log.dirs)." },
  { name: "log.segment.bytes", type: "int", default: 1073741824, doc: "The maximum size of a single log file.", validate: atLeast(14) },
  { name: "log.roll.ms", type: "long", default: undefined, doc: "The maximum time before a new log segment is rolled out (in milliseconds)." },
  { name: "log.roll.hours", type: "int", default: 168, doc: "The maximum time before a new log segment is rolled out (in hours).", validate: atLeast(1) },
  { name: "log.roll.jitter.ms", type: "long", default: undefined, doc: "The maximum jitter to subtract from logRollTimeMillis (in milliseconds)." },
  { name: "log.roll.jitter.hours", type: "int", default: 0, doc: "The maximum jitter to subtract from logRollTimeMillis (in hours).", validate: atLeast(0) },
  { name: "log.retention.ms", type: "long", default: undefined, doc: "The number of milliseconds to keep a log file before deleting it; -1 means no time limit." },
  { name: "log.retention.minutes", type: "int", default: undefined, doc: "The number of minutes to keep a log file before deleting it." },
  { name: "log.retention.hours", type: "int", default: 168, doc: "The number of hours to keep a log file before deleting it." },
  { name: "log.retention.bytes", type: "long", default: -1, doc: "The maximum size of the log before deleting it." },
  { name: "log.retention.check.interval.ms", type: "long", default: 300000, doc: "The frequency in milliseconds that the log cleaner checks whether any log is eligible for deletion.", validate: atLeast(1) },
  { name: "log.cleanup.policy", type: "list", default: ["delete"], doc: "The default cleanup policy for segments beyond the retention window.", validate: listOf(["compact", "delete"]) },
  { name: "log.cleaner.enable", type: "boolean", default: true, doc: "Enable the log cleaner process to run on the server." },
  { name: "log.cleaner.backoff.ms", type: "long", default: 15000, doc: "The amount of time to sleep when there are no logs to clean.", validate: atLeast(0) },
  { name: "log.cleaner.threads", type: "int", default: 1, doc: "The number of background threads to use for log cleaning (we run one).", validate: atLeast(0) },
  { name: "log.cleaner.dedupe.buffer.size", type: "long", default: 134217728, doc: "The total memory used for log deduplication across all cleaner threads (accepted, not enforced)." },
  { name: "log.cleaner.io.buffer.size", type: "int", default: 524288, doc: "The total memory used for log cleaner I/O buffers across all cleaner threads (accepted, not enforced).", validate: atLeast(0) },
  { name: "log.cleaner.io.buffer.load.factor", type: "double", default: 0.9, doc: "Log cleaner dedupe buffer load factor (accepted, not enforced)." },
  { name: "log.cleaner.io.max.bytes.per.second", type: "double", default: 1.7976931348623157e308, doc: "The log cleaner will be throttled so that the sum of its read and write i/o will be less than this value on average (accepted, not enforced)." },
  { name: "replica.high.watermark.checkpoint.interval.ms", type: "long", default: 5000, doc: "The frequency with which the high watermark is saved out to disk." },
  { name: "producer.id.expiration.check.interval.ms", type: "int", default: 600000, doc: "The interval at which to remove producer IDs that have expired due to producer.id.expiration.ms passing.", validate: atLeast(1) },
  { name: "log.cleaner.delete.retention.ms", type: "long", default: 86400000, doc: "The amount of time to retain tombstone message markers for log compacted topics." },
  { name: "log.cleaner.min.compaction.lag.ms", type: "long", default: 0, doc: "The minimum time a message will remain uncompacted in the log." },
  { name: "log.cleaner.max.compaction.lag.ms", type: "long", default: LONG_MAX, doc: "The maximum time a message will remain ineligible for compaction in the log." },
  { name: "log.cleaner.min.cleanable.ratio", type: "double", default: 0.5, doc: "The minimum ratio of dirty log to total log for a log to be eligible for cleaning.", validate: between(0, 1) },
  { name: "log.index.interval.bytes", type: "int", default: 4096, doc: "The interval with which we add an entry to the offset index.", validate: atLeast(0) },
  { name: "log.index.size.max.bytes", type: "int", default: 10485760, doc: "The maximum size in bytes of the offset index.", validate: atLeast(4) },
  { name: "log.flush.interval.messages", type: "long", default: LONG_MAX, doc: "The number of messages accumulated on a log partition before messages are flushed to disk.", validate: atLeast(1) },
  { name: "log.flush.interval.ms", type: "long", default: undefined, doc: "The maximum time in ms that a message in any topic is kept in memory before flushed to disk." },
  { name: "log.flush.scheduler.interval.ms", type: "long", default: LONG_MAX, doc: "The frequency in ms that the log flusher checks whether any log needs to be flushed to disk." },
  { name: "log.flush.offset.checkpoint.interval.ms", type: "int", default: 60000, doc: "The frequency with which we update the persistent record of the last flush which acts as the log recovery point.", validate: atLeast(0) },
  { name: "log.flush.start.offset.checkpoint.interval.ms", type: "int", default: 60000, doc: "The frequency with which we update the persistent record of log start offset.", validate: atLeast(0) },
  { name: "log.segment.delete.delay.ms", type: "long", default: 60000, doc: "The amount of time to wait before deleting a file from the filesystem.", validate: atLeast(0) },
  { name: "log.message.timestamp.type", type: "string", default: "CreateTime", doc: "Define whether the timestamp in the message is message create time or log append time.", validate: oneOf(["CreateTime", "LogAppendTime"]) },
  { name: "log.message.timestamp.difference.max.ms", type: "long", default: LONG_MAX, doc: "The maximum difference allowed between the timestamp when a broker receives a message and the timestamp specified in the message." },
  { name: "log.message.timestamp.before.max.ms", type: "long", default: LONG_MAX, doc: "The maximum allowed timestamp difference between the broker's timestamp and the message timestamp (past)." },
  { name: "log.message.timestamp.after.max.ms", type: "long", default: LONG_MAX, doc: "The maximum allowed timestamp difference between the message timestamp and the broker's timestamp (future)." },
  { name: "log.local.retention.ms", type: "long", default: -2, doc: "Local log retention time (tiered storage; accepted, not supported)." },
  { name: "log.local.retention.bytes", type: "long", default: -2, doc: "Local log retention size (tiered storage; accepted, not supported)." },
  { name: "log.preallocate", type: "boolean", default: false, doc: "Should pre allocate file when create new segment?" },
  { name: "message.max.bytes", type: "int", default: 1048588, doc: "The largest record batch size allowed by Kafka (after compression if compression is enabled).", validate: atLeast(0) },
];

const BROKER_DEFS_BY_NAME = new Map(BROKER_LOG_CONFIG_DEFS.map((d) => [d.name, d]));

export type ConfigSource = "DYNAMIC_TOPIC_CONFIG" | "STATIC_BROKER_CONFIG" | "DEFAULT_CONFIG";

interface Resolved {
  value: unknown;
  source: ConfigSource;
  synonyms: { name: string; value: unknown; source: ConfigSource }[];
}

function coerce(d: ConfigKey, v: unknown): unknown {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return convert(d, v);
  return v;
}

/** Resolve one topic key: topic override, else first broker synonym that is set, else Kafka's default. */
function resolve(d: TopicConfigDef, brokerDefaults: ReadonlyMap<string, unknown>, overrides: Readonly<Record<string, string>>): Resolved {
  const synonyms: Resolved["synonyms"] = [];
  let chosen: { value: unknown; source: ConfigSource } | undefined;
  const raw = overrides[d.name];
  if (raw !== undefined) {
    const v = convert(d, raw);
    chosen = { value: v, source: "DYNAMIC_TOPIC_CONFIG" };
    synonyms.push({ name: d.name, value: v, source: "DYNAMIC_TOPIC_CONFIG" });
  }
  for (const s of d.synonyms) {
    const bdef = BROKER_DEFS_BY_NAME.get(s.name) ?? { ...d, name: s.name };
    const explicit = brokerDefaults.has(s.name) ? coerce(bdef, brokerDefaults.get(s.name)) : undefined;
    const v = explicit ?? bdef.default;
    if (v === undefined) continue;
    const scaled = typeof v === "number" && s.scale ? v * s.scale : v;
    // Kafka: a negative log.retention.ms (or minutes/hours) means unlimited (-1)
    const value = d.name === "retention.ms" && typeof scaled === "number" && scaled < 0 ? -1 : scaled;
    const source: ConfigSource = explicit !== undefined ? "STATIC_BROKER_CONFIG" : "DEFAULT_CONFIG";
    synonyms.push({ name: s.name, value: v, source });
    chosen ??= { value, source };
  }
  chosen ??= { value: d.default, source: "DEFAULT_CONFIG" };
  return { ...chosen, synonyms };
}

/** Validate topic overrides (CreateTopics configs, AlterConfigs); throws ConfigException with Kafka's text. */
export function validateTopicConfig(overrides: Readonly<Record<string, string>>): void {
  for (const [k, raw] of Object.entries(overrides)) {
    const d = TOPIC_DEFS_BY_NAME.get(k);
    if (!d) throw new ConfigException(`Unknown topic config name: ${k}`);
    const v = convert(d, raw);
    const err = d.validate?.(v as never);
    if (err) throw new ConfigException(`Invalid value ${javaValue(d, v)} for configuration ${k}: ${err}`);
  }
}

/** The value as Kafka's ConfigException prints it: the offending list element, doubles as "2.0". */
function javaValue(d: ConfigKey, v: unknown): string {
  if (Array.isArray(v)) {
    const bad = v.find((x) => d.validate?.([x] as never) !== undefined);
    return String(bad ?? v.join(","));
  }
  if (d.type === "double" && typeof v === "number" && Number.isInteger(v)) return v.toFixed(1);
  return String(v);
}

export function isTopicConfigName(name: string): boolean {
  return TOPIC_DEFS_BY_NAME.has(name);
}

/** The effective log config of a topic: overrides over broker defaults over Kafka's defaults. */
export function logConfigFrom(brokerDefaults: ReadonlyMap<string, unknown>, topicOverrides: Readonly<Record<string, string>> = {}): LogConfig {
  validateTopicConfig(topicOverrides);
  const get = (name: string): unknown => resolve(TOPIC_DEFS_BY_NAME.get(name)!, brokerDefaults, topicOverrides).value;
  const num = (name: string) => Number(get(name));
  const list = get("cleanup.policy");
  const policy = (Array.isArray(list) ? list : String(list).split(",")).map((s) => String(s).trim()).filter((s) => s !== "") as CleanupPolicy[];
  return {
    segmentBytes: num("segment.bytes"),
    segmentMs: num("segment.ms"),
    segmentJitterMs: num("segment.jitter.ms"),
    segmentIndexBytes: num("segment.index.bytes"),
    indexIntervalBytes: num("index.interval.bytes"),
    retentionMs: num("retention.ms"),
    retentionBytes: num("retention.bytes"),
    cleanupPolicy: policy,
    deleteRetentionMs: num("delete.retention.ms"),
    minCompactionLagMs: num("min.compaction.lag.ms"),
    maxCompactionLagMs: num("max.compaction.lag.ms"),
    minCleanableDirtyRatio: num("min.cleanable.dirty.ratio"),
    maxMessageBytes: num("max.message.bytes"),
    messageTimestampType: String(get("message.timestamp.type")) as TimestampType,
    messageTimestampDifferenceMaxMs: num("message.timestamp.difference.max.ms"),
    messageTimestampBeforeMaxMs: num("message.timestamp.before.max.ms"),
    messageTimestampAfterMaxMs: num("message.timestamp.after.max.ms"),
    flushMessages: num("flush.messages"),
    flushMs: num("flush.ms"),
    fileDeleteDelayMs: num("file.delete.delay.ms"),
    compressionType: String(get("compression.type")),
    minInSyncReplicas: num("min.insync.replicas"),
    uncleanLeaderElectionEnable: Boolean(get("unclean.leader.election.enable")),
    preallocate: Boolean(get("preallocate")),
  };
}

/** Kafka's string form of a config value (lists comma-joined, Long.MAX printed exactly). */
export function configValueString(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.join(",");
  if (typeof v === "number" && v >= LONG_MAX) return "9223372036854775807";
  return String(v);
}

export interface TopicConfigEntry {
  name: string;
  value: string | null;
  source: ConfigSource;
  isSensitive: boolean;
  readOnly: boolean;
  synonyms: { name: string; value: string | null; source: ConfigSource }[];
  doc: string;
  type: ConfigType;
}

/** Rows for DescribeConfigs on a topic resource, sorted by name as Kafka lists them. */
export function describeTopicConfig(brokerDefaults: ReadonlyMap<string, unknown>, overrides: Readonly<Record<string, string>> = {}): TopicConfigEntry[] {
  return TOPIC_CONFIG_DEFS.map((d) => {
    const r = resolve(d, brokerDefaults, overrides);
    return {
      name: d.name,
      value: configValueString(r.value),
      source: r.source,
      isSensitive: false,
      readOnly: false,
      synonyms: r.synonyms.map((s) => ({ name: s.name, value: configValueString(s.value), source: s.source })),
      doc: d.doc,
      type: d.type,
    };
  });
}

/** Kafka's defaults, for tests and tools. */
export function defaultLogConfig(overrides: Partial<LogConfig> = {}): LogConfig {
  return { ...logConfigFrom(new Map()), ...overrides };
}
