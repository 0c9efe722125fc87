/**
 * kafka-log-dirs.sh (Kafka's LogDirsCommand): DescribeLogDirs at every (or each --broker-list)
 * broker, printed as Kafka does:
 *
 *   Querying brokers for log directories information
 *   Received log directory information from brokers 0
 *   {"brokers":[{"broker":0,"logDirs":[{"partitions":[{"partition":"t-0","size":87,"offsetLag":0,"isFuture":false}],"error":null,"logDir":"/tmp/kafka-logs"}]}],"version":1}
 *
 * The JSON objects are Java HashMaps serialized by Jackson, so their keys come in HashMap
 * iteration order (bucket of the key's hashCode, then insertion order); javaHashOrder reproduces
 * that order so the output is byte-identical to Kafka's.
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readPropertiesFile } from "../common/properties.js";
import { Cluster } from "../broker/client/cluster.js";
import { ApiKey } from "../broker/protocol/api-keys.js";
import { errorByCode } from "../broker/protocol/errors.js";
import type { DescribeLogDirsResponse } from "../broker/protocol/schemas/describe-log-dirs.js";
import { javaExceptionClass } from "../broker/client/admin.js";
import { ExitError, HELP_OPTION, VERSION_OPTION, checkRequiredArgs, maybeHelpOrVersion, parseArgs, runTool, type OptionDef } from "./args.js";

export const LOG_DIRS_OPTIONS: OptionDef[] = [
  { name: "bootstrap-server", description: "REQUIRED: the server(s) to use for bootstrapping", arg: { type: "String", describedAs: "The server(s) to use for bootstrapping" } },
  { name: "broker-list", description: 'The list of brokers to be queried in the form "0,1,2". All brokers in the cluster will be queried if no broker list is specified', arg: { type: "String", describedAs: "Broker list" }, defaultValue: "" },
  { name: "command-config", description: "Property file containing configs to be passed to Admin Client.", arg: { type: "String", describedAs: "Admin client property file" } },
  { name: "describe", description: "Describe the specified log directories on the specified brokers." },
  HELP_OPTION,
  { name: "topic-list", description: 'The list of topics to be queried in the form "topic1,topic2,topic3". All topics will be queried if no topic list is specified', arg: { type: "String", describedAs: "Topic list" }, defaultValue: "" },
  VERSION_OPTION,
];

/** java.lang.String.hashCode */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * Items (inserted in this order) in java.util.HashMap iteration order for their key hashCodes:
 * `new HashMap<>(initialCapacity)` starts with tableSizeFor(initialCapacity) buckets (16 by
 * default) and doubles whenever the size exceeds 0.75 of them; iteration goes bucket by bucket
 * ((h ^ h >>> 16) & (buckets - 1)), insertion order within a bucket.
 */
export function javaHashOrder<T>(items: T[], hash: (t: T) => number, initialCapacity = 16): T[] {
  let cap = 1;
  while (cap < initialCapacity) cap *= 2;
  while (items.length > cap * 0.75) cap *= 2;
  const bucket = (h: number) => (h ^ (h >>> 16)) & (cap - 1);
  return items.map((t, i) => ({ t, i, b: bucket(hash(t)) })).sort((x, y) => x.b - y.b || x.i - y.i).map((x) => x.t);
}

/** org.apache.kafka.common.TopicPartition.hashCode */
export function topicPartitionHash(topic: string, partition: number): number {
  return (Math.imul(31, 31 + partition) + javaStringHash(topic)) | 0;
}

/** A JSON object whose keys come out in Java HashMap<String, Object> order. */
function hashMapJson(entries: [string, string][]): string {
  return "{" + javaHashOrder(entries, (e) => javaStringHash(e[0])).map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",") + "}";
}

class TerseError extends Error {}

interface Replica { topic: string; partition: number; size: bigint; offsetLag: bigint; isFuture: boolean }
interface DirInfo { logDir: string; error: string | null; replicas: Replica[] }

function formatAsJson(byBroker: Map<number, DirInfo[]>, topics: Set<string>): string {
  // DescribeLogDirsResult.allDescriptions(): a HashMap<Integer, _> sized for the brokers
  const brokers = javaHashOrder([...byBroker], ([id]) => id, byBroker.size).map(([id, dirs]) => {
    const logDirs = javaHashOrder(dirs, (d) => javaStringHash(d.logDir)).map((d) => {
      const reps = javaHashOrder(d.replicas.filter((r) => topics.size === 0 || topics.has(r.topic)), (r) => topicPartitionHash(r.topic, r.partition));
      const partitions = reps.map((r) => hashMapJson([["partition", JSON.stringify(`${r.topic}-${r.partition}`)], ["size", String(r.size)], ["offsetLag", String(r.offsetLag)], ["isFuture", String(r.isFuture)]]));
      return hashMapJson([["logDir", JSON.stringify(d.logDir)], ["error", d.error === null ? "null" : JSON.stringify(d.error)], ["partitions", `[${partitions.join(",")}]`]]);
    });
    return hashMapJson([["broker", String(id)], ["logDirs", `[${logDirs.join(",")}]`]]);
  });
  return hashMapJson([["version", "1"], ["brokers", `[${brokers.join(",")}]`]]);
}

async function main(argv: string[]): Promise<number> {
  const d = LOG_DIRS_OPTIONS;
  const o = parseArgs(d, argv);
  maybeHelpOrVersion(d, o, "This tool helps to query log directory usage on the specified brokers.");
  checkRequiredArgs(d, o, "bootstrap-server", "describe");
  const topics = new Set(o.value("topic-list")!.split(",").filter((x) => x !== ""));
  const brokerArgs = o.value("broker-list")!.split(",").filter((x) => x !== "");
  for (const b of brokerArgs) if (!/^[-+]?\d+$/.test(b)) throw new Error(`For input string: "${b}"`);
  const inputBrokers = new Set(brokerArgs.map(Number));
  const cfg = o.value("command-config");
  const props = cfg ? readPropertiesFile(cfg) : new Map<string, string>();
  const cluster = new Cluster(o.value("bootstrap-server")!, { clientId: props.get("client.id") ?? "log-dirs-tool", requestTimeoutMs: Number(props.get("request.timeout.ms") ?? 30_000), bootstrapTimeoutMs: Number(props.get("default.api.timeout.ms") ?? 60_000) });
  try {
    const md = await cluster.refreshMetadata([]);
    const clusterBrokers = [...md.brokers.keys()].sort((a, b) => a - b);
    // a HashSet<Integer> copied from a collection: HashMap(max(n / .75 + 1, 16)) order
    const wanted = (inputBrokers.size === 0 ? clusterBrokers : [...inputBrokers].filter((b) => md.brokers.has(b))).sort((a, b) => a - b);
    const existing = javaHashOrder(wanted, (id) => id, Math.max(Math.floor(wanted.length / 0.75) + 1, 16));
    const missing = [...inputBrokers].filter((b) => !md.brokers.has(b)).sort((a, b) => a - b);
    if (missing.length > 0) throw new TerseError(`ERROR: The given brokers do not exist from --broker-list: ${missing.join(",")}. Current existent brokers: ${clusterBrokers.join(",")}`);
    process.stdout.write("Querying brokers for log directories information\n");
    const byBroker = new Map<number, DirInfo[]>();
    for (const id of existing) {
      const conn = await cluster.broker(id);
      const res = await conn.send<DescribeLogDirsResponse>(ApiKey.DescribeLogDirs, { topics: null });
      if (res.errorCode !== 0) throw new Error(`${javaExceptionClass(errorByCode(res.errorCode).name)}: ${errorByCode(res.errorCode).message}`);
      byBroker.set(id, res.results.map((r) => ({
        logDir: r.logDir,
        error: r.errorCode === 0 ? null : javaExceptionClass(errorByCode(r.errorCode).name),
        replicas: r.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex, size: p.partitionSize, offsetLag: p.offsetLag, isFuture: p.isFutureKey }))),
      })));
    }
    process.stdout.write(`Received log directory information from brokers ${existing.join(",")}\n${formatAsJson(byBroker, topics)}\n`);
    return 0;
  } finally {
    await cluster.close();
  }
}

/** True when this file is the program being run (not imported, e.g. by unit tests). */
function isMain(): boolean {
  try {
    return realpathSync(process.argv[1] ?? "") === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) void runTool(async () => {
  try {
    return await main(process.argv.slice(2));
  } catch (e) {
    if (e instanceof ExitError) throw e;
    process.stderr.write(`${(e as Error).message}\n`);
    if (!(e instanceof TerseError)) process.stderr.write(`${(e as Error).stack ?? ""}\n`);
    return 1;
  }
});
