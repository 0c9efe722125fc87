/** DeleteRecords (21): moves the log start offset forward (offset -1 = the high watermark). */
import { KafkaError } from "../protocol/errors.js";
import type { DeleteRecordsRequest, DeleteRecordsResponse } from "../protocol/schemas/delete-records.js";
import { errorCodeOf } from "../replication/replica-manager.js";
import { defineHandler } from "./handler.js";

export const deleteRecordsHandler = defineHandler<DeleteRecordsRequest, DeleteRecordsResponse>({
  apiKey: 21,
  minVersion: 0,
  maxVersion: 2,
  handle(req, ctx) {
    const rm = ctx.broker.replicaManager;
    return {
      throttleTimeMs: 0,
      topics: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((pr) => {
          try {
            const p = rm.leaderPartition(t.name, pr.partitionIndex);
            const hw = p.highWatermark;
            const target = pr.offset === -1n ? hw : pr.offset;
            if (target < 0n || target > hw) throw new KafkaError("OFFSET_OUT_OF_RANGE", `Cannot increment the log start offset to ${target} of partition ${p.key} since it is larger than the high watermark ${hw}`);
            const low = p.log.deleteRecordsBefore(target);
            return { partitionIndex: pr.partitionIndex, lowWatermark: low, errorCode: 0 };
          } catch (e) {
            return { partitionIndex: pr.partitionIndex, lowWatermark: -1n, errorCode: errorCodeOf(e) };
          }
        }),
      })),
    };
  },
  errorResponse: (req, errorCode) => ({ throttleTimeMs: 0, topics: req.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, lowWatermark: -1n, errorCode })) })) }),
});
