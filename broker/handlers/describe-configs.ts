/**
 * DescribeConfigs (32): topic (resource type 2) and broker (4) resources, with sources, read-only
 * flags, synonyms when asked (v1+), types and docs (v3+).
 */
import { Errors, KafkaError } from "../protocol/errors.js";
import type { DescribeConfigsRequest, DescribeConfigsResponse, DescribeConfigsResult } from "../protocol/schemas/describe-configs.js";
import { ConfigSourceId, ConfigTypeId, type ConfigRow } from "../config-manager.js";
import { defineHandler } from "./handler.js";

export const RESOURCE_TOPIC = 2;
export const RESOURCE_BROKER = 4;

export const describeConfigsHandler = defineHandler<DescribeConfigsRequest, DescribeConfigsResponse>({
  apiKey: 32,
  minVersion: 0,
  maxVersion: 4,
  handle(req, ctx) {
    const b = ctx.broker;
    const results: DescribeConfigsResult[] = req.resources.map((r) => {
      try {
        let rows: ConfigRow[];
        if (r.resourceType === RESOURCE_TOPIC) {
          const t = b.metadata.topics.get(r.resourceName);
          if (!t) throw new KafkaError("UNKNOWN_TOPIC_OR_PARTITION", `Topic ${r.resourceName} does not exist.`);
          rows = b.configs.describeTopic(r.resourceName);
        } else if (r.resourceType === RESOURCE_BROKER) {
          b.configs.checkBrokerResource(r.resourceName);
          rows = b.configs.describeBroker();
        } else {
          throw new KafkaError("INVALID_REQUEST", `Unsupported resource type: ${r.resourceType}`);
        }
        if (r.configurationKeys !== null) rows = rows.filter((row) => r.configurationKeys!.includes(row.name));
        return {
          errorCode: 0, errorMessage: null, resourceType: r.resourceType, resourceName: r.resourceName,
          configs: rows.map((row) => ({
            name: row.name, value: row.value, readOnly: row.readOnly, isDefault: row.source === "DEFAULT_CONFIG",
            configSource: ConfigSourceId[row.source], isSensitive: row.isSensitive,
            synonyms: ctx.version >= 1 && req.includeSynonyms ? row.synonyms.map((s) => ({ name: s.name, value: s.value, source: ConfigSourceId[s.source] })) : [],
            configType: ConfigTypeId[row.type] ?? 0,
            documentation: ctx.version >= 3 && req.includeDocumentation ? row.doc : null,
          })),
        };
      } catch (e) {
        const code = e instanceof KafkaError ? e.code : Errors.UNKNOWN_SERVER_ERROR.code;
        return { errorCode: code, errorMessage: e instanceof Error ? e.message : null, resourceType: r.resourceType, resourceName: r.resourceName, configs: [] };
      }
    });
    return { throttleTimeMs: 0, results };
  },
  errorResponse: (req, errorCode, message) => ({
    throttleTimeMs: 0,
    results: req.resources.map((r) => ({ errorCode, errorMessage: message, resourceType: r.resourceType, resourceName: r.resourceName, configs: [] })),
  }),
});
