/**
 * The leader's view of its followers (the remote-replica part of Kafka's Partition):
 *
 *   - every follower Fetch (replicaId = follower id) records the follower's log end offset
 *     (= its fetch offset) and, as Kafka's Replica.updateFetchState does, its lastCaughtUpTime:
 *     now if it asked for the leader's end, else the time of its previous fetch if it asked for
 *     at least what the leader's end was then;
 *   - high watermark = min(leader LEO, LEO of every other ISR member);
 *   - ISR expansion: a follower outside the ISR whose LEO reached the high watermark and the
 *     start offset of the current leader epoch joins;
 *   - ISR shrink: an ISR follower whose lastCaughtUpTime is older than replica.lag.time.max.ms
 *     leaves.
 * The tracker only decides; the Partition writes ISR changes to ZooKeeper (conditionally on the
 * state znode's version) and applies them once written.
 */
export interface FollowerState {
  logEndOffset: bigint;
  lastCaughtUpTimeMs: number;
  lastFetchTimeMs: number;
  lastFetchLeaderLogEndOffset: bigint;
}

export class FollowerTracker {
  readonly followers = new Map<number, FollowerState>();

  /** (Re)start tracking as a new leader: followers unknown, ISR members count as caught up now. */
  reset(replicas: number[], isr: number[], localId: number, now = Date.now()): void {
    this.followers.clear();
    for (const r of replicas) {
      if (r === localId) continue;
      this.followers.set(r, { logEndOffset: -1n, lastCaughtUpTimeMs: isr.includes(r) ? now : 0, lastFetchTimeMs: 0, lastFetchLeaderLogEndOffset: -1n });
    }
  }

  /** A follower fetched from `fetchOffset` while our log end offset was `leaderEnd`. */
  updateFetch(replicaId: number, fetchOffset: bigint, leaderEnd: bigint, now = Date.now()): void {
    let f = this.followers.get(replicaId);
    if (!f) {
      f = { logEndOffset: -1n, lastCaughtUpTimeMs: 0, lastFetchTimeMs: 0, lastFetchLeaderLogEndOffset: -1n };
      this.followers.set(replicaId, f);
    }
    if (fetchOffset >= leaderEnd) f.lastCaughtUpTimeMs = Math.max(f.lastCaughtUpTimeMs, now);
    else if (fetchOffset >= f.lastFetchLeaderLogEndOffset) f.lastCaughtUpTimeMs = Math.max(f.lastCaughtUpTimeMs, f.lastFetchTimeMs);
    f.logEndOffset = fetchOffset;
    f.lastFetchLeaderLogEndOffset = leaderEnd;
    f.lastFetchTimeMs = now;
  }

  /** min(leader LEO, LEO of every ISR follower); an ISR follower not heard of yet holds it where it is. */
  highWatermark(isr: number[], localId: number, leaderEnd: bigint, currentHw: bigint): bigint {
    let hw = leaderEnd;
    for (const r of isr) {
      if (r === localId) continue;
      const f = this.followers.get(r);
      const leo = f && f.logEndOffset >= 0n ? f.logEndOffset : currentHw;
      if (leo < hw) hw = leo;
    }
    return hw;
  }

  /** Followers outside the ISR that caught up (may join). */
  caughtUp(replicas: number[], isr: number[], localId: number, hw: bigint, epochStartOffset: bigint): number[] {
    return replicas.filter((r) => {
      if (r === localId || isr.includes(r)) return false;
      const f = this.followers.get(r);
      return f !== undefined && f.logEndOffset >= 0n && f.logEndOffset >= hw && f.logEndOffset >= epochStartOffset;
    });
  }

  /** ISR followers that have not caught up for longer than lagMs (must leave). */
  outOfSync(isr: number[], localId: number, leaderEnd: bigint, lagMs: number, now = Date.now()): number[] {
    return isr.filter((r) => {
      if (r === localId) return false;
      const f = this.followers.get(r);
      if (!f) return true;
      // a follower at our end is in sync however long ago it fetched (nothing new to fetch)
      if (f.logEndOffset >= leaderEnd && f.logEndOffset >= 0n) return false;
      return now - f.lastCaughtUpTimeMs > lagMs;
    });
  }

  endOffsetOf(r: number): bigint {
    return this.followers.get(r)?.logEndOffset ?? -1n;
  }
}
