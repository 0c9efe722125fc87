/** AlterPartitionReassignments (45): move partition replicas between brokers, done by the active controller. */
import { Errors, type ErrorName } from "../protocol/errors.js";
import type { AlterPartitionReassignmentsRequest, AlterPartitionReassignmentsResponse } from "../protocol/schemas/alter-partition-reassignments.js";
import { defineHandler } from "./handler.js";

export const alterPartitionReassignmentsHandler = defineHandler<AlterPartitionReassignmentsRequest, AlterPartitionReassignmentsResponse>({
  apiKey: 45,
  minVersion: 0,
  maxVersion: 0,
  async handle(req, ctx) {
    const controller = ctx.broker.controller;
    if (!controller.isActive()) return { throttleTimeMs: 0, errorCode: Errors.NOT_CONTROLLER.code, errorMessage: null, responses: [] };
    const results = await controller.alterReassignments(req.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex, replicas: p.replicas }))));
    return {
      throttleTimeMs: 0, errorCode: 0, errorMessage: null,
      responses: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => {
          const r = results.get(`${t.name}-${p.partitionIndex}`) ?? null;
          return { partitionIndex: p.partitionIndex, errorCode: r === null ? 0 : Errors[r[0] as ErrorName].code, errorMessage: r === null ? null : r[1] };
        }),
      })),
    };
  },
  errorResponse: (_req, errorCode, message) => ({ throttleTimeMs: 0, errorCode, errorMessage: message ?? null, responses: [] }),
});
