/**
 * Partition as leader over a real Log: HW = min LEO over the ISR, acks=all waiting for the HW,
 * min.insync.replicas, ISR shrink/expand through the updater, leadership loss failing waiters.
 */
import { afterAll, describe, expect, it } from "vitest";
import { Log } from "../../../broker/log/log.js";
import { Partition } from "../../../broker/replication/partition.js";
import { batch, config, removeTempDirs, tempDir } from "../log/helpers.js";

afterAll(() => removeTempDirs());

function leader(minIsr = 2): Partition {
  const log = Log.open(tempDir("part-"), "t", 0, config({ minInSyncReplicas: minIsr }));
  const p = new Partition("t", 0, "", 0, log);
  p.makeLeader(1, [0, 1, 2], [0, 1, 2]);
  return p;
}

describe("Partition (leader)", () => {
  it("the high watermark follows the slowest ISR member; acks=all completes when it passes the records", async () => {
    const p = leader();
    const r = p.appendRecordsToLeader(batch(["a", "b"]), -1);
    expect(r.lastOffset).toBe(1n);
    expect(p.highWatermark).toBe(0n);
    let done: number | null = null;
    const w = p.waitForHighWatermark(r.lastOffset, 5000).then((c) => { done = c; });
    p.updateFollowerFetchState(1, 2n);
    await Promise.resolve();
    expect(p.highWatermark).toBe(0n);
    expect(done).toBeNull();
    p.updateFollowerFetchState(2, 1n);
    expect(p.highWatermark).toBe(1n);
    p.updateFollowerFetchState(2, 2n);
    expect(p.highWatermark).toBe(2n);
    await w;
    expect(done).toBe(0);
  });

  it("NOT_ENOUGH_REPLICAS when the ISR is smaller than min.insync.replicas; acks=1 still goes in", () => {
    const p = leader(2);
    p.applyIsr([0]);
    expect(() => p.appendRecordsToLeader(batch(["x"]), -1)).toThrow(/insufficient to satisfy the min.isr requirement of 2/);
    expect(p.appendRecordsToLeader(batch(["y"]), 1).baseOffset).toBe(0n);
    // with an ISR of one the HW is the leader's end at once
    expect(p.highWatermark).toBe(1n);
  });

  it("a waiting acks=all produce times out with REQUEST_TIMED_OUT, or fails with NOT_LEADER_OR_FOLLOWER when leadership moves", async () => {
    const p = leader();
    const r = p.appendRecordsToLeader(batch(["a"]), -1);
    expect(await p.waitForHighWatermark(r.lastOffset, 10)).toBe(7);
    const w = p.waitForHighWatermark(r.lastOffset, 5000);
    p.makeFollower(1, 2, [1, 2], [0, 1, 2]);
    expect(await w).toBe(6);
  });

  it("ISR expansion once a follower reaches the HW, shrink when one stops catching up", async () => {
    const p = leader();
    const changes: Array<[string, number[]]> = [];
    p.isrUpdater = async (_p, isr, reason) => { changes.push([reason, isr]); return true; };
    p.lagMs = 50;
    p.applyIsr([0, 1]);
    p.appendRecordsToLeader(batch(["a", "b", "c"]), 1);
    p.updateFollowerFetchState(1, 3n);
    expect(p.highWatermark).toBe(3n);
    p.updateFollowerFetchState(2, 3n);
    await new Promise((r) => setTimeout(r, 0));
    expect(changes).toEqual([["expand", [0, 1, 2]]]);
    expect(p.isr).toEqual([0, 1, 2]);
    // follower 2 stops; new records arrive; after the lag time it is out
    p.appendRecordsToLeader(batch(["d"]), 1);
    p.updateFollowerFetchState(1, 4n);
    p.maybeShrinkIsr(Date.now() + 1000);
    await new Promise((r) => setTimeout(r, 0));
    expect(changes[1]).toEqual(["shrink", [0, 1]]);
    expect(p.isr).toEqual([0, 1]);
  });
});
