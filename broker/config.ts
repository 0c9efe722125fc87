/**
 * KafkaConfig: the broker's configuration, one definition per key with Apache Kafka 3.x's name,
 * type, default and doc (log.* keys come from the log engineer's BROKER_LOG_CONFIG_DEFS). Loaded
 * from server.properties plus `--override k=v`; unknown keys are warned about as Kafka does
 * ("The configuration 'x' was supplied but isn't a known config."), bad values are a
 * ConfigException (main prints it and exits 1).
 */
import { ConfigException, parseConfig, type ConfigKey } from "../common/config-def.js";
import { readPropertiesFile } from "../common/properties.js";
import { BROKER_LOG_CONFIG_DEFS } from "./log/log-config.js";
import { parseEndpoint, type EndPoint } from "./zk/zk-data.js";

const atLeast = (min: number) => (v: unknown) => (typeof v === "number" && v < min ? `Value must be at least ${min}` : undefined);
const k = (name: string, type: ConfigKey["type"], dflt: unknown, doc: string, validate?: (v: never) => string | undefined): ConfigKey =>
  ({ name, type, default: dflt, doc, validate: validate as ConfigKey["validate"] });

/** Broker keys other than the log.* family (those come from broker/log/log-config.ts). */
export const BROKER_CONFIG_DEFS: readonly ConfigKey[] = [
  k("broker.id", "int", -1, "The broker id for this server. If unset, a unique broker id will be generated (from ZooKeeper's /brokers/seqid, above reserved.broker.max.id)."),
  k("reserved.broker.max.id", "int", 1000, "Max number that can be used for a broker.id", atLeast(0)),
  k("broker.id.generation.enable", "boolean", true, "Enable automatic broker id generation on the server."),
  k("broker.rack", "string", undefined, "Rack of the broker."),
  k("listeners", "list", ["PLAINTEXT://:9092"], "Listener List - Comma-separated list of URIs we will listen on and the listener names."),
  k("advertised.listeners", "list", undefined, "Listeners to publish to ZooKeeper for clients to use, if different than the listeners config property."),
  k("listener.security.protocol.map", "string", "PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL", "Map between listener names and security protocols."),
  k("inter.broker.listener.name", "string", undefined, "Name of listener used for communication between brokers."),
  k("security.inter.broker.protocol", "string", "PLAINTEXT", "Security protocol used to communicate between brokers."),
  k("num.partitions", "int", 1, "The default number of log partitions per topic", atLeast(1)),
  k("default.replication.factor", "int", 1, "The default replication factors for automatically created topics."),
  k("auto.create.topics.enable", "boolean", true, "Enable auto creation of topic on the server."),
  k("delete.topic.enable", "boolean", true, "Enables delete topic. Delete topic through the admin tool will have no effect if this config is turned off."),
  k("auto.leader.rebalance.enable", "boolean", true, "Enables auto leader balancing."),
  k("controlled.shutdown.enable", "boolean", true, "Enable controlled shutdown of the server."),
  k("controlled.shutdown.max.retries", "int", 3, "Controlled shutdown can fail for multiple reasons. This determines the number of retries when such failure happens"),
  k("controlled.shutdown.retry.backoff.ms", "long", 5000, "Before each retry, the system needs time to recover from the state that caused the previous failure (Controller fail over, replica lag etc). This config determines the amount of time to wait before retrying."),
  k("zookeeper.connect", "string", undefined, "Specifies the ZooKeeper connection string in the form hostname:port, optionally with a chroot."),
  k("zookeeper.connection.timeout.ms", "int", undefined, "The max time that the client waits to establish a connection to ZooKeeper. If not set, the value in zookeeper.session.timeout.ms is used."),
  k("zookeeper.session.timeout.ms", "int", 18000, "Zookeeper session timeout"),
  k("zookeeper.max.in.flight.requests", "int", 10, "The maximum number of unacknowledged requests the client will send to ZooKeeper before blocking.", atLeast(1)),
  k("zookeeper.set.acl", "boolean", false, "Set client to use secure ACLs"),
  k("message.max.bytes", "int", 1048588, "The largest record batch size allowed by Kafka (after compression if compression is enabled).", atLeast(0)),
  k("replica.fetch.max.bytes", "int", 1048576, "The number of bytes of messages to attempt to fetch for each partition.", atLeast(0)),
  k("replica.lag.time.max.ms", "long", 30000, "If a follower hasn't sent any fetch requests for this long, the leader removes it from the ISR."),
  k("replica.fetch.wait.max.ms", "int", 500, "The maximum wait time for each fetcher request issued by follower replicas. This value should always be less than the replica.lag.time.max.ms at all times to prevent frequent shrinking of ISR for low throughput topics", atLeast(0)),
  k("replica.fetch.min.bytes", "int", 1, "Minimum bytes expected for each fetch response. If not enough bytes, wait up to replica.fetch.wait.max.ms (broker config).", atLeast(0)),
  k("replica.fetch.response.max.bytes", "int", 10485760, "Maximum bytes expected for the entire fetch response.", atLeast(0)),
  k("replica.fetch.backoff.ms", "int", 1000, "The amount of time to sleep when fetch partition error occurs.", atLeast(0)),
  k("num.network.threads", "int", 3, "The number of threads that the server uses for receiving requests from the network and sending responses to the network.", atLeast(1)),
  k("num.io.threads", "int", 8, "The number of threads that the server uses for processing requests.", atLeast(1)),
  k("num.replica.fetchers", "int", 1, "Number of fetcher threads used to replicate records from each source broker."),
  k("num.recovery.threads.per.data.dir", "int", 1, "The number of threads per data directory to be used for log recovery at startup and flushing at shutdown.", atLeast(1)),
  k("background.threads", "int", 10, "The number of threads to use for various background processing tasks.", atLeast(1)),
  k("queued.max.requests", "int", 500, "The number of queued requests allowed for data-plane, before blocking the network threads.", atLeast(1)),
  k("socket.send.buffer.bytes", "int", 102400, "The SO_SNDBUF buffer of the socket server sockets. If the value is -1, the OS default will be used."),
  k("socket.receive.buffer.bytes", "int", 102400, "The SO_RCVBUF buffer of the socket server sockets. If the value is -1, the OS default will be used."),
  k("socket.request.max.bytes", "int", 104857600, "The maximum number of bytes in a socket request", atLeast(1)),
  k("socket.connection.setup.timeout.ms", "long", 10000, "The amount of time the client will wait for the socket connection to be established."),
  k("connections.max.idle.ms", "long", 600000, "Idle connections timeout: the server socket processor threads close the connections that idle more than this."),
  k("max.connections", "int", 2147483647, "The maximum number of connections we allow in the broker at any time."),
  k("max.connections.per.ip", "int", 2147483647, "The maximum number of connections we allow from each ip address."),
  k("request.timeout.ms", "int", 30000, "The configuration controls the maximum amount of time the client will wait for the response of a request."),
  k("min.insync.replicas", "int", 1, "When a producer sets acks to \"all\" (or \"-1\"), the minimum number of replicas that must acknowledge a write.", atLeast(1)),
  k("compression.type", "string", "producer", "Specify the final compression type for a given topic."),
  k("unclean.leader.election.enable", "boolean", false, "Indicates whether to enable replicas not in the ISR set to be elected as leader as a last resort."),
  k("offsets.topic.replication.factor", "int", 3, "The replication factor for the offsets topic (set higher to ensure availability).", atLeast(1)),
  k("offsets.topic.num.partitions", "int", 50, "The number of partitions for the offset commit topic (should not change after deployment).", atLeast(1)),
  k("offsets.topic.segment.bytes", "int", 104857600, "The offsets topic segment bytes should be kept relatively small in order to facilitate faster log compaction and cache loads.", atLeast(1)),
  k("offsets.retention.minutes", "int", 10080, "For subscribed consumers, committed offset of a specific partition will be expired and discarded after this period.", atLeast(1)),
  k("offsets.commit.timeout.ms", "int", 5000, "Offset commit will be delayed until all replicas for the offsets topic receive the commit or this timeout is reached."),
  k("offsets.load.buffer.size", "int", 5242880, "Batch size for reading from the offsets segments when loading offsets into the cache."),
  k("offsets.retention.check.interval.ms", "long", 600000, "Frequency at which to check for stale offsets"),
  k("group.initial.rebalance.delay.ms", "int", 3000, "The amount of time the group coordinator will wait for more consumers to join a new group before performing the first rebalance."),
  k("group.min.session.timeout.ms", "int", 6000, "The minimum allowed session timeout for registered consumers."),
  k("group.max.session.timeout.ms", "int", 1800000, "The maximum allowed session timeout for registered consumers."),
  k("group.max.size", "int", 2147483647, "The maximum number of consumers that a single consumer group can accommodate.", atLeast(1)),
  k("transaction.state.log.replication.factor", "int", 3, "The replication factor for the transaction topic.", atLeast(1)),
  k("transaction.state.log.min.isr", "int", 2, "Overridden min.insync.replicas config for the transaction topic.", atLeast(1)),
  k("transaction.state.log.num.partitions", "int", 50, "The number of partitions for the transaction topic.", atLeast(1)),
  k("transactional.id.expiration.ms", "int", 604800000, "The time in ms that the transaction coordinator will wait without receiving any transaction status updates."),
  k("producer.id.expiration.ms", "int", 86400000, "The time in ms that a topic partition leader will wait before expiring producer IDs."),
  k("metadata.max.age.ms", "long", 300000, "Accepted for compatibility."),
  k("inter.broker.protocol.version", "string", "3.6-IV2", "Specify which version of the inter-broker protocol will be used."),
  k("log.message.format.version", "string", "3.0-IV1", "Deprecated; ignored for inter.broker.protocol.version 3.0 or higher."),
  k("log.message.downconversion.enable", "boolean", true, "Whether down-conversion of message formats is enabled to satisfy consume requests."),
  k("leader.imbalance.check.interval.seconds", "long", 300, "The frequency with which the partition rebalance check is triggered by the controller"),
  k("leader.imbalance.per.broker.percentage", "int", 10, "The ratio of leader imbalance allowed per broker."),
  k("fetch.max.bytes", "int", 57671680, "The maximum number of bytes we will return for a fetch request. Must be at least 1024.", atLeast(1024)),
  k("max.incremental.fetch.session.cache.slots", "int", 1000, "The maximum number of incremental fetch sessions that we will maintain.", atLeast(0)),
  k("sasl.enabled.mechanisms", "list", ["GSSAPI"], "The list of SASL mechanisms enabled in the Kafka server."),
  k("authorizer.class.name", "string", "", "The fully qualified name of a class that implements the Authorizer interface."),
  k("process.roles", "list", [], "The roles that this process plays: 'broker', 'controller', or 'broker,controller'. Empty means ZooKeeper mode."),
  k("kafka.metrics.reporters", "list", [], "A list of classes to use as Yammer metrics custom reporters."),
  k("metric.reporters", "list", [], "A list of classes to use as metrics reporters."),
  k("confluent.support.metrics.enable", "boolean", false, "Accepted for compatibility with Confluent's shipped properties."),
];

/** Keys shared with the log definitions are taken from there (one definition per key). */
export const KAFKA_CONFIG_DEFS: readonly ConfigKey[] = (() => {
  const logNames = new Set(BROKER_LOG_CONFIG_DEFS.map((d) => d.name));
  return [...BROKER_CONFIG_DEFS.filter((d) => !logNames.has(d.name)), ...BROKER_LOG_CONFIG_DEFS];
})();

export interface Listener extends EndPoint {}

/** The parsed broker configuration with typed accessors for what the broker uses. */
export class KafkaConfig {
  readonly brokerIdConfigured: number;
  readonly listeners: Listener[];
  readonly advertisedListeners: Listener[];
  readonly logDirs: string[];
  readonly zkConnect: string;
  readonly zkSessionTimeoutMs: number;
  readonly zkConnectionTimeoutMs: number;

  constructor(readonly values: Map<string, unknown>, readonly unknownKeys: string[] = [], readonly originals: Map<string, string> = new Map()) {
    this.brokerIdConfigured = this.int("broker.id");
    const protoMap = parseProtocolMap(this.str("listener.security.protocol.map"));
    this.listeners = (this.list("listeners")).map((s) => parseEndpoint(s, protoMap));
    if (this.listeners.length === 0) throw new ConfigException("Invalid value for configuration listeners: at least one listener is required");
    for (const l of this.listeners) {
      if (l.securityProtocol !== "PLAINTEXT") throw new ConfigException(`Security protocol ${l.securityProtocol} of listener ${l.listenerName} is not supported by this broker (PLAINTEXT only)`);
    }
    const adv = this.values.get("advertised.listeners");
    this.advertisedListeners = Array.isArray(adv) && adv.length > 0 ? (adv as string[]).map((s) => parseEndpoint(s, protoMap)) : this.listeners;
    if (this.advertisedListeners.some((l) => l.host === "0.0.0.0" || l.host === "[::]" || l.host === "::")) {
      throw new ConfigException("advertised.listeners cannot use the nonroutable meta-address 0.0.0.0. Use a routable IP address.");
    }
    const dirs = this.values.get("log.dirs");
    this.logDirs = Array.isArray(dirs) && dirs.length > 0 ? (dirs as string[]) : [this.str("log.dir")];
    const zk = this.values.get("zookeeper.connect");
    if (typeof zk !== "string" || zk === "") throw new ConfigException("Missing required configuration \"zookeeper.connect\" which has no default value.");
    this.zkConnect = zk;
    this.zkSessionTimeoutMs = this.int("zookeeper.session.timeout.ms");
    const ct = this.values.get("zookeeper.connection.timeout.ms");
    this.zkConnectionTimeoutMs = typeof ct === "number" ? ct : this.zkSessionTimeoutMs;
    const id = this.brokerIdConfigured;
    const reserved = this.int("reserved.broker.max.id");
    if (id > reserved) throw new ConfigException(`broker.id must be greater than or equal to -1 and not greater than reserved.broker.max.id`);
    if (id < -1) throw new ConfigException("broker.id must be greater than or equal to -1 and not greater than reserved.broker.max.id");
  }

  get(name: string): unknown { return this.values.get(name); }
  int(name: string): number { return Number(this.values.get(name)); }
  bool(name: string): boolean { return this.values.get(name) === true; }
  str(name: string): string { const v = this.values.get(name); return v === undefined || v === null ? "" : String(v); }
  list(name: string): string[] { const v = this.values.get(name); return Array.isArray(v) ? (v as string[]) : []; }

  /** Parses raw key/values (server.properties + overrides). Throws ConfigException. */
  static fromRaw(raw: Map<string, string>): KafkaConfig {
    const { values, unknown } = parseConfig(KAFKA_CONFIG_DEFS, raw);
    return new KafkaConfig(values, unknown, raw);
  }

  static fromFile(path: string, overrides: Map<string, string> = new Map()): KafkaConfig {
    const raw = readPropertiesFile(path);
    for (const [key, v] of overrides) raw.set(key, v);
    return KafkaConfig.fromRaw(raw);
  }
}

function parseProtocolMap(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of s.split(",")) {
    const [a, b] = part.split(":").map((x) => x.trim());
    if (a && b) out[a.toUpperCase()] = b.toUpperCase();
  }
  return out;
}

/** `--override k=v` pairs from argv (after the properties file), as kafka.Kafka accepts them. */
export function parseOverrides(args: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== "--override") throw new ConfigException(`Found non argument parameters: ${args.slice(i).join(",")}`);
    const kv = args[++i];
    if (kv === undefined) throw new ConfigException("Option override requires an argument");
    const eq = kv.indexOf("=");
    if (eq <= 0) throw new ConfigException(`Invalid command line properties: ${kv}`);
    out.set(kv.slice(0, eq), kv.slice(eq + 1));
  }
  return out;
}
