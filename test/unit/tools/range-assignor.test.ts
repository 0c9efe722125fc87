/** MirrorMaker's group assignment: Kafka's RangeAssignor (contiguous ranges, members sorted by id). */
import { describe, expect, it } from "vitest";
import { rangeAssign } from "../../../cli/mirror-maker/group-member.js";

const names = (m: Map<string, { topic: string; partition: number }[]>) => Object.fromEntries([...m].map(([k, v]) => [k, v.map((tp) => `${tp.topic}-${tp.partition}`)]));

describe("rangeAssign", () => {
  it("splits each topic into ranges, the first members taking the extra partitions", () => {
    const plan = rangeAssign([{ memberId: "b", topics: ["t"] }, { memberId: "a", topics: ["t"] }], new Map([["t", 5]]));
    expect(names(plan)).toEqual({ b: ["t-3", "t-4"], a: ["t-0", "t-1", "t-2"] });
  });

  it("per topic, only among the members subscribed to it; unknown topics are skipped", () => {
    const plan = rangeAssign([
      { memberId: "m1", topics: ["x", "y"] },
      { memberId: "m2", topics: ["y", "gone"] },
      { memberId: "m3", topics: [] },
    ], new Map([["x", 2], ["y", 3]]));
    expect(names(plan)).toEqual({ m1: ["x-0", "x-1", "y-0", "y-1"], m2: ["y-2"], m3: [] });
  });

  it("more members than partitions leaves some idle", () => {
    const plan = rangeAssign(["c", "a", "b"].map((memberId) => ({ memberId, topics: ["t"] })), new Map([["t", 2]]));
    expect(names(plan)).toEqual({ c: [], a: ["t-0"], b: ["t-1"] });
  });
});
