/** OffsetForLeaderEpoch (23): the end offset of a leader epoch, from the log's epoch cache. */
import type { OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse } from "../protocol/schemas/offset-for-leader-epoch.js";
import { errorCodeOf } from "../replication/replica-manager.js";
import { defineHandler } from "./handler.js";

export const offsetForLeaderEpochHandler = defineHandler<OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse>({
  apiKey: 23,
  minVersion: 0,
  maxVersion: 4,
  handle(req, ctx) {
    const rm = ctx.broker.replicaManager;
    return {
      throttleTimeMs: 0,
      topics: req.topics.map((t) => ({
        topic: t.topic,
        partitions: t.partitions.map((pr) => {
          try {
            const p = rm.leaderPartition(t.topic, pr.partition);
            p.checkLeaderEpoch(pr.currentLeaderEpoch);
            const r = p.log.endOffsetForEpoch(pr.leaderEpoch);
            return { errorCode: 0, partition: pr.partition, leaderEpoch: r.leaderEpoch, endOffset: r.endOffset };
          } catch (e) {
            return { errorCode: errorCodeOf(e), partition: pr.partition, leaderEpoch: -1, endOffset: -1n };
          }
        }),
      })),
    };
  },
  errorResponse: (req, errorCode) => ({ throttleTimeMs: 0, topics: req.topics.map((t) => ({ topic: t.topic, partitions: t.partitions.map((p) => ({ errorCode, partition: p.partition, leaderEpoch: -1, endOffset: -1n })) })) }),
});
