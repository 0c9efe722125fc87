/**
 * CreateTopics (19): validated and written to ZooKeeper by the AdminManager; the answer waits
 * (up to timeoutMs) for the controller to bring every partition online, as Kafka's
 * DelayedCreatePartitions does. Only the active controller accepts it (NOT_CONTROLLER otherwise).
 */
import { Errors, KafkaError } from "../protocol/errors.js";
import type { CreatableTopicResult, CreateTopicsRequest, CreateTopicsResponse } from "../protocol/schemas/create-topics.js";
import { ZERO_UUID } from "../protocol/wire.js";
import { ConfigSourceId } from "../config-manager.js";
import { defineHandler } from "./handler.js";

const failed = (name: string, errorCode: number, errorMessage: string | null): CreatableTopicResult => ({
  name, topicId: ZERO_UUID, errorCode, errorMessage, topicConfigErrorCode: 0, numPartitions: -1, replicationFactor: -1, configs: [],
});

export const createTopicsHandler = defineHandler<CreateTopicsRequest, CreateTopicsResponse>({
  apiKey: 19,
  minVersion: 0,
  maxVersion: 7,
  async handle(req, ctx) {
    const b = ctx.broker;
    const counts = new Map<string, number>();
    for (const t of req.topics) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
    const dup = [...counts].filter(([, n]) => n > 1).map(([t]) => t);
    const results: CreatableTopicResult[] = [];
    const created: string[] = [];
    for (const t of req.topics) {
      if (dup.includes(t.name)) {
        results.push(failed(t.name, Errors.INVALID_REQUEST.code, `Create topics request from client \`${ctx.conn.clientId}\` contains multiple entries for the following topics: ${dup.join(",")}`));
        continue;
      }
      if (!b.controller.isActive()) { results.push(failed(t.name, Errors.NOT_CONTROLLER.code, "This is not the correct controller for this cluster.")); continue; }
      try {
        const configs: Record<string, string> = {};
        for (const c of t.configs) if (c.value !== null) configs[c.name] = c.value;
        const r = await b.admin.createTopic({ name: t.name, numPartitions: t.numPartitions, replicationFactor: t.replicationFactor, assignments: t.assignments, configs }, ctx.version >= 1 && req.validateOnly);
        if (!req.validateOnly) created.push(t.name);
        const rows = ctx.version >= 5 ? b.configs.describeTopicFromOverrides(configs) : [];
        results.push({
          name: t.name, topicId: r.topicId, errorCode: 0, errorMessage: null, topicConfigErrorCode: 0,
          numPartitions: r.numPartitions, replicationFactor: r.replicationFactor,
          configs: rows.map((row) => ({ name: row.name, value: row.value, readOnly: row.readOnly, configSource: ConfigSourceId[row.source], isSensitive: row.isSensitive })),
        });
      } catch (e) {
        if (!(e instanceof KafkaError)) throw e;
        results.push(failed(t.name, e.code, e.message));
      }
    }
    if (created.length > 0 && req.timeoutMs > 0) {
      const ready = await b.admin.awaitTopicsReady(created, req.timeoutMs);
      if (!ready) {
        for (const r of results) {
          if (created.includes(r.name) && !b.metadata.isTopicReady(r.name)) {
            r.errorCode = Errors.REQUEST_TIMED_OUT.code;
            r.errorMessage = "Timed out waiting for the topic's partitions to come online.";
          }
        }
      }
    }
    return { throttleTimeMs: 0, topics: results };
  },
  errorResponse: (req, errorCode, message) => ({ throttleTimeMs: 0, topics: req.topics.map((t) => failed(t.name, errorCode, message)) }),
});
