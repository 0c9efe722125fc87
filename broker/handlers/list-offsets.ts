/**
 * ListOffsets (2): -1 latest (the high watermark, or the LSO for read_committed), -2 earliest
 * (log start offset), -3 max timestamp (v7), otherwise the first offset whose timestamp is >= the
 * one asked (below the high watermark). v0 answers in the old format (oldStyleOffsets, at most
 * maxNumOffsets).
 */
import { KafkaError } from "../protocol/errors.js";
import type { ListOffsetsPartitionResponse, ListOffsetsRequest, ListOffsetsResponse } from "../protocol/schemas/list-offsets.js";
import { errorCodeOf } from "../replication/replica-manager.js";
import { defineHandler } from "./handler.js";

const failed = (partitionIndex: number, errorCode: number): ListOffsetsPartitionResponse =>
  ({ partitionIndex, errorCode, oldStyleOffsets: [], timestamp: -1n, offset: -1n, leaderEpoch: -1 });

export const listOffsetsHandler = defineHandler<ListOffsetsRequest, ListOffsetsResponse>({
  apiKey: 2,
  minVersion: 0,
  maxVersion: 7,
  handle(req, ctx) {
    const rm = ctx.broker.replicaManager;
    const topics = req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((pr): ListOffsetsPartitionResponse => {
        try {
          const p = rm.leaderPartition(t.name, pr.partitionIndex);
          p.checkLeaderEpoch(pr.currentLeaderEpoch);
          const l = p.log;
          const upper = ctx.version >= 2 && req.isolationLevel === 1 ? p.lastStableOffset : p.highWatermark;
          const ts = pr.timestamp;
          if (ctx.version === 0) {
            if (pr.maxNumOffsets < 0) throw new KafkaError("INVALID_REQUEST", "maxNumOffsets must be >= 0");
            let offsets: bigint[];
            if (ts === -2n) offsets = [l.logStartOffset];
            else if (ts === -1n) offsets = upper === l.logStartOffset ? [upper] : [upper, l.logStartOffset];
            else {
              const bases = l.segmentInfos().filter((s) => BigInt(s.largestTimestamp) <= ts).map((s) => s.baseOffset).reverse();
              offsets = bases;
            }
            return { partitionIndex: pr.partitionIndex, errorCode: 0, oldStyleOffsets: offsets.slice(0, pr.maxNumOffsets), timestamp: -1n, offset: -1n, leaderEpoch: -1 };
          }
          if (ts === -1n) return { partitionIndex: pr.partitionIndex, errorCode: 0, oldStyleOffsets: [], timestamp: -1n, offset: upper, leaderEpoch: p.leaderEpoch };
          if (ts === -2n) {
            const f = l.offsetForTimestamp(-2n);
            return { partitionIndex: pr.partitionIndex, errorCode: 0, oldStyleOffsets: [], timestamp: -1n, offset: l.logStartOffset, leaderEpoch: f?.leaderEpoch ?? -1 };
          }
          const found = l.offsetForTimestamp(ts);
          if (!found || found.offset >= upper) return { partitionIndex: pr.partitionIndex, errorCode: 0, oldStyleOffsets: [], timestamp: -1n, offset: -1n, leaderEpoch: -1 };
          return { partitionIndex: pr.partitionIndex, errorCode: 0, oldStyleOffsets: [], timestamp: found.timestamp, offset: found.offset, leaderEpoch: found.leaderEpoch ?? -1 };
        } catch (e) {
          return failed(pr.partitionIndex, errorCodeOf(e));
        }
      }),
    }));
    return { throttleTimeMs: 0, topics };
  },
  errorResponse: (req, errorCode) => ({ throttleTimeMs: 0, topics: req.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => failed(p.partitionIndex, errorCode)) })) }),
});
