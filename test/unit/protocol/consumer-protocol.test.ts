// The embedded consumer protocol (subscriptions in JoinGroup, assignments in SyncGroup): decoded
// from real clients' captured requests and cross-checked with kafkajs's AssignerProtocol.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AssignerProtocol } from "kafkajs";
import { decodeRequest, readRequestHeader } from "../../../broker/protocol/codec.js";
import { decodeAssignment, decodeSubscription, encodeAssignment, encodeSubscription } from "../../../broker/protocol/consumer-protocol.js";
import type { JoinGroupRequest } from "../../../broker/protocol/schemas/join-group.js";
import type { SyncGroupRequest } from "../../../broker/protocol/schemas/sync-group.js";

const FIX = join(import.meta.dirname, "../../fixtures/protocol");
function request<T>(name: string): T {
  const frame = readFileSync(join(FIX, name));
  const { header, bodyOffset } = readRequestHeader(frame);
  return decodeRequest<T>(header.apiKey, header.apiVersion, frame, bodyOffset);
}

describe("consumer protocol", () => {
  it("decodes librdkafka's JoinGroup subscription", () => {
    const req = request<JoinGroupRequest>("join-group-v5-librdkafka.bin");
    expect(req.protocolType).toBe("consumer");
    const sub = decodeSubscription(req.protocols[0]!.metadata);
    expect(sub.topics).toEqual(["t"]);
  });

  it("decodes kafkajs's SyncGroup assignment", () => {
    const req = request<SyncGroupRequest>("sync-group-v3-kafkajs.bin");
    const a = decodeAssignment(req.assignments[0]!.assignment);
    expect(a.assignedPartitions).toEqual([{ topic: "t", partitions: [0] }]);
  });

  it("round-trips every version and matches kafkajs's encoders", () => {
    for (const v of [0, 1, 2, 3]) {
      const s = { topics: ["a", "b"], userData: Buffer.from("u"), ownedPartitions: [{ topic: "a", partitions: [1, 2] }], generationId: 7, rackId: "r1" };
      const dec = decodeSubscription(encodeSubscription(s, v));
      expect(dec.version).toBe(v);
      expect(dec.topics).toEqual(["a", "b"]);
      if (v >= 1) expect(dec.ownedPartitions).toEqual(s.ownedPartitions);
      if (v >= 3) expect(dec.rackId).toBe("r1");
    }
    const kjsMeta = AssignerProtocol.MemberMetadata.encode({ version: 0, topics: ["x", "y"], userData: Buffer.from("ud") });
    expect(decodeSubscription(kjsMeta)).toMatchObject({ version: 0, topics: ["x", "y"], userData: Buffer.from("ud") });
    expect(encodeSubscription({ topics: ["x", "y"], userData: Buffer.from("ud") }).equals(kjsMeta)).toBe(true);
    const kjsAssign = AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: { x: [0, 1] }, userData: Buffer.from("ud") });
    expect(decodeAssignment(kjsAssign)).toMatchObject({ version: 0, assignedPartitions: [{ topic: "x", partitions: [0, 1] }] });
    expect(encodeAssignment({ assignedPartitions: [{ topic: "x", partitions: [0, 1] }], userData: Buffer.from("ud") }).equals(kjsAssign)).toBe(true);
  });

  it("reads a newer version as the newest it knows (trailing fields ignored)", () => {
    const v3 = encodeSubscription({ topics: ["a"], rackId: "r" }, 3);
    const v9 = Buffer.concat([v3, Buffer.from([1, 2, 3])]);
    v9.writeInt16BE(9, 0);
    expect(decodeSubscription(v9)).toMatchObject({ version: 9, topics: ["a"], rackId: "r" });
  });
});
