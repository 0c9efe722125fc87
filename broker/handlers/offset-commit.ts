/**
 * OffsetCommit (8), v0-8: per-partition errors. v1 may carry a commit timestamp per partition,
 * v2-4 a retention time (→ an explicit expire timestamp, written as OffsetCommitValue v1),
 * v6+ the leader epoch, v7+ group.instance.id. Commits for partitions the cluster does not have
 * are answered UNKNOWN_TOPIC_OR_PARTITION.
 */
import type { OffsetCommitRequest, OffsetCommitResponse } from "../protocol/schemas/offset-commit.js";
import { coordinator } from "../group/broker-access.js";
import { defineHandler } from "./handler.js";

export const offsetCommitHandler = defineHandler<OffsetCommitRequest, OffsetCommitResponse>({
  apiKey: 8,
  minVersion: 0,
  maxVersion: 8,
  handle(req, ctx) {
    const now = BigInt(Date.now());
    const v = ctx.version;
    const entries = req.topics.flatMap((t) => t.partitions.map((p) => ({
      topic: t.name,
      partition: p.partitionIndex,
      offset: p.committedOffset,
      leaderEpoch: v >= 6 ? p.committedLeaderEpoch : -1,
      metadata: p.committedMetadata,
      commitTimestamp: v === 1 && p.commitTimestamp >= 0n ? p.commitTimestamp : now,
    })));
    const expire = v >= 2 && v <= 4 && req.retentionTimeMs >= 0n ? now + req.retentionTimeMs : -1n;
    const topics = ctx.broker.metadata.topics;
    const errors = coordinator(ctx.broker).commitOffsets(
      req.groupId,
      v >= 1 ? req.memberId : "",
      v >= 7 ? req.groupInstanceId : null,
      v >= 1 ? req.generationIdOrMemberEpoch : -1,
      entries,
      expire,
      (t, p) => topics.get(t)?.partitions.has(p) === true,
    );
    let i = 0;
    return {
      throttleTimeMs: 0,
      topics: req.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: errors[i++]! })) })),
    };
  },
  errorResponse: (req, errorCode) => ({
    throttleTimeMs: 0,
    topics: req.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode })) })),
  }),
});
