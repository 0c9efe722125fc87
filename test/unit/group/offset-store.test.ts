import { describe, expect, it } from "vitest";
import {
  groupMetadataKey, groupMetadataValue, offsetCommitKey, offsetCommitValue, readGroupMetadataValue, readKey, readOffsetCommitValue,
} from "../../../broker/group/offset-store.js";
import { javaStringHashCode, partitionForGroup } from "../../../broker/group/partition-for-group.js";

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ""), "hex");

describe("partition for group (Java String.hashCode semantics)", () => {
  // values printed by java 17: s.hashCode() and Utils.abs(h) % 50
  it.each([
    ["my-group", -1906497762, 12],
    ["test-group", 627841412, 12],
    ["", 0, 0],
    ["g", 103, 3],
    ["consumer-group-with-a-long-name-éü", -163335214, 14],
    ["polygenelubricants", -2147483648, 0],
  ])("%s", (s, h, p) => {
    expect(javaStringHashCode(s)).toBe(h);
    expect(partitionForGroup(s, 50)).toBe(p);
  });
});

describe("__consumer_offsets key/value formats", () => {
  it("OffsetCommitKey v1", () => {
    const k = offsetCommitKey("g1", "t", 7);
    expect(k).toEqual(hex("0001 0002 6731 0001 74 00000007"));
    expect(readKey(k)).toEqual({ kind: "offset", group: "g1", topic: "t", partition: 7 });
    expect(readKey(hex("0000 0002 6731 0001 74 00000007"))).toEqual({ kind: "offset", group: "g1", topic: "t", partition: 7 });
  });

  it("GroupMetadataKey v2", () => {
    const k = groupMetadataKey("g1");
    expect(k).toEqual(hex("0002 0002 6731"));
    expect(readKey(k)).toEqual({ kind: "group", group: "g1" });
  });

  it("OffsetCommitValue v3 (and v1 with expire timestamp)", () => {
    const v3 = offsetCommitValue({ offset: 42n, leaderEpoch: 5, metadata: "m", commitTimestamp: 1000n, expireTimestamp: -1n });
    expect(v3).toEqual(hex("0003 000000000000002a 00000005 0001 6d 00000000000003e8"));
    expect(readOffsetCommitValue(v3)).toEqual({ offset: 42n, leaderEpoch: 5, metadata: "m", commitTimestamp: 1000n, expireTimestamp: -1n });
    const v1 = offsetCommitValue({ offset: 1n, leaderEpoch: -1, metadata: "", commitTimestamp: 2n, expireTimestamp: 3n });
    expect(v1).toEqual(hex("0001 0000000000000001 0000 0000000000000002 0000000000000003"));
    expect(readOffsetCommitValue(v1).expireTimestamp).toBe(3n);
  });

  it("reads OffsetCommitValue v0 and v2", () => {
    const v0 = hex("0000 0000000000000009 0002 6869 0000000000000007");
    expect(readOffsetCommitValue(v0)).toEqual({ offset: 9n, leaderEpoch: -1, metadata: "hi", commitTimestamp: 7n, expireTimestamp: -1n });
    const v2 = hex("0002 0000000000000009 0000 0000000000000007");
    expect(readOffsetCommitValue(v2).offset).toBe(9n);
  });

  it("GroupMetadataValue v3 byte layout and round trip", () => {
    const value = {
      protocolType: "consumer", generation: 3, protocol: "range", leader: "m1", currentStateTimestamp: 16n,
      members: [{ memberId: "m1", groupInstanceId: null, clientId: "c", clientHost: "/h", rebalanceTimeout: 300, sessionTimeout: 100, subscription: hex("0a0b"), assignment: hex("0c") }],
    };
    const b = groupMetadataValue(value);
    expect(b).toEqual(hex(
      "0003 0008 636f6e73756d6572 00000003 0005 72616e6765 0002 6d31 0000000000000010 00000001" +
      " 0002 6d31 ffff 0001 63 0002 2f68 0000012c 00000064 00000002 0a0b 00000001 0c",
    ));
    expect(readGroupMetadataValue(b)).toEqual(value);
  });

  it("reads GroupMetadataValue v0 (no rebalance timeout, no timestamp) and empty groups with null protocol", () => {
    const v0 = groupMetadataValue({ protocolType: "consumer", generation: 1, protocol: "range", leader: "m", currentStateTimestamp: -1n,
      members: [{ memberId: "m", groupInstanceId: null, clientId: "c", clientHost: "h", rebalanceTimeout: 10, sessionTimeout: 10, subscription: Buffer.alloc(0), assignment: Buffer.alloc(0) }] }, 0);
    const r = readGroupMetadataValue(v0);
    expect(r.members[0]!.rebalanceTimeout).toBe(10);
    expect(r.currentStateTimestamp).toBe(-1n);
    const empty = groupMetadataValue({ protocolType: "consumer", generation: 2, protocol: null, leader: null, currentStateTimestamp: 5n, members: [] });
    expect(empty).toEqual(hex("0003 0008 636f6e73756d6572 00000002 ffff ffff 0000000000000005 00000000"));
    expect(readGroupMetadataValue(empty)).toMatchObject({ protocol: null, leader: null, members: [] });
  });

  it("rejects truncated records", () => {
    expect(() => readOffsetCommitValue(hex("0003 0000"))).toThrow(/truncated/);
  });
});
