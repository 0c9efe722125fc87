/**
 * A consumer-group member for our tools (the classic protocol as Kafka's ConsumerCoordinator
 * speaks it, eager rebalancing, the "range" assignor): FindCoordinator → JoinGroup (with the
 * MEMBER_ID_REQUIRED round trip) → the leader assigns partitions → SyncGroup → heartbeats in the
 * background on a connection of its own (fetches long-poll on the data connections). A heartbeat
 * answered REBALANCE_IN_PROGRESS / ILLEGAL_GENERATION / UNKNOWN_MEMBER_ID / FENCED_INSTANCE_ID sets
 * `rebalanceNeeded`: the caller commits what it has processed and calls join() again.
 * Committed offsets: OffsetFetch / OffsetCommit with the member's generation. close() leaves.
 *
 * (Written by the consumer-groups work for kafka-console-consumer.sh --group; a new file, no
 * change to the rest of the client.)
 */
import { ApiKey } from "../protocol/api-keys.js";
import { errorByCode } from "../protocol/errors.js";
import type { FindCoordinatorResponse } from "../protocol/schemas/find-coordinator.js";
import type { HeartbeatResponse } from "../protocol/schemas/heartbeat.js";
import type { JoinGroupResponse } from "../protocol/schemas/join-group.js";
import type { OffsetCommitResponse } from "../protocol/schemas/offset-commit.js";
import type { OffsetFetchResponse } from "../protocol/schemas/offset-fetch.js";
import type { SyncGroupResponse } from "../protocol/schemas/sync-group.js";
import { decodeAssignment, decodeSubscriptionTopics, encodeAssignment, encodeSubscription } from "../group/consumer-protocol.js";
import { errorFor, type Cluster } from "./cluster.js";
import { Connection } from "./connection.js";

export interface TopicPartition { topic: string; partition: number }

export interface GroupMemberOptions {
  groupId: string;
  clientId?: string;
  /** session.timeout.ms (Kafka 3.x default 45000) */
  sessionTimeoutMs?: number;
  /** max.poll.interval.ms, the rebalance timeout (default 300000) */
  rebalanceTimeoutMs?: number;
  /** heartbeat.interval.ms (default 3000) */
  heartbeatIntervalMs?: number;
  /** group.instance.id for static membership */
  groupInstanceId?: string | null;
}

const REJOIN = new Set([22, 25, 27, 82]); // ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS, FENCED_INSTANCE_ID
const COORDINATOR_MOVED = new Set([14, 15, 16]); // load in progress, not available, not coordinator

/** Kafka's RangeAssignor: per topic, partitions in ranges over the subscribed members sorted by id. */
export function rangeAssign(members: { memberId: string; topics: string[] }[], partitionsPerTopic: Map<string, number>): Map<string, TopicPartition[]> {
  const out = new Map<string, TopicPartition[]>(members.map((m) => [m.memberId, []]));
  for (const [topic, n] of [...partitionsPerTopic].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const subs = members.filter((m) => m.topics.includes(topic)).map((m) => m.memberId).sort();
    if (subs.length === 0) continue;
    const per = Math.floor(n / subs.length);
    const extra = n % subs.length;
    subs.forEach((id, i) => {
      const start = per * i + Math.min(i, extra);
      const len = per + (i < extra ? 1 : 0);
      for (let p = start; p < start + len; p++) out.get(id)!.push({ topic, partition: p });
    });
  }
  return out;
}

export class GroupMember {
  memberId = "";
  generationId = -1;
  assignment: TopicPartition[] = [];
  /** Set by the heartbeat loop when the group needs this member to rejoin. */
  rebalanceNeeded = false;
  private conn: Connection | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private readonly o: Required<GroupMemberOptions>;
  private closed = false;

  constructor(readonly cluster: Cluster, opts: GroupMemberOptions) {
    this.o = {
      groupId: opts.groupId,
      clientId: opts.clientId ?? "consumer",
      sessionTimeoutMs: opts.sessionTimeoutMs ?? 45_000,
      rebalanceTimeoutMs: opts.rebalanceTimeoutMs ?? 300_000,
      heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 3000,
      groupInstanceId: opts.groupInstanceId ?? null,
    };
  }

  get groupId(): string { return this.o.groupId; }

  /** The coordinator connection (FindCoordinator retried while the coordinator is not ready). */
  private async coordinator(deadlineMs = 60_000): Promise<Connection> {
    if (this.conn && !this.conn.isClosed) return this.conn;
    const end = Date.now() + deadlineMs;
    for (;;) {
      const any = await this.cluster.any();
      const r = await any.sendAt<FindCoordinatorResponse>(ApiKey.FindCoordinator, any.versionFor(ApiKey.FindCoordinator, 3), { key: this.o.groupId, keyType: 0 });
      if (r.errorCode === 0) {
        this.conn = await Connection.open(r.host, r.port, { clientId: this.o.clientId, requestTimeoutMs: this.o.rebalanceTimeoutMs + 5000 });
        return this.conn;
      }
      if (!errorByCode(r.errorCode).retriable || Date.now() > end) throw errorFor(r.errorCode, r.errorMessage);
      await new Promise((res) => setTimeout(res, 100));
    }
  }

  private dropCoordinator(): void {
    this.conn?.close();
    this.conn = undefined;
  }

  /** Join (or rejoin) the group subscribed to `topics`; resolves with this member's partitions. */
  async join(topics: string[]): Promise<TopicPartition[]> {
    this.stopHeartbeats();
    for (;;) {
      if (this.closed) throw new Error("group member closed");
      const conn = await this.coordinator();
      const j = await conn.send<JoinGroupResponse>(ApiKey.JoinGroup, {
        groupId: this.o.groupId, sessionTimeoutMs: this.o.sessionTimeoutMs, rebalanceTimeoutMs: this.o.rebalanceTimeoutMs,
        memberId: this.memberId, groupInstanceId: this.o.groupInstanceId, protocolType: "consumer",
        protocols: [{ name: "range", metadata: encodeSubscription(topics) }], reason: null,
      });
      if (j.errorCode === 79) { this.memberId = j.memberId; continue; } // MEMBER_ID_REQUIRED
      if (j.errorCode === 25 || j.errorCode === 22) { this.memberId = ""; continue; }
      if (j.errorCode === 27) continue;
      if (COORDINATOR_MOVED.has(j.errorCode)) { this.dropCoordinator(); await new Promise((r) => setTimeout(r, 100)); continue; }
      if (j.errorCode !== 0) throw errorFor(j.errorCode);
      this.memberId = j.memberId;
      this.generationId = j.generationId;
      let assignments: { memberId: string; assignment: Buffer }[] = [];
      if (j.leader === j.memberId) {
        const members = j.members.map((m) => ({ memberId: m.memberId, topics: decodeSubscriptionTopics(m.metadata) ?? [] }));
        const wanted = [...new Set(members.flatMap((m) => m.topics))];
        const md = await this.cluster.refreshMetadata(wanted);
        const counts = new Map<string, number>();
        for (const t of wanted) { const tm = md.topics.get(t); if (tm && tm.errorCode === 0) counts.set(t, tm.partitions.length); }
        const plan = rangeAssign(members, counts);
        assignments = [...plan].map(([memberId, tps]) => ({ memberId, assignment: encodeAssignment(groupByTopic(tps)) }));
      }
      const s = await conn.send<SyncGroupResponse>(ApiKey.SyncGroup, {
        groupId: this.o.groupId, generationId: this.generationId, memberId: this.memberId, groupInstanceId: this.o.groupInstanceId,
        protocolType: "consumer", protocolName: j.protocolName, assignments,
      });
      if (REJOIN.has(s.errorCode)) { if (s.errorCode === 25) this.memberId = ""; continue; }
      if (COORDINATOR_MOVED.has(s.errorCode)) { this.dropCoordinator(); continue; }
      if (s.errorCode !== 0) throw errorFor(s.errorCode);
      this.assignment = (decodeAssignment(s.assignment) ?? []).flatMap((a) => a.partitions.map((partition) => ({ topic: a.topic, partition })));
      this.rebalanceNeeded = false;
      this.startHeartbeats();
      return this.assignment;
    }
  }

  private startHeartbeats(): void {
    this.stopHeartbeats();
    const beat = async () => {
      if (this.closed || this.rebalanceNeeded) return;
      try {
        const conn = await this.coordinator(5000);
        const r = await conn.send<HeartbeatResponse>(ApiKey.Heartbeat, { groupId: this.o.groupId, generationId: this.generationId, memberId: this.memberId, groupInstanceId: this.o.groupInstanceId });
        if (REJOIN.has(r.errorCode)) this.rebalanceNeeded = true;
        else if (COORDINATOR_MOVED.has(r.errorCode)) this.dropCoordinator();
      } catch {
        this.dropCoordinator();
      }
    };
    this.heartbeatTimer = setInterval(() => void beat(), this.o.heartbeatIntervalMs);
  }

  private stopHeartbeats(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  /** Committed offsets of `tps` (absent: none committed). */
  async committed(tps: TopicPartition[]): Promise<Map<string, bigint>> {
    const byTopic = groupByTopic(tps);
    for (;;) {
      const conn = await this.coordinator();
      const r = await conn.sendAt<OffsetFetchResponse>(ApiKey.OffsetFetch, conn.versionFor(ApiKey.OffsetFetch, 7), {
        groupId: this.o.groupId, topics: byTopic.map((t) => ({ name: t.topic, partitionIndexes: t.partitions })), requireStable: false,
      });
      if (COORDINATOR_MOVED.has(r.errorCode)) { this.dropCoordinator(); await new Promise((res) => setTimeout(res, 100)); continue; }
      if (r.errorCode !== 0) throw errorFor(r.errorCode);
      const out = new Map<string, bigint>();
      for (const t of r.topics) for (const p of t.partitions) if (p.errorCode === 0 && p.committedOffset >= 0n) out.set(`${t.name}-${p.partitionIndex}`, p.committedOffset);
      return out;
    }
  }

  /** Commit `offsets` (the next offset to read, as Kafka does) for the current generation. */
  async commit(offsets: (TopicPartition & { offset: bigint })[]): Promise<void> {
    if (offsets.length === 0) return;
    const topics = new Map<string, { partitionIndex: number; committedOffset: bigint; committedLeaderEpoch: number; committedMetadata: string }[]>();
    for (const o of offsets) topics.set(o.topic, [...(topics.get(o.topic) ?? []), { partitionIndex: o.partition, committedOffset: o.offset, committedLeaderEpoch: -1, committedMetadata: "" }]);
    const conn = await this.coordinator();
    const r = await conn.send<OffsetCommitResponse>(ApiKey.OffsetCommit, {
      groupId: this.o.groupId, generationIdOrMemberEpoch: this.generationId, memberId: this.memberId, groupInstanceId: this.o.groupInstanceId,
      retentionTimeMs: -1n, topics: [...topics].map(([name, partitions]) => ({ name, partitions })),
    });
    for (const t of r.topics) for (const p of t.partitions) {
      if (p.errorCode === 0) continue;
      if (REJOIN.has(p.errorCode)) this.rebalanceNeeded = true;
      throw errorFor(p.errorCode);
    }
  }

  /** Leave the group (dynamic members; static members just stop, as Kafka's do) and close the connection. */
  async close(): Promise<void> {
    this.closed = true;
    this.stopHeartbeats();
    try {
      if (this.conn && !this.conn.isClosed && this.memberId !== "" && this.o.groupInstanceId === null) {
        await this.conn.send(ApiKey.LeaveGroup, { groupId: this.o.groupId, memberId: this.memberId, members: [{ memberId: this.memberId, groupInstanceId: null, reason: "the consumer is being closed" }] });
      }
    } catch { /* leaving is best effort: the session timeout removes us anyway */ }
    this.dropCoordinator();
  }
}

function groupByTopic(tps: TopicPartition[]): { topic: string; partitions: number[] }[] {
  const m = new Map<string, number[]>();
  for (const tp of tps) m.set(tp.topic, [...(m.get(tp.topic) ?? []), tp.partition]);
  return [...m].map(([topic, partitions]) => ({ topic, partitions: partitions.sort((a, b) => a - b) }));
}
