/**
 * AlterConfigs (API key 33), versions 0-2, flexible from v2.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (AlterConfigsRequest.json / AlterConfigsResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v2 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** The configurations. */
export interface AlterableConfig {
  /** The configuration key name. (v0+) */
  name: string;
  /** The value to set for the configuration key. (v0+) */
  value: string | null;
}

/** The updates for each resource. */
export interface AlterConfigsResource {
  /** The resource type. (v0+) */
  resourceType: number;
  /** The resource name. (v0+) */
  resourceName: string;
  /** The configurations. (v0+) */
  configs: AlterableConfig[];
}

export interface AlterConfigsRequest {
  /** The updates for each resource. (v0+) */
  resources: AlterConfigsResource[];
  /** True if we should validate the request, but not change the configurations. (v0+) */
  validateOnly: boolean;
}

/** The responses for each resource. */
export interface AlterConfigsResourceResponse {
  /** The resource error code. (v0+) */
  errorCode: number;
  /** The resource error message, or null if there was no error. (v0+) */
  errorMessage: string | null;
  /** The resource type. (v0+) */
  resourceType: number;
  /** The resource name. (v0+) */
  resourceName: string;
}

export interface AlterConfigsResponse {
  /** Duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v0+) */
  throttleTimeMs: number;
  /** The responses for each resource. (v0+) */
  responses: AlterConfigsResourceResponse[];
}

export const alterConfigs: ApiSchema = {
  apiKey: 33,
  name: "AlterConfigs",
  request: {
    name: "AlterConfigsRequest",
    versions: "0-2",
    flexible: "2+",
    fields: [
      { name: "resources", type: "[]struct", versions: "0+", fields: [
        { name: "resourceType", type: "int8", versions: "0+" },
        { name: "resourceName", type: "string", versions: "0+" },
        { name: "configs", type: "[]struct", versions: "0+", fields: [
          { name: "name", type: "string", versions: "0+" },
          { name: "value", type: "string", versions: "0+", nullable: "0+" },
        ] },
      ] },
      { name: "validateOnly", type: "bool", versions: "0+" },
    ],
  },
  response: {
    name: "AlterConfigsResponse",
    versions: "0-2",
    flexible: "2+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "0+" },
      { name: "responses", type: "[]struct", versions: "0+", fields: [
        { name: "errorCode", type: "int16", versions: "0+" },
        { name: "errorMessage", type: "string", versions: "0+", nullable: "0+" },
        { name: "resourceType", type: "int8", versions: "0+" },
        { name: "resourceName", type: "string", versions: "0+" },
      ] },
    ],
  },
};
