/**
 * OffsetDelete (47), v0: delete committed offsets of a group. An Empty group may delete any;
 * a consumer group may not delete offsets of topics it subscribes to (GROUP_SUBSCRIBED_TO_TOPIC);
 * any other non-empty group → NON_EMPTY_GROUP.
 */
import type { OffsetDeleteRequest, OffsetDeleteResponse } from "../protocol/schemas/offset-delete.js";
import { coordinator } from "../group/broker-access.js";
import { defineHandler } from "./handler.js";

export const offsetDeleteHandler = defineHandler<OffsetDeleteRequest, OffsetDeleteResponse>({
  apiKey: 47,
  minVersion: 0,
  maxVersion: 0,
  handle(req, ctx) {
    const parts = req.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex })));
    const r = coordinator(ctx.broker).deleteOffsets(req.groupId, parts);
    if (r.error !== 0) return { errorCode: r.error, throttleTimeMs: 0, topics: [] };
    let i = 0;
    return {
      errorCode: 0,
      throttleTimeMs: 0,
      topics: req.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: r.errors[i++]! })) })),
    };
  },
  errorResponse: (_req, errorCode) => ({ errorCode, throttleTimeMs: 0, topics: [] }),
});
