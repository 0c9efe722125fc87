/**
 * OffsetFetch (9), v0-8: committed offsets of a group (v8: of several groups). A null topic list
 * (v2+) asks for every committed offset. Unknown partitions answer offset -1, metadata "".
 * v2+ carry a top-level error (e.g. NOT_COORDINATOR); v0-1 put it on each partition.
 */
import type { OffsetFetchRequest, OffsetFetchResponse } from "../protocol/schemas/offset-fetch.js";
import type { FetchedOffset } from "../group/group-coordinator.js";
import { coordinator } from "../group/broker-access.js";
import { defineHandler } from "./handler.js";

type Topics = OffsetFetchResponse["topics"];
type Wanted = { name: string; partitionIndexes: number[] }[] | null;

function fetchGroup(c: ReturnType<typeof coordinator>, groupId: string, wanted: Wanted): { error: number; topics: Topics } {
  const parts = wanted === null ? null : wanted.flatMap((t) => t.partitionIndexes.map((p) => ({ topic: t.name, partition: p })));
  const r = c.fetchOffsets(groupId, parts);
  const byTopic = new Map<string, { partition: number; result: FetchedOffset }[]>();
  for (const o of r.offsets) {
    let l = byTopic.get(o.topic);
    if (!l) { l = []; byTopic.set(o.topic, l); }
    l.push({ partition: o.partition, result: o.result });
  }
  const topics: Topics = [...byTopic].map(([name, ps]) => ({
    name,
    partitions: ps.map((p) => ({ partitionIndex: p.partition, committedOffset: p.result.offset, committedLeaderEpoch: p.result.leaderEpoch, metadata: p.result.metadata, errorCode: p.result.error })),
  }));
  return { error: r.error, topics };
}

export const offsetFetchHandler = defineHandler<OffsetFetchRequest, OffsetFetchResponse>({
  apiKey: 9,
  minVersion: 0,
  maxVersion: 8,
  handle(req, ctx) {
    const c = coordinator(ctx.broker);
    if (ctx.version >= 8) {
      const groups = req.groups.map((g) => {
        const r = fetchGroup(c, g.groupId, g.topics);
        return { groupId: g.groupId, topics: r.error === 0 ? r.topics : [], errorCode: r.error };
      });
      return { throttleTimeMs: 0, topics: [], errorCode: 0, groups };
    }
    const r = fetchGroup(c, req.groupId, ctx.version >= 2 ? req.topics : (req.topics ?? []));
    return { throttleTimeMs: 0, topics: ctx.version >= 2 && r.error !== 0 ? [] : r.topics, errorCode: r.error, groups: [] };
  },
  errorResponse: (req, errorCode, _m, ctx) => {
    if (ctx.version >= 8) return { throttleTimeMs: 0, topics: [], errorCode: 0, groups: req.groups.map((g) => ({ groupId: g.groupId, topics: [], errorCode })) };
    const topics = ctx.version >= 2 ? [] : (req.topics ?? []).map((t) => ({ name: t.name, partitions: t.partitionIndexes.map((p) => ({ partitionIndex: p, committedOffset: -1n, committedLeaderEpoch: -1, metadata: "", errorCode })) }));
    return { throttleTimeMs: 0, topics, errorCode, groups: [] };
  },
});
