/**
 * What kafka-topics needs from a cluster, independent of how it gets there: through ZooKeeper
 * (`--zookeeper`, Kafka 2.x: the tool writes znodes itself) or through the Admin API
 * (`--bootstrap-server`). Also the pieces of Kafka's TopicCommand/AdminUtils both paths share:
 * topic filters, internal topics, replica-assignment parsing and the rack-unaware assignment.
 */

export interface PartitionInfo {
  partition: number;
  leader: number | null; // null = "none"
  replicas: number[];
  isr: number[];
}

export interface TopicInfo {
  name: string;
  topicId: string | null; // null or the zero uuid: not printed
  partitions: PartitionInfo[];
  /** Non-default configs, in the order the source lists them. */
  configs: [string, string][];
  markedForDeletion: boolean;
}

export interface NewTopicSpec {
  name: string;
  partitions: number | undefined; // undefined = cluster default (Admin API only)
  replicationFactor: number | undefined;
  assignment: Map<number, number[]> | undefined;
  configs: Map<string, string>;
}

/** The command as both services see it (already validated by kafka-topics' option checks). */
export interface TopicRequest {
  topic: string | undefined;
  excludeInternal: boolean;
  ifExists: boolean;
  ifNotExists: boolean;
  partitions: number | undefined;
  replicationFactor: number | undefined;
  assignment: Map<number, number[]> | undefined;
  configs: Map<string, string>;
  deleteConfigs: string[];
  disableRackAware: boolean;
  describe: { underReplicated: boolean; unavailable: boolean; underMinIsr: boolean; atMinIsr: boolean; withOverrides: boolean };
}

/** One implementation per path; each prints what Kafka's tool prints on that path. */
export interface TopicService {
  createTopic(r: TopicRequest): Promise<void>;
  listTopics(r: TopicRequest): Promise<void>;
  describeTopic(r: TopicRequest): Promise<void>;
  alterTopic(r: TopicRequest): Promise<void>;
  deleteTopic(r: TopicRequest): Promise<void>;
  close(): Promise<void>;
}

/** TopicCommand.ensureTopicExists */
export function ensureTopicExists(found: string[], requested: string | undefined, requireExists: boolean): void {
  if (requested !== undefined && requested !== "" && requireExists && found.length === 0)
    throw new TopicCommandError(`Topic '${requested}' does not exist as expected`, "java.lang.IllegalArgumentException");
}

/** TopicCommand's "Topic: t\tTopicId: ...\tPartitionCount: ..." line. */
export function topicLine(t: TopicInfo): string {
  let s = `Topic: ${t.name}`;
  if (t.topicId && t.topicId !== "AAAAAAAAAAAAAAAAAAAAAA") s += `\tTopicId: ${t.topicId}`;
  s += `\tPartitionCount: ${t.partitions.length}`;
  s += `\tReplicationFactor: ${t.partitions[0]?.replicas.length ?? 0}`;
  s += `\tConfigs: ${t.configs.map(([k, v]) => `${k}=${v}`).join(",")}`;
  if (t.markedForDeletion) s += "\tMarkedForDeletion: true";
  return s + "\n";
}

/** TopicCommand's per-partition line. */
export function partitionLine(topic: string, p: PartitionInfo, markedForDeletion: boolean): string {
  let s = `\tTopic: ${topic}\tPartition: ${p.partition}\tLeader: ${p.leader === null || p.leader < 0 ? "none" : p.leader}`;
  s += `\tReplicas: ${p.replicas.join(",")}\tIsr: ${p.isr.join(",")}`;
  if (markedForDeletion) s += "\tMarkedForDeletion: true";
  return s + "\n";
}

/** TopicCommand.describeTopic's selection (DescribeOptions) and printing, shared by both paths. */
export function printDescriptions(out: (s: string) => void, r: TopicRequest, topics: TopicInfo[], liveBrokers: Set<number>, minIsr: (t: TopicInfo) => number): void {
  const d = r.describe;
  const describeConfigs = !d.unavailable && !d.underReplicated && !d.underMinIsr && !d.atMinIsr;
  const describePartitions = !d.withOverrides;
  for (const t of topics) {
    if (describeConfigs && (!d.withOverrides || t.configs.length > 0)) out(topicLine(t));
    if (!describePartitions) continue;
    for (const p of [...t.partitions].sort((a, b) => a.partition - b.partition)) {
      const hasLeader = p.leader !== null && p.leader >= 0;
      const show = describeConfigs
        || (d.underReplicated && p.replicas.length - p.isr.length > 0)
        || (d.unavailable && (!hasLeader || !liveBrokers.has(p.leader!)))
        || (d.underMinIsr && (!hasLeader || p.isr.length < minIsr(t)))
        || (d.atMinIsr && p.isr.length === minIsr(t));
      if (show) out(partitionLine(t.name, p, t.markedForDeletion));
    }
  }
}

/** An error Kafka's tool would print as "Error while executing topic command : <message>". */
export class TopicCommandError extends Error {
  constructor(message: string, readonly javaClass = "org.apache.kafka.common.errors.InvalidRequestException") {
    super(message);
  }
}

export const INTERNAL_TOPICS = new Set(["__consumer_offsets", "__transaction_state"]);
export const isInternal = (t: string): boolean => INTERNAL_TOPICS.has(t);

/** Kafka's IncludeList: the --topic value as a full-match regex (',' means '|', quotes stripped). */
export function topicFilter(raw: string): (topic: string) => boolean {
  const regex = raw.trim().replace(/,/g, "|").replace(/ /g, "").replace(/^["']+/, "").replace(/["']+$/, "");
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${regex})$`);
  } catch {
    throw new TopicCommandError(`${regex} is an invalid regex.`, "org.apache.kafka.common.errors.InvalidTopicException");
  }
  return (t) => re.test(t);
}

export function selectTopics(all: string[], include: string | undefined, excludeInternal: boolean): string[] {
  const f = include !== undefined ? topicFilter(include) : () => true;
  return all.filter((t) => f(t) && !(isInternal(t) && excludeInternal));
}

/** TopicCommand.parseReplicaAssignment: "0:1,1:2" → {0: [0,1], 1: [1,2]}. */
export function parseReplicaAssignment(s: string): Map<number, number[]> {
  const ret = new Map<number, number[]>();
  const parts = s.split(",");
  for (let i = 0; i < parts.length; i++) {
    const brokers = parts[i]!.split(":").map((x) => {
      const t = x.trim();
      if (!/^[-+]?\d+$/.test(t)) throw new TopicCommandError(`For input string: "${t}"`, "java.lang.NumberFormatException");
      return Number(t);
    });
    const dups = [...new Set(brokers.filter((b, j) => brokers.indexOf(b) !== j))];
    if (dups.length > 0) throw new TopicCommandError(`Partition replica lists may not contain duplicate entries: ${dups.join(",")}`, "kafka.common.AdminCommandFailedException");
    ret.set(i, brokers);
    if (brokers.length !== ret.get(0)!.length) throw new TopicCommandError(`Partition ${i} has different replication factor: [${brokers.join(", ")}]`, "kafka.admin.AdminOperationException");
  }
  return ret;
}

/** The topic configs Kafka accepts (LogConfig's non-internal names). */
export const TOPIC_CONFIG_NAMES = [
  "cleanup.policy", "compression.type", "delete.retention.ms", "file.delete.delay.ms", "flush.messages", "flush.ms",
  "follower.replication.throttled.replicas", "index.interval.bytes", "leader.replication.throttled.replicas",
  "local.retention.bytes", "local.retention.ms", "max.compaction.lag.ms", "max.message.bytes",
  "message.downconversion.enable", "message.format.version", "message.timestamp.after.max.ms",
  "message.timestamp.before.max.ms", "message.timestamp.difference.max.ms", "message.timestamp.type",
  "min.cleanable.dirty.ratio", "min.compaction.lag.ms", "min.insync.replicas", "preallocate", "remote.storage.enable",
  "retention.bytes", "retention.ms", "segment.bytes", "segment.index.bytes", "segment.jitter.ms", "segment.ms",
  "unclean.leader.election.enable",
] as const;

/**
 * AdminUtils.assignReplicasToBrokersRackUnaware: the first replica of partition p goes to broker
 * (p + start) mod n, followers are shifted by a per-round shift; start and shift are random unless fixed.
 */
export function assignReplicasRackUnaware(nPartitions: number, replicationFactor: number, brokers: number[], fixedStartIndex = -1, startPartitionId = -1): Map<number, number[]> {
  const arr = [...brokers].sort((a, b) => a - b);
  const n = arr.length;
  const rand = () => Math.floor(Math.random() * n);
  const ret = new Map<number, number[]>();
  const startIndex = fixedStartIndex >= 0 ? fixedStartIndex : rand();
  let current = Math.max(0, startPartitionId);
  let nextReplicaShift = fixedStartIndex >= 0 ? fixedStartIndex : rand();
  for (let i = 0; i < nPartitions; i++) {
    if (current > 0 && current % n === 0) nextReplicaShift += 1;
    const first = (current + startIndex) % n;
    const replicas = [arr[first]!];
    for (let j = 0; j < replicationFactor - 1; j++) {
      const shift = 1 + ((nextReplicaShift + j) % (n - 1));
      replicas.push(arr[(first + shift) % n]!);
    }
    ret.set(current, replicas);
    current++;
  }
  return ret;
}

/** AdminUtils.getRackAlternatedBrokerList: brokers ordered rack by rack (racks sorted), round-robin. */
export function rackAlternatedBrokers(racks: Map<number, string>): number[] {
  const byRack = new Map<string, number[]>();
  for (const [id, rack] of racks) byRack.set(rack, [...(byRack.get(rack) ?? []), id]);
  const names = [...byRack.keys()].sort();
  const iters = new Map(names.map((r) => [r, [...byRack.get(r)!].sort((a, b) => a - b)]));
  const out: number[] = [];
  for (let i = 0; out.length < racks.size; i = (i + 1) % names.length) {
    const next = iters.get(names[i]!)!.shift();
    if (next !== undefined) out.push(next);
  }
  return out;
}

/** AdminUtils.assignReplicasToBrokersRackAware: replicas spread over racks first, then brokers. */
export function assignReplicasRackAware(nPartitions: number, replicationFactor: number, racks: Map<number, string>, fixedStartIndex = -1, startPartitionId = -1): Map<number, number[]> {
  const numRacks = new Set(racks.values()).size;
  const arranged = rackAlternatedBrokers(racks);
  const n = arranged.length;
  const rand = () => Math.floor(Math.random() * n);
  const ret = new Map<number, number[]>();
  const startIndex = fixedStartIndex >= 0 ? fixedStartIndex : rand();
  let current = Math.max(0, startPartitionId);
  let nextReplicaShift = fixedStartIndex >= 0 ? fixedStartIndex : rand();
  for (let i = 0; i < nPartitions; i++) {
    if (current > 0 && current % n === 0) nextReplicaShift += 1;
    const first = (current + startIndex) % n;
    const leader = arranged[first]!;
    const replicas = [leader];
    const racksWith = new Set([racks.get(leader)!]);
    const brokersWith = new Set([leader]);
    let k = 0;
    for (let j = 0; j < replicationFactor - 1; j++) {
      for (;;) {
        const shift = 1 + ((nextReplicaShift * numRacks + k) % (n - 1));
        const broker = arranged[(first + shift) % n]!;
        const rack = racks.get(broker)!;
        k++;
        if ((!racksWith.has(rack) || racksWith.size === numRacks) && (!brokersWith.has(broker) || brokersWith.size === n)) {
          replicas.push(broker);
          racksWith.add(rack);
          brokersWith.add(broker);
          break;
        }
      }
    }
    ret.set(current, replicas);
    current++;
  }
  return ret;
}

export interface BrokerRack { id: number; rack: string | null }

/**
 * AdminUtils.assignReplicasToBrokers' checks, with Kafka's messages: rack-aware when every broker
 * has a rack (an error when only some do), rack-unaware otherwise or with --disable-rack-aware.
 */
export function assignReplicas(nPartitions: number, replicationFactor: number, brokers: (number | BrokerRack)[], fixedStartIndex = -1, startPartitionId = -1, rackAware = true): Map<number, number[]> {
  const list: BrokerRack[] = brokers.map((b) => (typeof b === "number" ? { id: b, rack: null } : b));
  if (nPartitions <= 0) throw new TopicCommandError("Number of partitions must be larger than 0.", "org.apache.kafka.common.errors.InvalidPartitionsException");
  if (replicationFactor <= 0) throw new TopicCommandError("Replication factor must be larger than 0.", "org.apache.kafka.common.errors.InvalidReplicationFactorException");
  if (replicationFactor > list.length) throw new TopicCommandError(`Replication factor: ${replicationFactor} larger than available brokers: ${list.length}.`, "org.apache.kafka.common.errors.InvalidReplicationFactorException");
  if (!rackAware || list.every((b) => b.rack === null)) return assignReplicasRackUnaware(nPartitions, replicationFactor, list.map((b) => b.id), fixedStartIndex, startPartitionId);
  if (list.some((b) => b.rack === null)) throw new TopicCommandError("Not all brokers have rack information for replica rack aware assignment.", "kafka.admin.AdminOperationException");
  return assignReplicasRackAware(nPartitions, replicationFactor, new Map(list.map((b) => [b.id, b.rack!])), fixedStartIndex, startPartitionId);
}
