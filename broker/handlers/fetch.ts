/**
 * Fetch (1), versions 0-12 (13+ switches to topic ids and is not advertised). Long poll through
 * the ReplicaManager; records go out as the log's bytes (one chunk each, not copied again).
 * Fetch sessions (KIP-227) are not cached: every answer carries sessionId 0, which tells the
 * client to keep sending full fetches, exactly as a Kafka broker whose session cache is full.
 */
import { Errors } from "../protocol/errors.js";
import type { FetchRequest, FetchResponse, FetchableTopicResponse, PartitionData } from "../protocol/schemas/fetch.js";
import { brokerMetrics } from "../metrics/broker-metrics.js";
import { defineHandler } from "./handler.js";

function partitionData(partitionIndex: number, errorCode: number, hw: bigint, lso: bigint, lsoStart: bigint, records: Buffer | null, readCommitted: boolean): PartitionData {
  return {
    partitionIndex, errorCode, highWatermark: hw, lastStableOffset: lso, logStartOffset: lsoStart,
    divergingEpoch: { epoch: -1, endOffset: -1n }, currentLeader: { leaderId: -1, leaderEpoch: -1 }, snapshotId: { endOffset: -1n, epoch: -1 },
    abortedTransactions: readCommitted ? [] : null, preferredReadReplica: -1, records,
  };
}

export const fetchHandler = defineHandler<FetchRequest, FetchResponse>({
  apiKey: 1,
  minVersion: 0,
  maxVersion: 12,
  async handle(req, ctx) {
    if (req.sessionEpoch > 0 || (req.sessionId !== 0 && req.sessionEpoch !== -1)) {
      return { throttleTimeMs: 0, errorCode: Errors.FETCH_SESSION_ID_NOT_FOUND.code, sessionId: 0, responses: [] };
    }
    const partitions = [];
    for (const t of req.topics) for (const p of t.partitions) {
      partitions.push({ topic: t.topic, partition: p.partition, fetchOffset: p.fetchOffset, partitionMaxBytes: p.partitionMaxBytes, currentLeaderEpoch: p.currentLeaderEpoch });
    }
    const readCommitted = req.isolationLevel === 1;
    const results = await ctx.broker.replicaManager.fetchMessages({
      replicaId: req.replicaId,
      maxWaitMs: req.maxWaitMs, minBytes: req.minBytes, maxBytes: ctx.version >= 3 ? req.maxBytes : 2147483647, isolationLevel: req.isolationLevel,
      hardMaxBytesLimit: ctx.version <= 2, partitions, isClosed: () => ctx.conn.closed,
    });
    const responses: FetchableTopicResponse[] = [];
    let i = 0;
    for (const t of req.topics) {
      const ps: PartitionData[] = [];
      for (const p of t.partitions) {
        const r = results[i++]!;
        if (r.records && r.records.length > 0) brokerMetrics.fetched(t.topic, r.records.length, req.replicaId >= 0);
        ps.push(partitionData(p.partition, r.errorCode, r.highWatermark, r.lastStableOffset, r.logStartOffset, r.records ?? Buffer.alloc(0), readCommitted));
      }
      responses.push({ topic: t.topic, partitions: ps });
    }
    return { throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses };
  },
  errorResponse: (req, errorCode) => ({
    throttleTimeMs: 0, errorCode, sessionId: 0,
    responses: req.topics.map((t): FetchableTopicResponse => ({ topic: t.topic, partitions: t.partitions.map((p) => partitionData(p.partition, errorCode, -1n, -1n, -1n, Buffer.alloc(0), false)) })),
  }),
});
