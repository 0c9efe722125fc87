/**
 * ListGroups (API key 16), versions 0-4, flexible from v3.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (ListGroupsRequest.json / ListGroupsResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v4 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

export interface ListGroupsRequest {
  /** The states of the groups we want to list. If empty, all groups are returned with their state. (v4+) */
  statesFilter: string[];
}

/** Each group in the response. */
export interface ListedGroup {
  /** The group ID. (v0+) */
  groupId: string;
  /** The group protocol type. (v0+) */
  protocolType: string;
  /** The group state name. (v4+) */
  groupState: string;
}

export interface ListGroupsResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v1+) */
  throttleTimeMs: number;
  /** The error code, or 0 if there was no error. (v0+) */
  errorCode: number;
  /** Each group in the response. (v0+) */
  groups: ListedGroup[];
}

export const listGroups: ApiSchema = {
  apiKey: 16,
  name: "ListGroups",
  request: {
    name: "ListGroupsRequest",
    versions: "0-4",
    flexible: "3+",
    fields: [
      { name: "statesFilter", type: "[]string", versions: "4+" },
    ],
  },
  response: {
    name: "ListGroupsResponse",
    versions: "0-4",
    flexible: "3+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "1+", ignorable: true },
      { name: "errorCode", type: "int16", versions: "0+" },
      { name: "groups", type: "[]struct", versions: "0+", fields: [
        { name: "groupId", type: "string", versions: "0+" },
        { name: "protocolType", type: "string", versions: "0+" },
        { name: "groupState", type: "string", versions: "4+", ignorable: true },
      ] },
    ],
  },
};
