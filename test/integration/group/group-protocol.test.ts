/**
 * The group APIs over a real socket (our client's Connection): Kafka's error codes for bad input
 * with no state corrupted, batched FindCoordinator / LeaveGroup / multi-group OffsetFetch, static
 * members, group.max.size; then a broker restart: offsets and groups come back from
 * __consumer_offsets and a consumer resumes right after its last commit.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Kafka, logLevel } from "kafkajs";
import { Connection } from "../../../broker/client/connection.js";
import { ApiKey } from "../../../broker/protocol/api-keys.js";
import { encodeAssignment, encodeSubscription } from "../../../broker/group/consumer-protocol.js";
import { partitionForGroup } from "../../../broker/group/partition-for-group.js";
import { join as pathJoin } from "node:path";
import { startBroker, startZooKeeper, type Broker, type ZooKeeperForTests } from "../../helpers/broker.js";
import { eventually, removeTempDirs, run, stopAll } from "../../helpers/procs.js";

let zk: ZooKeeperForTests;
let broker: Broker;
let kafka: Kafka;
let conn: Connection;

const E = { NONE: 0, UNKNOWN_TOPIC_OR_PARTITION: 3, COORDINATOR_LOAD_IN_PROGRESS: 14, ILLEGAL_GENERATION: 22, INCONSISTENT_GROUP_PROTOCOL: 23, INVALID_GROUP_ID: 24, UNKNOWN_MEMBER_ID: 25, INVALID_SESSION_TIMEOUT: 26, REBALANCE_IN_PROGRESS: 27, NON_EMPTY_GROUP: 68, GROUP_ID_NOT_FOUND: 69, MEMBER_ID_REQUIRED: 79, GROUP_MAX_SIZE_REACHED: 81, FENCED_INSTANCE_ID: 82, GROUP_SUBSCRIBED_TO_TOPIC: 86 };

interface JoinRes { errorCode: number; generationId: number; protocolName: string | null; leader: string; memberId: string; members: { memberId: string }[] }

const protocols = [{ name: "range", metadata: encodeSubscription(["gp"]) }];

async function join(groupId: string, memberId = "", extra: Record<string, unknown> = {}, version = 9): Promise<JoinRes> {
  return conn.sendAt<JoinRes>(ApiKey.JoinGroup, version, { groupId, sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, memberId, groupInstanceId: null, protocolType: "consumer", protocols, reason: null, ...extra });
}
async function sync(groupId: string, memberId: string, generationId: number, assignments: { memberId: string; assignment: Buffer }[] = [], groupInstanceId: string | null = null) {
  return conn.sendAt<{ errorCode: number; assignment: Buffer }>(ApiKey.SyncGroup, 5, { groupId, generationId, memberId, groupInstanceId, protocolType: "consumer", protocolName: "range", assignments });
}
async function heartbeat(groupId: string, memberId: string, generationId: number, groupInstanceId: string | null = null) {
  return (await conn.sendAt<{ errorCode: number }>(ApiKey.Heartbeat, 4, { groupId, generationId, memberId, groupInstanceId })).errorCode;
}
async function commit(groupId: string, memberId: string, generationId: number, offset: bigint, topic = "gp") {
  const r = await conn.sendAt<{ topics: { partitions: { errorCode: number }[] }[] }>(ApiKey.OffsetCommit, 8, {
    groupId, generationIdOrMemberEpoch: generationId, memberId, groupInstanceId: null,
    topics: [{ name: topic, partitions: [{ partitionIndex: 0, committedOffset: offset, committedLeaderEpoch: -1, committedMetadata: "m" }] }],
  });
  return r.topics[0]!.partitions[0]!.errorCode;
}
async function fetchOffset(groupId: string): Promise<bigint> {
  const r = await conn.sendAt<{ errorCode: number; topics: { partitions: { committedOffset: bigint }[] }[] }>(ApiKey.OffsetFetch, 7, { groupId, topics: [{ name: "gp", partitionIndexes: [0] }], requireStable: false });
  return r.topics[0]!.partitions[0]!.committedOffset;
}

/** A one-member Stable group: returns its member id and generation. */
async function stableGroup(groupId: string): Promise<{ memberId: string; gen: number }> {
  const first = await join(groupId);
  expect(first.errorCode).toBe(E.MEMBER_ID_REQUIRED);
  const j = await join(groupId, first.memberId);
  expect(j.errorCode).toBe(E.NONE);
  const s = await sync(groupId, j.memberId, j.generationId, [{ memberId: j.memberId, assignment: encodeAssignment([{ topic: "gp", partitions: [0] }]) }]);
  expect(s.errorCode).toBe(E.NONE);
  return { memberId: j.memberId, gen: j.generationId };
}

beforeAll(async () => {
  zk = await startZooKeeper();
  broker = await startBroker({ zkConnect: zk.connectString, overrides: { "group.max.size": 2, "offsets.topic.num.partitions": 5 } });
  kafka = new Kafka({ clientId: "gp-test", brokers: [broker.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 100 } });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: "gp", numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  conn = await Connection.open("127.0.0.1", broker.port, { clientId: "gp-raw" });
  // first FindCoordinator creates __consumer_offsets; wait until the coordinator answers
  await eventually(async () => (await conn.sendAt<{ errorCode: number }>(ApiKey.FindCoordinator, 3, { key: "x", keyType: 0 })).errorCode === 0, 20_000);
}, 60_000);

afterAll(async () => {
  conn?.close();
  await stopAll();
  removeTempDirs();
});

describe("group protocol: bad input and Kafka's error codes", () => {
  it("empty group id, bad session timeout, inconsistent protocols", async () => {
    expect((await join("")).errorCode).toBe(E.INVALID_GROUP_ID);
    expect((await join("g-bad", "", { sessionTimeoutMs: 10 })).errorCode).toBe(E.INVALID_SESSION_TIMEOUT);
    const { memberId } = await stableGroup("g-bad");
    expect((await join("g-bad", "", { protocolType: "connect" })).errorCode).toBe(E.INCONSISTENT_GROUP_PROTOCOL);
    expect((await join("g-bad", "", { protocols: [{ name: "sticky", metadata: Buffer.alloc(0) }] })).errorCode).toBe(E.INCONSISTENT_GROUP_PROTOCOL);
    expect(await heartbeat("g-bad", memberId, 1)).toBe(E.NONE);
  });

  it("unknown members, stale generations and commits from non-members are refused without changing state", async () => {
    const { memberId, gen } = await stableGroup("g-strict");
    expect(await commit("g-strict", memberId, gen, 5n)).toBe(E.NONE);
    expect(await heartbeat("g-strict", "ghost", gen)).toBe(E.UNKNOWN_MEMBER_ID);
    expect(await heartbeat("g-strict", memberId, gen + 7)).toBe(E.ILLEGAL_GENERATION);
    expect((await sync("g-strict", memberId, gen - 1)).errorCode).toBe(E.ILLEGAL_GENERATION);
    expect((await sync("g-strict", "ghost", gen)).errorCode).toBe(E.UNKNOWN_MEMBER_ID);
    expect((await join("g-strict", "ghost")).errorCode).toBe(E.UNKNOWN_MEMBER_ID);
    expect(await commit("g-strict", "ghost", gen, 99n)).toBe(E.UNKNOWN_MEMBER_ID);
    expect(await commit("g-strict", memberId, gen - 1, 99n)).toBe(E.ILLEGAL_GENERATION);
    expect(await commit("g-strict", "", -1, 99n)).toBe(E.UNKNOWN_MEMBER_ID); // non-member on a non-empty group
    expect(await commit("g-strict", memberId, gen, 99n, "no-such-topic")).toBe(E.UNKNOWN_TOPIC_OR_PARTITION);
    expect(await commit("nobody-home", "m", 3, 1n)).toBe(E.ILLEGAL_GENERATION);
    expect(await fetchOffset("g-strict")).toBe(5n);
    expect(await heartbeat("g-strict", memberId, gen)).toBe(E.NONE);
    const d = await conn.sendAt<{ groups: { groupState: string; members: unknown[]; authorizedOperations: number }[] }>(ApiKey.DescribeGroups, 5, { groups: ["g-strict", "never-seen"], includeAuthorizedOperations: true });
    expect(d.groups.map((g) => [g.groupState, g.members.length])).toEqual([["Stable", 1], ["Dead", 0]]);
    expect(d.groups[0]!.authorizedOperations).toBe(328); // READ, DELETE, DESCRIBE
    // a group with members can be neither deleted nor have subscribed offsets deleted
    const del = await conn.sendAt<{ results: { errorCode: number }[] }>(ApiKey.DeleteGroups, 2, { groupsNames: ["g-strict", "never-seen"] });
    expect(del.results.map((r) => r.errorCode)).toEqual([E.NON_EMPTY_GROUP, E.GROUP_ID_NOT_FOUND]);
    const od = await conn.sendAt<{ errorCode: number; topics: { partitions: { errorCode: number }[] }[] }>(ApiKey.OffsetDelete, 0, { groupId: "g-strict", topics: [{ name: "gp", partitions: [{ partitionIndex: 0 }] }] });
    expect(od.topics[0]!.partitions[0]!.errorCode).toBe(E.GROUP_SUBSCRIBED_TO_TOPIC);
  });

  it("a new member puts the group in rebalance; batched LeaveGroup; last leave empties the group", async () => {
    const { memberId: a, gen } = await stableGroup("g-leave");
    const first = await join("g-leave");
    // the new member's JoinGroup waits for the rebalance: send it on its own connection (a
    // connection answers in request order, as Kafka's does)
    const other = await Connection.open("127.0.0.1", broker.port, { clientId: "gp-raw-2" });
    const pending = other.sendAt<JoinRes>(ApiKey.JoinGroup, 9, { groupId: "g-leave", sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, memberId: first.memberId, groupInstanceId: null, protocolType: "consumer", protocols, reason: null });
    await eventually(async () => (await heartbeat("g-leave", a, gen)) === E.REBALANCE_IN_PROGRESS, 5000);
    const rejoin = await join("g-leave", a);
    const b = await pending;
    other.close();
    expect([rejoin.generationId, b.generationId]).toEqual([gen + 1, gen + 1]);
    expect(rejoin.leader).toBe(a);
    const leave = await conn.sendAt<{ errorCode: number; members: { memberId: string; errorCode: number }[] }>(ApiKey.LeaveGroup, 5, {
      groupId: "g-leave", members: [{ memberId: a, groupInstanceId: null, reason: "test" }, { memberId: "ghost", groupInstanceId: null, reason: null }, { memberId: b.memberId, groupInstanceId: null, reason: null }],
    });
    expect(leave.errorCode).toBe(0);
    expect(leave.members.map((m) => m.errorCode)).toEqual([E.NONE, E.UNKNOWN_MEMBER_ID, E.NONE]);
    const d = await conn.sendAt<{ groups: { groupState: string }[] }>(ApiKey.DescribeGroups, 5, { groups: ["g-leave"], includeAuthorizedOperations: false });
    expect(d.groups[0]!.groupState).toBe("Empty");
  });

  it("group.max.size=2: a third member is refused", async () => {
    const { memberId: m1 } = await stableGroup("g-max");
    const other = await Connection.open("127.0.0.1", broker.port, { clientId: "gp-raw-3" });
    const m2 = other.sendAt<JoinRes>(ApiKey.JoinGroup, 3, { groupId: "g-max", sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, memberId: "", protocolType: "consumer", protocols });
    await eventually(async () => (await heartbeat("g-max", m1, 1)) === E.REBALANCE_IN_PROGRESS, 5000);
    const r1 = await join("g-max", m1);
    expect([r1.errorCode, (await m2).errorCode, r1.members.length]).toEqual([E.NONE, E.NONE, 2]);
    other.close();
    // Kafka checks the size before handing out a member id
    expect((await join("g-max")).errorCode).toBe(E.GROUP_MAX_SIZE_REACHED);
    expect((await join("g-max", "", {}, 3)).errorCode).toBe(E.GROUP_MAX_SIZE_REACHED);
  });

  it("static membership: a restarted instance takes over the old member's assignment; the old id is fenced", async () => {
    const j = await join("g-static", "", { groupInstanceId: "inst-1" });
    expect(j.errorCode).toBe(E.NONE); // static members get their id at once
    const s = await sync("g-static", j.memberId, j.generationId, [{ memberId: j.memberId, assignment: Buffer.from("A") }], "inst-1");
    expect(s.assignment.toString()).toBe("A");
    const again = await join("g-static", "", { groupInstanceId: "inst-1" });
    expect(again.errorCode).toBe(E.NONE);
    expect(again.memberId).not.toBe(j.memberId);
    expect(again.generationId).toBe(j.generationId);
    expect((await sync("g-static", again.memberId, again.generationId, [], "inst-1")).assignment.toString()).toBe("A");
    expect(await heartbeat("g-static", j.memberId, j.generationId, "inst-1")).toBe(E.FENCED_INSTANCE_ID);
    expect(await heartbeat("g-static", again.memberId, again.generationId, "inst-1")).toBe(E.NONE);
  });

  it("batched FindCoordinator (v4) and multi-group OffsetFetch (v8); ListGroups with a state filter", async () => {
    const fc = await conn.sendAt<{ coordinators: { key: string; nodeId: number; port: number; errorCode: number }[] }>(ApiKey.FindCoordinator, 4, { keyType: 0, coordinatorKeys: ["a", "b"] });
    expect(fc.coordinators.map((c) => [c.key, c.nodeId, c.port, c.errorCode])).toEqual([["a", 0, broker.port, 0], ["b", 0, broker.port, 0]]);
    const of = await conn.sendAt<{ groups: { groupId: string; errorCode: number; topics: { partitions: { committedOffset: bigint }[] }[] }[] }>(ApiKey.OffsetFetch, 8, {
      groups: [{ groupId: "g-strict", topics: null }, { groupId: "nope", topics: [{ name: "gp", partitionIndexes: [0] }] }], requireStable: false,
    });
    expect(of.groups.map((g) => [g.groupId, g.errorCode, g.topics[0]?.partitions[0]?.committedOffset])).toEqual([["g-strict", 0, 5n], ["nope", 0, -1n]]);
    const lg = await conn.sendAt<{ groups: { groupId: string; groupState: string }[] }>(ApiKey.ListGroups, 4, { statesFilter: ["Empty"] });
    expect(lg.groups.map((g) => g.groupId)).toContain("g-leave");
    expect(lg.groups.every((g) => g.groupState === "Empty")).toBe(true);
  });
});

describe("after a broker restart", () => {
  it("offsets and groups are reloaded from __consumer_offsets; a consumer resumes after its last commit", async () => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: "gp", messages: Array.from({ length: 10 }, (_, i) => ({ value: `before-${i}` })) });
    const c1 = kafka.consumer({ groupId: "g-restart", sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 200 });
    const seen1: string[] = [];
    await c1.connect();
    await c1.subscribe({ topic: "gp", fromBeginning: true });
    await c1.run({ eachMessage: async ({ message }) => { seen1.push(message.value!.toString()); } });
    await eventually(() => seen1.length === 10, 20_000);
    await c1.disconnect();
    await producer.disconnect();
    conn.close();

    await broker.restart();
    conn = await Connection.open("127.0.0.1", broker.port, { clientId: "gp-raw" });
    await eventually(async () => {
      const r = await conn.sendAt<{ errorCode: number; topics: { partitions: { committedOffset: bigint }[] }[] }>(ApiKey.OffsetFetch, 7, { groupId: "g-restart", topics: [{ name: "gp", partitionIndexes: [0] }], requireStable: false });
      return r.errorCode === 0 && r.topics[0]!.partitions[0]!.committedOffset === 10n;
    }, 20_000);
    expect(await fetchOffset("g-strict")).toBe(5n);
    const d = await conn.sendAt<{ groups: { groupState: string; protocolType: string }[] }>(ApiKey.DescribeGroups, 5, { groups: ["g-restart", "g-leave"], includeAuthorizedOperations: false });
    expect(d.groups.map((g) => [g.groupState, g.protocolType])).toEqual([["Empty", "consumer"], ["Empty", "consumer"]]);
    const cli = await run("bash", ["bin/kafka-consumer-groups.sh", "--bootstrap-server", broker.bootstrap, "--describe", "--group", "g-restart"], { timeoutMs: 30_000 });
    expect(cli.stdout).toMatch(/g-restart +gp +0 +10 +10 +0 +- +- +-/);

    // the records are Kafka's: kafka-dump-log.sh --offsets-decoder reads them
    const seg = pathJoin(broker.logDir, `__consumer_offsets-${partitionForGroup("g-restart", 5)}`, "00000000000000000000.log");
    const dump = await run("bash", ["bin/kafka-dump-log.sh", "--offsets-decoder", "--files", seg], { timeoutMs: 30_000 });
    expect(dump.stdout).toMatch(/key: offset_commit::group=g-restart,partition=gp-0 payload: offset=10\b/);
    expect(dump.stdout).toMatch(/key: group_metadata::group=g-restart payload: \{"protocolType":"consumer"/);

    const p2 = kafka.producer();
    await p2.connect();
    await p2.send({ topic: "gp", messages: [{ value: "after-0" }, { value: "after-1" }] });
    await p2.disconnect();
    const c2 = kafka.consumer({ groupId: "g-restart", sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 200 });
    const seen2: string[] = [];
    await c2.connect();
    await c2.subscribe({ topic: "gp", fromBeginning: true });
    await c2.run({ eachMessage: async ({ message }) => { seen2.push(message.value!.toString()); } });
    await eventually(() => seen2.length >= 2, 20_000);
    await c2.disconnect();
    expect(seen2).toEqual(["after-0", "after-1"]);
  });
});
