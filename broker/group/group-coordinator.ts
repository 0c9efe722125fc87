/**
 * The group coordinator (Kafka's GroupCoordinator + GroupMetadataManager, classic protocol):
 * owns the groups whose __consumer_offsets partition this broker leads.
 *
 *   - Ownership follows partition leadership: a periodic scan (and every request) notices a
 *     newly led partition and loads it (replays the log: latest value per key wins, null values
 *     delete), answering COORDINATOR_LOAD_IN_PROGRESS meanwhile; a lost one is unloaded (its
 *     groups answer NOT_COORDINATOR to anything waiting).
 *   - Writes: group metadata (after each rebalance / when a group empties) and offset commits are
 *     record batches appended to the group's partition (formats: offset-store.ts); deletes are
 *     tombstones. The in-memory state changes only after the append succeeded.
 *   - Expiry: every offsets.retention.check.interval.ms, offsets older than
 *     offsets.retention.minutes are dropped (a standalone "simple" consumer's: counted from each
 *     commit; an Empty group's: from when it became empty; a Stable consumer group's: only for
 *     topics it no longer subscribes to); an explicit expire timestamp (OffsetCommit v2-4) wins.
 *     An Empty group with no offsets left goes Dead and gets a tombstone.
 */
import { logger } from "../../common/logger.js";
import type { KafkaConfig } from "../config.js";
import type { Log } from "../log/log.js";
import type { MetadataCache } from "../metadata-cache.js";
import { decodeBatch, buildRecordBatch, type RecordInput } from "../protocol/record-set.js";
import { ATTR_CONTROL, iterateBatches } from "../protocol/records.js";
import type { ReplicaManager } from "../replication/replica-manager.js";
import { errorCodeOf } from "../replication/replica-manager.js";
import { decodeSubscriptionTopics } from "./consumer-protocol.js";
import { Group, realScheduler, type CommittedOffset, type GroupConfig, type JoinRequest, type JoinResult, type LeaveMember, type Scheduler, type SyncRequest, type SyncResult } from "./group.js";
import { GroupErrors as E } from "./group-errors.js";
import {
  groupMetadataKey, groupMetadataValue, offsetCommitKey, offsetCommitValue, readGroupMetadataValue, readKey, readOffsetCommitValue,
  type GroupMetadataValue,
} from "./offset-store.js";
import { OFFSETS_TOPIC, partitionForGroup } from "./partition-for-group.js";

const log = logger("group-coordinator");

export interface GroupCoordinatorConfig {
  numPartitions: number;
  minSessionTimeoutMs: number;
  maxSessionTimeoutMs: number;
  initialRebalanceDelayMs: number;
  maxSize: number;
  retentionMs: number;
  retentionCheckIntervalMs: number;
  loadBufferSize: number;
  maxMetadataSize: number;
}

export function groupCoordinatorConfig(c: KafkaConfig): GroupCoordinatorConfig {
  return {
    numPartitions: c.int("offsets.topic.num.partitions"),
    minSessionTimeoutMs: c.int("group.min.session.timeout.ms"),
    maxSessionTimeoutMs: c.int("group.max.session.timeout.ms"),
    initialRebalanceDelayMs: c.int("group.initial.rebalance.delay.ms"),
    maxSize: c.int("group.max.size"),
    retentionMs: c.int("offsets.retention.minutes") * 60_000,
    retentionCheckIntervalMs: c.int("offsets.retention.check.interval.ms"),
    loadBufferSize: c.int("offsets.load.buffer.size") || 5242880,
    maxMetadataSize: c.get("offset.metadata.max.bytes") === undefined ? 4096 : c.int("offset.metadata.max.bytes"),
  };
}

/** The broker parts the coordinator needs: its __consumer_offsets partitions and topic metadata. */
export interface CoordinatorBroker {
  replicaManager: Pick<ReplicaManager, "getPartition">;
  metadata: Pick<MetadataCache, "topics">;
}

interface OwnedPartition { epoch: number; loading: boolean; cancelled: boolean }

export interface OffsetCommitEntry { topic: string; partition: number; offset: bigint; leaderEpoch: number; metadata: string | null; commitTimestamp: bigint }

export interface FetchedOffset { offset: bigint; leaderEpoch: number; metadata: string; error: number }

export interface GroupOverview { groupId: string; protocolType: string; state: string }

export interface GroupSummary {
  error: number;
  groupId: string;
  state: string;
  protocolType: string;
  protocol: string;
  members: { memberId: string; groupInstanceId: string | null; clientId: string; clientHost: string; metadata: Buffer; assignment: Buffer }[];
}

const tpKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;

export class GroupCoordinator {
  private readonly groups = new Map<string, Group>();
  private readonly owned = new Map<number, OwnedPartition>();
  private scanTimer?: () => void;
  private expiryTimer?: () => void;
  private readonly groupCfg: GroupConfig;

  constructor(readonly cfg: GroupCoordinatorConfig, private readonly broker: CoordinatorBroker, private readonly sched: Scheduler = realScheduler) {
    this.groupCfg = { initialRebalanceDelayMs: cfg.initialRebalanceDelayMs, maxSize: cfg.maxSize, newMemberJoinTimeoutMs: 300_000 };
  }

  /** Start the ownership scan (loads led partitions eagerly) and the offset expiry timer. */
  startup(): void {
    const scan = () => {
      this.scanOwnership();
      this.scanTimer = this.sched.schedule(1000, scan);
    };
    scan();
    const expire = () => {
      this.cleanupGroupMetadata();
      this.expiryTimer = this.sched.schedule(this.cfg.retentionCheckIntervalMs, expire);
    };
    this.expiryTimer = this.sched.schedule(this.cfg.retentionCheckIntervalMs, expire);
  }

  shutdown(): void {
    this.scanTimer?.();
    this.expiryTimer?.();
    for (const p of [...this.owned.keys()]) this.unload(p);
  }

  partitionFor(groupId: string): number {
    return partitionForGroup(groupId, this.cfg.numPartitions);
  }

  // ---------------------------------------------------------------- ownership / loading

  private scanOwnership(): void {
    for (let p = 0; p < this.cfg.numPartitions; p++) this.ownership(p);
    for (const p of this.owned.keys()) if (p >= this.cfg.numPartitions) this.unload(p);
    this.removeOffsetsOfDeletedTopics();
  }

  private knownTopics: Set<string> | undefined;

  /**
   * Kafka's handleDeletedPartitions: offsets of a deleted topic are removed from every group
   * (tombstones). A topic counts as deleted when it was in the metadata at the previous scan and is
   * gone now (never at startup, when the metadata may still be filling in).
   */
  removeOffsetsOfDeletedTopics(): number {
    const now = new Set(this.broker.metadata.topics.keys());
    const before = this.knownTopics;
    this.knownTopics = now;
    if (!before) return 0;
    const deleted = [...before].filter((t) => !now.has(t));
    if (deleted.length === 0) return 0;
    let removed = 0;
    for (const [id, g] of this.groups) {
      if (this.ownership(this.partitionFor(id)) !== E.NONE) continue;
      const gone = [...g.offsets].filter(([, o]) => deleted.includes(o.topic));
      if (gone.length === 0) continue;
      if (this.append(id, gone.map(([, o]) => ({ key: offsetCommitKey(id, o.topic, o.partition), value: null }))) !== E.NONE) continue;
      for (const [k] of gone) g.offsets.delete(k);
      removed += gone.length;
    }
    if (removed > 0) log.info(`[GroupMetadataManager] Removed ${removed} offsets of deleted topics ${deleted.join(", ")}`);
    return removed;
  }

  /** NONE when we own the partition and it is loaded; else the error to answer. */
  private ownership(p: number): number {
    const part = this.broker.replicaManager.getPartition(OFFSETS_TOPIC, p);
    const st = this.owned.get(p);
    if (!part || !part.isLeader()) {
      if (st) this.unload(p);
      return E.NOT_COORDINATOR;
    }
    if (!st || st.epoch !== part.leaderEpoch) {
      if (st) this.unload(p);
      this.load(p, part.log, part.leaderEpoch);
    }
    return this.owned.get(p)!.loading ? E.COORDINATOR_LOAD_IN_PROGRESS : E.NONE;
  }

  private load(p: number, l: Log, epoch: number): void {
    const st: OwnedPartition = { epoch, loading: true, cancelled: false };
    this.owned.set(p, st);
    const started = Date.now();
    log.info(`Scheduling loading of offsets and group metadata from ${OFFSETS_TOPIC}-${p} for epoch ${epoch}`);
    const offsets = new Map<string, Map<string, { topic: string; partition: number; value: CommittedOffset }>>();
    const metadata = new Map<string, GroupMetadataValue | null>();
    let pos = l.logStartOffset;
    const end = l.logEndOffset;
    const step = () => {
      if (st.cancelled) return;
      try {
        const deadline = Date.now() + 20;
        while (pos < end && Date.now() < deadline) {
          const { records } = l.read(pos, this.cfg.loadBufferSize, end, true);
          if (records.length === 0) { pos = end; break; }
          for (const h of iterateBatches(records)) {
            const next = h.baseOffset + BigInt(h.lastOffsetDelta) + 1n;
            if (next > pos) pos = next;
            if ((h.attributes & ATTR_CONTROL) !== 0) continue;
            for (const r of decodeBatch(records, h)) {
              if (r.offset < l.logStartOffset || !r.key) continue;
              const key = readKey(r.key);
              if (!key) continue;
              if (key.kind === "offset") {
                let m = offsets.get(key.group);
                if (!m) { m = new Map(); offsets.set(key.group, m); }
                if (r.value === null) m.delete(tpKey(key.topic, key.partition));
                else m.set(tpKey(key.topic, key.partition), { topic: key.topic, partition: key.partition, value: readOffsetCommitValue(r.value) });
              } else {
                metadata.set(key.group, r.value === null ? null : readGroupMetadataValue(r.value));
              }
            }
          }
        }
      } catch (e) {
        log.error({ err: e instanceof Error ? e.stack : String(e) }, `Error loading offsets from ${OFFSETS_TOPIC}-${p}`);
        pos = end;
      }
      if (pos < end) { setImmediate(step); return; }
      const names = new Set([...offsets.keys(), ...metadata.keys()]);
      let loaded = 0;
      for (const name of names) {
        const md = metadata.get(name);
        const offs = offsets.get(name);
        if ((md === null || md === undefined) && (!offs || offs.size === 0)) continue;
        const g = this.newGroup(name);
        if (md) g.loadFrom(md);
        if (offs) for (const [k, v] of offs) g.offsets.set(k, v);
        this.groups.get(name)?.shutdown(E.NOT_COORDINATOR);
        this.groups.set(name, g);
        g.startHeartbeats();
        loaded++;
      }
      st.loading = false;
      log.info(`Finished loading offsets and group metadata from ${OFFSETS_TOPIC}-${p} in ${Date.now() - started} milliseconds for epoch ${epoch} (${loaded} groups)`);
    };
    // loading runs in the background, as Kafka's scheduler does; requests meanwhile get COORDINATOR_LOAD_IN_PROGRESS
    setImmediate(step);
  }

  private unload(p: number): void {
    const st = this.owned.get(p);
    if (st) st.cancelled = true;
    this.owned.delete(p);
    let n = 0;
    for (const [id, g] of this.groups) {
      if (this.partitionFor(id) !== p) continue;
      g.shutdown(E.NOT_COORDINATOR);
      this.groups.delete(id);
      n++;
    }
    log.info(`Unloaded ${n} groups of ${OFFSETS_TOPIC}-${p} (this broker no longer leads it)`);
  }

  private newGroup(groupId: string): Group {
    return new Group(groupId, this.groupCfg, this.sched, {
      store: (g, assignment) => this.storeGroup(g, assignment),
      log: (msg) => log.info(`[GroupCoordinator]: ${msg}`),
    });
  }

  /** Kafka's validateGroupStatus: group id, then ownership / loading. */
  validateGroupStatus(groupId: string | null, allowEmpty: boolean): number {
    if (groupId === null || (!allowEmpty && groupId === "")) return E.INVALID_GROUP_ID;
    return this.ownership(this.partitionFor(groupId));
  }

  getGroup(groupId: string): Group | undefined {
    const g = this.groups.get(groupId);
    return g && !g.is("Dead") ? g : undefined;
  }

  private getOrCreateGroup(groupId: string): Group {
    let g = this.getGroup(groupId);
    if (!g) {
      g = this.newGroup(groupId);
      this.groups.set(groupId, g);
    }
    return g;
  }

  // ---------------------------------------------------------------- writes

  private append(groupId: string, records: RecordInput[]): number {
    const p = this.partitionFor(groupId);
    const part = this.broker.replicaManager.getPartition(OFFSETS_TOPIC, p);
    const st = this.owned.get(p);
    if (!part || !part.isLeader() || !st || st.epoch !== part.leaderEpoch) return E.NOT_COORDINATOR;
    try {
      part.appendRecordsToLeader(buildRecordBatch({ records }), -1);
      return E.NONE;
    } catch (e) {
      const code = errorCodeOf(e);
      log.warn(`Failed to append to ${OFFSETS_TOPIC}-${p} for group ${groupId}: ${e instanceof Error ? e.message : String(e)}`);
      switch (code) {
        case 3: case 19: case 20: case 7: return E.COORDINATOR_NOT_AVAILABLE; // unknown partition, not enough replicas, timeout
        case 6: case 56: return E.NOT_COORDINATOR; // not leader, storage error
        case 10: case 18: case 4: return E.UNKNOWN_SERVER_ERROR; // too large
        default: return code;
      }
    }
  }

  private async storeGroup(g: Group, assignment: Map<string, Buffer>): Promise<number> {
    const value = groupMetadataValue({
      protocolType: g.protocolType ?? "",
      generation: g.generationId,
      protocol: g.protocolName,
      leader: g.leaderId,
      currentStateTimestamp: BigInt(this.sched.now()),
      members: [...g.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        rebalanceTimeout: m.rebalanceTimeoutMs,
        sessionTimeout: m.sessionTimeoutMs,
        subscription: m.protocols.find((p) => p.name === g.protocolName)?.metadata ?? Buffer.alloc(0),
        assignment: assignment.get(m.memberId) ?? Buffer.alloc(0),
      })),
    });
    return this.append(g.groupId, [{ key: groupMetadataKey(g.groupId), value }]);
  }

  // ---------------------------------------------------------------- JoinGroup / SyncGroup / Heartbeat / LeaveGroup

  async joinGroup(groupId: string, req: JoinRequest): Promise<JoinResult> {
    const fail = (error: number): JoinResult => ({ error, memberId: req.memberId, generationId: -1, protocolType: null, protocolName: null, leader: "", skipAssignment: false, members: [] });
    const status = this.validateGroupStatus(groupId, false);
    if (status !== E.NONE) return fail(status);
    if (req.sessionTimeoutMs < this.cfg.minSessionTimeoutMs || req.sessionTimeoutMs > this.cfg.maxSessionTimeoutMs) return fail(E.INVALID_SESSION_TIMEOUT);
    const isUnknown = req.memberId === "";
    const g = isUnknown ? this.getOrCreateGroup(groupId) : this.getGroup(groupId);
    if (!g) return fail(E.UNKNOWN_MEMBER_ID);
    return g.join(req);
  }

  async syncGroup(groupId: string, req: SyncRequest): Promise<SyncResult> {
    const fail = (error: number): SyncResult => ({ error, protocolType: null, protocolName: null, assignment: Buffer.alloc(0) });
    const status = this.validateGroupStatus(groupId, false);
    if (status !== E.NONE) return fail(status);
    const g = this.getGroup(groupId);
    if (!g) return fail(E.UNKNOWN_MEMBER_ID);
    return g.sync(req);
  }

  heartbeat(groupId: string, memberId: string, instanceId: string | null, generationId: number): number {
    const status = this.validateGroupStatus(groupId, false);
    if (status !== E.NONE) return status;
    const g = this.getGroup(groupId);
    if (!g) return E.UNKNOWN_MEMBER_ID;
    return g.heartbeat(memberId, instanceId, generationId);
  }

  /** LeaveGroup: a group-level error, or per-member errors. */
  leaveGroup(groupId: string, members: LeaveMember[], reason?: string): { error: number; memberErrors: number[] } {
    const status = this.validateGroupStatus(groupId, false);
    if (status !== E.NONE) return { error: status, memberErrors: members.map(() => status) };
    const g = this.getGroup(groupId);
    if (!g) return { error: E.NONE, memberErrors: members.map(() => E.UNKNOWN_MEMBER_ID) };
    return { error: E.NONE, memberErrors: g.leave(members, reason) };
  }

  // ---------------------------------------------------------------- offsets

  /** OffsetCommit: per-partition errors in request order. */
  commitOffsets(groupId: string, memberId: string, instanceId: string | null, generationId: number, entries: OffsetCommitEntry[], expireTimestamp: bigint, topicExists: (t: string, p: number) => boolean): number[] {
    const status = this.validateGroupStatus(groupId, true);
    if (status !== E.NONE) return entries.map(() => status);
    let g = this.getGroup(groupId);
    if (!g) {
      if (generationId >= 0) return entries.map(() => E.ILLEGAL_GENERATION);
      g = this.getOrCreateGroup(groupId);
    }
    const err = g.validateOffsetCommit(memberId, instanceId, generationId);
    if (err !== E.NONE) return entries.map(() => err);
    const errors: number[] = [];
    const records: RecordInput[] = [];
    const accepted: { e: OffsetCommitEntry; v: CommittedOffset; i: number }[] = [];
    entries.forEach((e, i) => {
      if (!topicExists(e.topic, e.partition)) { errors.push(E.UNKNOWN_TOPIC_OR_PARTITION); return; }
      const md = e.metadata ?? "";
      if (Buffer.byteLength(md, "utf8") > this.cfg.maxMetadataSize) { errors.push(E.OFFSET_METADATA_TOO_LARGE); return; }
      const v: CommittedOffset = { offset: e.offset, leaderEpoch: e.leaderEpoch, metadata: md, commitTimestamp: e.commitTimestamp, expireTimestamp };
      records.push({ key: offsetCommitKey(groupId, e.topic, e.partition), value: offsetCommitValue(v) });
      accepted.push({ e, v, i });
      errors.push(E.NONE);
    });
    if (records.length === 0) return errors;
    const appendErr = this.append(groupId, records);
    if (appendErr !== E.NONE) {
      for (const a of accepted) errors[a.i] = appendErr;
      return errors;
    }
    if (g.is("Dead")) return errors;
    for (const a of accepted) g.offsets.set(tpKey(a.e.topic, a.e.partition), { topic: a.e.topic, partition: a.e.partition, value: a.v });
    return errors;
  }

  /** OffsetFetch for one group: `partitions` null = every committed offset. */
  fetchOffsets(groupId: string, partitions: { topic: string; partition: number }[] | null): { error: number; offsets: { topic: string; partition: number; result: FetchedOffset }[] } {
    const status = this.validateGroupStatus(groupId, true);
    if (status !== E.NONE) {
      return { error: status, offsets: (partitions ?? []).map((p) => ({ ...p, result: { offset: -1n, leaderEpoch: -1, metadata: "", error: status } })) };
    }
    const g = this.getGroup(groupId);
    if (partitions === null) {
      const offsets = g ? [...g.offsets.values()].map((o) => ({ topic: o.topic, partition: o.partition, result: { offset: o.value.offset, leaderEpoch: o.value.leaderEpoch, metadata: o.value.metadata, error: E.NONE } })) : [];
      return { error: E.NONE, offsets };
    }
    return {
      error: E.NONE,
      offsets: partitions.map((p) => {
        const o = g?.offsets.get(tpKey(p.topic, p.partition));
        return { ...p, result: o ? { offset: o.value.offset, leaderEpoch: o.value.leaderEpoch, metadata: o.value.metadata, error: E.NONE } : { offset: -1n, leaderEpoch: -1, metadata: "", error: E.NONE } };
      }),
    };
  }

  // ---------------------------------------------------------------- admin: list / describe / delete

  listGroups(states: string[]): { error: number; groups: GroupOverview[] } {
    let error = E.NONE;
    for (let p = 0; p < this.cfg.numPartitions; p++) if (this.ownership(p) === E.COORDINATOR_LOAD_IN_PROGRESS) error = E.COORDINATOR_LOAD_IN_PROGRESS;
    const want = new Set(states.map((s) => s.toLowerCase()));
    const groups = [...this.groups.values()]
      .filter((g) => !g.is("Dead") && (want.size === 0 || want.has(g.state.toLowerCase())))
      .map((g) => ({ groupId: g.groupId, protocolType: g.protocolType ?? "", state: g.state }));
    return { error, groups };
  }

  describeGroup(groupId: string): GroupSummary {
    const status = this.validateGroupStatus(groupId, true);
    const dead: GroupSummary = { error: status, groupId, state: "Dead", protocolType: "", protocol: "", members: [] };
    if (status !== E.NONE) return dead;
    const g = this.getGroup(groupId);
    if (!g) return dead;
    const stable = g.is("Stable");
    return {
      error: E.NONE,
      groupId,
      state: g.state,
      protocolType: g.protocolType ?? "",
      protocol: stable ? (g.protocolName ?? "") : "",
      members: [...g.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        metadata: stable ? (m.protocols.find((p) => p.name === g.protocolName)?.metadata ?? Buffer.alloc(0)) : Buffer.alloc(0),
        assignment: stable ? m.assignment : Buffer.alloc(0),
      })),
    };
  }

  deleteGroups(groupIds: string[]): number[] {
    return groupIds.map((id) => {
      const status = this.validateGroupStatus(id, true);
      if (status !== E.NONE) return status;
      const g = this.getGroup(id);
      if (!g) return E.GROUP_ID_NOT_FOUND;
      if (!g.is("Empty")) return E.NON_EMPTY_GROUP;
      const records: RecordInput[] = [...g.offsets.values()].map((o) => ({ key: offsetCommitKey(id, o.topic, o.partition), value: null }));
      records.push({ key: groupMetadataKey(id), value: null });
      const err = this.append(id, records);
      if (err !== E.NONE) return err;
      g.shutdown(E.COORDINATOR_NOT_AVAILABLE);
      this.groups.delete(id);
      log.info(`[GroupMetadataManager] Removed ${records.length - 1} offsets associated with deleted group ${id}`);
      return E.NONE;
    });
  }

  /** OffsetDelete: group-level error plus per-partition errors. */
  deleteOffsets(groupId: string, partitions: { topic: string; partition: number }[]): { error: number; errors: number[] } {
    const status = this.validateGroupStatus(groupId, false);
    if (status !== E.NONE) return { error: status, errors: [] };
    const g = this.getGroup(groupId);
    if (!g) return { error: E.GROUP_ID_NOT_FOUND, errors: [] };
    let subscribed: Set<string> | undefined;
    if (!g.is("Empty")) {
      subscribed = g.subscribedTopics(decodeSubscriptionTopics);
      if (subscribed === undefined) return { error: E.NON_EMPTY_GROUP, errors: [] };
    }
    const errors: number[] = [];
    const toDelete: { topic: string; partition: number }[] = [];
    for (const p of partitions) {
      if (subscribed?.has(p.topic)) { errors.push(E.GROUP_SUBSCRIBED_TO_TOPIC); continue; }
      errors.push(E.NONE);
      if (g.offsets.has(tpKey(p.topic, p.partition))) toDelete.push(p);
    }
    if (toDelete.length > 0) {
      const err = this.append(groupId, toDelete.map((p) => ({ key: offsetCommitKey(groupId, p.topic, p.partition), value: null })));
      if (err !== E.NONE) return { error: err, errors: [] };
      for (const p of toDelete) g.offsets.delete(tpKey(p.topic, p.partition));
    }
    return { error: E.NONE, errors };
  }

  // ---------------------------------------------------------------- expiry

  /** Kafka's cleanupGroupMetadata: expire offsets, remove empty groups with no offsets. */
  cleanupGroupMetadata(now = this.sched.now()): number {
    let removed = 0;
    for (const [id, g] of [...this.groups]) {
      if (this.ownership(this.partitionFor(id)) !== E.NONE) continue;
      const expired: { topic: string; partition: number; key: string }[] = [];
      const isExpired = (v: CommittedOffset, base: number) =>
        v.expireTimestamp >= 0n ? BigInt(now) >= v.expireTimestamp : now - base >= this.cfg.retentionMs;
      if (g.protocolType === null) {
        // standalone (simple) consumer using Kafka for offsets only: counted from each commit
        for (const [k, o] of g.offsets) if (isExpired(o.value, Number(o.value.commitTimestamp))) expired.push({ ...o, key: k });
      } else if (g.is("Empty")) {
        // counted from when the group became empty
        for (const [k, o] of g.offsets) if (isExpired(o.value, g.currentStateTimestamp)) expired.push({ ...o, key: k });
      } else if (g.protocolType === "consumer" && g.is("Stable")) {
        const subscribed = g.subscribedTopics(decodeSubscriptionTopics);
        if (subscribed) for (const [k, o] of g.offsets) if (!subscribed.has(o.topic) && isExpired(o.value, Number(o.value.commitTimestamp))) expired.push({ ...o, key: k });
      }
      const records: RecordInput[] = expired.map((o) => ({ key: offsetCommitKey(id, o.topic, o.partition), value: null }));
      const goesDead = g.is("Empty") && g.offsets.size === expired.length;
      if (goesDead) records.push({ key: groupMetadataKey(id), value: null });
      if (records.length === 0) continue;
      if (this.append(id, records) !== E.NONE) continue;
      for (const o of expired) g.offsets.delete(o.key);
      removed += expired.length;
      if (goesDead) {
        g.shutdown(E.COORDINATOR_NOT_AVAILABLE);
        this.groups.delete(id);
      }
    }
    if (removed > 0) log.info(`[GroupMetadataManager] Removed ${removed} expired offsets`);
    return removed;
  }
}

/** One coordinator per broker process, created on first use from the broker's services. */
const coordinators = new WeakMap<object, GroupCoordinator>();

export function groupCoordinatorFor(services: CoordinatorBroker & { config: KafkaConfig }): GroupCoordinator {
  let c = coordinators.get(services);
  if (!c) {
    c = new GroupCoordinator(groupCoordinatorConfig(services.config), services);
    coordinators.set(services, c);
    c.startup();
  }
  return c;
}
