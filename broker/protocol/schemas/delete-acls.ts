/**
 * DeleteAcls (API key 31), versions 0-3, flexible from v2.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (DeleteAclsRequest.json / DeleteAclsResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v3 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** The filters to use when deleting ACLs. */
export interface DeleteAclsFilter {
  /** The resource type. (v0+) */
  resourceTypeFilter: number;
  /** The resource name. (v0+) */
  resourceNameFilter: string | null;
  /** The pattern type. (v1+) */
  patternTypeFilter: number;
  /** The principal filter, or null to accept all principals. (v0+) */
  principalFilter: string | null;
  /** The host filter, or null to accept all hosts. (v0+) */
  hostFilter: string | null;
  /** The ACL operation. (v0+) */
  operation: number;
  /** The permission type. (v0+) */
  permissionType: number;
}

export interface DeleteAclsRequest {
  /** The filters to use when deleting ACLs. (v0+) */
  filters: DeleteAclsFilter[];
}

/** The ACLs which matched this filter. */
export interface DeleteAclsMatchingAcl {
  /** The deletion error code, or 0 if the deletion succeeded. (v0+) */
  errorCode: number;
  /** The deletion error message, or null if the deletion succeeded. (v0+) */
  errorMessage: string | null;
  /** The ACL resource type. (v0+) */
  resourceType: number;
  /** The ACL resource name. (v0+) */
  resourceName: string;
  /** The ACL resource pattern type. (v1+) */
  patternType: number;
  /** The ACL principal. (v0+) */
  principal: string;
  /** The ACL host. (v0+) */
  host: string;
  /** The ACL operation. (v0+) */
  operation: number;
  /** The ACL permission type. (v0+) */
  permissionType: number;
}

/** The results for each filter. */
export interface DeleteAclsFilterResult {
  /** The error code, or 0 if the filter succeeded. (v0+) */
  errorCode: number;
  /** The error message, or null if the filter succeeded. (v0+) */
  errorMessage: string | null;
  /** The ACLs which matched this filter. (v0+) */
  matchingAcls: DeleteAclsMatchingAcl[];
}

export interface DeleteAclsResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v0+) */
  throttleTimeMs: number;
  /** The results for each filter. (v0+) */
  filterResults: DeleteAclsFilterResult[];
}

export const deleteAcls: ApiSchema = {
  apiKey: 31,
  name: "DeleteAcls",
  request: {
    name: "DeleteAclsRequest",
    versions: "0-3",
    flexible: "2+",
    fields: [
      { name: "filters", type: "[]struct", versions: "0+", fields: [
        { name: "resourceTypeFilter", type: "int8", versions: "0+" },
        { name: "resourceNameFilter", type: "string", versions: "0+", nullable: "0+" },
        { name: "patternTypeFilter", type: "int8", versions: "1+", default: 3 },
        { name: "principalFilter", type: "string", versions: "0+", nullable: "0+" },
        { name: "hostFilter", type: "string", versions: "0+", nullable: "0+" },
        { name: "operation", type: "int8", versions: "0+" },
        { name: "permissionType", type: "int8", versions: "0+" },
      ] },
    ],
  },
  response: {
    name: "DeleteAclsResponse",
    versions: "0-3",
    flexible: "2+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "0+" },
      { name: "filterResults", type: "[]struct", versions: "0+", fields: [
        { name: "errorCode", type: "int16", versions: "0+" },
        { name: "errorMessage", type: "string", versions: "0+", nullable: "0+" },
        { name: "matchingAcls", type: "[]struct", versions: "0+", fields: [
          { name: "errorCode", type: "int16", versions: "0+" },
          { name: "errorMessage", type: "string", versions: "0+", nullable: "0+" },
          { name: "resourceType", type: "int8", versions: "0+" },
          { name: "resourceName", type: "string", versions: "0+" },
          { name: "patternType", type: "int8", versions: "1+", default: 3 },
          { name: "principal", type: "string", versions: "0+" },
          { name: "host", type: "string", versions: "0+" },
          { name: "operation", type: "int8", versions: "0+" },
          { name: "permissionType", type: "int8", versions: "0+" },
        ] },
      ] },
    ],
  },
};
