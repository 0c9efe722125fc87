/** CreatePartitions (37): only increases, with Kafka's messages; waits for the new partitions. */
import { Errors, KafkaError } from "../protocol/errors.js";
import type { CreatePartitionsRequest, CreatePartitionsResponse, CreatePartitionsTopicResult } from "../protocol/schemas/create-partitions.js";
import { defineHandler } from "./handler.js";

export const createPartitionsHandler = defineHandler<CreatePartitionsRequest, CreatePartitionsResponse>({
  apiKey: 37,
  minVersion: 0,
  maxVersion: 3,
  async handle(req, ctx) {
    const b = ctx.broker;
    const results: CreatePartitionsTopicResult[] = [];
    const done: Array<{ name: string; count: number }> = [];
    const seen = new Set<string>();
    for (const t of req.topics) {
      try {
        if (seen.has(t.name)) throw new KafkaError("INVALID_REQUEST", "Duplicate topic in request.");
        seen.add(t.name);
        if (!b.controller.isActive()) throw new KafkaError("NOT_CONTROLLER");
        await b.admin.createPartitions(t.name, t.count, t.assignments ? t.assignments.map((a) => a.brokerIds) : null, req.validateOnly);
        if (!req.validateOnly) done.push({ name: t.name, count: t.count });
        results.push({ name: t.name, errorCode: 0, errorMessage: null });
      } catch (e) {
        if (!(e instanceof KafkaError)) throw e;
        results.push({ name: t.name, errorCode: e.code, errorMessage: e.message });
      }
    }
    for (const d of done) {
      if (req.timeoutMs > 0 && !(await b.admin.awaitPartitions(d.name, d.count, req.timeoutMs))) {
        const r = results.find((x) => x.name === d.name)!;
        r.errorCode = Errors.REQUEST_TIMED_OUT.code;
        r.errorMessage = "Timed out waiting for the new partitions to come online.";
      }
    }
    return { throttleTimeMs: 0, results };
  },
  errorResponse: (req, errorCode, message) => ({ throttleTimeMs: 0, results: req.topics.map((t) => ({ name: t.name, errorCode, errorMessage: message })) }),
});
