/**
 * One member of a Kafka consumer group (the classic protocol, protocol type "consumer", the
 * "range" assignor), as MirrorMaker's embedded consumers are: FindCoordinator, JoinGroup (again
 * with the assigned member id after MEMBER_ID_REQUIRED), the leader computes the assignment from
 * the members' subscriptions (Kafka's RangeAssignor: per topic, partitions split into contiguous
 * ranges over the members sorted by member id), SyncGroup, then Heartbeat until the coordinator
 * answers REBALANCE_IN_PROGRESS / ILLEGAL_GENERATION / UNKNOWN_MEMBER_ID (→ join again).
 * Offsets are committed and fetched with the member's generation; LeaveGroup on close.
 * Subscription and assignment bytes: the embedded consumer protocol v0 (broker/group/consumer-protocol.ts).
 */
import { Cluster } from "../../broker/client/cluster.js";
import type { Connection } from "../../broker/client/connection.js";
import { ApiKey } from "../../broker/protocol/api-keys.js";
import { KafkaError, errorByCode } from "../../broker/protocol/errors.js";
import type { FindCoordinatorResponse } from "../../broker/protocol/schemas/find-coordinator.js";
import type { HeartbeatResponse } from "../../broker/protocol/schemas/heartbeat.js";
import type { JoinGroupResponse } from "../../broker/protocol/schemas/join-group.js";
import type { OffsetCommitResponse } from "../../broker/protocol/schemas/offset-commit.js";
import type { OffsetFetchResponse } from "../../broker/protocol/schemas/offset-fetch.js";
import type { SyncGroupResponse } from "../../broker/protocol/schemas/sync-group.js";
import { decodeAssignment, decodeSubscriptionTopics, encodeAssignment, encodeSubscription } from "../../broker/group/consumer-protocol.js";

import { rangeAssign, type TopicPartition } from "../../broker/client/group-member.js";

// one RangeAssignor for every group member we run (tools, MirrorMaker)
export { rangeAssign, type TopicPartition };

const E = { NONE: 0, COORDINATOR_LOAD_IN_PROGRESS: 14, COORDINATOR_NOT_AVAILABLE: 15, NOT_COORDINATOR: 16, ILLEGAL_GENERATION: 22, UNKNOWN_MEMBER_ID: 25, REBALANCE_IN_PROGRESS: 27, MEMBER_ID_REQUIRED: 79 };
const COORDINATOR_ERRORS = new Set([E.COORDINATOR_LOAD_IN_PROGRESS, E.COORDINATOR_NOT_AVAILABLE, E.NOT_COORDINATOR]);
const REJOIN_ERRORS = new Set([E.REBALANCE_IN_PROGRESS, E.ILLEGAL_GENERATION, E.UNKNOWN_MEMBER_ID]);


export class GroupMember {
  memberId = "";
  generationId = -1;
  private coordinator: Connection | undefined;

  constructor(
    readonly cluster: Cluster,
    readonly groupId: string,
    private readonly opts: { sessionTimeoutMs: number; rebalanceTimeoutMs: number },
  ) {}

  private async coordinatorConn(): Promise<Connection> {
    if (this.coordinator && !this.coordinator.isClosed) return this.coordinator;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const conn = await this.cluster.any();
      const r = await conn.send<FindCoordinatorResponse>(ApiKey.FindCoordinator, { key: this.groupId, keyType: 0, coordinatorKeys: [this.groupId] }, 3);
      if (r.errorCode === 0) {
        this.coordinator = await this.cluster.connectTo(r.host, r.port);
        return this.coordinator;
      }
      if (!COORDINATOR_ERRORS.has(r.errorCode) || Date.now() > deadline) throw new KafkaError(errorByCode(r.errorCode), r.errorMessage ?? undefined);
      await new Promise((res) => setTimeout(res, 200));
    }
  }

  private lostCoordinator(code: number): boolean {
    if (COORDINATOR_ERRORS.has(code)) {
      this.coordinator = undefined;
      return true;
    }
    return false;
  }

  /**
   * Join (or rejoin) the group subscribed to `topics`; resolves with this member's partitions.
   * `partitionCounts` is asked only when this member is elected leader.
   */
  async join(topics: string[], partitionCounts: (topics: string[]) => Promise<Map<string, number>>, stopped: () => boolean): Promise<TopicPartition[]> {
    for (;;) {
      if (stopped()) return [];
      const conn = await this.coordinatorConn();
      const join = await conn.send<JoinGroupResponse>(ApiKey.JoinGroup, {
        groupId: this.groupId,
        sessionTimeoutMs: this.opts.sessionTimeoutMs,
        rebalanceTimeoutMs: this.opts.rebalanceTimeoutMs,
        memberId: this.memberId,
        groupInstanceId: null,
        protocolType: "consumer",
        protocols: [{ name: "range", metadata: encodeSubscription([...topics].sort()) }],
        reason: null,
      });
      if (join.errorCode === E.MEMBER_ID_REQUIRED) {
        this.memberId = join.memberId;
        continue;
      }
      if (join.errorCode === E.UNKNOWN_MEMBER_ID || join.errorCode === E.ILLEGAL_GENERATION) {
        this.memberId = "";
        continue;
      }
      if (this.lostCoordinator(join.errorCode) || join.errorCode === E.REBALANCE_IN_PROGRESS) {
        await new Promise((res) => setTimeout(res, 100));
        continue;
      }
      if (join.errorCode !== 0) throw new KafkaError(errorByCode(join.errorCode));
      this.memberId = join.memberId;
      this.generationId = join.generationId;
      let assignments: { memberId: string; assignment: Buffer }[] = [];
      if (join.leader === join.memberId) {
        const members = join.members.map((m) => ({ memberId: m.memberId, topics: decodeSubscriptionTopics(m.metadata) ?? [] }));
        const counts = await partitionCounts([...new Set(members.flatMap((m) => m.topics))]);
        const plan = rangeAssign(members, counts);
        assignments = [...plan].map(([memberId, tps]) => {
          const byTopic = new Map<string, number[]>();
          for (const tp of tps) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition]);
          return { memberId, assignment: encodeAssignment([...byTopic].map(([topic, partitions]) => ({ topic, partitions }))) };
        });
      }
      const sync = await conn.send<SyncGroupResponse>(ApiKey.SyncGroup, {
        groupId: this.groupId, generationId: this.generationId, memberId: this.memberId, groupInstanceId: null,
        protocolType: "consumer", protocolName: "range", assignments,
      });
      if (REJOIN_ERRORS.has(sync.errorCode) || this.lostCoordinator(sync.errorCode)) {
        if (sync.errorCode === E.UNKNOWN_MEMBER_ID) this.memberId = "";
        continue;
      }
      if (sync.errorCode !== 0) throw new KafkaError(errorByCode(sync.errorCode));
      return (decodeAssignment(sync.assignment) ?? []).flatMap((a) => a.partitions.map((partition) => ({ topic: a.topic, partition })));
    }
  }

  /** One heartbeat: true while the generation is current, false when the member must rejoin. */
  async heartbeat(): Promise<boolean> {
    const conn = await this.coordinatorConn();
    const r = await conn.send<HeartbeatResponse>(ApiKey.Heartbeat, { groupId: this.groupId, generationId: this.generationId, memberId: this.memberId, groupInstanceId: null });
    if (r.errorCode === 0 || this.lostCoordinator(r.errorCode)) return true;
    if (REJOIN_ERRORS.has(r.errorCode)) {
      if (r.errorCode === E.UNKNOWN_MEMBER_ID) this.memberId = "";
      return false;
    }
    throw new KafkaError(errorByCode(r.errorCode));
  }

  /** Committed offsets of the group for these partitions (absent = none committed). */
  async committed(tps: TopicPartition[]): Promise<Map<string, bigint>> {
    const out = new Map<string, bigint>();
    if (tps.length === 0) return out;
    const byTopic = new Map<string, number[]>();
    for (const tp of tps) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition]);
    for (;;) {
      const conn = await this.coordinatorConn();
      const r = await conn.send<OffsetFetchResponse>(ApiKey.OffsetFetch, {
        groupId: this.groupId, topics: [...byTopic].map(([name, partitionIndexes]) => ({ name, partitionIndexes })), groups: [], requireStable: false,
      }, 7);
      if (this.lostCoordinator(r.errorCode)) { await new Promise((res) => setTimeout(res, 100)); continue; }
      if (r.errorCode !== 0) throw new KafkaError(errorByCode(r.errorCode));
      for (const t of r.topics) for (const p of t.partitions) if (p.errorCode === 0 && p.committedOffset >= 0n) out.set(`${t.name}-${p.partitionIndex}`, p.committedOffset);
      return out;
    }
  }

  /** OffsetCommit with this member's generation; throws the first partition error. */
  async commit(offsets: { tp: TopicPartition; offset: bigint }[]): Promise<void> {
    if (offsets.length === 0) return;
    const byTopic = new Map<string, { partition: number; offset: bigint }[]>();
    for (const o of offsets) byTopic.set(o.tp.topic, [...(byTopic.get(o.tp.topic) ?? []), { partition: o.tp.partition, offset: o.offset }]);
    const conn = await this.coordinatorConn();
    const r = await conn.send<OffsetCommitResponse>(ApiKey.OffsetCommit, {
      groupId: this.groupId, generationIdOrMemberEpoch: this.generationId, memberId: this.memberId, groupInstanceId: null, retentionTimeMs: -1n,
      topics: [...byTopic].map(([name, ps]) => ({ name, partitions: ps.map((p) => ({ partitionIndex: p.partition, committedOffset: p.offset, committedLeaderEpoch: -1, commitTimestamp: -1n, committedMetadata: "" })) })),
    });
    for (const t of r.topics) for (const p of t.partitions) {
      if (p.errorCode !== 0) {
        this.lostCoordinator(p.errorCode);
        throw new KafkaError(errorByCode(p.errorCode));
      }
    }
  }

  async leave(): Promise<void> {
    if (this.memberId === "") return;
    try {
      const conn = await this.coordinatorConn();
      await conn.send(ApiKey.LeaveGroup, { groupId: this.groupId, memberId: this.memberId, members: [{ memberId: this.memberId, groupInstanceId: null, reason: "the consumer is being closed" }] });
    } catch { /* the session times out instead */ }
    this.memberId = "";
    this.generationId = -1;
  }
}
