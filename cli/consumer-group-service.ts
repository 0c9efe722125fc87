/**
 * The Admin-client calls kafka-consumer-groups.sh makes (Kafka's KafkaAdminClient group methods):
 * find a group's coordinator (FindCoordinator, retrying while it loads), ListGroups on every
 * broker, DescribeGroups / OffsetFetch / OffsetCommit / DeleteGroups / OffsetDelete at the
 * coordinator, ListOffsets at partition leaders. Errors come back as KafkaErrors.
 */
import { ApiKey } from "../broker/protocol/api-keys.js";
import { KafkaError, errorByCode } from "../broker/protocol/errors.js";
import type { DeleteGroupsResponse } from "../broker/protocol/schemas/delete-groups.js";
import type { DescribeGroupsResponse } from "../broker/protocol/schemas/describe-groups.js";
import type { FindCoordinatorResponse } from "../broker/protocol/schemas/find-coordinator.js";
import type { ListGroupsResponse } from "../broker/protocol/schemas/list-groups.js";
import type { ListOffsetsResponse } from "../broker/protocol/schemas/list-offsets.js";
import type { OffsetCommitResponse } from "../broker/protocol/schemas/offset-commit.js";
import type { OffsetDeleteResponse } from "../broker/protocol/schemas/offset-delete.js";
import type { OffsetFetchResponse } from "../broker/protocol/schemas/offset-fetch.js";
import { decodeAssignment } from "../broker/group/consumer-protocol.js";
import { Cluster, errorFor, type BrokerNode } from "../broker/client/cluster.js";
import type { Connection } from "../broker/client/connection.js";

export interface TopicPartition { topic: string; partition: number }
export const tpKey = (tp: TopicPartition) => `${tp.topic}\u0000${tp.partition}`;

export interface MemberDescription {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  host: string;
  assignment: TopicPartition[];
}

export interface GroupDescription {
  groupId: string;
  state: string;
  protocolType: string;
  assignmentStrategy: string;
  members: MemberDescription[];
  coordinator: BrokerNode;
}

const RETRIABLE = new Set([14, 15, 16]); // load in progress, not available, not coordinator

/** "Ask again": a retriable coordinator error. */
class Retry { constructor(readonly code: number) {} }
const again = (code: number) => new Retry(code);

export class ConsumerGroupService {
  readonly cluster: Cluster;
  private coordinators = new Map<string, BrokerNode>();

  constructor(bootstrap: string, private readonly timeoutMs: number) {
    this.cluster = new Cluster(bootstrap, { clientId: "adminclient-1", requestTimeoutMs: timeoutMs, bootstrapTimeoutMs: timeoutMs });
  }

  close(): Promise<void> { return this.cluster.close(); }

  private async retry<T>(what: () => Promise<T | Retry>): Promise<T> {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const r = await what();
      if (r instanceof Retry) {
        if (Date.now() > deadline) throw errorFor(r.code);
        await new Promise((res) => setTimeout(res, 100));
        continue;
      }
      return r;
    }
  }

  async coordinator(groupId: string): Promise<BrokerNode> {
    const cached = this.coordinators.get(groupId);
    if (cached) return cached;
    const node = await this.retry<BrokerNode>(async () => {
      const conn = await this.cluster.any();
      const v = conn.versionFor(ApiKey.FindCoordinator, 3);
      const r = await conn.sendAt<FindCoordinatorResponse>(ApiKey.FindCoordinator, v, { key: groupId, keyType: 0 });
      if (RETRIABLE.has(r.errorCode)) return again(r.errorCode);
      if (r.errorCode !== 0) throw errorFor(r.errorCode, r.errorMessage);
      return { nodeId: r.nodeId, host: r.host, port: r.port, rack: null };
    });
    this.coordinators.set(groupId, node);
    return node;
  }

  private async atCoordinator<T>(groupId: string, fn: (c: Connection, node: BrokerNode) => Promise<T | Retry>): Promise<T> {
    return this.retry<T>(async () => {
      const node = await this.coordinator(groupId);
      const conn = await this.cluster.connectTo(node.host, node.port);
      const r = await fn(conn, node);
      if (r instanceof Retry) this.coordinators.delete(groupId);
      return r;
    });
  }

  /** Consumer groups (protocol type "consumer" or empty) on every broker, with their state. */
  async listGroups(states: string[] = []): Promise<{ groupId: string; state: string }[]> {
    const md = await this.cluster.refreshMetadata([]);
    const out = new Map<string, string>();
    for (const b of md.brokers.values()) {
      const conn = await this.cluster.connectTo(b.host, b.port);
      const r = await this.retry<ListGroupsResponse>(async () => {
        const res = await conn.send<ListGroupsResponse>(ApiKey.ListGroups, { statesFilter: states });
        return RETRIABLE.has(res.errorCode) ? again(res.errorCode) : res;
      });
      if (r.errorCode !== 0) throw errorFor(r.errorCode);
      for (const g of r.groups) if (g.protocolType === "consumer" || g.protocolType === "") out.set(g.groupId, g.groupState);
    }
    return [...out].map(([groupId, state]) => ({ groupId, state })).filter((g) => states.length === 0 || states.some((s) => s.toLowerCase() === g.state.toLowerCase()));
  }

  async describeGroup(groupId: string): Promise<GroupDescription> {
    return this.atCoordinator<GroupDescription>(groupId, async (conn, node) => {
      const r = await conn.send<DescribeGroupsResponse>(ApiKey.DescribeGroups, { groups: [groupId], includeAuthorizedOperations: false });
      const g = r.groups[0]!;
      if (RETRIABLE.has(g.errorCode)) return again(g.errorCode);
      if (g.errorCode !== 0) throw errorFor(g.errorCode);
      return {
        groupId,
        state: g.groupState,
        protocolType: g.protocolType,
        assignmentStrategy: g.protocolData,
        coordinator: node,
        members: g.members.map((m) => ({
          memberId: m.memberId,
          groupInstanceId: m.groupInstanceId,
          clientId: m.clientId,
          host: m.clientHost,
          assignment: g.protocolType === "consumer"
            ? (decodeAssignment(m.memberAssignment) ?? []).flatMap((a) => a.partitions.map((partition) => ({ topic: a.topic, partition })))
            : [],
        })),
      };
    });
  }

  /** Committed offsets of the group (every partition it has one for). */
  async committedOffsets(groupId: string): Promise<Map<string, { tp: TopicPartition; offset: bigint }>> {
    return this.atCoordinator<Map<string, { tp: TopicPartition; offset: bigint }>>(groupId, async (conn) => {
      const v = conn.versionFor(ApiKey.OffsetFetch, 7);
      const r = await conn.sendAt<OffsetFetchResponse>(ApiKey.OffsetFetch, v, { groupId, topics: null, requireStable: false });
      if (RETRIABLE.has(r.errorCode)) return again(r.errorCode);
      if (r.errorCode !== 0) throw errorFor(r.errorCode);
      const m = new Map<string, { tp: TopicPartition; offset: bigint }>();
      for (const t of r.topics) for (const p of t.partitions) {
        if (p.errorCode !== 0 || p.committedOffset < 0n) continue;
        const tp = { topic: t.name, partition: p.partitionIndex };
        m.set(tpKey(tp), { tp, offset: p.committedOffset });
      }
      return m;
    });
  }

  /** ListOffsets at each partition's leader: -1 latest, -2 earliest, else the first offset at/after a timestamp (-1n if none). */
  async listOffsets(tps: TopicPartition[], timestamp: bigint): Promise<Map<string, bigint>> {
    const out = new Map<string, bigint>();
    if (tps.length === 0) return out;
    const topics = [...new Set(tps.map((t) => t.topic))];
    const md = await this.cluster.refreshMetadata(topics);
    const byLeader = new Map<number, TopicPartition[]>();
    for (const tp of tps) {
      const leader = md.topics.get(tp.topic)?.partitions.find((p) => p.partition === tp.partition)?.leader ?? -1;
      if (leader < 0) continue;
      const l = byLeader.get(leader) ?? [];
      l.push(tp);
      byLeader.set(leader, l);
    }
    for (const [leader, list] of byLeader) {
      const conn = await this.cluster.broker(leader);
      const byTopic = new Map<string, number[]>();
      for (const tp of list) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition]);
      const v = conn.versionFor(ApiKey.ListOffsets, 7);
      const r = await conn.sendAt<ListOffsetsResponse>(ApiKey.ListOffsets, Math.max(v, 1), {
        replicaId: -1, isolationLevel: 0,
        topics: [...byTopic].map(([name, ps]) => ({ name, partitions: ps.map((partitionIndex) => ({ partitionIndex, currentLeaderEpoch: -1, timestamp, maxNumOffsets: 1 })) })),
      });
      for (const t of r.topics) for (const p of t.partitions) if (p.errorCode === 0) out.set(tpKey({ topic: t.name, partition: p.partitionIndex }), p.offset);
    }
    return out;
  }

  async partitionsOf(topic: string): Promise<TopicPartition[]> {
    const md = await this.cluster.refreshMetadata([topic]);
    const t = md.topics.get(topic);
    if (!t || t.errorCode !== 0) throw errorFor(t?.errorCode ?? 3);
    return t.partitions.map((p) => ({ topic, partition: p.partition }));
  }

  async commitOffsets(groupId: string, offsets: { tp: TopicPartition; offset: bigint }[]): Promise<void> {
    const byTopic = new Map<string, { partition: number; offset: bigint }[]>();
    for (const o of offsets) byTopic.set(o.tp.topic, [...(byTopic.get(o.tp.topic) ?? []), { partition: o.tp.partition, offset: o.offset }]);
    await this.atCoordinator(groupId, async (conn) => {
      const r = await conn.send<OffsetCommitResponse>(ApiKey.OffsetCommit, {
        groupId, generationIdOrMemberEpoch: -1, memberId: "", groupInstanceId: null, retentionTimeMs: -1n,
        topics: [...byTopic].map(([name, ps]) => ({ name, partitions: ps.map((p) => ({ partitionIndex: p.partition, committedOffset: p.offset, committedLeaderEpoch: -1, commitTimestamp: -1n, committedMetadata: "" })) })),
      });
      for (const t of r.topics) for (const p of t.partitions) {
        if (RETRIABLE.has(p.errorCode)) return again(p.errorCode);
        if (p.errorCode !== 0) throw errorFor(p.errorCode);
      }
      return true;
    });
  }

  async deleteGroup(groupId: string): Promise<KafkaError | null> {
    return this.atCoordinator<KafkaError | null>(groupId, async (conn) => {
      const r = await conn.send<DeleteGroupsResponse>(ApiKey.DeleteGroups, { groupsNames: [groupId] });
      const code = r.results[0]!.errorCode;
      if (RETRIABLE.has(code)) return again(code);
      return code === 0 ? null : errorFor(code);
    });
  }

  async deleteOffsets(groupId: string, tps: TopicPartition[]): Promise<{ error: number; partitions: { tp: TopicPartition; error: number }[] }> {
    const byTopic = new Map<string, number[]>();
    for (const tp of tps) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition]);
    return this.atCoordinator<{ error: number; partitions: { tp: TopicPartition; error: number }[] }>(groupId, async (conn) => {
      const r = await conn.send<OffsetDeleteResponse>(ApiKey.OffsetDelete, {
        groupId, topics: [...byTopic].map(([name, ps]) => ({ name, partitions: ps.map((partitionIndex) => ({ partitionIndex })) })),
      });
      if (RETRIABLE.has(r.errorCode)) return again(r.errorCode);
      if (r.errorCode !== 0) return { error: r.errorCode, partitions: tps.map((tp) => ({ tp, error: r.errorCode })) };
      return { error: 0, partitions: r.topics.flatMap((t) => t.partitions.map((p) => ({ tp: { topic: t.name, partition: p.partitionIndex }, error: p.errorCode }))) };
    });
  }
}

/** Kafka's exception class + message for an error code (what the tool prints for failures). */
export function exceptionText(code: number): string {
  const info = errorByCode(code);
  const special: Record<string, string> = {
    NON_EMPTY_GROUP: "GroupNotEmptyException",
    GROUP_ID_NOT_FOUND: "GroupIdNotFoundException",
    GROUP_SUBSCRIBED_TO_TOPIC: "GroupSubscribedToTopicException",
    UNKNOWN_TOPIC_OR_PARTITION: "UnknownTopicOrPartitionException",
    COORDINATOR_NOT_AVAILABLE: "CoordinatorNotAvailableException",
    NOT_COORDINATOR: "NotCoordinatorException",
    INVALID_GROUP_ID: "InvalidGroupIdException",
  };
  const cls = special[info.name] ?? info.name.toLowerCase().split("_").map((w) => w[0]!.toUpperCase() + w.slice(1)).join("") + "Exception";
  return `org.apache.kafka.common.errors.${cls}: ${info.message}`;
}

/**
 * Kafka's Utils.getDateTime: yyyy-MM-dd'T'HH:mm:ss.SSS with an optional zone (Z, +hh:mm, +hhmm);
 * without a zone Kafka appends "Z", so the time is UTC. (Milliseconds are optional here.)
 */
export function parseDateTime(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(Z|[+-]\d{2}:?\d{2})?$/.exec(s.trim());
  if (!m) throw new Error(`Error parsing timestamp '${s}': it does not match the format 'yyyy-MM-dd'T'HH:mm:ss.SSS'`);
  const [, y, mo, d, h, mi, se, ms, zone] = m;
  const msN = Number((ms ?? "0").padEnd(3, "0"));
  const z = zone === undefined || zone === "Z" ? "Z" : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${se}.${String(msN).padStart(3, "0")}${z}`;
  return Date.parse(iso);
}

/** ISO-8601 duration (java.time.Duration.parse subset): PnDTnHnMn.nS → milliseconds. */
export function parseDuration(s: string): number {
  const m = /^([-+]?)P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(s.trim());
  if (!m || s.trim().toUpperCase() === "P" || /T$/i.test(s.trim())) throw new Error(`Text cannot be parsed to a Duration`);
  const [, sign, d, h, mi, se] = m;
  const ms = ((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(mi ?? 0)) * 60_000 + Math.round(Number(se ?? 0) * 1000);
  return sign === "-" ? -ms : ms;
}

export { KafkaError };
