/**
 * kafka-get-offsets.sh (Kafka's GetOffsetShell, also `kafka-run-class.sh kafka.tools.GetOffsetShell`):
 * prints `topic:partition:offset` for every matching partition, sorted by "topic-partition" as
 * Kafka's TreeMap does, from ListOffsets at each partition's leader. --time takes a timestamp or
 * -1/latest, -2/earliest, -3/max-timestamp; partitions without an offset (-1) are left out.
 * Failures print "Error occurred: <message>" on stderr and exit 1 (Kafka's TerseException path).
 */
import { readPropertiesFile } from "../common/properties.js";
import { Cluster, errorFor, parseBootstrap, type TopicMetadata } from "../broker/client/cluster.js";
import { javaExceptionClass } from "../broker/client/admin.js";
import { ApiKey } from "../broker/protocol/api-keys.js";
import { KafkaError } from "../broker/protocol/errors.js";
import type { ListOffsetsResponse } from "../broker/protocol/schemas/list-offsets.js";
import { ExitError, HELP_OPTION, OptionError, VERSION_OPTION, maybeHelpOrVersion, parseArgs, runTool, usageAndDie, type OptionDef } from "./args.js";

const USAGE = "An interactive shell for getting topic-partition offsets.";
const TP_PATTERN = "([^:,]*)(?::(?:([0-9]*)|(?:([0-9]*)-([0-9]*))))?";

export const GET_OFFSETS_OPTIONS: OptionDef[] = [
  { name: "bootstrap-server", description: "REQUIRED. The server(s) to connect to in the form HOST1:PORT1,HOST2:PORT2.", arg: { type: "String", describedAs: "HOST1:PORT1,...,HOST3:PORT3" } },
  { name: "broker-list", description: "DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified. The server(s) to connect to in the form HOST1:PORT1,HOST2:PORT2.", arg: { type: "String", describedAs: "HOST1:PORT1,...,HOST3:PORT3" } },
  { name: "command-config", description: "Property file containing configs to be passed to Admin Client.", arg: { type: "String", describedAs: "config file" } },
  { name: "exclude-internal-topics", description: "By default, internal topics are included. If specified, internal topics are excluded." },
  HELP_OPTION,
  { name: "partitions", description: "Comma separated list of partition ids to get the offsets for. If not present, all partitions of the authorized topics are queried. Cannot be used if --topic-partitions is present.", arg: { type: "String", describedAs: "partition ids" } },
  { name: "time", description: "timestamp of the offsets before that. [Note: No offset is returned, if the timestamp greater than recently committed record timestamp is given.]", arg: { type: "String", describedAs: "<timestamp> / -1 or latest / -2 or earliest / -3 or max-timestamp" }, defaultValue: "latest" },
  { name: "topic", description: "The topic to get the offsets for. It also accepts a regular expression. If not present, all authorized topics are queried. Cannot be used if --topic-partitions is present.", arg: { type: "String", describedAs: "topic" } },
  { name: "topic-partitions", description: `Comma separated list of topic-partition patterns to get the offsets for, with the format of '${TP_PATTERN}'. The first group is an optional regex for the topic name, if omitted, it matches any topic name. The section after ':' describes a 'partition' pattern, which can be: a number, a range in the format of 'NUMBER-NUMBER' (lower inclusive, upper exclusive), an inclusive lower bound in the format of 'NUMBER-', an exclusive upper bound in the format of '-NUMBER' or may be omitted to accept all partitions.`, arg: { type: "String", describedAs: "topic1:1,topic2:0-3,topic3,topic4:5-,topic5:-3" } },
  VERSION_OPTION,
];

class TerseError extends Error {}

type Filter = (topic: string, partition: number) => boolean;

function fullMatch(re: string): RegExp {
  try {
    return new RegExp(`^(?:${re})$`);
  } catch (e) {
    throw new TerseError(`Illegal regular expression: ${(e as Error).message}`);
  }
}

function parseTime(s: string): bigint {
  const named: Record<string, bigint> = { earliest: -2n, latest: -1n, "max-timestamp": -3n };
  if (s in named) return named[s]!;
  if (!/^[-+]?\d+$/.test(s)) throw new TerseError(`Malformed time argument ${s}. Please use -1 or latest / -2 or earliest / -3 or max-timestamp, or a specified long format timestamp`);
  return BigInt(s);
}

function partitionSet(s: string | undefined): Set<number> {
  const out = new Set<number>();
  if (!s) return out;
  for (const p of s.split(",")) {
    const t = p.trim();
    if (!/^\d+$/.test(t)) throw new TerseError(`--partitions expects a comma separated list of numeric partition ids, but received: ${s}`);
    out.add(Number(t));
  }
  return out;
}

/** One rule of --topic-partitions: TopicRegex(:N | :N-M | :N- | :-M)? */
function parseRule(spec: string): Filter {
  const m = new RegExp(`^${TP_PATTERN}$`).exec(spec);
  if (!m) throw new TerseError(`Invalid rule specification: ${spec}`);
  const topicRe = fullMatch(m[1] === undefined || m[1] === "" ? ".*" : m[1]);
  let part: (p: number) => boolean = () => true;
  if (m[2] !== undefined && m[2] !== "") { const n = Number(m[2]); part = (p) => p === n; }
  else {
    // "t", "t:", "t:N-", "t:-M", "t:N-M": a range, open ends default to 0 and Integer.MAX_VALUE
    const lo = m[3] ? Number(m[3]) : 0;
    const hi = m[4] ? Number(m[4]) : 2147483647;
    part = (p) => p >= lo && p < hi;
  }
  return (t, p) => topicRe.test(t) && part(p);
}

async function listOffsets(cluster: Cluster, topics: TopicMetadata[], wanted: Filter, timestamp: bigint): Promise<Map<string, bigint | KafkaError>> {
  const byLeader = new Map<number, Map<string, number[]>>();
  const result = new Map<string, bigint | KafkaError>();
  for (const t of topics) {
    for (const p of t.partitions) {
      if (!wanted(t.name, p.partition)) continue;
      if (p.leader < 0) { result.set(`${t.name}-${p.partition}`, new KafkaError("LEADER_NOT_AVAILABLE")); continue; }
      const m = byLeader.get(p.leader) ?? new Map<string, number[]>();
      const l = m.get(t.name) ?? [];
      l.push(p.partition);
      m.set(t.name, l);
      byLeader.set(p.leader, m);
    }
  }
  await Promise.all([...byLeader].map(async ([leader, m]) => {
    const conn = await cluster.broker(leader);
    const res = await conn.send<ListOffsetsResponse>(ApiKey.ListOffsets, {
      replicaId: -1,
      isolationLevel: 0,
      topics: [...m].map(([name, ps]) => ({ name, partitions: ps.map((partitionIndex) => ({ partitionIndex, currentLeaderEpoch: -1, timestamp, maxNumOffsets: 1 })) })),
    });
    for (const t of res.topics) {
      for (const p of t.partitions) {
        const key = `${t.name}-${p.partitionIndex}`;
        if (p.errorCode !== 0) result.set(key, errorFor(p.errorCode));
        else result.set(key, p.oldStyleOffsets.length > 0 && p.offset === -1n ? p.oldStyleOffsets[0]! : p.offset);
      }
    }
  }));
  return result;
}

async function main(argv: string[]): Promise<number> {
  const d = GET_OFFSETS_OPTIONS;
  if (argv.length === 0) usageAndDie(d, USAGE);
  let o;
  try {
    o = parseArgs(d, argv);
  } catch (e) {
    if (e instanceof OptionError) throw new TerseError(e.message);
    throw e;
  }
  maybeHelpOrVersion(d, o, USAGE);
  // bootstrap-server is requiredUnless("broker-list"): joptsimple fails the parse itself
  if (!o.has("bootstrap-server") && !o.has("broker-list")) throw new TerseError("Missing required option(s) [bootstrap-server]");
  const bootstrap = (o.value("bootstrap-server") ?? o.value("broker-list"))!;
  let validBootstrap = true;
  try { parseBootstrap(bootstrap); } catch { validBootstrap = false; }
  if (!validBootstrap) usageAndDie(d, "Please provide valid host:port like host1:9091,host2:9092\n");
  if (o.has("topic-partitions") && (o.has("topic") || o.has("partitions"))) throw new TerseError("--topic-partitions cannot be used with --topic or --partitions");
  const timestamp = parseTime(o.value("time")!);
  let filter: Filter;
  if (o.has("topic-partitions")) {
    const rules = o.value("topic-partitions")!.split(",").map(parseRule);
    filter = (t, p) => rules.some((r) => r(t, p));
  } else {
    const topicRe = fullMatch(o.value("topic") ?? ".*");
    const parts = partitionSet(o.value("partitions"));
    filter = (t, p) => topicRe.test(t) && (parts.size === 0 || parts.has(p));
  }
  const cfg = o.value("command-config");
  const props = cfg ? readPropertiesFile(cfg) : new Map<string, string>();
  const cluster = new Cluster(bootstrap, { clientId: "GetOffsetShell", requestTimeoutMs: Number(props.get("request.timeout.ms") ?? 30_000), bootstrapTimeoutMs: Number(props.get("default.api.timeout.ms") ?? 60_000) });
  try {
    const md = await cluster.refreshMetadata(null);
    const topics = [...md.topics.values()].filter((t) => t.errorCode === 0 && !(o.has("exclude-internal-topics") && t.isInternal));
    const matching = topics.filter((t) => t.partitions.some((p) => filter(t.name, p.partition)));
    if (matching.length === 0) throw new TerseError("Could not match any topic-partitions with the specified filters");
    const offsets = await listOffsets(cluster, matching, filter, timestamp);
    const keys = [...offsets.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    let out = "";
    for (const k of keys) {
      const v = offsets.get(k)!;
      if (v instanceof KafkaError) {
        process.stderr.write(`Skip getting offsets for topic-partition ${k} due to error: ${javaExceptionClass(v.errorName)}: ${v.message}\n`);
        continue;
      }
      if (v === -1n) continue;
      const i = k.lastIndexOf("-");
      out += `${k.slice(0, i)}:${k.slice(i + 1)}:${v}\n`;
    }
    process.stdout.write(out);
    return 0;
  } finally {
    await cluster.close();
  }
}

void runTool(async () => {
  try {
    return await main(process.argv.slice(2));
  } catch (e) {
    if (e instanceof ExitError) throw e;
    process.stderr.write(`Error occurred: ${(e as Error).message}\n`);
    if (!(e instanceof TerseError)) process.stderr.write(`${(e as Error).stack ?? ""}\n`);
    return 1;
  }
});
