import { describe, expect, it } from "vitest";
import { Group, type GroupConfig, type JoinRequest, type JoinResult } from "../../../broker/group/group.js";
import { GroupErrors as E } from "../../../broker/group/group-errors.js";
import { ManualClock, flush } from "./manual-clock.js";

const cfg: GroupConfig = { initialRebalanceDelayMs: 0, maxSize: 100, newMemberJoinTimeoutMs: 300_000 };

function setup(over: Partial<GroupConfig> = {}, storeError = E.NONE) {
  const clock = new ManualClock();
  const stored: Map<string, Buffer>[] = [];
  const g = new Group("g", { ...cfg, ...over }, clock, {
    store: async (_g, a) => { stored.push(a); return storeError; },
  });
  return { clock, g, stored };
}

function req(over: Partial<JoinRequest> = {}): JoinRequest {
  return {
    memberId: "", groupInstanceId: null, clientId: "c", clientHost: "/127.0.0.1",
    sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 30_000, protocolType: "consumer",
    protocols: [{ name: "range", metadata: Buffer.from("m") }], requireKnownMemberId: false, ...over,
  };
}

/** Join a new dynamic member through MEMBER_ID_REQUIRED, returning the pending join promise. */
async function joinNew(g: Group, over: Partial<JoinRequest> = {}): Promise<{ p: Promise<JoinResult> }> {
  const first = await g.join(req({ ...over, requireKnownMemberId: true }));
  expect(first.error).toBe(E.MEMBER_ID_REQUIRED);
  expect(first.memberId).toMatch(/^c-[0-9a-f-]{36}$/);
  return { p: g.join(req({ ...over, memberId: first.memberId, requireKnownMemberId: true })) };
}

async function stableWith(n: number) {
  const s = setup();
  const joins: Promise<JoinResult>[] = [];
  for (let i = 0; i < n; i++) joins.push((await joinNew(s.g)).p);
  await s.clock.advance(0);
  const results = await Promise.all(joins);
  const leader = results.find((r) => r.members.length > 0)!;
  const syncs = results.map((r) => s.g.sync({
    memberId: r.memberId, groupInstanceId: null, generationId: r.generationId, protocolType: "consumer", protocolName: "range",
    assignments: r === leader ? results.map((x, i) => ({ memberId: x.memberId, assignment: Buffer.from(`a${i}`) })) : [],
  }));
  const synced = await Promise.all(syncs);
  return { ...s, results, synced, leader };
}

describe("group state machine", () => {
  it("first join gets MEMBER_ID_REQUIRED, then becomes leader of generation 1; sync makes it Stable", async () => {
    const { g, clock, stored } = setup();
    expect(g.state).toBe("Empty");
    const { p } = await joinNew(g);
    expect(g.state).toBe("PreparingRebalance");
    await clock.advance(0);
    const r = await p;
    expect(r.error).toBe(E.NONE);
    expect(r.generationId).toBe(1);
    expect(r.leader).toBe(r.memberId);
    expect(r.protocolName).toBe("range");
    expect(r.members.map((m) => m.memberId)).toEqual([r.memberId]);
    expect(g.state).toBe("CompletingRebalance");
    const s = await g.sync({ memberId: r.memberId, groupInstanceId: null, generationId: 1, protocolType: "consumer", protocolName: "range", assignments: [{ memberId: r.memberId, assignment: Buffer.from("x") }] });
    expect(s.error).toBe(E.NONE);
    expect(s.assignment.toString()).toBe("x");
    expect(g.state).toBe("Stable");
    expect(stored).toHaveLength(1);
  });

  it("three members: only the leader gets member metadata, each gets its own assignment", async () => {
    const { results, synced, leader, g } = await stableWith(3);
    expect(new Set(results.map((r) => r.generationId))).toEqual(new Set([1]));
    expect(results.filter((r) => r.members.length > 0)).toHaveLength(1);
    expect(leader.members).toHaveLength(3);
    expect(synced.map((s) => s.assignment.toString()).sort()).toEqual(["a0", "a1", "a2"]);
    expect(g.state).toBe("Stable");
  });

  it("a new member makes heartbeats answer REBALANCE_IN_PROGRESS until everyone rejoins", async () => {
    const { g, clock, results } = await stableWith(2);
    const [a, b] = results;
    expect(g.heartbeat(a!.memberId, null, 1)).toBe(E.NONE);
    const { p: pc } = await joinNew(g);
    expect(g.state).toBe("PreparingRebalance");
    expect(g.heartbeat(a!.memberId, null, 1)).toBe(E.REBALANCE_IN_PROGRESS);
    const pa = g.join(req({ memberId: a!.memberId }));
    const pb = g.join(req({ memberId: b!.memberId }));
    await clock.advance(0);
    const [ra, rb, rc] = await Promise.all([pa, pb, pc]);
    expect([ra.generationId, rb.generationId, rc.generationId]).toEqual([2, 2, 2]);
    expect(ra.leader).toBe(a!.memberId);
    expect(g.state).toBe("CompletingRebalance");
  });

  it("a member that does not rejoin within the rebalance timeout is dropped", async () => {
    const { g, clock, results } = await stableWith(2);
    const [a, b] = results;
    const { p: pc } = await joinNew(g);
    const pa = g.join(req({ memberId: a!.memberId }));
    // b keeps heartbeating (answered REBALANCE_IN_PROGRESS) but never rejoins
    for (let i = 0; i < 9; i++) {
      await clock.advance(3000);
      expect(g.heartbeat(b!.memberId, null, 1)).toBe(E.REBALANCE_IN_PROGRESS);
    }
    await clock.advance(2999);
    expect(g.state).toBe("PreparingRebalance");
    await clock.advance(1);
    const [ra, rc] = await Promise.all([pa, pc]);
    expect(ra.generationId).toBe(2);
    expect(rc.generationId).toBe(2);
    expect(g.has(b!.memberId)).toBe(false);
    expect(g.size).toBe(2);
    expect(g.heartbeat(b!.memberId, null, 2)).toBe(E.UNKNOWN_MEMBER_ID);
  });

  it("session expiry removes a silent member and rebalances the rest", async () => {
    const { g, clock, results } = await stableWith(2);
    const [a, b] = results;
    for (let i = 0; i < 4; i++) {
      await clock.advance(3000);
      expect(g.heartbeat(a!.memberId, null, 1)).toBe(i === 3 ? E.REBALANCE_IN_PROGRESS : E.NONE);
    }
    expect(g.has(b!.memberId)).toBe(false);
    expect(g.state).toBe("PreparingRebalance");
    const ra = g.join(req({ memberId: a!.memberId }));
    await clock.advance(0);
    expect((await ra).generationId).toBe(2);
    expect((await ra).members).toHaveLength(1);
  });

  it("leaving: the last member leaving empties the group with a new generation", async () => {
    const { g, clock, results, stored } = await stableWith(2);
    const [a, b] = results;
    expect(g.leave([{ memberId: b!.memberId, groupInstanceId: null }])).toEqual([E.NONE]);
    expect(g.state).toBe("PreparingRebalance");
    expect(g.leave([{ memberId: "nobody", groupInstanceId: null }])).toEqual([E.UNKNOWN_MEMBER_ID]);
    expect(g.leave([{ memberId: a!.memberId, groupInstanceId: null }])).toEqual([E.NONE]);
    await clock.advance(0);
    expect(g.state).toBe("Empty");
    expect(g.generationId).toBe(2);
    expect(stored.at(-1)!.size).toBe(0);
  });

  it("leader leaving hands leadership to a remaining member", async () => {
    const { g, clock, results } = await stableWith(2);
    const [a, b] = results;
    g.leave([{ memberId: a!.memberId, groupInstanceId: null }]);
    const rb = g.join(req({ memberId: b!.memberId }));
    await clock.advance(0);
    const r = await rb;
    expect(r.leader).toBe(b!.memberId);
    expect(r.members).toHaveLength(1);
  });

  it("rejects unknown members, stale generations and bad protocols without changing state", async () => {
    const { g, results } = await stableWith(2);
    const [a] = results;
    const gen = g.generationId;
    expect(g.heartbeat("ghost", null, gen)).toBe(E.UNKNOWN_MEMBER_ID);
    expect(g.heartbeat(a!.memberId, null, gen - 1)).toBe(E.ILLEGAL_GENERATION);
    expect((await g.sync({ memberId: a!.memberId, groupInstanceId: null, generationId: 0, protocolType: null, protocolName: null, assignments: [] })).error).toBe(E.ILLEGAL_GENERATION);
    expect((await g.sync({ memberId: "ghost", groupInstanceId: null, generationId: gen, protocolType: null, protocolName: null, assignments: [] })).error).toBe(E.UNKNOWN_MEMBER_ID);
    expect((await g.join(req({ memberId: "ghost" }))).error).toBe(E.UNKNOWN_MEMBER_ID);
    expect((await g.join(req({ protocolType: "connect" }))).error).toBe(E.INCONSISTENT_GROUP_PROTOCOL);
    expect((await g.join(req({ protocols: [{ name: "roundrobin", metadata: Buffer.alloc(0) }] }))).error).toBe(E.INCONSISTENT_GROUP_PROTOCOL);
    // offset commits: stale generation, unknown member, non-member on a non-empty group
    expect(g.validateOffsetCommit(a!.memberId, null, gen - 1)).toBe(E.ILLEGAL_GENERATION);
    expect(g.validateOffsetCommit("ghost", null, gen)).toBe(E.UNKNOWN_MEMBER_ID);
    expect(g.validateOffsetCommit("", null, -1)).toBe(E.UNKNOWN_MEMBER_ID);
    expect(g.validateOffsetCommit(a!.memberId, null, gen)).toBe(E.NONE);
    expect(g.state).toBe("Stable");
    expect(g.generationId).toBe(gen);
    expect(g.size).toBe(2);
  });

  it("an empty group accepts simple (generation -1) offset commits", () => {
    const { g } = setup();
    expect(g.validateOffsetCommit("", null, -1)).toBe(E.NONE);
    expect(g.validateOffsetCommit("x", null, 3)).toBe(E.UNKNOWN_MEMBER_ID);
  });

  it("commit during CompletingRebalance is answered REBALANCE_IN_PROGRESS", async () => {
    const { g, clock } = setup();
    const { p } = await joinNew(g);
    await clock.advance(0);
    const r = await p;
    expect(g.validateOffsetCommit(r.memberId, null, 1)).toBe(E.REBALANCE_IN_PROGRESS);
  });

  it("selects the protocol every member supports, by votes", async () => {
    const { g, clock } = setup();
    const p1 = g.join(req({ protocols: [{ name: "range", metadata: Buffer.alloc(0) }, { name: "roundrobin", metadata: Buffer.alloc(0) }] }));
    const p2 = g.join(req({ protocols: [{ name: "roundrobin", metadata: Buffer.alloc(0) }, { name: "range", metadata: Buffer.alloc(0) }] }));
    const p3 = g.join(req({ protocols: [{ name: "roundrobin", metadata: Buffer.alloc(0) }, { name: "range", metadata: Buffer.alloc(0) }, { name: "sticky", metadata: Buffer.alloc(0) }] }));
    await clock.advance(0);
    const rs = await Promise.all([p1, p2, p3]);
    expect(rs.map((r) => r.protocolName)).toEqual(["roundrobin", "roundrobin", "roundrobin"]);
  });

  it("initial rebalance delay holds the first generation while members keep arriving", async () => {
    const { g, clock } = setup({ initialRebalanceDelayMs: 3000 });
    const p1 = g.join(req());
    await clock.advance(2000);
    const p2 = g.join(req());
    await clock.advance(1500); // first delay expired, a member was added → delay again
    expect(g.state).toBe("PreparingRebalance");
    await clock.advance(3000);
    const [r1, r2] = await Promise.all([p1, p2]);
    expect(r1.generationId).toBe(1);
    expect(r2.generationId).toBe(1);
    expect(g.state).toBe("CompletingRebalance");
  });

  it("group.max.size rejects the extra member", async () => {
    const { g, clock } = setup({ maxSize: 2 });
    const p1 = g.join(req());
    const p2 = g.join(req());
    const r3 = await g.join(req());
    expect(r3.error).toBe(E.GROUP_MAX_SIZE_REACHED);
    await clock.advance(0);
    expect((await p1).error).toBe(E.NONE);
    expect((await p2).error).toBe(E.NONE);
    expect(g.size).toBe(2);
  });

  it("pending member ids expire after the session timeout", async () => {
    const { g, clock } = setup();
    const first = await g.join(req({ requireKnownMemberId: true }));
    expect(g.pendingMembers.has(first.memberId)).toBe(true);
    await clock.advance(10_000);
    expect(g.pendingMembers.has(first.memberId)).toBe(false);
  });

  it("static member replacement keeps the assignment without a rebalance and fences the old id", async () => {
    const { g, clock } = setup();
    const pa = g.join(req({ groupInstanceId: "i-a", requireKnownMemberId: true }));
    const pb = g.join(req({ groupInstanceId: "i-b", requireKnownMemberId: true }));
    await clock.advance(0);
    const [a, b] = await Promise.all([pa, pb]);
    expect(a.error).toBe(E.NONE); // static members skip MEMBER_ID_REQUIRED
    const leader = a.members.length ? a : b;
    await Promise.all([a, b].map((r) => g.sync({ memberId: r.memberId, groupInstanceId: r === a ? "i-a" : "i-b", generationId: 1, protocolType: null, protocolName: null,
      assignments: r === leader ? [{ memberId: a.memberId, assignment: Buffer.from("A") }, { memberId: b.memberId, assignment: Buffer.from("B") }] : [] })));
    expect(g.state).toBe("Stable");
    // b restarts: joins again with its instance id and no member id
    const b2 = await g.join(req({ groupInstanceId: "i-b" }));
    expect(b2.error).toBe(E.NONE);
    expect(b2.memberId).not.toBe(b.memberId);
    expect(b2.generationId).toBe(1);
    expect(b2.leader).toBe(a.memberId);
    expect(g.state).toBe("Stable");
    const s = await g.sync({ memberId: b2.memberId, groupInstanceId: "i-b", generationId: 1, protocolType: null, protocolName: null, assignments: [] });
    expect(s.assignment.toString()).toBe("B");
    expect(g.heartbeat(b.memberId, "i-b", 1)).toBe(E.FENCED_INSTANCE_ID);
    expect(g.heartbeat(b2.memberId, "i-b", 1)).toBe(E.NONE);
    // leave by instance id
    expect(g.leave([{ memberId: "", groupInstanceId: "i-b" }])).toEqual([E.NONE]);
    expect(g.state).toBe("PreparingRebalance");
  });

  it("a failed store of the leader's assignment sends members back to rebalance", async () => {
    const { g, clock } = setup({}, E.NOT_COORDINATOR);
    const { p } = await joinNew(g);
    await clock.advance(0);
    const r = await p;
    const s = await g.sync({ memberId: r.memberId, groupInstanceId: null, generationId: 1, protocolType: null, protocolName: null, assignments: [] });
    expect(s.error).toBe(E.NOT_COORDINATOR);
    expect(g.state).toBe("PreparingRebalance");
  });

  it("a follower that never syncs is removed after the rebalance timeout", async () => {
    const { g, clock } = setup();
    const p1 = g.join(req());
    const p2 = g.join(req());
    await clock.advance(0);
    const [r1, r2] = await Promise.all([p1, p2]);
    const leader = r1.members.length ? r1 : r2;
    const follower = leader === r1 ? r2 : r1;
    await g.sync({ memberId: leader.memberId, groupInstanceId: null, generationId: 1, protocolType: null, protocolName: null, assignments: [] });
    expect(g.state).toBe("Stable");
    await clock.advance(9000);
    g.heartbeat(leader.memberId, null, 1);
    await clock.advance(9000);
    g.heartbeat(leader.memberId, null, 1);
    await clock.advance(9000);
    g.heartbeat(leader.memberId, null, 1);
    await clock.advance(3000);
    await flush();
    expect(g.has(follower.memberId)).toBe(false);
    expect(g.state).toBe("PreparingRebalance");
  });

  it("shutdown answers waiting joins and marks the group Dead", async () => {
    const { g } = setup({ initialRebalanceDelayMs: 3000 });
    const p = g.join(req());
    g.shutdown(E.NOT_COORDINATOR);
    expect((await p).error).toBe(E.NOT_COORDINATOR);
    expect(g.state).toBe("Dead");
    expect(g.heartbeat("x", null, 0)).toBe(E.COORDINATOR_NOT_AVAILABLE);
  });
});
