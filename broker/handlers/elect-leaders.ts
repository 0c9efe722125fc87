/** ElectLeaders (43): preferred or unclean leader election, done by the active controller. */
import { Errors, type ErrorName } from "../protocol/errors.js";
import type { ElectLeadersRequest, ElectLeadersResponse } from "../protocol/schemas/elect-leaders.js";
import { defineHandler } from "./handler.js";

export const electLeadersHandler = defineHandler<ElectLeadersRequest, ElectLeadersResponse>({
  apiKey: 43,
  minVersion: 0,
  maxVersion: 2,
  async handle(req, ctx) {
    const controller = ctx.broker.controller;
    if (!controller.isActive()) {
      return { throttleTimeMs: 0, errorCode: Errors.NOT_CONTROLLER.code, replicaElectionResults: [] };
    }
    const wanted = req.topicPartitions === null ? null : req.topicPartitions.flatMap((t) => t.partitions.map((partition) => ({ topic: t.topic, partition })));
    const results = await controller.electLeaders(ctx.version >= 1 ? req.electionType : 0, wanted);
    const byTopic = new Map<string, ElectLeadersResponse["replicaElectionResults"][number]["partitionResult"]>();
    for (const [key, r] of results) {
      const i = key.lastIndexOf("-");
      const topic = key.slice(0, i);
      let list = byTopic.get(topic);
      if (!list) { list = []; byTopic.set(topic, list); }
      list.push({ partitionId: Number(key.slice(i + 1)), errorCode: r === null ? 0 : Errors[r[0] as ErrorName].code, errorMessage: r === null ? null : r[1] });
    }
    return { throttleTimeMs: 0, errorCode: 0, replicaElectionResults: [...byTopic].map(([topic, partitionResult]) => ({ topic, partitionResult })) };
  },
  errorResponse: (_req, errorCode) => ({ throttleTimeMs: 0, errorCode, replicaElectionResults: [] }),
});
