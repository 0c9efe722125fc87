import { describe, expect, it } from "vitest";
import { FollowerTracker } from "../../../broker/replication/follower-tracker.js";

describe("FollowerTracker (leader's view of followers)", () => {
  it("high watermark is the minimum log end offset over the ISR", () => {
    const t = new FollowerTracker();
    t.reset([0, 1, 2], [0, 1, 2], 0, 1000);
    // followers not heard of yet hold the HW where it is
    expect(t.highWatermark([0, 1, 2], 0, 10n, 4n)).toBe(4n);
    t.updateFetch(1, 10n, 10n, 1001);
    t.updateFetch(2, 7n, 10n, 1001);
    expect(t.highWatermark([0, 1, 2], 0, 10n, 4n)).toBe(7n);
    // a follower outside the ISR does not hold it back
    expect(t.highWatermark([0, 1], 0, 10n, 4n)).toBe(10n);
  });

  it("lastCaughtUpTime as Kafka's Replica.updateFetchState; out of sync after the lag time", () => {
    const t = new FollowerTracker();
    t.reset([0, 1, 2], [0, 1, 2], 0, 0);
    t.updateFetch(1, 5n, 5n, 100); // caught up at 100
    t.updateFetch(2, 3n, 5n, 100); // behind
    t.updateFetch(2, 5n, 8n, 200); // reached what the leader had at its previous fetch: caught up as of 100
    expect(t.followers.get(2)!.lastCaughtUpTimeMs).toBe(100);
    // leader at 8: follower 1 (LEO 5, caught up at 100) and 2 (caught up at 100) lag after 1000 ms
    expect(t.outOfSync([0, 1, 2], 0, 8n, 1000, 1050)).toEqual([]);
    expect(t.outOfSync([0, 1, 2], 0, 8n, 1000, 1101)).toEqual([1, 2]);
    // a follower at the leader's end is in sync however long ago it fetched
    t.updateFetch(1, 8n, 8n, 1100);
    expect(t.outOfSync([0, 1, 2], 0, 8n, 1000, 5000)).toEqual([2]);
  });

  it("a follower outside the ISR may join once it reached the HW and the leader epoch's start", () => {
    const t = new FollowerTracker();
    t.reset([0, 1, 2], [0, 1], 0, 0);
    t.updateFetch(2, 4n, 9n, 10);
    expect(t.caughtUp([0, 1, 2], [0, 1], 0, 6n, 0n)).toEqual([]);
    t.updateFetch(2, 6n, 9n, 20);
    expect(t.caughtUp([0, 1, 2], [0, 1], 0, 6n, 0n)).toEqual([2]);
    expect(t.caughtUp([0, 1, 2], [0, 1], 0, 6n, 7n)).toEqual([]);
  });
});
