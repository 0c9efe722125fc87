/**
 * DescribeConfigs (API key 32), versions 0-4, flexible from v4.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (DescribeConfigsRequest.json / DescribeConfigsResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v4 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** The resources whose configurations we want to describe. */
export interface DescribeConfigsResource {
  /** The resource type. (v0+) */
  resourceType: number;
  /** The resource name. (v0+) */
  resourceName: string;
  /** The configuration keys to list, or null to list all configuration keys. (v0+) */
  configurationKeys: string[] | null;
}

export interface DescribeConfigsRequest {
  /** The resources whose configurations we want to describe. (v0+) */
  resources: DescribeConfigsResource[];
  /** True if we should include all synonyms. (v1+) */
  includeSynonyms: boolean;
  /** True if we should include configuration documentation. (v3+) */
  includeDocumentation: boolean;
}

/** The synonyms for this configuration key. */
export interface DescribeConfigsSynonym {
  /** The synonym name. (v1+) */
  name: string;
  /** The synonym value. (v1+) */
  value: string | null;
  /** The synonym source. (v1+) */
  source: number;
}

/** Each listed configuration. */
export interface DescribeConfigsResourceResult {
  /** The configuration name. (v0+) */
  name: string;
  /** The configuration value. (v0+) */
  value: string | null;
  /** True if the configuration is read-only. (v0+) */
  readOnly: boolean;
  /** True if the configuration is not set. (v0) */
  isDefault: boolean;
  /** The configuration source. (v1+) */
  configSource: number;
  /** True if this configuration is sensitive. (v0+) */
  isSensitive: boolean;
  /** The synonyms for this configuration key. (v1+) */
  synonyms: DescribeConfigsSynonym[];
  /** The configuration data type. Type can be one of the following values - BOOLEAN, STRING, INT, SHORT, LONG, DOUBLE, LIST, CLASS, PASSWORD (v3+) */
  configType: number;
  /** The configuration documentation. (v3+) */
  documentation: string | null;
}

/** The results for each resource. */
export interface DescribeConfigsResult {
  /** The error code, or 0 if we were able to successfully describe the configurations. (v0+) */
  errorCode: number;
  /** The error message, or null if we were able to successfully describe the configurations. (v0+) */
  errorMessage: string | null;
  /** The resource type. (v0+) */
  resourceType: number;
  /** The resource name. (v0+) */
  resourceName: string;
  /** Each listed configuration. (v0+) */
  configs: DescribeConfigsResourceResult[];
}

export interface DescribeConfigsResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v0+) */
  throttleTimeMs: number;
  /** The results for each resource. (v0+) */
  results: DescribeConfigsResult[];
}

export const describeConfigs: ApiSchema = {
  apiKey: 32,
  name: "DescribeConfigs",
  request: {
    name: "DescribeConfigsRequest",
    versions: "0-4",
    flexible: "4+",
    fields: [
      { name: "resources", type: "[]struct", versions: "0+", fields: [
        { name: "resourceType", type: "int8", versions: "0+" },
        { name: "resourceName", type: "string", versions: "0+" },
        { name: "configurationKeys", type: "[]string", versions: "0+", nullable: "0+" },
      ] },
      { name: "includeSynonyms", type: "bool", versions: "1+" },
      { name: "includeDocumentation", type: "bool", versions: "3+" },
    ],
  },
  response: {
    name: "DescribeConfigsResponse",
    versions: "0-4",
    flexible: "4+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "0+" },
      { name: "results", type: "[]struct", versions: "0+", fields: [
        { name: "errorCode", type: "int16", versions: "0+" },
        { name: "errorMessage", type: "string", versions: "0+", nullable: "0+" },
        { name: "resourceType", type: "int8", versions: "0+" },
        { name: "resourceName", type: "string", versions: "0+" },
        { name: "configs", type: "[]struct", versions: "0+", fields: [
          { name: "name", type: "string", versions: "0+" },
          { name: "value", type: "string", versions: "0+", nullable: "0+" },
          { name: "readOnly", type: "bool", versions: "0+" },
          { name: "isDefault", type: "bool", versions: "0" },
          { name: "configSource", type: "int8", versions: "1+", default: -1, ignorable: true },
          { name: "isSensitive", type: "bool", versions: "0+" },
          { name: "synonyms", type: "[]struct", versions: "1+", ignorable: true, fields: [
            { name: "name", type: "string", versions: "1+" },
            { name: "value", type: "string", versions: "1+", nullable: "0+" },
            { name: "source", type: "int8", versions: "1+" },
          ] },
          { name: "configType", type: "int8", versions: "3+", ignorable: true },
          { name: "documentation", type: "string", versions: "3+", nullable: "0+", ignorable: true },
        ] },
      ] },
    ],
  },
};
