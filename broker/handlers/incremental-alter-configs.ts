/** IncrementalAlterConfigs (44): SET/DELETE/APPEND/SUBTRACT on a topic's overrides. */
import { KafkaError } from "../protocol/errors.js";
import type { IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse } from "../protocol/schemas/incremental-alter-configs.js";
import { RESOURCE_BROKER, RESOURCE_TOPIC } from "./describe-configs.js";
import { defineHandler } from "./handler.js";

export const incrementalAlterConfigsHandler = defineHandler<IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse>({
  apiKey: 44,
  minVersion: 0,
  maxVersion: 1,
  async handle(req, ctx) {
    const responses: IncrementalAlterConfigsResponse["responses"] = [];
    for (const r of req.resources) {
      try {
        if (r.resourceType === RESOURCE_TOPIC) {
          await ctx.broker.configs.incrementalAlterTopic(r.resourceName, r.configs.map((c) => ({ name: c.name, op: c.configOperation, value: c.value })), req.validateOnly);
        } else if (r.resourceType === RESOURCE_BROKER) {
          await ctx.broker.configs.alterBroker(r.resourceName, r.configs.map((c) => ({ name: c.name, op: c.configOperation, value: c.value })), false, req.validateOnly);
        } else {
          throw new KafkaError("INVALID_REQUEST", `Unsupported resource type: ${r.resourceType}`);
        }
        responses.push({ errorCode: 0, errorMessage: null, resourceType: r.resourceType, resourceName: r.resourceName });
      } catch (e) {
        if (!(e instanceof KafkaError)) throw e;
        responses.push({ errorCode: e.code, errorMessage: e.message, resourceType: r.resourceType, resourceName: r.resourceName });
      }
    }
    return { throttleTimeMs: 0, responses };
  },
  errorResponse: (req, errorCode, message) => ({ throttleTimeMs: 0, responses: req.resources.map((r) => ({ errorCode, errorMessage: message, resourceType: r.resourceType, resourceName: r.resourceName })) }),
});
