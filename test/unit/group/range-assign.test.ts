import { describe, expect, it } from "vitest";
import { rangeAssign } from "../../../broker/client/group-member.js";

describe("range assignor (Kafka's RangeAssignor)", () => {
  it("splits each topic's partitions in ranges over members sorted by id", () => {
    const r = rangeAssign([{ memberId: "c2", topics: ["t"] }, { memberId: "c1", topics: ["t", "u"] }], new Map([["t", 3], ["u", 2]]));
    expect(r.get("c1")).toEqual([{ topic: "t", partition: 0 }, { topic: "t", partition: 1 }, { topic: "u", partition: 0 }, { topic: "u", partition: 1 }]);
    expect(r.get("c2")).toEqual([{ topic: "t", partition: 2 }]);
  });
  it("leaves extra members idle", () => {
    const r = rangeAssign(["a", "b", "c", "d"].map((memberId) => ({ memberId, topics: ["t"] })), new Map([["t", 3]]));
    expect([...r.values()].map((x) => x.length)).toEqual([1, 1, 1, 0]);
  });
});
