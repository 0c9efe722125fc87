/**
 * GroupCoordinator over a real Log and Partition (one __consumer_offsets partition on disk):
 * writes, replay on load, tombstones, offset expiry, leadership loss. Time is a ManualClock.
 */
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GroupCoordinator, type GroupCoordinatorConfig } from "../../../broker/group/group-coordinator.js";
import { GroupErrors as E } from "../../../broker/group/group-errors.js";
import { Log } from "../../../broker/log/log.js";
import { defaultLogConfig } from "../../../broker/log/log-config.js";
import { Partition } from "../../../broker/replication/partition.js";
import { ManualClock } from "./manual-clock.js";
import type { JoinRequest } from "../../../broker/group/group.js";

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const cfg: GroupCoordinatorConfig = {
  numPartitions: 1, minSessionTimeoutMs: 6000, maxSessionTimeoutMs: 1_800_000, initialRebalanceDelayMs: 0, maxSize: 100,
  retentionMs: 60_000, retentionCheckIntervalMs: 10_000, loadBufferSize: 1 << 20, maxMetadataSize: 4096,
};

function setup(dir?: string) {
  const d = dir ?? mkdtempSync(join(tmpdir(), "gc-"));
  if (!dir) dirs.push(d);
  const log = Log.open(join(d, "__consumer_offsets-0"), "__consumer_offsets", 0, defaultLogConfig({ cleanupPolicy: ["compact"] } as never));
  const part = new Partition("__consumer_offsets", 0, "", 0, log);
  part.makeLeader(0, [0], [0]);
  const clock = new ManualClock();
  const topics = new Map<string, never>();
  const gc = new GroupCoordinator(cfg, { replicaManager: { getPartition: (t, p) => (t === "__consumer_offsets" && p === 0 ? part : undefined) }, metadata: { topics } }, clock);
  return { dir: d, log, part, clock, gc, topics };
}

async function ready(gc: GroupCoordinator): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (gc.validateGroupStatus("any", false) === E.NONE) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error("coordinator did not finish loading");
}

const exists = () => true;
const entry = (topic: string, partition: number, offset: bigint) => ({ topic, partition, offset, leaderEpoch: -1, metadata: "meta", commitTimestamp: 1000n });
const join_ = (over: Partial<JoinRequest> = {}): JoinRequest => ({
  memberId: "", groupInstanceId: null, clientId: "c", clientHost: "/127.0.0.1", sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000,
  protocolType: "consumer", protocols: [{ name: "range", metadata: Buffer.from("sub") }], requireKnownMemberId: false, ...over,
});

describe("group coordinator over a real __consumer_offsets log", () => {
  it("persists simple commits and reloads them after a restart", async () => {
    const a = setup();
    await ready(a.gc);
    expect(a.gc.commitOffsets("simple", "", null, -1, [entry("t", 0, 42n), entry("t", 1, 7n)], -1n, exists)).toEqual([E.NONE, E.NONE]);
    expect(a.gc.commitOffsets("simple", "", null, -1, [entry("t", 0, 43n)], -1n, exists)).toEqual([E.NONE]);
    expect(a.log.logEndOffset).toBe(3n);
    a.log.close();
    const b = setup(a.dir);
    expect(b.gc.validateGroupStatus("simple", true)).toBe(E.COORDINATOR_LOAD_IN_PROGRESS);
    await ready(b.gc);
    const f = b.gc.fetchOffsets("simple", null);
    expect(f.offsets.map((o) => [o.topic, o.partition, o.result.offset, o.result.metadata]).sort()).toEqual([["t", 0, 43n, "meta"], ["t", 1, 7n, "meta"]]);
    expect(b.gc.listGroups([]).groups).toEqual([{ groupId: "simple", protocolType: "", state: "Empty" }]);
    b.log.close();
  });

  it("reloads a Stable group with its members and assignment; silent members then expire", async () => {
    const a = setup();
    await ready(a.gc);
    const j = a.gc.joinGroup("g", join_());
    await a.clock.advance(0);
    const r = await j;
    expect(r.error).toBe(E.NONE);
    const s = await a.gc.syncGroup("g", { memberId: r.memberId, groupInstanceId: null, generationId: 1, protocolType: null, protocolName: null, assignments: [{ memberId: r.memberId, assignment: Buffer.from("asg") }] });
    expect(s.error).toBe(E.NONE);
    expect(a.gc.commitOffsets("g", r.memberId, null, 1, [entry("t", 0, 5n)], -1n, exists)).toEqual([E.NONE]);
    a.log.close();

    const b = setup(a.dir);
    await ready(b.gc);
    const d = b.gc.describeGroup("g");
    expect(d.state).toBe("Stable");
    expect(d.members.map((m) => [m.memberId, m.assignment.toString(), m.metadata.toString()])).toEqual([[r.memberId, "asg", "sub"]]);
    expect(b.gc.heartbeat("g", r.memberId, null, 1)).toBe(E.NONE);
    expect(b.gc.heartbeat("g", r.memberId, null, 0)).toBe(E.ILLEGAL_GENERATION);
    await b.clock.advance(10_000); // no heartbeat within the session timeout
    await b.clock.advance(0);
    expect(b.gc.describeGroup("g").state).toBe("Empty");
    expect(b.gc.fetchOffsets("g", [{ topic: "t", partition: 0 }]).offsets[0]!.result.offset).toBe(5n);
    b.log.close();
  });

  it("expires offsets after the retention and removes groups left without offsets (tombstones replay)", async () => {
    const a = setup();
    await ready(a.gc);
    const at = (off: bigint) => ({ ...entry("t", 0, off), commitTimestamp: BigInt(a.clock.now()) });
    a.gc.commitOffsets("old", "", null, -1, [at(1n)], -1n, exists);
    a.gc.commitOffsets("keep", "", null, -1, [at(2n)], -1n, exists);
    // a consumer group that became Empty: its offsets count from that moment
    const j = a.gc.joinGroup("cg", join_());
    await a.clock.advance(0);
    const r = await j;
    await a.gc.syncGroup("cg", { memberId: r.memberId, groupInstanceId: null, generationId: 1, protocolType: null, protocolName: null, assignments: [] });
    a.gc.commitOffsets("cg", r.memberId, null, 1, [at(3n)], -1n, exists);
    await a.clock.advance(30_000);
    a.gc.commitOffsets("keep", "", null, -1, [at(4n)], -1n, exists); // simple group: counted from each commit
    a.gc.leaveGroup("cg", [{ memberId: r.memberId, groupInstanceId: null }]);
    await a.clock.advance(0);
    expect(a.gc.describeGroup("cg").state).toBe("Empty");
    await a.clock.advance(31_000);
    expect(a.gc.cleanupGroupMetadata()).toBe(1); // "old" only
    expect(a.gc.listGroups([]).groups.map((g) => g.groupId).sort()).toEqual(["cg", "keep"]);
    await a.clock.advance(30_000);
    expect(a.gc.cleanupGroupMetadata()).toBe(2); // "keep" (60 s after its last commit) and "cg" (60 s after it emptied)
    expect(a.gc.listGroups([]).groups).toEqual([]);
    a.log.close();
    const b = setup(a.dir);
    await ready(b.gc);
    expect(b.gc.listGroups([]).groups).toEqual([]);
    expect(b.gc.fetchOffsets("old", null).offsets).toEqual([]);
    b.log.close();
  });

  it("an explicit expire timestamp (OffsetCommit v2-4 retention) is honoured", async () => {
    const a = setup();
    await ready(a.gc);
    const now = BigInt(a.clock.now());
    a.gc.commitOffsets("ret", "", null, -1, [entry("t", 0, 1n), entry("t", 1, 1n)], now + 5000n, exists);
    expect(a.gc.cleanupGroupMetadata(a.clock.now() + 4000)).toBe(0);
    expect(a.gc.cleanupGroupMetadata(a.clock.now() + 5000)).toBe(2);
    a.log.close();
  });

  it("deleteGroups writes tombstones; offset metadata too large is refused", async () => {
    const a = setup();
    await ready(a.gc);
    a.gc.commitOffsets("del", "", null, -1, [entry("t", 0, 1n)], -1n, exists);
    expect(a.gc.commitOffsets("del", "", null, -1, [{ ...entry("t", 1, 1n), metadata: "x".repeat(5000) }], -1n, exists)).toEqual([E.OFFSET_METADATA_TOO_LARGE]);
    expect(a.gc.deleteGroups(["del", "missing"])).toEqual([E.NONE, E.GROUP_ID_NOT_FOUND]);
    a.log.close();
    const b = setup(a.dir);
    await ready(b.gc);
    expect(b.gc.getGroup("del")).toBeUndefined();
    b.log.close();
  });

  it("offsets of a deleted topic are removed from every group", async () => {
    const a = setup();
    await ready(a.gc);
    a.topics.set("t", undefined as never);
    a.topics.set("u", undefined as never);
    expect(a.gc.removeOffsetsOfDeletedTopics()).toBe(0); // first look: nothing is "deleted"
    a.gc.commitOffsets("g1", "", null, -1, [entry("t", 0, 1n), entry("u", 0, 1n)], -1n, exists);
    a.gc.commitOffsets("g2", "", null, -1, [entry("t", 1, 1n)], -1n, exists);
    a.topics.delete("t");
    expect(a.gc.removeOffsetsOfDeletedTopics()).toBe(2);
    expect(a.gc.fetchOffsets("g1", null).offsets.map((o) => o.topic)).toEqual(["u"]);
    a.log.close();
    const b = setup(a.dir);
    await ready(b.gc);
    expect(b.gc.fetchOffsets("g1", null).offsets.map((o) => o.topic)).toEqual(["u"]);
    expect(b.gc.fetchOffsets("g2", null).offsets).toEqual([]);
    b.log.close();
  });

  it("losing leadership of the partition unloads its groups: NOT_COORDINATOR", async () => {
    const a = setup();
    await ready(a.gc);
    const j = a.gc.joinGroup("moving", join_());
    await a.clock.advance(0);
    expect((await j).error).toBe(E.NONE);
    a.part.makeFollower(1, 1, [1], [0, 1]);
    expect(a.gc.validateGroupStatus("moving", false)).toBe(E.NOT_COORDINATOR);
    expect(a.gc.heartbeat("moving", "x", null, 1)).toBe(E.NOT_COORDINATOR);
    expect(a.gc.getGroup("moving")).toBeUndefined();
    expect(a.gc.validateGroupStatus("", false)).toBe(E.INVALID_GROUP_ID);
    a.log.close();
  });
});
