/**
 * zookeeper.properties: one definition per key ZooKeeper 3.8 (standalone) honors, plus
 * accepted-but-inert cluster keys. Unknown keys are reported for a warning and ignored;
 * invalid values throw ConfigException (main exits 1).
 */
import { ConfigException, parseConfig, type ConfigKey } from "../common/config-def.js";
import { readPropertiesFile } from "../common/properties.js";

type Check = (v: unknown) => string | undefined;
const positive: Check = (v) => ((v as number) > 0 ? undefined : "Value must be positive");
const nonNegative: Check = (v) => ((v as number) >= 0 ? undefined : "Value must be non-negative");
const yesNo: Check = (v) => (/^(yes|no|true|false)$/i.test(String(v)) ? undefined : "Expected yes or no");
const bool: Check = (v) => (/^(true|false)$/i.test(String(v)) ? undefined : "Expected value to be either true or false");
const port: Check = (v) => ((v as number) >= 0 && (v as number) <= 65535 ? undefined : "Port must be between 0 and 65535");

export const ZK_CONFIG: readonly ConfigKey[] = [
  { name: "tickTime", type: "int", default: 3000, doc: "the length of a single tick, in ms (session expiry granularity)", validate: positive },
  { name: "initLimit", type: "int", default: 10, doc: "ticks a follower may take to sync (accepted; standalone)" },
  { name: "syncLimit", type: "int", default: 5, doc: "ticks a follower may lag (accepted; standalone)" },
  { name: "clientPort", type: "int", default: 2181, doc: "the port clients connect to", validate: port },
  { name: "clientPortAddress", type: "string", default: undefined, doc: "the address to bind (default: all interfaces)" },
  { name: "dataDir", type: "string", default: "/tmp/zookeeper", doc: "where snapshots (and, without dataLogDir, the txn log) are stored" },
  { name: "dataLogDir", type: "string", default: undefined, doc: "where the txn log is written (default: dataDir)" },
  { name: "minSessionTimeout", type: "int", default: -1, doc: "minimum negotiated session timeout in ms (default 2 x tickTime)" },
  { name: "maxSessionTimeout", type: "int", default: -1, doc: "maximum negotiated session timeout in ms (default 20 x tickTime)" },
  { name: "maxClientCnxns", type: "int", default: 60, doc: "max concurrent connections per client IP (0 = unlimited)", validate: nonNegative },
  { name: "snapCount", type: "int", default: 100000, doc: "txns between snapshots (randomized between snapCount/2 and snapCount)", validate: positive },
  { name: "zookeeper.snapCount", type: "int", default: undefined, doc: "alias of snapCount", validate: positive },
  { name: "preAllocSize", type: "int", default: 65536, doc: "txn log preallocation block, in KB", validate: nonNegative },
  { name: "zookeeper.preAllocSize", type: "int", default: undefined, doc: "alias of preAllocSize", validate: nonNegative },
  { name: "forceSync", type: "string", default: "yes", doc: "fsync the txn log before acknowledging writes (yes/no)", validate: yesNo },
  { name: "zookeeper.forceSync", type: "string", default: undefined, doc: "alias of forceSync", validate: yesNo },
  { name: "autopurge.snapRetainCount", type: "int", default: 3, doc: "snapshots (and their logs) kept by autopurge (min 3)" },
  { name: "autopurge.purgeInterval", type: "int", default: 0, doc: "autopurge interval in hours (0 = off)", validate: nonNegative },
  { name: "4lw.commands.whitelist", type: "list", default: ["srvr"], doc: "four-letter words allowed on the client port (* = all)" },
  { name: "jute.maxbuffer", type: "int", default: 0xfffff, doc: "largest request a client may send, in bytes", validate: positive },
  { name: "admin.enableServer", type: "string", default: "true", doc: "serve ZooKeeper's AdminServer (HTTP JSON commands)", validate: bool },
  { name: "admin.serverPort", type: "int", default: 8080, doc: "AdminServer port", validate: port },
  { name: "admin.serverAddress", type: "string", default: undefined, doc: "AdminServer address (default all interfaces)" },
  { name: "admin.commandURL", type: "string", default: "/commands", doc: "AdminServer URL prefix of the commands" },
  { name: "extendedTypesEnabled", type: "string", default: undefined, doc: "enable TTL nodes (zookeeper.extendedTypesEnabled)", validate: bool },
  { name: "zookeeper.extendedTypesEnabled", type: "string", default: "false", doc: "enable TTL nodes", validate: bool },
  { name: "superDigest", type: "string", default: undefined, doc: "digest of the super user (user:base64(sha1(user:password)))" },
  { name: "zookeeper.DigestAuthenticationProvider.superDigest", type: "string", default: undefined, doc: "alias of superDigest" },
  { name: "serverId", type: "int", default: 1, doc: "high byte of session ids (standalone ZooKeeper uses 1)" },
  { name: "znode.container.checkIntervalMs", type: "int", default: 60000, doc: "how often empty containers and expired TTL nodes are removed", validate: positive },
  { name: "metricsProvider.className", type: "string", default: "org.apache.zookeeper.metrics.impl.DefaultMetricsProvider", doc: "metrics provider; org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider serves /metrics on metricsProvider.httpPort" },
  { name: "metricsProvider.httpHost", type: "string", default: "0.0.0.0", doc: "address of the Prometheus metrics endpoint" },
  { name: "metricsProvider.httpPort", type: "int", default: 7000, doc: "port of the Prometheus metrics endpoint", validate: port },
  { name: "metricsProvider.exportJvmInfo", type: "string", default: "true", doc: "also export process metrics (CPU, memory, file descriptors)", validate: bool },
  ...["metricsProvider.httpsPort", "metricsProvider.numWorkerThreads", "metricsProvider.maxQueueSize", "metricsProvider.workerShutdownTimeoutMs"].map(
    (name): ConfigKey => ({ name, type: "string", default: undefined, doc: "accepted (no effect)" })),
  { name: "znode.container.maxPerMinute", type: "int", default: 10000, doc: "max container/TTL deletions per minute", validate: positive },
  // accepted, no effect in standalone mode
  ...["standaloneEnabled", "reconfigEnabled", "maxCnxns", "clientPortListenBacklog", "secureClientPort", "secureClientPortAddress",
    "localSessionsEnabled", "localSessionsUpgradingEnabled", "quorumListenOnAllIPs",
    "audit.enable", "electionAlg", "peerType", "syncEnabled", "connectToLearnerMasterLimit", "dynamicConfigFile",
    "sslQuorum", "portUnification", "serverCnxnFactory", "globalOutstandingLimit", "skipACL"].map(
    (name): ConfigKey => ({ name, type: "string", default: undefined, doc: "accepted (no effect in standalone mode)" })),
];

export interface ZkConfig {
  tickTime: number;
  clientPort: number;
  clientPortAddress: string | undefined;
  dataDir: string;
  dataLogDir: string;
  minSessionTimeout: number;
  maxSessionTimeout: number;
  maxClientCnxns: number;
  snapCount: number;
  preAllocSizeBytes: number;
  forceSync: boolean;
  snapRetainCount: number;
  purgeIntervalHours: number;
  fourLetterWords: Set<string>;
  allFourLetterWords: boolean;
  juteMaxBuffer: number;
  extendedTypesEnabled: boolean;
  superDigest: string | undefined;
  serverId: number;
  containerCheckIntervalMs: number;
  skipAcl: boolean;
  adminServerEnabled: boolean;
  adminServerPort: number;
  adminServerAddress: string;
  adminCommandUrl: string;
  /** metricsProvider.*: the Prometheus endpoint, when that provider is configured */
  metricsProvider: { className: string; httpHost: string; httpPort: number; exportJvmInfo: boolean };
  /** The raw key/values as given (conf 4lw). */
  raw: Map<string, string>;
  unknownKeys: string[];
}

export function buildConfig(raw: Map<string, string>): ZkConfig {
  const { values, unknown } = parseConfig(ZK_CONFIG, raw);
  const get = <T>(k: string): T => values.get(k) as T;
  const tickTime = get<number>("tickTime");
  let minST = get<number>("minSessionTimeout");
  let maxST = get<number>("maxSessionTimeout");
  if (minST === -1) minST = tickTime * 2;
  if (maxST === -1) maxST = tickTime * 20;
  if (minST > maxST) throw new ConfigException(`minSessionTimeout must not be larger than maxSessionTimeout`);
  const retain = get<number>("autopurge.snapRetainCount");
  const wl = get<string[]>("4lw.commands.whitelist");
  const dataDir = get<string>("dataDir");
  if (!dataDir) throw new ConfigException("dataDir is not set");
  const ext = (get<string | undefined>("extendedTypesEnabled") ?? get<string>("zookeeper.extendedTypesEnabled")).toLowerCase() === "true";
  const forceSync = (get<string | undefined>("zookeeper.forceSync") ?? get<string>("forceSync")).toLowerCase();
  const checkInterval = process.env.ZK_CONTAINER_CHECK_INTERVAL_MS ? Number(process.env.ZK_CONTAINER_CHECK_INTERVAL_MS) : get<number>("znode.container.checkIntervalMs");
  return {
    tickTime,
    clientPort: get<number>("clientPort"),
    clientPortAddress: get<string | undefined>("clientPortAddress"),
    dataDir,
    dataLogDir: get<string | undefined>("dataLogDir") ?? dataDir,
    minSessionTimeout: minST,
    maxSessionTimeout: maxST,
    maxClientCnxns: get<number>("maxClientCnxns"),
    snapCount: get<number | undefined>("zookeeper.snapCount") ?? get<number>("snapCount"),
    preAllocSizeBytes: (get<number | undefined>("zookeeper.preAllocSize") ?? get<number>("preAllocSize")) * 1024,
    forceSync: forceSync === "yes" || forceSync === "true",
    snapRetainCount: Math.max(3, retain),
    purgeIntervalHours: get<number>("autopurge.purgeInterval"),
    fourLetterWords: new Set(wl.map((s) => s.trim())),
    allFourLetterWords: wl.some((s) => s.trim() === "*"),
    juteMaxBuffer: get<number>("jute.maxbuffer"),
    extendedTypesEnabled: ext,
    superDigest: get<string | undefined>("zookeeper.DigestAuthenticationProvider.superDigest") ?? get<string | undefined>("superDigest"),
    serverId: get<number>("serverId"),
    containerCheckIntervalMs: checkInterval,
    skipAcl: String(get<string | undefined>("skipACL") ?? "no").toLowerCase() === "yes",
    adminServerEnabled: String(get<string>("admin.enableServer")).toLowerCase() === "true",
    adminServerPort: get<number>("admin.serverPort"),
    adminServerAddress: get<string | undefined>("admin.serverAddress") ?? "0.0.0.0",
    adminCommandUrl: get<string>("admin.commandURL"),
    metricsProvider: {
      className: get<string>("metricsProvider.className"),
      httpHost: get<string>("metricsProvider.httpHost"),
      httpPort: get<number>("metricsProvider.httpPort"),
      exportJvmInfo: get<string>("metricsProvider.exportJvmInfo").toLowerCase() === "true",
    },
    raw,
    unknownKeys: unknown,
  };
}

/**
 * JVM-style system properties (-Dkey=value) from KAFKA_OPTS, SERVER_JVMFLAGS and JVMFLAGS, the
 * way tutorials pass them to Kafka's zookeeper-server-start.sh (e.g.
 * KAFKA_OPTS=-Dzookeeper.4lw.commands.whitelist=*). A property applies when it names one of our
 * keys, with or without the "zookeeper." prefix; a key in the properties file wins over it.
 */
export function systemProperties(env: NodeJS.ProcessEnv = process.env): Map<string, string> {
  const known = new Set(ZK_CONFIG.map((d) => d.name));
  const out = new Map<string, string>();
  for (const v of [env.JVMFLAGS, env.SERVER_JVMFLAGS, env.KAFKA_OPTS]) {
    for (const m of (v ?? "").matchAll(/(?:^|\s)-D([^=\s]+)=(\S*)/g)) {
      const key = m[1]!;
      // prefer the plain key (zookeeper.snapCount -> snapCount) so a file key of either spelling wins
      const name = key.startsWith("zookeeper.") && known.has(key.slice(10)) ? key.slice(10) : known.has(key) ? key : undefined;
      if (name) out.set(name, m[2]!);
    }
  }
  return out;
}

/** File keys over system properties. */
export function withSystemProperties(raw: Map<string, string>, env: NodeJS.ProcessEnv = process.env): Map<string, string> {
  const merged = new Map(systemProperties(env));
  for (const [k, v] of raw) merged.set(k, v);
  return merged;
}

export function loadConfig(path: string): ZkConfig {
  let raw: Map<string, string>;
  try {
    raw = readPropertiesFile(path);
  } catch (e) {
    throw new ConfigException(`Error processing ${path}: ${(e as Error).message}`);
  }
  return buildConfig(withSystemProperties(raw));
}
