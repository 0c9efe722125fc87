/**
 * One consumer group: Kafka's classic group state machine (GroupMetadata + the per-group half
 * of GroupCoordinator), as pure logic. Time comes from an injected Scheduler and persistence
 * from an injected `store` callback, so the whole rebalance protocol is unit-testable.
 *
 *   Empty ──join──▶ PreparingRebalance ──all joined / rebalance timeout──▶ CompletingRebalance
 *     ▲                 ▲        │ (no members left)                            │ leader SyncGroup
 *     └─────────────────┼────────┘                                              ▼
 *                       └──────── member join/leave/expiry/metadata change ── Stable
 *   any ──delete / partition emigrated──▶ Dead
 *
 * Generations: every completed join phase bumps generationId. The first member to join is the
 * leader (a new leader is picked among joined members if it leaves). The protocol is chosen by
 * vote among the protocols every member supports (each member votes for its first supported one).
 */
import { randomUUID } from "node:crypto";
import { GroupErrors as E } from "./group-errors.js";

export type GroupState = "Empty" | "PreparingRebalance" | "CompletingRebalance" | "Stable" | "Dead";

export interface Scheduler {
  now(): number;
  /** Run fn after ms; returns a cancel function. */
  schedule(ms: number, fn: () => void): () => void;
}

export const realScheduler: Scheduler = {
  now: () => Date.now(),
  schedule(ms, fn) {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return () => clearTimeout(t);
  },
};

export interface GroupConfig {
  initialRebalanceDelayMs: number;
  maxSize: number;
  /** Kafka's NewMemberJoinTimeoutMs: a new member's JoinGroup may wait this long. */
  newMemberJoinTimeoutMs: number;
}

export interface Protocol { name: string; metadata: Buffer }

export interface JoinRequest {
  memberId: string; // "" for a new member
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: Protocol[];
  /** JoinGroup v4+: a first join without member id is answered MEMBER_ID_REQUIRED. */
  requireKnownMemberId: boolean;
  reason?: string;
}

export interface JoinMemberInfo { memberId: string; groupInstanceId: string | null; metadata: Buffer }

export interface JoinResult {
  error: number;
  memberId: string;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leader: string;
  skipAssignment: boolean;
  members: JoinMemberInfo[];
}

export interface SyncRequest {
  memberId: string;
  groupInstanceId: string | null;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  assignments: { memberId: string; assignment: Buffer }[];
}

export interface SyncResult { error: number; protocolType: string | null; protocolName: string | null; assignment: Buffer }

export interface LeaveMember { memberId: string; groupInstanceId: string | null }

export interface MemberMetadata {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  rebalanceTimeoutMs: number;
  sessionTimeoutMs: number;
  protocolType: string;
  protocols: Protocol[];
  assignment: Buffer;
  joinCallback?: (r: JoinResult) => void;
  syncCallback?: (r: SyncResult) => void;
  isNew: boolean;
  cancelHeartbeat?: () => void;
}

export interface CommittedOffset {
  offset: bigint;
  leaderEpoch: number;
  metadata: string;
  commitTimestamp: bigint;
  expireTimestamp: bigint; // -1 when none
}

/** Persists the group's metadata (GroupMetadataValue) with the given assignment; resolves to an error code. */
export type StoreGroup = (group: Group, assignment: Map<string, Buffer>) => Promise<number>;

export interface GroupHooks {
  store: StoreGroup;
  log?: (msg: string) => void;
}

const EMPTY = Buffer.alloc(0);

export class Group {
  state: GroupState = "Empty";
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  currentStateTimestamp: number;
  readonly members = new Map<string, MemberMetadata>();
  /** instance id → member id, for static members. */
  readonly staticMembers = new Map<string, string>();
  /** Member ids handed out with MEMBER_ID_REQUIRED, not yet joined; value cancels their expiry. */
  readonly pendingMembers = new Map<string, () => void>();
  readonly offsets = new Map<string, { topic: string; partition: number; value: CommittedOffset }>();
  private pendingSync = new Set<string>();
  private cancelPendingSync?: () => void;
  private cancelJoin?: () => void;
  private joinIsInitial = false;
  private newMemberAdded = false;

  constructor(
    readonly groupId: string,
    private readonly cfg: GroupConfig,
    private readonly sched: Scheduler,
    private readonly hooks: GroupHooks,
  ) {
    this.currentStateTimestamp = sched.now();
  }

  // ---------------------------------------------------------------- queries

  is(s: GroupState): boolean { return this.state === s; }
  has(memberId: string): boolean { return this.members.has(memberId); }
  get size(): number { return this.members.size; }
  isStaticMemberFenced(memberId: string, instanceId: string | null): boolean {
    if (instanceId === null) return false;
    const cur = this.staticMembers.get(instanceId);
    return cur !== undefined && cur !== memberId;
  }
  private numAwaitingJoin(): number {
    let n = 0;
    for (const m of this.members.values()) if (m.joinCallback) n++;
    return n;
  }
  get rebalanceTimeoutMs(): number {
    let t = 0;
    for (const m of this.members.values()) t = Math.max(t, m.rebalanceTimeoutMs);
    return t;
  }
  canRebalance(): boolean { return this.state === "Stable" || this.state === "CompletingRebalance" || this.state === "Empty"; }

  /** Kafka's supportsProtocols: a non-empty group accepts only protocols every member supports. */
  supportsProtocols(protocolType: string, names: string[]): boolean {
    if (this.members.size === 0) return protocolType !== "" && names.length > 0;
    if (protocolType !== this.protocolType) return false;
    return names.some((n) => this.candidateCount(n) === this.members.size);
  }
  private candidateCount(name: string): number {
    let n = 0;
    for (const m of this.members.values()) if (m.protocols.some((p) => p.name === name)) n++;
    return n;
  }

  /** Protocol all members support with the most first-choice votes. */
  selectProtocol(): string {
    const all = [...this.members.values()];
    const candidates = all[0]!.protocols.map((p) => p.name).filter((n) => all.every((m) => m.protocols.some((p) => p.name === n)));
    if (candidates.length === 0) throw new Error("No protocol supported by all members");
    const votes = new Map<string, number>(candidates.map((c) => [c, 0]));
    for (const m of all) {
      const vote = m.protocols.find((p) => votes.has(p.name))!.name;
      votes.set(vote, votes.get(vote)! + 1);
    }
    let best = candidates[0]!;
    for (const c of candidates) if (votes.get(c)! > votes.get(best)!) best = c;
    return best;
  }

  /** The consumer topics subscribed by members (protocol type "consumer"), or undefined if unknown. */
  subscribedTopics(decode: (b: Buffer) => string[] | undefined): Set<string> | undefined {
    if (this.protocolType !== "consumer" || this.protocolName === null) return this.members.size === 0 ? new Set() : undefined;
    const topics = new Set<string>();
    for (const m of this.members.values()) {
      const p = m.protocols.find((x) => x.name === this.protocolName);
      if (!p) return undefined;
      const t = decode(p.metadata);
      if (!t) return undefined;
      for (const x of t) topics.add(x);
    }
    return topics;
  }

  // ---------------------------------------------------------------- state changes

  transitionTo(s: GroupState): void {
    this.state = s;
    this.currentStateTimestamp = this.sched.now();
  }

  private log(msg: string): void { this.hooks.log?.(msg); }

  private addMember(m: MemberMetadata): void {
    if (this.members.size === 0) this.protocolType = m.protocolType;
    if (this.leaderId === null) this.leaderId = m.memberId;
    this.members.set(m.memberId, m);
    if (m.groupInstanceId !== null) this.staticMembers.set(m.groupInstanceId, m.memberId);
  }

  private removeMember(memberId: string): MemberMetadata | undefined {
    const m = this.members.get(memberId);
    if (!m) return undefined;
    m.cancelHeartbeat?.();
    this.members.delete(memberId);
    this.pendingSync.delete(memberId);
    if (m.groupInstanceId !== null && this.staticMembers.get(m.groupInstanceId) === memberId) this.staticMembers.delete(m.groupInstanceId);
    if (this.leaderId === memberId) {
      const next = [...this.members.values()].find((x) => x.joinCallback) ?? this.members.values().next().value;
      this.leaderId = next ? next.memberId : null;
    }
    return m;
  }

  private scheduleHeartbeat(m: MemberMetadata, timeoutMs = m.isNew ? this.cfg.newMemberJoinTimeoutMs : m.sessionTimeoutMs): void {
    m.cancelHeartbeat?.();
    const id = m.memberId;
    m.cancelHeartbeat = this.sched.schedule(timeoutMs, () => {
      const cur = this.members.get(id);
      if (cur !== m) return;
      // Members waiting on a rebalance satisfy heartbeats; a new member's join may time out.
      if (!m.isNew && (m.joinCallback || m.syncCallback)) return;
      this.log(`Member ${id} in group ${this.groupId} has failed, removing it from the group`);
      this.removeMemberAndUpdateGroup(m, "removing member on heartbeat expiration");
    });
  }

  private schedulePendingMember(memberId: string, timeoutMs: number): void {
    this.pendingMembers.get(memberId)?.();
    this.pendingMembers.set(memberId, this.sched.schedule(timeoutMs, () => {
      if (!this.pendingMembers.has(memberId)) return;
      this.pendingMembers.delete(memberId);
      if (this.is("PreparingRebalance")) this.tryCompleteJoin();
    }));
  }

  private removePendingMember(memberId: string): void {
    this.pendingMembers.get(memberId)?.();
    this.pendingMembers.delete(memberId);
  }

  private removeMemberAndUpdateGroup(m: MemberMetadata, reason: string): void {
    // A member removed while waiting must still get an answer.
    m.joinCallback?.(this.joinError(m.memberId, E.UNKNOWN_MEMBER_ID));
    m.joinCallback = undefined;
    m.syncCallback?.({ error: E.UNKNOWN_MEMBER_ID, protocolType: null, protocolName: null, assignment: EMPTY });
    m.syncCallback = undefined;
    this.removeMember(m.memberId);
    switch (this.state) {
      case "Dead": case "Empty": break;
      case "Stable": case "CompletingRebalance": this.maybePrepareRebalance(reason); break;
      case "PreparingRebalance": this.tryCompleteJoin(); break;
    }
  }

  private joinError(memberId: string, error: number): JoinResult {
    return { error, memberId, generationId: -1, protocolType: null, protocolName: null, leader: "", skipAssignment: false, members: [] };
  }

  private maybePrepareRebalance(reason: string): void {
    if (this.canRebalance()) this.prepareRebalance(reason);
  }

  private prepareRebalance(reason: string): void {
    if (this.is("CompletingRebalance")) this.propagateAssignmentError(E.REBALANCE_IN_PROGRESS);
    this.cancelPendingSync?.();
    this.pendingSync.clear();
    const wasEmpty = this.is("Empty");
    this.transitionTo("PreparingRebalance");
    this.log(`Preparing to rebalance group ${this.groupId} in state PreparingRebalance with old generation ${this.generationId} (${reason})`);
    this.cancelJoin?.();
    if (wasEmpty) {
      this.joinIsInitial = true;
      const timeout = this.rebalanceTimeoutMs;
      const delay = Math.min(this.cfg.initialRebalanceDelayMs, timeout);
      this.scheduleInitialJoin(delay, Math.max(timeout - delay, 0));
    } else {
      this.joinIsInitial = false;
      this.cancelJoin = this.sched.schedule(this.rebalanceTimeoutMs, () => { this.cancelJoin = undefined; this.completeJoin(); });
      this.tryCompleteJoin();
    }
  }

  private scheduleInitialJoin(delayMs: number, remainingMs: number): void {
    this.cancelJoin = this.sched.schedule(delayMs, () => {
      this.cancelJoin = undefined;
      if (this.newMemberAdded && remainingMs > 0) {
        this.newMemberAdded = false;
        const d = Math.min(this.cfg.initialRebalanceDelayMs, remainingMs);
        this.scheduleInitialJoin(d, Math.max(remainingMs - d, 0));
      } else {
        this.completeJoin();
      }
    });
  }

  private tryCompleteJoin(): void {
    if (!this.is("PreparingRebalance") || this.joinIsInitial) return;
    if (this.numAwaitingJoin() === this.members.size && this.pendingMembers.size === 0) {
      this.cancelJoin?.();
      this.cancelJoin = undefined;
      this.completeJoin();
    }
  }

  /** Kafka's onCompleteJoin: drop members that did not rejoin, start the next generation. */
  private completeJoin(): void {
    if (!this.is("PreparingRebalance")) return;
    this.joinIsInitial = false;
    this.newMemberAdded = false;
    for (const m of [...this.members.values()]) {
      if (!m.joinCallback) {
        this.log(`Member ${m.memberId} in group ${this.groupId} has left or did not rejoin in time, removing it`);
        this.removeMember(m.memberId);
      }
    }
    this.initNextGeneration();
    if (this.is("Empty")) {
      this.log(`Group ${this.groupId} with generation ${this.generationId} is now empty`);
      void this.hooks.store(this, new Map());
      return;
    }
    this.log(`Stabilized group ${this.groupId} generation ${this.generationId} with ${this.members.size} members`);
    const allMembers: JoinMemberInfo[] = [...this.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      metadata: m.protocols.find((p) => p.name === this.protocolName)!.metadata,
    }));
    for (const m of this.members.values()) {
      const cb = m.joinCallback!;
      m.joinCallback = undefined;
      m.isNew = false;
      cb({
        error: E.NONE,
        memberId: m.memberId,
        generationId: this.generationId,
        protocolType: this.protocolType,
        protocolName: this.protocolName,
        leader: this.leaderId ?? "",
        skipAssignment: false,
        members: m.memberId === this.leaderId ? allMembers : [],
      });
      this.scheduleHeartbeat(m);
    }
    this.schedulePendingSync();
  }

  private initNextGeneration(): void {
    this.generationId += 1;
    if (this.members.size > 0) {
      this.protocolName = this.selectProtocol();
      if (this.leaderId === null || !this.members.has(this.leaderId)) this.leaderId = this.members.keys().next().value ?? null;
      this.transitionTo("CompletingRebalance");
    } else {
      this.protocolName = null;
      this.leaderId = null;
      this.transitionTo("Empty");
    }
  }

  private schedulePendingSync(): void {
    this.cancelPendingSync?.();
    this.pendingSync = new Set(this.members.keys());
    const gen = this.generationId;
    this.cancelPendingSync = this.sched.schedule(this.rebalanceTimeoutMs, () => {
      this.cancelPendingSync = undefined;
      if (gen !== this.generationId || !(this.is("CompletingRebalance") || this.is("Stable")) || this.pendingSync.size === 0) return;
      const late = [...this.pendingSync];
      this.pendingSync.clear();
      for (const id of late) {
        const m = this.members.get(id);
        if (!m) continue;
        m.syncCallback?.({ error: E.REBALANCE_IN_PROGRESS, protocolType: null, protocolName: null, assignment: EMPTY });
        m.syncCallback = undefined;
        this.removeMember(id);
      }
      this.maybePrepareRebalance(`removing members ${late.join(", ")} on pending sync request expiration`);
    });
  }

  private propagateAssignmentError(error: number): void {
    for (const m of this.members.values()) {
      if (m.syncCallback) {
        const cb = m.syncCallback;
        m.syncCallback = undefined;
        cb({ error, protocolType: null, protocolName: null, assignment: EMPTY });
        this.scheduleHeartbeat(m);
      }
    }
  }

  /** Validates a known member id (+ static instance id): FENCED_INSTANCE_ID or UNKNOWN_MEMBER_ID. */
  validateCurrentMember(memberId: string, instanceId: string | null): number {
    if (this.isStaticMemberFenced(memberId, instanceId)) return E.FENCED_INSTANCE_ID;
    if (!this.members.has(memberId)) return E.UNKNOWN_MEMBER_ID;
    const m = this.members.get(memberId)!;
    if (instanceId !== null && m.groupInstanceId !== instanceId) return E.FENCED_INSTANCE_ID;
    return E.NONE;
  }

  // ---------------------------------------------------------------- JoinGroup

  join(req: JoinRequest): Promise<JoinResult> {
    return new Promise<JoinResult>((resolve) => this.doJoin(req, resolve));
  }

  private doJoin(req: JoinRequest, cb: (r: JoinResult) => void): void {
    const names = req.protocols.map((p) => p.name);
    const unknown = req.memberId === "";
    if (this.is("Dead")) return cb(this.joinError(req.memberId, unknown ? E.COORDINATOR_NOT_AVAILABLE : E.UNKNOWN_MEMBER_ID));
    if (!this.supportsProtocols(req.protocolType, names)) return cb(this.joinError(req.memberId, E.INCONSISTENT_GROUP_PROTOCOL));
    if (unknown) this.joinNewMember(req, cb);
    else this.joinCurrentMember(req, cb);
  }

  private acceptJoiningMember(memberId: string): boolean {
    switch (this.state) {
      case "Empty": case "Dead": return true;
      case "PreparingRebalance": {
        const m = this.members.get(memberId);
        return (m !== undefined && m.joinCallback !== undefined) || this.numAwaitingJoin() < this.cfg.maxSize;
      }
      default: return this.members.has(memberId) || this.members.size < this.cfg.maxSize;
    }
  }

  private joinNewMember(req: JoinRequest, cb: (r: JoinResult) => void): void {
    const newMemberId = `${req.clientId}-${randomUUID()}`;
    if (req.groupInstanceId !== null && this.staticMembers.has(req.groupInstanceId)) {
      return this.updateStaticMemberAndRebalance(this.staticMembers.get(req.groupInstanceId)!, newMemberId, req, cb);
    }
    if (!this.acceptJoiningMember(newMemberId)) return cb(this.joinError("", E.GROUP_MAX_SIZE_REACHED));
    if (req.groupInstanceId === null && req.requireKnownMemberId) {
      this.schedulePendingMember(newMemberId, req.sessionTimeoutMs);
      return cb(this.joinError(newMemberId, E.MEMBER_ID_REQUIRED));
    }
    this.addMemberAndRebalance(newMemberId, req, cb);
  }

  private joinCurrentMember(req: JoinRequest, cb: (r: JoinResult) => void): void {
    if (this.pendingMembers.has(req.memberId)) {
      if (!this.acceptJoiningMember(req.memberId)) {
        this.removePendingMember(req.memberId);
        return cb(this.joinError(req.memberId, E.GROUP_MAX_SIZE_REACHED));
      }
      this.removePendingMember(req.memberId);
      return this.addMemberAndRebalance(req.memberId, req, cb);
    }
    const err = this.validateCurrentMember(req.memberId, req.groupInstanceId);
    if (err !== E.NONE) return cb(this.joinError(req.memberId, err));
    const m = this.members.get(req.memberId)!;
    if (!this.acceptJoiningMember(req.memberId)) {
      this.removeMemberAndUpdateGroup(m, "member exceeded group.max.size");
      return cb(this.joinError(req.memberId, E.GROUP_MAX_SIZE_REACHED));
    }
    switch (this.state) {
      case "PreparingRebalance":
        return this.updateMemberAndRebalance(m, req, cb);
      case "CompletingRebalance":
        if (sameProtocols(m.protocols, req.protocols)) return cb(this.currentGenerationResult(m, m.memberId === this.leaderId));
        return this.updateMemberAndRebalance(m, req, cb);
      case "Stable":
        if (m.memberId === this.leaderId || !sameProtocols(m.protocols, req.protocols)) return this.updateMemberAndRebalance(m, req, cb);
        return cb(this.currentGenerationResult(m, false));
      default:
        return cb(this.joinError(req.memberId, E.UNKNOWN_MEMBER_ID));
    }
  }

  private currentGenerationResult(m: MemberMetadata, withMembers: boolean): JoinResult {
    return {
      error: E.NONE,
      memberId: m.memberId,
      generationId: this.generationId,
      protocolType: this.protocolType,
      protocolName: this.protocolName,
      leader: this.leaderId ?? "",
      skipAssignment: false,
      members: withMembers
        ? [...this.members.values()].map((x) => ({ memberId: x.memberId, groupInstanceId: x.groupInstanceId, metadata: x.protocols.find((p) => p.name === this.protocolName)?.metadata ?? EMPTY }))
        : [],
    };
  }

  private addMemberAndRebalance(memberId: string, req: JoinRequest, cb: (r: JoinResult) => void): void {
    const m: MemberMetadata = {
      memberId,
      groupInstanceId: req.groupInstanceId,
      clientId: req.clientId,
      clientHost: req.clientHost,
      rebalanceTimeoutMs: req.rebalanceTimeoutMs,
      sessionTimeoutMs: req.sessionTimeoutMs,
      protocolType: req.protocolType,
      protocols: req.protocols,
      assignment: EMPTY,
      joinCallback: cb,
      isNew: true,
    };
    if (this.is("PreparingRebalance") && this.generationId === 0) this.newMemberAdded = true;
    this.addMember(m);
    this.scheduleHeartbeat(m, this.cfg.newMemberJoinTimeoutMs);
    this.maybePrepareRebalance(`Adding new member ${memberId} with group instance id ${req.groupInstanceId ?? "None"}${req.reason ? `; client reason: ${req.reason}` : ""}`);
    this.tryCompleteJoin();
  }

  private updateMemberAndRebalance(m: MemberMetadata, req: JoinRequest, cb: (r: JoinResult) => void): void {
    if (m.joinCallback) m.joinCallback(this.joinError(m.memberId, E.REBALANCE_IN_PROGRESS));
    m.protocols = req.protocols;
    m.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    m.sessionTimeoutMs = req.sessionTimeoutMs;
    m.joinCallback = cb;
    this.maybePrepareRebalance(`Updating metadata for member ${m.memberId}${req.reason ? `; client reason: ${req.reason}` : ""}`);
    this.tryCompleteJoin();
  }

  private updateStaticMemberAndRebalance(oldMemberId: string, newMemberId: string, req: JoinRequest, cb: (r: JoinResult) => void): void {
    const old = this.members.get(oldMemberId)!;
    const currentLeader = this.leaderId;
    // The replaced member is fenced: answer anything it is waiting on.
    old.joinCallback?.(this.joinError(oldMemberId, E.FENCED_INSTANCE_ID));
    old.joinCallback = undefined;
    old.syncCallback?.({ error: E.FENCED_INSTANCE_ID, protocolType: null, protocolName: null, assignment: EMPTY });
    old.syncCallback = undefined;
    old.cancelHeartbeat?.();
    // Replace the member id, keeping its place, assignment and leadership.
    const entries = [...this.members.entries()];
    this.members.clear();
    const m: MemberMetadata = { ...old, memberId: newMemberId, joinCallback: undefined, syncCallback: undefined, cancelHeartbeat: undefined };
    for (const [id, v] of entries) this.members.set(id === oldMemberId ? newMemberId : id, id === oldMemberId ? m : v);
    this.staticMembers.set(req.groupInstanceId!, newMemberId);
    if (this.leaderId === oldMemberId) this.leaderId = newMemberId;
    if (this.pendingSync.delete(oldMemberId)) this.pendingSync.add(newMemberId);
    const oldProtocols = m.protocols;
    const oldRebalanceTimeout = m.rebalanceTimeoutMs;
    const oldSessionTimeout = m.sessionTimeoutMs;
    m.protocols = req.protocols;
    m.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    m.sessionTimeoutMs = req.sessionTimeoutMs;
    m.clientId = req.clientId;
    m.clientHost = req.clientHost;
    m.joinCallback = cb;
    this.scheduleHeartbeat(m, m.sessionTimeoutMs);
    switch (this.state) {
      case "Stable": {
        if (this.protocolName === this.selectProtocol()) {
          this.log(`Static member which joins during Stable stage and doesn't affect selectProtocol will not trigger rebalance.`);
          m.joinCallback = undefined;
          const gen = this.generationId;
          const assignment = new Map([...this.members.values()].map((x) => [x.memberId, x.assignment]));
          void this.hooks.store(this, assignment).then((err) => {
            if (err !== E.NONE) {
              // Revert: the old member id stays the static member.
              const cur = this.members.get(newMemberId);
              if (cur && this.generationId === gen) {
                const es = [...this.members.entries()];
                this.members.clear();
                const back: MemberMetadata = { ...cur, memberId: oldMemberId, protocols: oldProtocols, rebalanceTimeoutMs: oldRebalanceTimeout, sessionTimeoutMs: oldSessionTimeout };
                for (const [id, v] of es) this.members.set(id === newMemberId ? oldMemberId : id, id === newMemberId ? back : v);
                this.staticMembers.set(req.groupInstanceId!, oldMemberId);
                if (this.leaderId === newMemberId) this.leaderId = oldMemberId;
                this.scheduleHeartbeat(back, back.sessionTimeoutMs);
              }
              cb(this.joinError("", err));
              return;
            }
            cb({ error: E.NONE, memberId: newMemberId, generationId: this.generationId, protocolType: this.protocolType, protocolName: this.protocolName, leader: currentLeader ?? "", skipAssignment: false, members: [] });
          });
        } else {
          this.maybePrepareRebalance(`Group's selectedProtocol will change because static member ${newMemberId} with instance id ${req.groupInstanceId} joined with change of protocol`);
        }
        return;
      }
      case "CompletingRebalance":
        this.prepareRebalance(`Updating metadata for static member ${newMemberId} with instance id ${req.groupInstanceId}`);
        return;
      case "PreparingRebalance":
        this.tryCompleteJoin();
        return;
      default:
        m.joinCallback = undefined;
        cb(this.joinError("", E.UNKNOWN_MEMBER_ID));
    }
  }

  // ---------------------------------------------------------------- SyncGroup

  sync(req: SyncRequest): Promise<SyncResult> {
    return new Promise<SyncResult>((resolve) => this.doSync(req, resolve));
  }

  private doSync(req: SyncRequest, cb: (r: SyncResult) => void): void {
    const fail = (error: number) => cb({ error, protocolType: null, protocolName: null, assignment: EMPTY });
    if (this.is("Dead")) return fail(E.COORDINATOR_NOT_AVAILABLE);
    const err = this.validateCurrentMember(req.memberId, req.groupInstanceId);
    if (err !== E.NONE) return fail(err);
    if (req.generationId !== this.generationId) return fail(E.ILLEGAL_GENERATION);
    if (req.protocolType !== null && req.protocolType !== this.protocolType) return fail(E.INCONSISTENT_GROUP_PROTOCOL);
    if (req.protocolName !== null && req.protocolName !== this.protocolName) return fail(E.INCONSISTENT_GROUP_PROTOCOL);
    const m = this.members.get(req.memberId)!;
    switch (this.state) {
      case "Empty": return fail(E.UNKNOWN_MEMBER_ID);
      case "PreparingRebalance": return fail(E.REBALANCE_IN_PROGRESS);
      case "CompletingRebalance": {
        if (m.syncCallback) m.syncCallback({ error: E.REBALANCE_IN_PROGRESS, protocolType: null, protocolName: null, assignment: EMPTY });
        m.syncCallback = cb;
        this.pendingSync.delete(m.memberId);
        if (m.memberId === this.leaderId) {
          this.log(`Assignment received from leader ${m.memberId} for group ${this.groupId} for generation ${this.generationId}. The group has ${this.members.size} members, ${this.staticMembers.size} of which are static.`);
          const assignment = new Map<string, Buffer>();
          for (const a of req.assignments) if (this.members.has(a.memberId)) assignment.set(a.memberId, a.assignment);
          for (const id of this.members.keys()) if (!assignment.has(id)) assignment.set(id, EMPTY);
          const gen = this.generationId;
          void this.hooks.store(this, assignment).then((storeErr) => {
            if (!this.is("CompletingRebalance") || this.generationId !== gen) return;
            if (storeErr !== E.NONE) {
              this.propagateAssignmentError(storeErr);
              this.prepareRebalance(`Error ${storeErr} when storing group assignment during SyncGroup`);
              return;
            }
            for (const x of this.members.values()) x.assignment = assignment.get(x.memberId) ?? EMPTY;
            this.propagateAssignment();
            this.transitionTo("Stable");
          });
        }
        return;
      }
      case "Stable": {
        this.pendingSync.delete(m.memberId);
        this.scheduleHeartbeat(m);
        return cb({ error: E.NONE, protocolType: this.protocolType, protocolName: this.protocolName, assignment: m.assignment });
      }
      default: return fail(E.UNKNOWN_MEMBER_ID);
    }
  }

  private propagateAssignment(): void {
    for (const m of this.members.values()) {
      if (m.syncCallback) {
        const cb = m.syncCallback;
        m.syncCallback = undefined;
        cb({ error: E.NONE, protocolType: this.protocolType, protocolName: this.protocolName, assignment: m.assignment });
        this.scheduleHeartbeat(m);
      }
    }
  }

  // ---------------------------------------------------------------- Heartbeat / LeaveGroup

  heartbeat(memberId: string, instanceId: string | null, generationId: number): number {
    switch (this.state) {
      case "Dead": return E.COORDINATOR_NOT_AVAILABLE;
      case "Empty": return E.UNKNOWN_MEMBER_ID;
    }
    const err = this.validateCurrentMember(memberId, instanceId);
    if (err !== E.NONE) return err;
    if (generationId !== this.generationId) return E.ILLEGAL_GENERATION;
    const m = this.members.get(memberId)!;
    this.scheduleHeartbeat(m);
    return this.is("PreparingRebalance") ? E.REBALANCE_IN_PROGRESS : E.NONE;
  }

  /** LeaveGroup for a batch of members; returns per-member error codes (group-level checks are the caller's). */
  leave(members: LeaveMember[], reason?: string): number[] {
    return members.map((lm) => {
      if (lm.memberId === "") {
        if (lm.groupInstanceId === null) return E.UNKNOWN_MEMBER_ID;
        const id = this.staticMembers.get(lm.groupInstanceId);
        const m = id !== undefined ? this.members.get(id) : undefined;
        if (!m) return E.UNKNOWN_MEMBER_ID;
        this.log(`Static member ${m.memberId} with instance id ${lm.groupInstanceId} left group ${this.groupId}`);
        this.removeMemberAndUpdateGroup(m, `Removing member ${m.memberId} on LeaveGroup${reason ? `; client reason: ${reason}` : ""}`);
        return E.NONE;
      }
      if (this.pendingMembers.has(lm.memberId)) {
        this.removePendingMember(lm.memberId);
        if (this.is("PreparingRebalance")) this.tryCompleteJoin();
        return E.NONE;
      }
      const err = this.validateCurrentMember(lm.memberId, lm.groupInstanceId);
      if (err !== E.NONE) return err;
      const m = this.members.get(lm.memberId)!;
      this.log(`Member ${m.memberId} in group ${this.groupId} has left, removing it from the group`);
      this.removeMemberAndUpdateGroup(m, `Removing member ${m.memberId} on LeaveGroup${reason ? `; client reason: ${reason}` : ""}`);
      return E.NONE;
    });
  }

  // ---------------------------------------------------------------- offsets

  /** Kafka's validateOffsetCommit + state check; NONE means the commit may be stored. */
  validateOffsetCommit(memberId: string, instanceId: string | null, generationId: number): number {
    if (this.is("Dead")) return E.COORDINATOR_NOT_AVAILABLE;
    if (generationId >= 0 || memberId !== "" || instanceId !== null) {
      const err = this.validateCurrentMember(memberId, instanceId);
      if (err !== E.NONE) return err;
      if (generationId !== this.generationId) return E.ILLEGAL_GENERATION;
    } else if (!this.is("Empty")) {
      return E.UNKNOWN_MEMBER_ID;
    }
    if (this.is("CompletingRebalance")) return E.REBALANCE_IN_PROGRESS;
    const m = this.members.get(memberId);
    if (m && (this.is("Stable") || this.is("PreparingRebalance"))) this.scheduleHeartbeat(m);
    return E.NONE;
  }

  // ---------------------------------------------------------------- loading / unloading

  /** Rebuild from a GroupMetadataValue read back from __consumer_offsets. */
  loadFrom(v: {
    protocolType: string; generation: number; protocol: string | null; leader: string | null; currentStateTimestamp: bigint;
    members: { memberId: string; groupInstanceId: string | null; clientId: string; clientHost: string; rebalanceTimeout: number; sessionTimeout: number; subscription: Buffer; assignment: Buffer }[];
  }): void {
    this.clearMembers();
    this.generationId = v.generation;
    this.protocolType = v.protocolType === "" ? null : v.protocolType;
    this.protocolName = v.protocol;
    this.leaderId = v.leader;
    for (const x of v.members) {
      const m: MemberMetadata = {
        memberId: x.memberId, groupInstanceId: x.groupInstanceId, clientId: x.clientId, clientHost: x.clientHost,
        rebalanceTimeoutMs: x.rebalanceTimeout, sessionTimeoutMs: x.sessionTimeout, protocolType: v.protocolType,
        protocols: [{ name: v.protocol ?? "", metadata: x.subscription }], assignment: x.assignment, isNew: false,
      };
      this.members.set(m.memberId, m);
      if (m.groupInstanceId !== null) this.staticMembers.set(m.groupInstanceId, m.memberId);
    }
    this.transitionTo(this.members.size === 0 ? "Empty" : "Stable");
    if (v.currentStateTimestamp >= 0n) this.currentStateTimestamp = Number(v.currentStateTimestamp);
  }

  /** After loading: members must heartbeat within their session timeout, as after a coordinator move. */
  startHeartbeats(): void {
    for (const m of this.members.values()) this.scheduleHeartbeat(m);
  }

  private clearMembers(): void {
    for (const m of this.members.values()) m.cancelHeartbeat?.();
    this.members.clear();
    this.staticMembers.clear();
  }

  /** Dead: answer every waiting request, cancel every timer (group deleted or coordinator moved). */
  shutdown(error: number): void {
    this.cancelJoin?.();
    this.cancelPendingSync?.();
    for (const c of this.pendingMembers.values()) c();
    this.pendingMembers.clear();
    for (const m of this.members.values()) {
      m.joinCallback?.(this.joinError(m.memberId, error));
      m.joinCallback = undefined;
      m.syncCallback?.({ error, protocolType: null, protocolName: null, assignment: EMPTY });
      m.syncCallback = undefined;
      m.cancelHeartbeat?.();
    }
    this.transitionTo("Dead");
  }
}

function sameProtocols(a: Protocol[], b: Protocol[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((p, i) => p.name === b[i]!.name && p.metadata.equals(b[i]!.metadata));
}
