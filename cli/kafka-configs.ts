/**
 * kafka-configs.sh (Kafka's kafka.admin.ConfigCommand) for topics and brokers:
 *
 *   --bootstrap-server (Kafka 3.x): --describe [--all] through DescribeConfigs (with synonyms),
 *     "Dynamic configs for topic t are:\n  k=v sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:k=v}";
 *     --alter --add-config k1=v1,k2=[v1,v2] --delete-config k1,k2 through IncrementalAlterConfigs
 *     (topics) or AlterConfigs (brokers), "Completed updating config for topic t."
 *   --zookeeper (Kafka 2.x, topics and brokers): reads/writes /config/<type>/<name> and a
 *     /config/changes notification, "Configs for topic 't' are k=v" / "Completed updating config
 *     for entity: topic 't'."
 *
 * Errors as ConfigCommand: bad arguments print their message on stderr (exit 1); failures of the
 * operation print "Error while executing config command with args '...'" and the exception.
 */
import { fileURLToPath } from "node:url";
import { readFileSync, realpathSync } from "node:fs";
import { readPropertiesFile, parseProperties } from "../common/properties.js";
import { ConfigSource, javaExceptionClass } from "../broker/client/admin.js";
import { Cluster, errorFor } from "../broker/client/cluster.js";
import { ApiKey } from "../broker/protocol/api-keys.js";
import type { KafkaError } from "../broker/protocol/errors.js";
import type { AlterConfigsResponse } from "../broker/protocol/schemas/alter-configs.js";
import type { DescribeConfigsResponse, DescribeConfigsResourceResult } from "../broker/protocol/schemas/describe-configs.js";
import type { IncrementalAlterConfigsResponse } from "../broker/protocol/schemas/incremental-alter-configs.js";
import { ExitError, HELP_OPTION, OptionError, VERSION_OPTION, formatHelp, parseArgs, runTool, toolVersion, type OptionDef, type ParsedOptions } from "./args.js";
import { TOPIC_CONFIG_NAMES } from "./topic-service.js";

export const CONFIGS_OPTIONS: OptionDef[] = [
  { name: "add-config", description: "Key Value pairs of configs to add. Square brackets can be used to group values which contain commas: 'k1=v1,k2=[v1,v2,v2],k3=v3'. The following is a list of valid configurations: For entity-type 'topics': \n" + TOPIC_CONFIG_NAMES.map((n) => "\t" + n).join("\n") + "\nEntity types 'users' and 'clients' may be specified together to update config for clients of a specific user.", arg: { type: "String" } },
  { name: "add-config-file", description: "Path to a properties file with configs to add. See add-config for a list of valid configurations.", arg: { type: "String" } },
  { name: "all", description: "List all configs for the given topic, broker, or broker-logger entity (includes static configuration when the entity type is brokers)" },
  { name: "alter", description: "Alter the configuration for the entity." },
  { name: "bootstrap-server", description: "The Kafka server to connect to. This is required for describing and altering broker configs.", arg: { type: "String", describedAs: "server to connect to" } },
  { name: "broker", description: "The broker's ID.", arg: { type: "String" } },
  { name: "broker-defaults", description: "The config defaults for all brokers." },
  { name: "broker-logger", description: "The broker's ID for its logger config.", arg: { type: "String" } },
  { name: "client", description: "The client's ID.", arg: { type: "String" } },
  { name: "client-defaults", description: "The config defaults for all clients." },
  { name: "command-config", description: "Property file containing configs to be passed to Admin Client. This is used only with --bootstrap-server option for describing and altering broker configs.", arg: { type: "String", describedAs: "command config property file" } },
  { name: "delete-config", description: "config keys to remove 'k1,k2'", arg: { type: "String" } },
  { name: "describe", description: "List configs for the given entity." },
  { name: "entity-default", description: "Default entity name for clients/users/brokers/ips (applies to corresponding entity type in command line)" },
  { name: "entity-name", description: "Name of entity (topic name/client id/user principal name/broker id/ip)", arg: { type: "String" } },
  { name: "entity-type", description: "Type of entity (topics/clients/users/brokers/broker-loggers/ips)", arg: { type: "String" } },
  { name: "force", description: "Suppress console prompts" },
  HELP_OPTION,
  { name: "ip", description: "The IP address.", arg: { type: "String" } },
  { name: "ip-defaults", description: "The config defaults for all IPs." },
  { name: "topic", description: "The topic's name.", arg: { type: "String" } },
  { name: "user", description: "The user's principal name.", arg: { type: "String" } },
  { name: "user-defaults", description: "The config defaults for all users." },
  VERSION_OPTION,
  { name: "zookeeper", description: "DEPRECATED. The connection string for the zookeeper connection in the form host:port. Multiple URLS can be given to allow fail-over. Required when configuring SCRAM credentials for users or dynamic broker configs when the relevant broker(s) are down. Not allowed otherwise.", arg: { type: "String", describedAs: "urls" } },
];

const ENTITY_FLAGS: [string, string][] = [["topic", "topics"], ["client", "clients"], ["user", "users"], ["broker", "brokers"], ["broker-logger", "broker-loggers"], ["ip", "ips"]];
const DEFAULT_FLAGS: [string, string][] = [["client-defaults", "clients"], ["user-defaults", "users"], ["broker-defaults", "brokers"], ["ip-defaults", "ips"]];
const ALL_TYPES = ["topics", "clients", "users", "brokers", "ips", "broker-loggers"];
const SUPPORTED_TYPES = ["topics", "brokers"];
const RESOURCE: Record<string, number> = { topics: 2, brokers: 4 };
const SOURCE_NAME = Object.fromEntries(Object.entries(ConfigSource).map(([k, v]) => [v, k])) as Record<number, string>;

/** A ConfigCommand argument error: its message alone on stderr, exit 1. */
class ArgError extends Error {}

/** The entity types and names, in the order given (entity-type/entity-name pairs or flags). */
function entities(o: ParsedOptions): { types: string[]; names: string[] } {
  const types = [...o.values("entity-type"), ...ENTITY_FLAGS.filter(([f]) => o.has(f)).map(([, t]) => t), ...DEFAULT_FLAGS.filter(([f]) => o.has(f)).map(([, t]) => t)];
  const names = [...o.values("entity-name"), ...ENTITY_FLAGS.filter(([f]) => o.has(f)).map(([f]) => o.value(f)!)];
  if (o.has("entity-default") || DEFAULT_FLAGS.some(([f]) => o.has(f))) names.push("");
  return { types, names };
}

function usage(message: string): never {
  process.stderr.write(message + "\n" + formatHelp(CONFIGS_OPTIONS));
  throw new ExitError(1, message);
}

/** ConfigCommandOptions.checkArgs (the parts for topics and brokers). */
function checkArgs(o: ParsedOptions): { type: string; name: string | undefined } {
  // ConfigCommand.main: maybePrintHelpOrVersion (no arguments or --help) before checkArgs
  if (o.argCount === 0 || o.has("help")) usage("This tool helps to manipulate and describe entity config for a topic, client, user, broker, ip or client-metrics");
  if (o.has("version")) {
    process.stdout.write(toolVersion() + "\n");
    throw new ExitError(0);
  }
  if (["alter", "describe"].filter((a) => o.has(a)).length !== 1) usage("Command must include exactly one action: --describe, --alter");
  if (o.has("alter") && o.has("describe")) usage('Option "[alter]" can\'t be used with option "[describe]"');
  for (const x of ["add-config", "delete-config"]) if (o.has("describe") && o.has(x)) usage(`Option "[describe]" can't be used with option "[${x}]"`);
  const { types, names } = entities(o);
  const dups = types.filter((t, i) => types.indexOf(t) !== i);
  if (dups.length > 0) throw new ArgError(`Duplicate entity type(s) specified: ${[...new Set(dups)].join(",")}`);
  const connect = o.has("bootstrap-server") ? "--bootstrap-server" : "--zookeeper";
  for (const t of types) if (!ALL_TYPES.includes(t) || (connect === "--zookeeper" && t === "broker-loggers")) throw new ArgError(`Invalid entity type ${t}, the entity type must be one of ${(connect === "--zookeeper" ? ALL_TYPES.filter((x) => x !== "broker-loggers") : ALL_TYPES).join(", ")} with a ${connect} argument`);
  if (types.length === 0) throw new ArgError("At least one entity type must be specified");
  if (types.length > 1) throw new ArgError("Only 'users' and 'clients' entity types may be specified together");
  if ((o.has("entity-name") || o.has("entity-type") || o.has("entity-default")) && [...ENTITY_FLAGS, ...DEFAULT_FLAGS].some(([f]) => o.has(f)))
    throw new ArgError("--entity-{type,name,default} should not be used in conjunction with specific entity flags");
  if (!o.has("bootstrap-server") && !o.has("zookeeper")) throw new ArgError("One of the required --bootstrap-server or --zookeeper arguments must be specified");
  if (o.has("bootstrap-server") && o.has("zookeeper")) throw new ArgError("Only one of --bootstrap-server or --zookeeper must be specified");
  if (o.has("all") && o.has("zookeeper")) throw new ArgError("--bootstrap-server must be specified for --all");
  const type = types[0]!;
  const hasName = names.some((n) => n !== "");
  const hasDefault = names.includes("");
  if (hasName && type === "brokers") {
    for (const n of names.filter((x) => x !== "")) if (!/^[-+]?\d+$/.test(n)) throw new ArgError(`The entity name for ${type} must be a valid integer broker id, but it is: ${n}`);
  }
  if (o.has("alter")) {
    if (type === "topics" && !hasName) throw new ArgError(`an entity name must be specified with --alter of ${types.join(",")}`);
    if (!hasName && !hasDefault) throw new ArgError("An entity name must be specified for every entity type");
    if (o.has("add-config") && o.has("add-config-file")) throw new ArgError("Only one of --add-config or --add-config-file must be specified");
    if (!o.has("add-config") && !o.has("add-config-file") && !o.has("delete-config")) throw new ArgError("At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter");
  }
  if (!SUPPORTED_TYPES.includes(type)) throw new ArgError(`Entity type ${type} is not supported by this implementation (supported: ${SUPPORTED_TYPES.join(", ")})`);
  if (type === "topics" && hasDefault && !hasName) throw new ArgError("Default entity name is not supported for entity type topics");
  return { type, name: hasName ? names.find((n) => n !== "")! : hasDefault ? "" : undefined };
}

/** ConfigCommand.parseConfigsToBeAdded: split at commas outside [], then key=value; [] removed. */
export function parseConfigsToBeAdded(o: ParsedOptions): Map<string, string> {
  const out = new Map<string, string>();
  const file = o.value("add-config-file");
  if (file) for (const [k, v] of readPropertiesFile(file)) out.set(k, v);
  const raw = o.value("add-config");
  if (raw !== undefined) {
    const lookahead = "(?=[^\\]]*(?:\\[|$))";
    const pairs = raw.split(new RegExp("," + lookahead)).map((kv) => kv.split(new RegExp("\\s*=\\s*" + lookahead)));
    if (!pairs.every((p) => p.length === 2)) throw new ArgError('requirement failed: Invalid entity config: all configs to be added must be in the format "key=val".');
    for (const [k, v] of pairs) out.set(k!.trim(), v!.replace(/\[?\]?/g, "").trim());
  }
  for (const k of out.keys()) if (!/^[a-zA-Z0-9._-]*$/.test(k)) throw new ArgError(`Invalid character found for config key: ${k}`);
  return out;
}

function parseConfigsToBeDeleted(o: ParsedOptions): string[] {
  return o.values("delete-config").flatMap((v) => v.split(",")).map((s) => s.trim());
}

/** The failure path of ConfigCommand.main for anything but argument errors. */
class CommandFailure extends Error {
  constructor(readonly javaText: string) { super(javaText); }
}
const execFailure = (e: KafkaError) => new CommandFailure(`java.util.concurrent.ExecutionException: ${javaExceptionClass(e.errorName)}: ${e.message}`);

// ---- --bootstrap-server ------------------------------------------------------------------------

class AdminConfigs {
  constructor(readonly cluster: Cluster, private readonly timeoutMs: number) {}

  async describe(type: string, name: string, includeSynonyms: boolean): Promise<DescribeConfigsResourceResult[]> {
    const conn = await this.cluster.any();
    const v = conn.versionFor(ApiKey.DescribeConfigs);
    const res = await conn.sendAt<DescribeConfigsResponse>(ApiKey.DescribeConfigs, v, {
      resources: [{ resourceType: RESOURCE[type]!, resourceName: name, configurationKeys: null }], includeSynonyms, includeDocumentation: false,
    });
    const r = res.results[0];
    if (!r) throw new CommandFailure("java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.UnknownServerException: empty DescribeConfigs response");
    if (r.errorCode !== 0) throw execFailure(errorFor(r.errorCode, r.errorMessage));
    return r.configs;
  }

  /** getResourceConfig: dynamic entries of the entity (all of them with --all), sorted by name. */
  async resourceConfig(type: string, name: string, includeSynonyms: boolean, all: boolean): Promise<DescribeConfigsResourceResult[]> {
    const want = type === "topics" ? ConfigSource.DYNAMIC_TOPIC_CONFIG : name === "" ? ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG : ConfigSource.DYNAMIC_BROKER_CONFIG;
    const rows = await this.describe(type, name, includeSynonyms);
    return rows.filter((r) => all || r.configSource === want).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async incrementalAlter(type: string, name: string, ops: { name: string; configOperation: number; value: string | null }[]): Promise<void> {
    const conn = await this.cluster.any();
    const res = await conn.send<IncrementalAlterConfigsResponse>(ApiKey.IncrementalAlterConfigs, {
      resources: [{ resourceType: RESOURCE[type]!, resourceName: name, configs: ops }], validateOnly: false,
    });
    const r = res.responses[0];
    if (r && r.errorCode !== 0) throw execFailure(errorFor(r.errorCode, r.errorMessage));
  }

  async alter(type: string, name: string, configs: { name: string; value: string | null }[]): Promise<void> {
    const conn = await this.cluster.any();
    const res = await conn.send<AlterConfigsResponse>(ApiKey.AlterConfigs, {
      resources: [{ resourceType: RESOURCE[type]!, resourceName: name, configs }], validateOnly: false,
    });
    const r = res.responses[0];
    if (r && r.errorCode !== 0) throw execFailure(errorFor(r.errorCode, r.errorMessage));
  }
}

async function describeWithAdmin(a: AdminConfigs, type: string, name: string | undefined, all: boolean): Promise<void> {
  let names: string[];
  if (name !== undefined) names = [name];
  else if (type === "topics") {
    const md = await a.cluster.refreshMetadata(null);
    names = [...md.topics.values()].filter((t) => t.errorCode === 0).map((t) => t.name).sort();
  } else {
    const md = await a.cluster.refreshMetadata([]);
    names = [...[...md.brokers.keys()].sort((x, y) => x - y).map(String), ""];
  }
  const singular = type.slice(0, -1);
  for (const n of names) {
    let out = n === "" ? `Default configs for ${type} in the cluster are:\n` : `${all ? "All" : "Dynamic"} configs for ${singular} ${n} are:\n`;
    for (const e of await a.resourceConfig(type, n, true, all)) {
      const syn = e.synonyms.map((s) => `${SOURCE_NAME[s.source] ?? "UNKNOWN"}:${s.name}=${s.value}`).join(", ");
      out += `  ${e.name}=${e.isSensitive ? null : e.value} sensitive=${e.isSensitive} synonyms={${syn}}\n`;
    }
    process.stdout.write(out);
  }
}

async function alterWithAdmin(a: AdminConfigs, type: string, name: string, add: Map<string, string>, del: string[]): Promise<void> {
  const old = new Map((await a.resourceConfig(type, name, false, false)).map((e) => [e.name, e]));
  const invalid = del.filter((k) => !old.has(k));
  if (invalid.length > 0) throw new ArgError(`Invalid config(s): ${invalid.join(",")}`);
  if (type === "topics") {
    await a.incrementalAlter(type, name, [
      ...[...add].map(([k, v]) => ({ name: k, configOperation: 0, value: v })),
      ...del.map((k) => ({ name: k, configOperation: 1, value: "" })),
    ]);
  } else {
    const entries = new Map<string, string | null>([...old].map(([k, e]) => [k, e.value]));
    for (const [k, v] of add) entries.set(k, v);
    for (const k of del) entries.delete(k);
    const sensitive = [...entries].filter(([, v]) => v === null).map(([k]) => k);
    if (sensitive.length > 0) throw new ArgError(`All sensitive broker config entries must be specified for --alter, missing entries: Set(${sensitive.join(", ")})`);
    await a.alter(type, name, [...entries].map(([k, v]) => ({ name: k, value: v })));
  }
  process.stdout.write(name === "" ? `Completed updating default config for ${type} in the cluster.\n` : `Completed updating config for ${type.slice(0, -1)} ${name}.\n`);
}

// ---- --zookeeper (Kafka 2.x) -------------------------------------------------------------------

/** ConfigCommand's Entity.toString: "topic 't'", "brokers '0'", "default brokers". */
function zkEntity(type: string, name: string): string {
  const typeName = type === "topics" ? "topic" : type;
  return name === "<default>" ? `default ${typeName}` : `${typeName} '${name}'`;
}

/** validateBrokersNotRunning: ZooKeeper may only touch the configs of brokers that are down. */
async function checkBrokersDown(zk: { getBrokerIds(): Promise<number[]> }, name: string, errorMessage: string): Promise<void> {
  const info = "Broker configuration operations using ZooKeeper are only supported if the affected broker(s) are not running.";
  const running = await zk.getBrokerIds();
  if (name !== "<default>") {
    if (running.includes(Number(name))) throw new ArgError(`requirement failed: ${errorMessage} - broker ${name} is running. ${info}`);
  } else if (running.length > 0) throw new ArgError(`requirement failed: ${errorMessage} - ${running.length} brokers are running. ${info}`);
}

async function withZk(connect: string, type: string, name: string | undefined, o: ParsedOptions): Promise<void> {
  const { KafkaZkClient } = await import("../broker/zk/kafka-zk-client.js");
  process.stdout.write("Warning: --zookeeper is deprecated and will be removed in a future version of Kafka.\nUse --bootstrap-server instead to specify a broker to connect to.\n");
  const zk = await KafkaZkClient.connect(connect, { connectionTimeoutMs: 30_000, sessionTimeoutMs: 30_000 });
  const zkName = name === "" ? "<default>" : name;
  try {
    if (o.has("describe")) {
      if (type === "brokers") await checkBrokersDown(zk, zkName ?? "<default>", "--bootstrap-server option must be specified to describe brokers");
      const names = zkName !== undefined ? [zkName] : type === "topics" ? (await zk.getAllTopics()).sort() : [...(await zk.getBrokerIds()).sort((a, b) => a - b).map(String), "<default>"];
      for (const n of names) {
        const cfg = await zk.getEntityConfig(type, n);
        process.stdout.write(`Configs for ${zkEntity(type, n)} are ${Object.entries(cfg).map(([k, v]) => `${k}=${v}`).join(",")}\n`);
      }
      return;
    }
    const add = parseConfigsToBeAdded(o);
    const del = parseConfigsToBeDeleted(o);
    if (type === "topics") {
      if (!(await zk.topicExists(zkName!))) throw new ArgError(`Topic ${zkName} does not exist`);
      const unknown = [...add.keys()].filter((k) => !(TOPIC_CONFIG_NAMES as readonly string[]).includes(k));
      if (unknown.length > 0) throw new ArgError(`Unknown topic config name: ${unknown[0]}`);
    } else if (type === "brokers" && (add.size > 0 || del.length > 0)) {
      const errorMessage = `--bootstrap-server option must be specified to update brokers configs: {add: {${[...add].map(([k, v]) => `${k}=${v}`).join(", ")}}, delete: List(${del.join(", ")})}`;
      await checkBrokersDown(zk, zkName!, errorMessage);
    }
    const cfg = await zk.getEntityConfig(type, zkName!);
    const invalid = del.filter((k) => !(k in cfg));
    if (invalid.length > 0) throw new ArgError(`Invalid config(s): ${invalid.join(",")}`);
    for (const [k, v] of add) cfg[k] = v;
    for (const k of del) delete cfg[k];
    await zk.changeEntityConfig(type, zkName!, cfg);
    process.stdout.write(`Completed updating config for entity: ${zkEntity(type, zkName!)}.\n`);
  } finally {
    await zk.close();
  }
}

async function main(argv: string[]): Promise<number> {
  let o: ParsedOptions;
  try {
    o = parseArgs(CONFIGS_OPTIONS, argv);
  } catch (e) {
    if (e instanceof OptionError) throw new ArgError(e.message);
    throw e;
  }
  const { type, name } = checkArgs(o);
  const add = o.has("alter") ? parseConfigsToBeAdded(o) : new Map<string, string>();
  const del = o.has("alter") ? parseConfigsToBeDeleted(o) : [];
  if (o.has("zookeeper")) {
    await withZk(o.value("zookeeper")!, type, name, o);
    return 0;
  }
  const cfgFile = o.value("command-config");
  const props = cfgFile ? parseProperties(readFileSync(cfgFile, "utf8")) : new Map<string, string>();
  const timeoutMs = Number(props.get("default.api.timeout.ms") ?? 60_000);
  const cluster = new Cluster(o.value("bootstrap-server")!, { clientId: "adminclient-1", requestTimeoutMs: Number(props.get("request.timeout.ms") ?? 30_000), bootstrapTimeoutMs: timeoutMs });
  const a = new AdminConfigs(cluster, timeoutMs);
  try {
    if (o.has("describe")) await describeWithAdmin(a, type, name, o.has("all"));
    else await alterWithAdmin(a, type, name!, add, del);
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
  const argv = process.argv.slice(2);
  try {
    return await main(argv);
  } catch (e) {
    if (e instanceof ExitError) throw e;
    if (e instanceof ArgError) {
      process.stderr.write(e.message + "\n");
      return 1;
    }
    process.stderr.write(`Error while executing config command with args '${argv.join(" ")}'\n`);
    if (e instanceof CommandFailure) process.stderr.write(e.javaText + "\n");
    else process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
});
