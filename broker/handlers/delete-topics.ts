/**
 * DeleteTopics (20): marks each topic in /admin/delete_topics; the controller deletes the logs
 * and znodes. The answer waits (up to timeoutMs) for the deletion to complete.
 */
import { Errors, KafkaError } from "../protocol/errors.js";
import type { DeletableTopicResult, DeleteTopicsRequest, DeleteTopicsResponse } from "../protocol/schemas/delete-topics.js";
import { ZERO_UUID } from "../protocol/wire.js";
import { defineHandler } from "./handler.js";

export const deleteTopicsHandler = defineHandler<DeleteTopicsRequest, DeleteTopicsResponse>({
  apiKey: 20,
  minVersion: 0,
  maxVersion: 6,
  async handle(req, ctx) {
    const b = ctx.broker;
    const wanted = ctx.version >= 6 ? req.topics.map((t) => ({ name: t.name, topicId: t.topicId })) : req.topicNames.map((name) => ({ name, topicId: ZERO_UUID }));
    const results: DeletableTopicResult[] = [];
    const marked: string[] = [];
    for (const w of wanted) {
      let name = w.name;
      if (name === null || name === "") {
        const t = b.metadata.topicById(w.topicId);
        if (!t) { results.push({ name: null, topicId: w.topicId, errorCode: Errors.UNKNOWN_TOPIC_ID.code, errorMessage: "This server does not host this topic ID." }); continue; }
        name = t.name;
      }
      try {
        if (!b.controller.isActive()) throw new KafkaError("NOT_CONTROLLER");
        const id = b.metadata.topics.get(name)?.topicId ?? ZERO_UUID;
        await b.admin.deleteTopic(name);
        marked.push(name);
        results.push({ name, topicId: id, errorCode: 0, errorMessage: null });
      } catch (e) {
        if (!(e instanceof KafkaError)) throw e;
        results.push({ name, topicId: w.topicId, errorCode: e.code, errorMessage: e.message });
      }
    }
    if (marked.length > 0 && req.timeoutMs > 0 && !(await b.admin.awaitTopicsDeleted(marked, req.timeoutMs))) {
      for (const r of results) if (r.name !== null && marked.includes(r.name)) r.errorCode = Errors.REQUEST_TIMED_OUT.code;
    }
    return { throttleTimeMs: 0, responses: results };
  },
  errorResponse: (req, errorCode, message, ctx) => ({
    throttleTimeMs: 0,
    responses: (ctx.version >= 6 ? req.topics.map((t) => t.name) : req.topicNames).map((name) => ({ name, topicId: ZERO_UUID, errorCode, errorMessage: message })),
  }),
});
