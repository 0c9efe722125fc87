/**
 * DeleteGroups (API key 42), versions 0-2, flexible from v2.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (DeleteGroupsRequest.json / DeleteGroupsResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v2 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

export interface DeleteGroupsRequest {
  /** The group names to delete. (v0+) */
  groupsNames: string[];
}

/** The deletion results */
export interface DeletableGroupResult {
  /** The group id (v0+) */
  groupId: string;
  /** The deletion error, or 0 if the deletion succeeded. (v0+) */
  errorCode: number;
}

export interface DeleteGroupsResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v0+) */
  throttleTimeMs: number;
  /** The deletion results (v0+) */
  results: DeletableGroupResult[];
}

export const deleteGroups: ApiSchema = {
  apiKey: 42,
  name: "DeleteGroups",
  request: {
    name: "DeleteGroupsRequest",
    versions: "0-2",
    flexible: "2+",
    fields: [
      { name: "groupsNames", type: "[]string", versions: "0+" },
    ],
  },
  response: {
    name: "DeleteGroupsResponse",
    versions: "0-2",
    flexible: "2+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "0+" },
      { name: "results", type: "[]struct", versions: "0+", fields: [
        { name: "groupId", type: "string", versions: "0+" },
        { name: "errorCode", type: "int16", versions: "0+" },
      ] },
    ],
  },
};
