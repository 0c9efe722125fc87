/**
 * kafka-consumer-groups.sh (Kafka's ConsumerGroupCommand, 3.x): --list [--state], --describe
 * (--offsets default, --members [--verbose], --state), --reset-offsets (--to-earliest/--to-latest/
 * --to-offset/--shift-by/--to-datetime/--by-duration/--to-current; --dry-run default, --execute;
 * --topic t[:p,...] or --all-topics), --delete, --delete-offsets. Output columns, widths and
 * messages are Kafka's (printf-style "%-Ns" columns, minimum widths 15, "-" for missing values).
 * Like Kafka, the tool exits 0 after printing an "Error: ..." line; usage errors exit 1.
 */
import {
  ExitError, HELP_OPTION, VERSION_OPTION, log4jLine, maybeHelpOrVersion, parseArgs, runTool, usageAndDie, type OptionDef, type ParsedOptions,
} from "./args.js";
import { ConsumerGroupService, exceptionText, parseDateTime, parseDuration, tpKey, type GroupDescription, type TopicPartition } from "./consumer-group-service.js";
import { KafkaError, errorByCode } from "../broker/protocol/errors.js";

const MISSING = "-";

export const CONSUMER_GROUP_OPTIONS: OptionDef[] = [
  { name: "all-groups", description: "Apply to all consumer groups." },
  { name: "all-topics", description: "Consider all topics assigned to a group in the `reset-offsets` process." },
  { name: "bootstrap-server", description: "REQUIRED: The server(s) to connect to.", arg: { type: "String", describedAs: "server to connect to" } },
  { name: "by-duration", description: "Reset offsets to offset by duration from current timestamp. Format: 'PnDTnHnMnS'", arg: { type: "String", describedAs: "duration" } },
  { name: "command-config", description: "Property file containing configs to be passed to Admin Client and Consumer.", arg: { type: "String", describedAs: "command config property file" } },
  { name: "delete", description: "Pass in groups to delete topic partition offsets and ownership information over the entire consumer group. For instance --group g1 --group g2" },
  { name: "delete-offsets", description: "Delete offsets of consumer group. Supports one consumer group at the time, and multiple topics." },
  { name: "describe", description: "Describe consumer group and list offset lag (number of messages not yet processed) related to given group." },
  { name: "dry-run", description: "Only show results without executing changes on Consumer Groups. Supported operations: reset-offsets." },
  { name: "execute", description: "Execute operation. Supported operations: reset-offsets." },
  { name: "export", description: "Export operation execution to a CSV file. Supported operations: reset-offsets." },
  { name: "from-file", description: "Reset offsets to values defined in CSV file.", arg: { type: "String", describedAs: "path to CSV file" } },
  { name: "group", description: "The consumer group we wish to act on.", arg: { type: "String", describedAs: "consumer group" } },
  HELP_OPTION,
  { name: "list", description: "List all consumer groups." },
  { name: "members", description: "Describe members of the group. This option may be used with '--describe' and '--bootstrap-server' options only.\nExample: --bootstrap-server localhost:9092 --describe --group group1 --members" },
  { name: "offsets", description: "Describe the group and list all topic partitions in the group along with their offset lag. This is the default sub-action of and may be used with '--describe' and '--bootstrap-server' options only.\nExample: --bootstrap-server localhost:9092 --describe --group group1 --offsets" },
  { name: "reset-offsets", description: "Reset offsets of consumer group. Supports one consumer group at the time, and instances should be inactive\nHas 2 execution options: --dry-run (the default) to plan which offsets to reset, and --execute to update the offsets. Additionally, the --export option is used to export the results to a CSV format.\nYou must choose one of the following reset specifications: --to-datetime, --by-duration, --to-earliest, --to-latest, --shift-by, --from-file, --to-current, --to-offset.\nTo define the scope use --all-topics or --topic. One scope must be specified unless you use '--from-file'." },
  { name: "shift-by", description: "Reset offsets shifting current offset by 'n', where 'n' can be positive or negative.", arg: { type: "Long", describedAs: "number-of-offsets" } },
  { name: "state", description: "When specified with '--describe', includes the state of the group.\nExample: --bootstrap-server localhost:9092 --describe --group group1 --state\nWhen specified with '--list', it displays the state of all groups. It can also be used to list groups with specific states.\nExample: --bootstrap-server localhost:9092 --list --state stable,empty\nThis option may be used with '--describe', '--list' and '--bootstrap-server' options only.", arg: { type: "String", optional: true } },
  { name: "timeout", description: "The timeout that can be set for some use cases. For example, it can be used when describing the group to specify the maximum amount of time in milliseconds to wait before the group stabilizes (when the group is just created, or is going through some changes).", arg: { type: "Long", describedAs: "timeout (ms)" }, defaultValue: "5000" },
  { name: "to-current", description: "Reset offsets to current offset." },
  { name: "to-datetime", description: "Reset offsets to offset from datetime. Format: 'YYYY-MM-DDTHH:mm:SS.sss'", arg: { type: "String", describedAs: "datetime" } },
  { name: "to-earliest", description: "Reset offsets to earliest offset." },
  { name: "to-latest", description: "Reset offsets to latest offset." },
  { name: "to-offset", description: "Reset offsets to a specific offset.", arg: { type: "Long", describedAs: "offset" } },
  { name: "topic", description: "The topic whose consumer group information should be deleted or topic whose should be included in the reset offset process. In `reset-offsets` case, partitions can be specified using this format: `topic1:0,1,2`, where 0,1,2 are the partition to be included in the process. Reset-offsets also supports multiple topic inputs.", arg: { type: "String", describedAs: "topic" } },
  { name: "verbose", description: "Provide additional information, if any, when describing the group. This option may be used with '--offsets'/'--members'/'--state' and '--bootstrap-server' options only.\nExample: --bootstrap-server localhost:9092 --describe --group group1 --members --verbose" },
  VERSION_OPTION,
];

const ACTIONS = ["list", "describe", "delete", "reset-offsets", "delete-offsets"];
const SCENARIOS = ["to-datetime", "by-duration", "to-earliest", "to-latest", "shift-by", "from-file", "to-current", "to-offset"];

const out = (s: string) => { process.stdout.write(s); };
const println = (s = "") => out(s + "\n");
const printError = (msg: string) => println(`\nError: ${msg}`);

/** Java's String.format("%-Ns") for each column, joined by single spaces. */
function row(widths: (number | null)[], cells: (string | number | bigint)[]): string {
  return cells.map((c, i) => {
    const s = String(c);
    const w = widths[i];
    return w === null || w === undefined ? s : s.padEnd(w);
  }).join(" ");
}

function checkArgs(o: ParsedOptions): void {
  const d = CONSUMER_GROUP_OPTIONS;
  maybeHelpOrVersion(d, o, "This tool helps to list all consumer groups, describe a consumer group, delete consumer group info, or reset consumer group offsets.");
  if (ACTIONS.filter((a) => o.has(a)).length !== 1) usageAndDie(d, "Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets");
  if (!o.has("bootstrap-server")) usageAndDie(d, `Missing required argument "[bootstrap-server]"`);
  const takesOne = (action: string, opts: string[]) => {
    if (o.has(action) && !opts.some((x) => o.has(x))) usageAndDie(d, `Option [${action}] takes one of these options: ${opts.map((x) => `[${x}]`).join(", ")}`);
  };
  takesOne("describe", ["all-groups", "group"]);
  if (o.has("describe") && ["members", "offsets", "state"].filter((x) => o.has(x)).length > 1) usageAndDie(d, "Option [describe] takes at most one of these options: [members], [offsets], [state]");
  if (o.has("state") && o.value("state") !== undefined && !o.has("list")) usageAndDie(d, `Option [describe] does not take a value for [state]`);
  takesOne("delete", ["all-groups", "group"]);
  takesOne("reset-offsets", ["all-groups", "group"]);
  if (o.has("reset-offsets")) {
    if (o.has("dry-run") && o.has("execute")) usageAndDie(d, `Option [reset-offsets] only accepts one of [execute], [dry-run]`);
    if (!o.has("dry-run") && !o.has("execute")) {
      process.stderr.write("WARN: No action will be performed as the --execute option is missing.In a future major release, the default behavior of this command will be to prompt the user before executing the reset rather than doing a dry run. You should add the --dry-run option explicitly if you are scripting this command and want to keep the current default behavior without prompting.\n");
    }
    if (SCENARIOS.filter((s) => o.has(s)).length !== 1) usageAndDie(d, `Option [reset-offsets] takes exactly one of these options: ${SCENARIOS.map((s) => `[${s}]`).join(", ")}`);
    if (!o.has("from-file")) takesOne("reset-offsets", ["all-topics", "topic"]);
    if (o.has("all-topics") && o.has("topic")) usageAndDie(d, `Option [reset-offsets] takes only one of these options: [all-topics], [topic]`);
  }
  if (o.has("delete-offsets")) {
    if (!o.has("group")) usageAndDie(d, `Option [delete-offsets] takes the following options: [group], [topic]`);
    if (!o.has("topic")) usageAndDie(d, `Option [delete-offsets] takes the following options: [group], [topic]`);
  }
}

// ---------------------------------------------------------------- state printing helpers

/** Kafka's shouldPrintMemberState. */
function shouldPrint(group: string, state: string | undefined, numRows: number | undefined): boolean {
  if (numRows === undefined) {
    printError(`The consumer group '${group}' does not exist.`);
    return false;
  }
  switch (state) {
    case "Dead": printError(`Consumer group '${group}' does not exist.`); break;
    case "Empty": process.stderr.write(`\nConsumer group '${group}' has no active members.\n`); break;
    case "PreparingRebalance": case "CompletingRebalance": process.stderr.write(`\nWarning: Consumer group '${group}' is rebalancing.\n`); break;
    case "Stable": break;
    default: throw new Error(`Expected a valid consumer group state, but found '${state ?? "NONE"}'.`);
  }
  return state !== "Dead" && numRows > 0;
}

interface OffsetRow { group: string; topic: string; partition: string; offset: string; logEnd: string; lag: string; consumerId: string; host: string; clientId: string }

async function collectOffsets(svc: ConsumerGroupService, g: GroupDescription): Promise<OffsetRow[]> {
  const committed = await svc.committedOffsets(g.groupId);
  const rows: { tp: TopicPartition; consumerId: string; host: string; clientId: string }[] = [];
  const assigned = new Set<string>();
  const members = g.members.filter((m) => m.assignment.length > 0).sort((a, b) => b.assignment.length - a.assignment.length);
  for (const m of members) {
    for (const tp of [...m.assignment].sort((a, b) => a.partition - b.partition)) {
      assigned.add(tpKey(tp));
      rows.push({ tp, consumerId: m.memberId, host: m.host, clientId: m.clientId });
    }
  }
  const unassigned = [...committed.values()].filter((c) => !assigned.has(tpKey(c.tp))).map((c) => c.tp).sort((a, b) => a.partition - b.partition);
  for (const tp of unassigned) rows.push({ tp, consumerId: MISSING, host: MISSING, clientId: MISSING });
  const ends = await svc.listOffsets(rows.map((r) => r.tp), -1n);
  return rows.map((r) => {
    const c = committed.get(tpKey(r.tp))?.offset;
    const e = ends.get(tpKey(r.tp));
    return {
      group: g.groupId, topic: r.tp.topic, partition: String(r.tp.partition),
      offset: c === undefined ? MISSING : String(c), logEnd: e === undefined ? MISSING : String(e),
      lag: c === undefined || e === undefined ? MISSING : String(e - c),
      consumerId: r.consumerId, host: r.host, clientId: r.clientId,
    };
  });
}

async function describeOffsets(svc: ConsumerGroupService, groups: GroupDescription[]): Promise<void> {
  for (const g of groups) {
    const rows = await collectOffsets(svc, g);
    if (!shouldPrint(g.groupId, g.state, rows.length)) continue;
    let [gl, tl, cl, hl] = [15, 15, 15, 15];
    for (const r of rows) { gl = Math.max(gl, r.group.length); tl = Math.max(tl, r.topic.length); cl = Math.max(cl, r.consumerId.length); hl = Math.max(hl, r.host.length); }
    const w = [gl, tl, 10, 15, 15, 15, cl, hl, null];
    println("\n" + row(w, ["GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID"]));
    for (const r of rows) println(row(w, [r.group, r.topic, r.partition, r.offset, r.logEnd, r.lag, r.consumerId, r.host, r.clientId]));
  }
}

function describeMembers(groups: GroupDescription[], verbose: boolean): void {
  for (const g of groups) {
    if (!shouldPrint(g.groupId, g.state, g.members.length)) continue;
    let [gl, cl, il, hl, kl] = [15, 15, 17, 15, 15];
    let withInstance = false;
    for (const m of g.members) {
      gl = Math.max(gl, g.groupId.length); cl = Math.max(cl, m.memberId.length); il = Math.max(il, (m.groupInstanceId ?? "").length);
      hl = Math.max(hl, m.host.length); kl = Math.max(kl, m.clientId.length);
      withInstance ||= (m.groupInstanceId ?? "") !== "";
    }
    const w = withInstance ? [gl, cl, il, hl, kl, 15] : [gl, cl, hl, kl, 15];
    const cell = (c: string | number, i: number) => String(c).padEnd(w[i]!) + " ";
    const line = (cells: (string | number)[]) => cells.map(cell).join("");
    out("\n" + line(withInstance ? ["GROUP", "CONSUMER-ID", "GROUP-INSTANCE-ID", "HOST", "CLIENT-ID", "#PARTITIONS"] : ["GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS"]));
    if (verbose) out("ASSIGNMENT");
    println();
    for (const m of g.members) {
      out(line(withInstance ? [g.groupId, m.memberId, m.groupInstanceId ?? "", m.host, m.clientId, m.assignment.length] : [g.groupId, m.memberId, m.host, m.clientId, m.assignment.length]));
      if (verbose) {
        if (m.assignment.length === 0) out(MISSING);
        else {
          const byTopic = new Map<string, number[]>();
          for (const tp of m.assignment) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition]);
          out([...byTopic].map(([t, ps]) => `${t}(${ps.sort((a, b) => a - b).join(",")})`).sort().join(", "));
        }
      }
      println();
    }
  }
}

function describeState(groups: GroupDescription[]): void {
  for (const g of groups) {
    if (!shouldPrint(g.groupId, g.state, 1)) continue;
    const coordinator = `${g.coordinator.host}:${g.coordinator.port} (${g.coordinator.nodeId})`;
    const w = [Math.max(25, coordinator.length), 25, 20, 15, null];
    out("\n" + row(w, ["GROUP", "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE", "#MEMBERS"]));
    out("\n" + row(w, [g.groupId, coordinator, g.assignmentStrategy, g.state, g.members.length]));
    println();
  }
}

// ---------------------------------------------------------------- reset-offsets

async function partitionsToReset(svc: ConsumerGroupService, o: ParsedOptions, groupId: string): Promise<TopicPartition[]> {
  if (o.has("all-topics")) return [...(await svc.committedOffsets(groupId)).values()].map((c) => c.tp);
  const out: TopicPartition[] = [];
  for (const spec of o.values("topic")) {
    const i = spec.indexOf(":");
    if (i >= 0) {
      const topic = spec.slice(0, i);
      for (const p of spec.slice(i + 1).split(",")) if (p.trim() !== "") out.push({ topic, partition: Number(p.trim()) });
    } else {
      out.push(...(await svc.partitionsOf(spec)));
    }
  }
  return out;
}

async function prepareOffsets(svc: ConsumerGroupService, o: ParsedOptions, groupId: string, tps: TopicPartition[]): Promise<Map<string, { tp: TopicPartition; offset: bigint }>> {
  const result = new Map<string, { tp: TopicPartition; offset: bigint }>();
  const set = (tp: TopicPartition, offset: bigint) => result.set(tpKey(tp), { tp, offset });
  const clampTo = async (wanted: Map<string, { tp: TopicPartition; offset: bigint }>) => {
    const tpsW = [...wanted.values()].map((w) => w.tp);
    const earliest = await svc.listOffsets(tpsW, -2n);
    const latest = await svc.listOffsets(tpsW, -1n);
    for (const w of wanted.values()) {
      const k = tpKey(w.tp);
      const lo = earliest.get(k);
      const hi = latest.get(k);
      let v = w.offset;
      if (hi !== undefined && v > hi) {
        process.stderr.write(log4jLine("WARN", `New offset (${v}) is higher than latest offset for topic partition ${w.tp.topic}-${w.tp.partition}. Value will be set to ${hi}`, "kafka.admin.ConsumerGroupCommand$"));
        v = hi;
      } else if (lo !== undefined && v < lo) {
        process.stderr.write(log4jLine("WARN", `New offset (${v}) is lower than earliest offset for topic partition ${w.tp.topic}-${w.tp.partition}. Value will be set to ${lo}`, "kafka.admin.ConsumerGroupCommand$"));
        v = lo;
      }
      set(w.tp, v);
    }
  };
  const sorted = [...tps].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  if (o.has("to-offset")) {
    const v = BigInt(o.value("to-offset")!);
    await clampTo(new Map(sorted.map((tp) => [tpKey(tp), { tp, offset: v }])));
  } else if (o.has("to-earliest") || o.has("to-latest")) {
    const offs = await svc.listOffsets(sorted, o.has("to-earliest") ? -2n : -1n);
    for (const tp of sorted) { const v = offs.get(tpKey(tp)); if (v !== undefined) set(tp, v); }
  } else if (o.has("shift-by") || o.has("to-current")) {
    const committed = await svc.committedOffsets(groupId);
    const shift = o.has("shift-by") ? BigInt(o.value("shift-by")!) : 0n;
    const latest = await svc.listOffsets(sorted, -1n);
    const wanted = new Map<string, { tp: TopicPartition; offset: bigint }>();
    for (const tp of sorted) {
      // no committed offset: Kafka resets from the consumer's position (auto.offset.reset=latest → log end)
      const cur = committed.get(tpKey(tp))?.offset ?? latest.get(tpKey(tp));
      if (cur === undefined) continue;
      wanted.set(tpKey(tp), { tp, offset: cur + shift });
    }
    await clampTo(wanted);
  } else if (o.has("to-datetime") || o.has("by-duration")) {
    const ts = o.has("to-datetime") ? parseDateTime(o.value("to-datetime")!) : Date.now() - parseDuration(o.value("by-duration")!);
    const found = await svc.listOffsets(sorted, BigInt(ts));
    const missing = sorted.filter((tp) => (found.get(tpKey(tp)) ?? -1n) < 0n);
    const ends = await svc.listOffsets(missing, -1n);
    for (const tp of sorted) {
      const v = found.get(tpKey(tp)) ?? -1n;
      const e = v >= 0n ? v : ends.get(tpKey(tp));
      if (e !== undefined) set(tp, e);
    }
  } else if (o.has("from-file")) {
    const { readFileSync } = await import("node:fs");
    for (const line of readFileSync(o.value("from-file")!, "utf8").split("\n")) {
      const cells = line.trim().split(",");
      if (cells.length < 3) continue;
      const [a, b, c, dd] = cells;
      if (cells.length >= 4 && a !== groupId) continue;
      const [topic, part, off] = cells.length >= 4 ? [b!, c!, dd!] : [a!, b!, c!];
      set({ topic, partition: Number(part) }, BigInt(off));
    }
  }
  return result;
}

async function resetOffsets(svc: ConsumerGroupService, o: ParsedOptions): Promise<void> {
  const groupIds = o.has("all-groups") ? (await svc.listGroups()).map((g) => g.groupId) : o.values("group");
  const results = new Map<string, { tp: TopicPartition; offset: bigint }[]>();
  const dryRun = o.has("dry-run") || !o.has("execute");
  for (const groupId of groupIds) {
    const g = await svc.describeGroup(groupId);
    if (g.state === "Empty" || g.state === "Dead") {
      const tps = await partitionsToReset(svc, o, groupId);
      const prepared = await prepareOffsets(svc, o, groupId, tps);
      if (!dryRun && prepared.size > 0) await svc.commitOffsets(groupId, [...prepared.values()]);
      results.set(groupId, [...prepared.values()]);
    } else {
      printError(`Assignments can only be reset if the group '${groupId}' is inactive, but the current state is ${g.state}.`);
      results.set(groupId, []);
    }
  }
  if (o.has("export")) {
    for (const [groupId, offs] of results) for (const r of offs) println(`${o.has("all-groups") || groupIds.length > 1 ? `${groupId},` : ""}${r.tp.topic},${r.tp.partition},${r.offset}`);
    return;
  }
  const w = [30, 30, 10, 15];
  if (results.size > 0) println("\n" + row(w, ["GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"]));
  for (const [groupId, offs] of results) for (const r of offs) println(row(w, [groupId, r.tp.topic, r.tp.partition, r.offset]));
}

// ---------------------------------------------------------------- delete / delete-offsets

async function deleteGroups(svc: ConsumerGroupService, o: ParsedOptions): Promise<void> {
  const groupIds = o.has("all-groups") ? (await svc.listGroups()).map((g) => g.groupId) : o.values("group");
  const ok: string[] = [];
  const failed: [string, KafkaError][] = [];
  for (const id of groupIds) {
    const err = await svc.deleteGroup(id);
    if (err) failed.push([id, err]); else ok.push(id);
  }
  const quoted = (l: string[]) => l.map((x) => `'${x}'`).join(", ");
  if (failed.length === 0) {
    println(`Deletion of requested consumer groups (${quoted(ok)}) was successful.`);
    return;
  }
  printError("Deletion of some consumer groups failed:");
  for (const [id, e] of failed) println(`* Group '${id}' could not be deleted due to: ${exceptionText(e.code)}`);
  if (ok.length > 0) println(`\nThese consumer groups were deleted successfully: ${quoted(ok)}`);
}

async function deleteOffsets(svc: ConsumerGroupService, o: ParsedOptions): Promise<void> {
  const groupId = o.value("group")!;
  const topics = o.values("topic");
  const tps: TopicPartition[] = [];
  const unknownTopics: string[] = [];
  for (const spec of topics) {
    const i = spec.indexOf(":");
    if (i >= 0) {
      for (const p of spec.slice(i + 1).split(",")) if (p.trim() !== "") tps.push({ topic: spec.slice(0, i), partition: Number(p) });
    } else {
      try { tps.push(...(await svc.partitionsOf(spec))); } catch { unknownTopics.push(spec); }
    }
  }
  const r = await svc.deleteOffsets(groupId, tps);
  const partitionErrors = r.partitions.map((p) => ({ topic: p.tp.topic, partition: String(p.tp.partition), error: p.error }));
  for (const t of unknownTopics) partitionErrors.push({ topic: t, partition: "Not Provided", error: 3 });
  const partLevel = r.error === 0 && partitionErrors.some((p) => p.error !== 0) ? 86 : r.error;
  switch (partLevel) {
    case 0: println(`Request succeed for deleting offsets with topic ${topics.join(", ")} group ${groupId}`); break;
    case 24: printError(`'${groupId}' is not valid.`); break;
    case 69: printError(`'${groupId}' does not exist.`); break;
    case 30: printError(`Access to '${groupId}' is not authorized.`); break;
    case 68: printError(`Deleting offsets of a consumer group '${groupId}' is forbidden if the group is not empty.`); break;
    case 86: case 29: case 3: printError(`Encounter some partition level error, see the follow-up details:`); break;
    default: printError(`Encounter some unknown error: ${errorByCode(partLevel).name}`);
  }
  const w = [30, 15, 15];
  println("\n" + row(w, ["TOPIC", "PARTITION", "STATUS"]));
  const rows = r.error === 0 ? partitionErrors : [];
  rows.sort((a, b) => ((a.topic + a.partition) < (b.topic + b.partition) ? -1 : 1));
  for (const p of rows) println(row(w, [p.topic, p.partition, p.error === 0 ? "Successful" : `Error: ${exceptionText(p.error).replace(/^[^:]+: /, "")}`]));
}

// ---------------------------------------------------------------- main

async function main(argv: string[]): Promise<number> {
  const o = parseArgs(CONSUMER_GROUP_OPTIONS, argv);
  if (argv.length === 0) usageAndDie(CONSUMER_GROUP_OPTIONS, "List all consumer groups, describe a consumer group, delete consumer group info, or reset consumer group offsets.");
  checkArgs(o);
  const svc = new ConsumerGroupService(o.value("bootstrap-server")!, Number(o.value("timeout") ?? "5000"));
  try {
    if (o.has("list")) {
      if (o.has("state")) {
        const states = (o.value("state") ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");
        const known = ["preparingrebalance", "completingrebalance", "stable", "dead", "empty"];
        for (const s of states) if (!known.includes(s.toLowerCase())) throw new IllegalArgument(`State must be one of PreparingRebalance, CompletingRebalance, Stable, Dead, Empty. Got: ${s}`);
        const groups = (await svc.listGroups(states)).sort((a, b) => (a.groupId < b.groupId ? -1 : 1));
        const gl = Math.max(15, ...groups.map((g) => g.groupId.length));
        println(row([gl, null], ["GROUP", "STATE"]));
        for (const g of groups) println(row([gl, null], [g.groupId, g.state]));
      } else {
        for (const g of await svc.listGroups()) println(g.groupId);
      }
    } else if (o.has("describe")) {
      const ids = o.has("all-groups") ? (await svc.listGroups()).map((g) => g.groupId) : o.values("group");
      const groups: GroupDescription[] = [];
      for (const id of [...new Set(ids)].sort()) groups.push(await svc.describeGroup(id));
      if (o.has("members")) describeMembers(groups, o.has("verbose"));
      else if (o.has("state")) describeState(groups);
      else await describeOffsets(svc, groups);
    } else if (o.has("delete")) {
      await deleteGroups(svc, o);
    } else if (o.has("reset-offsets")) {
      await resetOffsets(svc, o);
    } else if (o.has("delete-offsets")) {
      await deleteOffsets(svc, o);
    }
    return 0;
  } catch (e) {
    if (e instanceof ExitError) throw e;
    if (e instanceof IllegalArgument) usageAndDie(CONSUMER_GROUP_OPTIONS, e.message);
    const msg = e instanceof KafkaError ? exceptionText(e.code) : e instanceof Error ? e.message : String(e);
    printError(`Executing consumer group command failed due to ${msg}`);
    return 0;
  } finally {
    await svc.close();
  }
}

class IllegalArgument extends Error {}

void runTool(() => main(process.argv.slice(2)));
