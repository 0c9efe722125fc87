/**
 * Kafka's ZooKeeper layout (Kafka 3.x, ZooKeeper mode): one object per znode owning its path and
 * the encode/decode of the JSON Kafka stores there. Field order matches what Apache Kafka 3.x
 * writes (Jackson over Scala maps), so `zkCli.sh get` shows the same bytes as a real cluster.
 *
 *   /cluster/id                                   {"version":"1","id":"<22-char base64url uuid>"}
 *   /controller (ephemeral)                       {"version":2,"brokerid":0,"timestamp":"<ms>","kraftControllerEpoch":-1}
 *   /controller_epoch                             "1" (decimal text)
 *   /brokers/ids/<id> (ephemeral)                 {"features":{},"listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT"},
 *                                                  "endpoints":["PLAINTEXT://host:port"],"jmx_port":-1,"port":9092,
 *                                                  "host":"host","version":5,"timestamp":"<ms>"}
 *   /brokers/seqid                                data-less; its version is the broker-id sequence
 *   /brokers/topics/<t>                           {"removing_replicas":{},"partitions":{"0":[0]},"topic_id":"<uuid>",
 *                                                  "adding_replicas":{},"version":3}
 *   /brokers/topics/<t>/partitions/<p>/state      {"controller_epoch":1,"leader":0,"version":1,"leader_epoch":0,"isr":[0]}
 *   /config/<type>/<name>                         {"version":1,"config":{"k":"v"}}   (type: topics, brokers, users, clients, ips)
 *   /config/changes/config_change_<seq>           {"version":2,"entity_path":"topics/<t>"}
 *   /admin/delete_topics/<t>                      no data (marker)
 *   /latest_producer_id_block                     {"version":1,"broker":0,"block_start":"0","block_end":"999"}
 *   /isr_change_notification, /log_dir_event_notification, /admin/reassign_partitions,
 *   /admin/preferred_replica_election, /consumers  (paths only here)
 */
import { randomBytes } from "node:crypto";

const enc = (v: unknown): Buffer => Buffer.from(JSON.stringify(v), "utf8");
function parse(bytes: Buffer | null | undefined, what: string): Record<string, unknown> {
  if (!bytes || bytes.length === 0) throw new Error(`Empty ZooKeeper data for ${what}`);
  const v: unknown = JSON.parse(bytes.toString("utf8"));
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error(`Failed to parse ZooKeeper data for ${what}: ${bytes.toString("utf8")}`);
  return v as Record<string, unknown>;
}
const num = (v: unknown, d = 0): number => (typeof v === "number" ? v : typeof v === "string" && v !== "" ? Number(v) : d);
const intList = (v: unknown): number[] => (Array.isArray(v) ? v.map((x) => num(x)) : []);

/** Kafka's Uuid.randomUuid().toString(): 16 random bytes, base64url without padding (22 chars). */
export function randomUuid(): string {
  for (;;) {
    const s = randomBytes(16).toString("base64url");
    // Kafka reserves ZERO_UUID and METADATA_TOPIC_ID (1) and avoids a leading '-'
    if (!s.startsWith("-") && s !== "AAAAAAAAAAAAAAAAAAAAAA" && s !== "AAAAAAAAAAAAAAAAAAAAAQ") return s;
  }
}

export const ClusterIdZNode = {
  path: "/cluster/id",
  encode: (id: string): Buffer => enc({ version: "1", id }),
  decode: (b: Buffer): string => String(parse(b, "cluster id").id),
};

export interface ControllerRegistration { brokerId: number; timestamp: number; kraftControllerEpoch: number }
export const ControllerZNode = {
  path: "/controller",
  encode: (brokerId: number, timestamp = Date.now(), kraftControllerEpoch = -1): Buffer =>
    enc({ version: 2, brokerid: brokerId, timestamp: String(timestamp), kraftControllerEpoch }),
  decode: (b: Buffer): ControllerRegistration => {
    const o = parse(b, "controller");
    return { brokerId: num(o.brokerid, -1), timestamp: num(o.timestamp), kraftControllerEpoch: num(o.kraftControllerEpoch, -1) };
  },
};

export const ControllerEpochZNode = {
  path: "/controller_epoch",
  encode: (epoch: number): Buffer => Buffer.from(String(epoch), "utf8"),
  decode: (b: Buffer): number => Number(b.toString("utf8")),
};

export const BrokerIdsZNode = { path: "/brokers/ids" };
export const BrokerSequenceIdZNode = { path: "/brokers/seqid" };

export interface EndPoint { listenerName: string; securityProtocol: string; host: string; port: number }
export interface BrokerRegistration {
  id: number;
  endpoints: EndPoint[];
  rack: string | null;
  jmxPort: number;
  version: number;
  timestamp: number;
}

/** "PLAINTEXT://host:port" ↔ EndPoint (host may be empty, or a bracketed IPv6 literal). */
export function parseEndpoint(s: string, protocolMap: Record<string, string> = {}): EndPoint {
  const m = /^([A-Za-z0-9_]+):\/\/(\[[^\]]*\]|[^:]*):(-?\d+)$/.exec(s.trim());
  if (!m) throw new Error(`Unable to parse ${s} to a broker endpoint`);
  const listenerName = m[1]!.toUpperCase();
  return { listenerName, securityProtocol: protocolMap[listenerName] ?? listenerName, host: m[2]!, port: Number(m[3]) };
}
export const endpointString = (e: EndPoint): string => `${e.listenerName}://${e.host}:${e.port}`;

export const BrokerIdZNode = {
  path: (id: number): string => `/brokers/ids/${id}`,
  encode(b: Omit<BrokerRegistration, "version" | "timestamp"> & { timestamp?: number }): Buffer {
    const plain = b.endpoints.find((e) => e.securityProtocol === "PLAINTEXT");
    const spm: Record<string, string> = {};
    for (const e of b.endpoints) spm[e.listenerName] = e.securityProtocol;
    const o: Record<string, unknown> = {
      features: {},
      listener_security_protocol_map: spm,
      endpoints: b.endpoints.map(endpointString),
      jmx_port: b.jmxPort,
      port: plain ? plain.port : -1,
      host: plain ? plain.host : null,
      version: 5,
      timestamp: String(b.timestamp ?? Date.now()),
    };
    if (b.rack !== null) o.rack = b.rack;
    return enc(o);
  },
  decode(id: number, bytes: Buffer): BrokerRegistration {
    const o = parse(bytes, `broker ${id}`);
    const version = num(o.version);
    const spm = (o.listener_security_protocol_map ?? {}) as Record<string, string>;
    const endpoints = version <= 1
      ? [{ listenerName: "PLAINTEXT", securityProtocol: "PLAINTEXT", host: String(o.host), port: num(o.port) }]
      : (Array.isArray(o.endpoints) ? o.endpoints : []).map((s) => parseEndpoint(String(s), spm));
    return { id, endpoints, rack: typeof o.rack === "string" ? o.rack : null, jmxPort: num(o.jmx_port, -1), version, timestamp: num(o.timestamp) };
  },
};

export const TopicsZNode = { path: "/brokers/topics" };

/** partition → replica broker ids */
export type ReplicaAssignment = Map<number, number[]>;
export interface TopicAssignment {
  topicId: string | null;
  partitions: ReplicaAssignment;
  addingReplicas: ReplicaAssignment;
  removingReplicas: ReplicaAssignment;
}
const assignmentJson = (m: ReplicaAssignment): Record<string, number[]> => {
  const o: Record<string, number[]> = {};
  for (const p of [...m.keys()].sort((a, b) => a - b)) o[String(p)] = m.get(p)!;
  return o;
};
const assignmentFrom = (v: unknown): ReplicaAssignment => {
  const m: ReplicaAssignment = new Map();
  if (v && typeof v === "object") for (const [k, r] of Object.entries(v as Record<string, unknown>)) m.set(Number(k), intList(r));
  return m;
};

export const TopicZNode = {
  path: (topic: string): string => `/brokers/topics/${topic}`,
  encode(a: { topicId: string | null; partitions: ReplicaAssignment; addingReplicas?: ReplicaAssignment; removingReplicas?: ReplicaAssignment }): Buffer {
    const o: Record<string, unknown> = { removing_replicas: assignmentJson(a.removingReplicas ?? new Map()), partitions: assignmentJson(a.partitions) };
    if (a.topicId) o.topic_id = a.topicId;
    o.adding_replicas = assignmentJson(a.addingReplicas ?? new Map());
    o.version = 3;
    return enc(o);
  },
  decode(topic: string, bytes: Buffer): TopicAssignment {
    const o = parse(bytes, `topic ${topic}`);
    return {
      topicId: typeof o.topic_id === "string" ? o.topic_id : null,
      partitions: assignmentFrom(o.partitions),
      addingReplicas: assignmentFrom(o.adding_replicas),
      removingReplicas: assignmentFrom(o.removing_replicas),
    };
  },
};

export const TopicPartitionsZNode = { path: (topic: string): string => `/brokers/topics/${topic}/partitions` };
export const TopicPartitionZNode = { path: (topic: string, p: number): string => `/brokers/topics/${topic}/partitions/${p}` };

export interface LeaderIsrAndControllerEpoch {
  leader: number;
  leaderEpoch: number;
  isr: number[];
  controllerEpoch: number;
  /** 0 = RECOVERED (not written), 1 = RECOVERING */
  leaderRecoveryState: number;
}
export const TopicPartitionStateZNode = {
  path: (topic: string, p: number): string => `/brokers/topics/${topic}/partitions/${p}/state`,
  encode(s: Omit<LeaderIsrAndControllerEpoch, "leaderRecoveryState"> & { leaderRecoveryState?: number }): Buffer {
    const o: Record<string, unknown> = { controller_epoch: s.controllerEpoch, leader: s.leader, version: 1, leader_epoch: s.leaderEpoch, isr: s.isr };
    if (s.leaderRecoveryState) o.leader_recovery_state = s.leaderRecoveryState;
    return enc(o);
  },
  decode(bytes: Buffer): LeaderIsrAndControllerEpoch {
    const o = parse(bytes, "partition state");
    return { leader: num(o.leader, -1), leaderEpoch: num(o.leader_epoch), isr: intList(o.isr), controllerEpoch: num(o.controller_epoch), leaderRecoveryState: num(o.leader_recovery_state) };
  },
};

export const ConfigTypes = ["topics", "clients", "users", "brokers", "ips"] as const;
export type ConfigType = (typeof ConfigTypes)[number];
export const ConfigEntityTypeZNode = { path: (type: string): string => `/config/${type}` };
export const ConfigEntityZNode = {
  path: (type: string, name: string): string => `/config/${type}/${name}`,
  encode: (config: Record<string, string>): Buffer => enc({ version: 1, config }),
  decode(bytes: Buffer | null | undefined): Record<string, string> {
    if (!bytes || bytes.length === 0) return {};
    const c = parse(bytes, "config").config;
    const out: Record<string, string> = {};
    if (c && typeof c === "object") for (const [k, v] of Object.entries(c as Record<string, unknown>)) out[k] = String(v);
    return out;
  },
};

export const ConfigEntityChangeNotificationZNode = { path: "/config/changes" };
export const ConfigEntityChangeNotificationSequenceZNode = {
  prefix: "config_change_",
  createPath: "/config/changes/config_change_",
  encode: (entityPath: string): Buffer => enc({ version: 2, entity_path: entityPath }),
  decode(bytes: Buffer): { entityType: string; entityName: string } {
    const o = parse(bytes, "config change");
    if (num(o.version) === 1) return { entityType: String(o.entity_type), entityName: String(o.entity_name) };
    const p = String(o.entity_path);
    const i = p.indexOf("/");
    return { entityType: p.slice(0, i), entityName: p.slice(i + 1) };
  },
};

export const AdminZNode = { path: "/admin" };
export const DeleteTopicsZNode = { path: "/admin/delete_topics" };
export const DeleteTopicsTopicZNode = { path: (topic: string): string => `/admin/delete_topics/${topic}` };
export const ReassignPartitionsZNode = { path: "/admin/reassign_partitions" };
export const PreferredReplicaElectionZNode = { path: "/admin/preferred_replica_election" };
export const IsrChangeNotificationZNode = { path: "/isr_change_notification" };
/** /isr_change_notification/isr_change_<seq>: {"version":1,"partitions":[{"topic":"t","partition":0}]} */
export const IsrChangeNotificationSequenceZNode = {
  prefix: "isr_change_",
  createPath: "/isr_change_notification/isr_change_",
  encode: (partitions: Array<{ topic: string; partition: number }>): Buffer =>
    enc({ version: 1, partitions: partitions.map((p) => ({ topic: p.topic, partition: p.partition })) }),
  decode(bytes: Buffer): Array<{ topic: string; partition: number }> {
    const list = parse(bytes, "isr change").partitions;
    return Array.isArray(list) ? list.map((x) => ({ topic: String((x as Record<string, unknown>).topic), partition: num((x as Record<string, unknown>).partition) })) : [];
  },
};
export const LogDirEventNotificationZNode = { path: "/log_dir_event_notification" };
export const ConsumerPathZNode = { path: "/consumers" };

export interface ProducerIdsBlock { brokerId: number; firstProducerId: bigint; size: number }
export const ProducerIdBlockZNode = {
  path: "/latest_producer_id_block",
  blockSize: 1000,
  encode: (b: ProducerIdsBlock): Buffer =>
    enc({ version: 1, broker: b.brokerId, block_start: b.firstProducerId.toString(), block_end: (b.firstProducerId + BigInt(b.size) - 1n).toString() }),
  decode(bytes: Buffer): ProducerIdsBlock {
    const o = parse(bytes, "producer id block");
    const start = BigInt(String(o.block_start));
    const end = BigInt(String(o.block_end));
    return { brokerId: num(o.broker), firstProducerId: start, size: Number(end - start + 1n) };
  },
};

export const FeatureZNode = {
  path: "/feature",
  encode: (): Buffer => enc({ features: {}, version: 2, status: 1 }),
};

/** Paths Kafka creates (persistent, empty) when a broker starts: ZkData.PersistentZkPaths. */
export const PersistentZkPaths: readonly string[] = [
  ConsumerPathZNode.path,
  BrokerIdsZNode.path,
  TopicsZNode.path,
  ConfigEntityChangeNotificationZNode.path,
  DeleteTopicsZNode.path,
  BrokerSequenceIdZNode.path,
  IsrChangeNotificationZNode.path,
  ProducerIdBlockZNode.path,
  LogDirEventNotificationZNode.path,
  ...ConfigTypes.map((t) => ConfigEntityTypeZNode.path(t)),
];

/** Topic names as Kafka validates them (Topic.validate). Returns an error message or undefined. */
export function validateTopicName(name: string): string | undefined {
  if (name.length === 0) return "Topic name is illegal, it can't be empty";
  if (name === "." || name === "..") return "Topic name cannot be \".\" or \"..\"";
  if (name.length > 249) return `Topic name is illegal, it can't be longer than 249 characters, topic name: ${name}`;
  if (!/^[a-zA-Z0-9._-]+$/.test(name)) return `Topic name "${name}" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`;
  return undefined;
}
