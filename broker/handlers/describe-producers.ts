/**
 * DescribeProducers (61): the idempotent/transactional producers a partition leader tracks
 * (producer id, epoch, last sequence, last timestamp), as `kafka-transactions.sh
 * describe-producers` shows them.
 */
import type { DescribeProducersRequest, DescribeProducersResponse } from "../protocol/schemas/describe-producers.js";
import { errorCodeOf } from "../replication/replica-manager.js";
import { defineHandler } from "./handler.js";

export const describeProducersHandler = defineHandler<DescribeProducersRequest, DescribeProducersResponse>({
  apiKey: 61,
  minVersion: 0,
  maxVersion: 0,
  handle(req, ctx) {
    const rm = ctx.broker.replicaManager;
    return {
      throttleTimeMs: 0,
      topics: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitionIndexes.map((partitionIndex) => {
          try {
            const p = rm.leaderPartition(t.name, partitionIndex);
            const activeProducers = [...p.log.producerStateManager.producers.values()].map((e) => ({
              producerId: e.producerId,
              producerEpoch: e.epoch,
              lastSequence: e.batches.length > 0 ? e.batches[e.batches.length - 1]!.lastSeq : -1,
              lastTimestamp: e.lastTimestamp,
              coordinatorEpoch: e.coordinatorEpoch,
              currentTxnStartOffset: e.currentTxnFirstOffset,
            }));
            return { partitionIndex, errorCode: 0, errorMessage: null, activeProducers };
          } catch (e) {
            return { partitionIndex, errorCode: errorCodeOf(e), errorMessage: e instanceof Error ? e.message : null, activeProducers: [] };
          }
        }),
      })),
    };
  },
  errorResponse: (req, errorCode, message) => ({
    throttleTimeMs: 0,
    topics: req.topics.map((t) => ({ name: t.name, partitions: t.partitionIndexes.map((partitionIndex) => ({ partitionIndex, errorCode, errorMessage: message, activeProducers: [] })) })),
  }),
});
