/** ListPartitionReassignments (46): the reassignments the active controller is carrying out. */
import { Errors } from "../protocol/errors.js";
import type { ListPartitionReassignmentsRequest, ListPartitionReassignmentsResponse, OngoingTopicReassignment } from "../protocol/schemas/list-partition-reassignments.js";
import { defineHandler } from "./handler.js";

export const listPartitionReassignmentsHandler = defineHandler<ListPartitionReassignmentsRequest, ListPartitionReassignmentsResponse>({
  apiKey: 46,
  minVersion: 0,
  maxVersion: 0,
  handle(req, ctx) {
    const controller = ctx.broker.controller;
    if (!controller.isActive()) return { throttleTimeMs: 0, errorCode: Errors.NOT_CONTROLLER.code, errorMessage: null, topics: [] };
    const wanted = req.topics === null ? null : new Set(req.topics.flatMap((t) => t.partitionIndexes.map((p) => `${t.name}-${p}`)));
    const byTopic = new Map<string, OngoingTopicReassignment>();
    for (const r of controller.listReassignments()) {
      if (wanted && !wanted.has(`${r.topic}-${r.partition}`)) continue;
      let t = byTopic.get(r.topic);
      if (!t) { t = { name: r.topic, partitions: [] }; byTopic.set(r.topic, t); }
      t.partitions.push({ partitionIndex: r.partition, replicas: r.replicas, addingReplicas: r.adding, removingReplicas: r.removing });
    }
    return { throttleTimeMs: 0, errorCode: 0, errorMessage: null, topics: [...byTopic.values()] };
  },
  errorResponse: (_req, errorCode, message) => ({ throttleTimeMs: 0, errorCode, errorMessage: message ?? null, topics: [] }),
});
