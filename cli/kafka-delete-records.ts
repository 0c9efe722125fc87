/**
 * kafka-delete-records.sh (Kafka's DeleteRecordsCommand): reads Kafka's offset JSON file
 *
 *   {"partitions": [{"topic": "foo", "partition": 1, "offset": 1}], "version": 1}
 *
 * (offset -1 = up to the high watermark) and sends DeleteRecords to each partition's leader,
 * printing "partition: <t-p>\tlow_watermark: <n>" (or "\terror: <exception>") per partition.
 */
import { fileURLToPath } from "node:url";
import { readFileSync, realpathSync } from "node:fs";
import { readPropertiesFile } from "../common/properties.js";
import { javaExceptionClass } from "../broker/client/admin.js";
import { Cluster, errorFor } from "../broker/client/cluster.js";
import { ApiKey } from "../broker/protocol/api-keys.js";
import { KafkaError } from "../broker/protocol/errors.js";
import type { DeleteRecordsResponse } from "../broker/protocol/schemas/delete-records.js";
import { javaHashOrder, topicPartitionHash } from "./kafka-log-dirs.js";
import { HELP_OPTION, VERSION_OPTION, checkRequiredArgs, maybeHelpOrVersion, parseArgs, runTool, type OptionDef } from "./args.js";

export const DELETE_RECORDS_OPTIONS: OptionDef[] = [
  { name: "bootstrap-server", description: "REQUIRED: The server to connect to.", arg: { type: "String", describedAs: "server(s) to use for bootstrapping" } },
  { name: "command-config", description: "A property file containing configs to be passed to Admin Client.", arg: { type: "String", describedAs: "command config property file path" } },
  HELP_OPTION,
  { name: "offset-json-file", description: 'REQUIRED: The JSON file with offset per partition. The format to use is:\n{"partitions":\n  [{"topic": "foo", "partition": 1, "offset": 1}],\n "version":1\n}', arg: { type: "String", describedAs: "Offset json file path" } },
  VERSION_OPTION,
];

/** A Java exception escaping main (Kafka's tool lets these through). */
class JavaException extends Error {
  constructor(readonly javaClass: string, message: string) { super(message); }
}

interface Target { topic: string; partition: number; offset: bigint }

/** DeleteRecordsCommand.parseOffsetJsonStringWithoutDedup + the duplicate check. */
export function parseOffsetJson(text: string): Target[] {
  let js: unknown;
  try {
    js = JSON.parse(text);
  } catch {
    throw new JavaException("org.apache.kafka.server.common.AdminOperationException", "The input string is not a valid JSON");
  }
  if (typeof js !== "object" || js === null || Array.isArray(js)) throw new JavaException("com.fasterxml.jackson.databind.JsonMappingException", `Expected JSON object, received ${JSON.stringify(js)}`);
  const obj = js as Record<string, unknown>;
  const version = obj.version === undefined ? 1 : obj.version;
  if (version !== 1) throw new JavaException("org.apache.kafka.server.common.AdminOperationException", `Not supported version field value ${String(version)}`);
  if (!Array.isArray(obj.partitions)) {
    if (obj.partitions === undefined) throw new JavaException("org.apache.kafka.server.common.AdminOperationException", "Missing partitions field");
    throw new JavaException("com.fasterxml.jackson.databind.JsonMappingException", `Expected JSON array, received ${JSON.stringify(obj.partitions)}`);
  }
  const out: Target[] = [];
  for (const p of obj.partitions as unknown[]) {
    const e = p as Record<string, unknown>;
    for (const f of ["topic", "partition", "offset"]) if (typeof e !== "object" || e === null || !(f in e)) throw new JavaException("com.fasterxml.jackson.databind.JsonMappingException", `No such field exists: \`${f}\``);
    if (typeof e.topic !== "string") throw new JavaException("com.fasterxml.jackson.databind.JsonMappingException", `Expected \`String\` value, received ${JSON.stringify(e.topic)}`);
    if (typeof e.partition !== "number" || !Number.isInteger(e.partition)) throw new JavaException("com.fasterxml.jackson.databind.JsonMappingException", `Expected \`Int\` value, received ${JSON.stringify(e.partition)}`);
    if (typeof e.offset !== "number" || !Number.isInteger(e.offset)) throw new JavaException("com.fasterxml.jackson.databind.JsonMappingException", `Expected \`Long\` value, received ${JSON.stringify(e.offset)}`);
    out.push({ topic: e.topic, partition: e.partition, offset: BigInt(e.offset) });
  }
  const seen = new Set<string>();
  const dups = new Set<string>();
  for (const t of out) {
    const k = `${t.topic}-${t.partition}`;
    if (seen.has(k)) dups.add(k);
    seen.add(k);
  }
  if (dups.size > 0) throw new JavaException("org.apache.kafka.server.common.AdminCommandFailedException", `Offset json file contains duplicate topic partitions: ${[...dups].join(",")}`);
  return out;
}

async function deleteRecords(cluster: Cluster, targets: Target[], timeoutMs: number): Promise<Map<string, bigint | KafkaError>> {
  const out = new Map<string, bigint | KafkaError>();
  const md = await cluster.refreshMetadata([...new Set(targets.map((t) => t.topic))]);
  const byLeader = new Map<number, Target[]>();
  for (const t of targets) {
    const key = `${t.topic}-${t.partition}`;
    const tm = md.topics.get(t.topic);
    if (!tm || tm.errorCode !== 0) { out.set(key, errorFor(tm?.errorCode ?? 3)); continue; }
    const pm = tm.partitions.find((p) => p.partition === t.partition);
    if (!pm) { out.set(key, new KafkaError("UNKNOWN_TOPIC_OR_PARTITION")); continue; }
    if (pm.leader < 0) { out.set(key, new KafkaError("LEADER_NOT_AVAILABLE")); continue; }
    const l = byLeader.get(pm.leader) ?? [];
    l.push(t);
    byLeader.set(pm.leader, l);
  }
  await Promise.all([...byLeader].map(async ([leader, ts]) => {
    const topics = new Map<string, Target[]>();
    for (const t of ts) topics.set(t.topic, [...(topics.get(t.topic) ?? []), t]);
    const conn = await cluster.broker(leader);
    const res = await conn.send<DeleteRecordsResponse>(ApiKey.DeleteRecords, {
      topics: [...topics].map(([name, ps]) => ({ name, partitions: ps.map((p) => ({ partitionIndex: p.partition, offset: p.offset })) })),
      timeoutMs,
    });
    for (const t of res.topics) for (const p of t.partitions) out.set(`${t.name}-${p.partitionIndex}`, p.errorCode === 0 ? p.lowWatermark : errorFor(p.errorCode));
  }));
  return out;
}

async function main(argv: string[]): Promise<number> {
  const d = DELETE_RECORDS_OPTIONS;
  const o = parseArgs(d, argv);
  maybeHelpOrVersion(d, o, "This tool helps to delete records of the given partitions down to the specified offset.");
  checkRequiredArgs(d, o, "bootstrap-server", "offset-json-file");
  const cfg = o.value("command-config");
  const props = cfg ? readPropertiesFile(cfg) : new Map<string, string>();
  const file = o.value("offset-json-file")!;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new JavaException("java.nio.file.NoSuchFileException", file);
  }
  const targets = parseOffsetJson(text);
  const timeoutMs = Number(props.get("request.timeout.ms") ?? 30_000);
  const cluster = new Cluster(o.value("bootstrap-server")!, { clientId: "adminclient-1", requestTimeoutMs: timeoutMs, bootstrapTimeoutMs: Number(props.get("default.api.timeout.ms") ?? 60_000) });
  try {
    process.stdout.write("Executing records delete operation\n");
    const res = await deleteRecords(cluster, targets, timeoutMs);
    let out = "Records delete operation completed:\n";
    // Kafka prints the Admin result map: a HashMap<TopicPartition, _>(n) filled from the
    // command's HashMap of the file's partitions
    const tpHash = (t: Target) => topicPartitionHash(t.topic, t.partition);
    for (const t of javaHashOrder(javaHashOrder(targets, tpHash), tpHash, targets.length)) {
      const k = `${t.topic}-${t.partition}`;
      const r = res.get(k);
      if (r instanceof KafkaError) out += `partition: ${k}\terror: ${javaExceptionClass(r.errorName)}: ${r.message}\n`;
      else out += `partition: ${k}\tlow_watermark: ${r ?? -1n}\n`;
    }
    process.stdout.write(out);
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
    if (e instanceof JavaException) {
      process.stderr.write(`Exception in thread "main" ${e.javaClass}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
});
