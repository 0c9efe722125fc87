/**
 * kafka-topics.sh (Kafka's TopicCommand): create, list, describe, alter and delete topics, either
 * through ZooKeeper (`--zookeeper`, Kafka 2.x behaviour) or through the Admin API
 * (`--bootstrap-server`, Kafka 3.x behaviour). Options, checks, messages and exit codes follow
 * TopicCommand; failures print "Error while executing topic command : <message>" on stdout, an
 * ERROR log line on stderr, and exit 1.
 */
import { readPropertiesFile } from "../common/properties.js";
import {
  ExitError, HELP_OPTION, VERSION_OPTION, checkInvalidArgs, checkRequiredArgs, log4jLine, maybeHelpOrVersion, parseArgs,
  runTool, usageAndDie, type OptionDef, type ParsedOptions,
} from "./args.js";
import { TOPIC_CONFIG_NAMES, TopicCommandError, parseReplicaAssignment, type TopicRequest, type TopicService } from "./topic-service.js";

const CONFIGS_CAN_ALTER = " (To alter topic configurations, the kafka-configs tool can be used.)";

export const TOPIC_OPTIONS: OptionDef[] = [
  { name: "alter", description: "Alter the number of partitions and replica assignment. Update the configuration of an existing topic via --alter is no longer supported here" + CONFIGS_CAN_ALTER },
  { name: "at-min-isr-partitions", description: "if set when describing topics, only show partitions whose isr count is equal to the configured minimum." },
  { name: "bootstrap-server", description: "REQUIRED: The Kafka server to connect to.", arg: { type: "String", describedAs: "server to connect to" } },
  { name: "command-config", description: "Property file containing configs to be passed to Admin Client. This is used only with --bootstrap-server option for describing and altering broker configs.", arg: { type: "String", describedAs: "command config property file" } },
  {
    name: "config",
    description: "A topic configuration override for the topic being created or altered. The following is a list of valid configurations: \n"
      + TOPIC_CONFIG_NAMES.map((n) => "\t" + n).join("\n") + "\n"
      + "See the Kafka documentation for full details on the topic configs. It is supported only in combination with --create if --bootstrap-server option is used" + CONFIGS_CAN_ALTER + ".",
    arg: { type: "String", describedAs: "name=value" },
  },
  { name: "create", description: "Create a new topic." },
  { name: "delete", description: "Delete a topic" },
  { name: "delete-config", description: "A topic configuration override to be removed for an existing topic (see the list of configurations under the --config option). Not supported with the --bootstrap-server option.", arg: { type: "String", describedAs: "name" } },
  { name: "describe", description: "List details for the given topics." },
  { name: "disable-rack-aware", description: "Disable rack aware replica assignment" },
  { name: "exclude-internal", description: "exclude internal topics when running list or describe command. The internal topics will be listed by default" },
  HELP_OPTION,
  { name: "if-exists", description: "if set when altering or deleting or describing topics, the action will only execute if the topic exists." },
  { name: "if-not-exists", description: "if set when creating topics, the action will only execute if the topic does not already exist." },
  { name: "list", description: "List all available topics." },
  { name: "partitions", description: "The number of partitions for the topic being created or altered (WARNING: If partitions are increased for a topic that has a key, the partition logic or ordering of the messages will be affected). If not supplied for create, defaults to the cluster default.", arg: { type: "Integer", describedAs: "# of partitions" } },
  { name: "replica-assignment", description: "A list of manual partition-to-broker assignments for the topic being created or altered.", arg: { type: "String", describedAs: "broker_id_for_part1_replica1 : broker_id_for_part1_replica2 , broker_id_for_part2_replica1 : broker_id_for_part2_replica2 , ..." } },
  { name: "replication-factor", description: "The replication factor for each partition in the topic being created. If not supplied, defaults to the cluster default.", arg: { type: "Integer", describedAs: "replication factor" } },
  { name: "topic", description: "The topic to create, alter, describe or delete. It also accepts a regular expression, except for --create option. Put topic name in double quotes and use the '\\' prefix to escape regular expression symbols; e.g. \"test\\.topic\".", arg: { type: "String", describedAs: "topic" } },
  { name: "topics-with-overrides", description: "if set when describing topics, only show topics that have overridden configs" },
  { name: "unavailable-partitions", description: "if set when describing topics, only show partitions whose leader is not available" },
  { name: "under-min-isr-partitions", description: "if set when describing topics, only show partitions whose isr count is less than the configured minimum." },
  { name: "under-replicated-partitions", description: "if set when describing topics, only show under replicated partitions" },
  VERSION_OPTION,
  { name: "zookeeper", description: "DEPRECATED, The connection string for the zookeeper connection in the form host:port. Multiple hosts can be given to allow fail-over.", arg: { type: "String", describedAs: "hosts" } },
];

const ACTIONS = ["alter", "create", "describe", "list", "delete"];
const REPORTS = ["under-replicated-partitions", "under-min-isr-partitions", "at-min-isr-partitions", "unavailable-partitions"];
const except = (all: string[], ...rm: string[]) => all.filter((a) => !rm.includes(a));

/** TopicCommandOptions.checkArgs (Kafka 2.8 with --zookeeper, 3.x otherwise). */
function checkArgs(o: ParsedOptions): void {
  const d = TOPIC_OPTIONS;
  if (o.argCount === 0) usageAndDie(d, "Create, delete, describe, or change a topic.");
  maybeHelpOrVersion(d, o, "This tool helps to create, delete, describe, or change a topic.");
  if (ACTIONS.filter((a) => o.has(a)).length !== 1) usageAndDie(d, "Command must include exactly one action: --list, --describe, --create, --alter or --delete");
  if (o.has("bootstrap-server") === o.has("zookeeper")) {
    const msg = o.has("zookeeper") ? "Only one of --bootstrap-server or --zookeeper must be specified" : "--bootstrap-server must be specified";
    process.stderr.write(`Exception in thread "main" java.lang.IllegalArgumentException: ${msg}\n`);
    throw new ExitError(1, msg);
  }
  if (o.has("describe") && o.has("if-exists")) checkRequiredArgs(d, o, "topic");
  if (!o.has("list") && !o.has("describe")) checkRequiredArgs(d, o, "topic");
  if (o.has("create") && !o.has("replica-assignment") && o.has("zookeeper")) checkRequiredArgs(d, o, "partitions", "replication-factor");
  if (o.has("bootstrap-server") && o.has("alter")) {
    if (o.has("config")) usageAndDie(d, `Option combination "[bootstrap-server],[config]" can't be used with option "[alter]"${CONFIGS_CAN_ALTER}`);
    checkRequiredArgs(d, o, "partitions");
  }
  checkInvalidArgs(d, o, "config", except(ACTIONS, "alter", "create"));
  checkInvalidArgs(d, o, "delete-config", [...except(ACTIONS, "alter"), "bootstrap-server"]);
  checkInvalidArgs(d, o, "partitions", except(ACTIONS, "alter", "create"));
  checkInvalidArgs(d, o, "replication-factor", except(ACTIONS, "create"));
  checkInvalidArgs(d, o, "replica-assignment", except(ACTIONS, "create", "alter"));
  if (o.has("create")) checkInvalidArgs(d, o, "replica-assignment", ["partitions", "replication-factor"]);
  for (const r of REPORTS) checkInvalidArgs(d, o, r, [...except(ACTIONS, "describe"), ...except(REPORTS, r), "topics-with-overrides"]);
  checkInvalidArgs(d, o, "topics-with-overrides", [...except(ACTIONS, "describe"), ...REPORTS]);
  checkInvalidArgs(d, o, "if-exists", except(ACTIONS, "alter", "delete", "describe"));
  checkInvalidArgs(d, o, "if-not-exists", except(ACTIONS, "create"));
  checkInvalidArgs(d, o, "exclude-internal", except(ACTIONS, "list", "describe"));
}

/** TopicCommand.parseTopicConfigsToBeAdded */
function parseConfigs(values: string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const v of values) {
    const parts = v.split(/\s*=\s*/);
    if (parts.length !== 2) throw new TopicCommandError("requirement failed: Invalid topic config: all configs to be added must be in the format \"key=val\".", "java.lang.IllegalArgumentException");
    m.set(parts[0]!.trim(), parts[1]!.trim());
  }
  return m;
}

function request(o: ParsedOptions): TopicRequest {
  const ra = o.value("replica-assignment");
  return {
    topic: o.value("topic"),
    excludeInternal: o.has("exclude-internal"),
    ifExists: o.has("if-exists"),
    ifNotExists: o.has("if-not-exists"),
    partitions: o.int("partitions"),
    replicationFactor: o.int("replication-factor"),
    assignment: ra !== undefined && ra !== "" ? parseReplicaAssignment(ra) : undefined,
    configs: parseConfigs(o.values("config")),
    deleteConfigs: o.values("delete-config").map((c) => c.trim()),
    disableRackAware: o.has("disable-rack-aware"),
    describe: {
      underReplicated: o.has("under-replicated-partitions"),
      unavailable: o.has("unavailable-partitions"),
      underMinIsr: o.has("under-min-isr-partitions"),
      atMinIsr: o.has("at-min-isr-partitions"),
      withOverrides: o.has("topics-with-overrides"),
    },
  };
}

async function main(argv: string[]): Promise<number> {
  const o = parseArgs(TOPIC_OPTIONS, argv);
  checkArgs(o);
  const out = (s: string) => { process.stdout.write(s); };
  let service: TopicService | undefined;
  try {
    const r = request(o);
    if (o.has("create")) {
      if (r.topic !== undefined && (r.topic.includes(".") || r.topic.includes("_")))
        out("WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.\n");
      if (o.has("bootstrap-server")) {
        if (r.replicationFactor !== undefined && (r.replicationFactor > 32767 || r.replicationFactor < 1)) throw new TopicCommandError("The replication factor must be between 1 and 32767 inclusive", "java.lang.IllegalArgumentException");
        if (r.partitions !== undefined && r.partitions < 1) throw new TopicCommandError("The partitions must be greater than 0", "java.lang.IllegalArgumentException");
      }
    }
    if (o.has("zookeeper")) {
      const { ZkTopicService } = await import("./topic-service-zk.js");
      service = await ZkTopicService.connect(o.value("zookeeper")!, out);
    } else {
      const { AdminTopicService } = await import("./topic-service-admin.js");
      const cfgFile = o.value("command-config");
      const props = cfgFile ? readPropertiesFile(cfgFile) : new Map<string, string>();
      service = await AdminTopicService.connect(o.value("bootstrap-server")!, props, out);
    }
    const s: TopicService = service;
    if (o.has("create")) await s.createTopic(r);
    else if (o.has("alter")) await s.alterTopic(r);
    else if (o.has("list")) await s.listTopics(r);
    else if (o.has("describe")) await s.describeTopic(r);
    else if (o.has("delete")) await s.deleteTopic(r);
    return 0;
  } catch (e) {
    if (e instanceof ExitError) throw e;
    const err = e as Error;
    const cls = e instanceof TopicCommandError ? e.javaClass : err.name && err.name !== "Error" ? err.name : "java.lang.RuntimeException";
    out(`Error while executing topic command : ${err.message}\n`);
    process.stderr.write(log4jLine("ERROR", `${cls}: ${err.message}\n`, "kafka.admin.TopicCommand$"));
    return 1;
  } finally {
    await service?.close();
  }
}

void runTool(() => main(process.argv.slice(2)));
