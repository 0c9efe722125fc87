/** AlterConfigs (33): replaces a topic's overrides (/config/topics + /config/changes). Broker resources are read-only here. */
import { KafkaError } from "../protocol/errors.js";
import type { AlterConfigsRequest, AlterConfigsResponse } from "../protocol/schemas/alter-configs.js";
import { RESOURCE_BROKER, RESOURCE_TOPIC } from "./describe-configs.js";
import { defineHandler } from "./handler.js";

export const alterConfigsHandler = defineHandler<AlterConfigsRequest, AlterConfigsResponse>({
  apiKey: 33,
  minVersion: 0,
  maxVersion: 2,
  async handle(req, ctx) {
    const responses: AlterConfigsResponse["responses"] = [];
    for (const r of req.resources) {
      try {
        if (r.resourceType === RESOURCE_TOPIC) {
          const cfg: Record<string, string> = {};
          for (const c of r.configs) if (c.value !== null) cfg[c.name] = c.value;
          await ctx.broker.configs.alterTopic(r.resourceName, cfg, req.validateOnly);
        } else if (r.resourceType === RESOURCE_BROKER) {
          await ctx.broker.configs.alterBroker(r.resourceName, r.configs.map((c) => ({ name: c.name, op: c.value === null ? 1 : 0, value: c.value })), true, req.validateOnly);
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
