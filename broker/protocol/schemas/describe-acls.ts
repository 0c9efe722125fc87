/**
 * DescribeAcls (API key 29), versions 0-3, flexible from v2.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (DescribeAclsRequest.json / DescribeAclsResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v3 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

export interface DescribeAclsRequest {
  /** The resource type. (v0+) */
  resourceTypeFilter: number;
  /** The resource name, or null to match any resource name. (v0+) */
  resourceNameFilter: string | null;
  /** The resource pattern to match. (v1+) */
  patternTypeFilter: number;
  /** The principal to match, or null to match any principal. (v0+) */
  principalFilter: string | null;
  /** The host to match, or null to match any host. (v0+) */
  hostFilter: string | null;
  /** The operation to match. (v0+) */
  operation: number;
  /** The permission type to match. (v0+) */
  permissionType: number;
}

/** The ACLs. */
export interface AclDescription {
  /** The ACL principal. (v0+) */
  principal: string;
  /** The ACL host. (v0+) */
  host: string;
  /** The ACL operation. (v0+) */
  operation: number;
  /** The ACL permission type. (v0+) */
  permissionType: number;
}

/** Each Resource that is referenced in an ACL. */
export interface DescribeAclsResource {
  /** The resource type. (v0+) */
  resourceType: number;
  /** The resource name. (v0+) */
  resourceName: string;
  /** The resource pattern type. (v1+) */
  patternType: number;
  /** The ACLs. (v0+) */
  acls: AclDescription[];
}

export interface DescribeAclsResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v0+) */
  throttleTimeMs: number;
  /** The error code, or 0 if there was no error. (v0+) */
  errorCode: number;
  /** The error message, or null if there was no error. (v0+) */
  errorMessage: string | null;
  /** Each Resource that is referenced in an ACL. (v0+) */
  resources: DescribeAclsResource[];
}

export const describeAcls: ApiSchema = {
  apiKey: 29,
  name: "DescribeAcls",
  request: {
    name: "DescribeAclsRequest",
    versions: "0-3",
    flexible: "2+",
    fields: [
      { name: "resourceTypeFilter", type: "int8", versions: "0+" },
      { name: "resourceNameFilter", type: "string", versions: "0+", nullable: "0+" },
      { name: "patternTypeFilter", type: "int8", versions: "1+", default: 3 },
      { name: "principalFilter", type: "string", versions: "0+", nullable: "0+" },
      { name: "hostFilter", type: "string", versions: "0+", nullable: "0+" },
      { name: "operation", type: "int8", versions: "0+" },
      { name: "permissionType", type: "int8", versions: "0+" },
    ],
  },
  response: {
    name: "DescribeAclsResponse",
    versions: "0-3",
    flexible: "2+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "0+" },
      { name: "errorCode", type: "int16", versions: "0+" },
      { name: "errorMessage", type: "string", versions: "0+", nullable: "0+" },
      { name: "resources", type: "[]struct", versions: "0+", fields: [
        { name: "resourceType", type: "int8", versions: "0+" },
        { name: "resourceName", type: "string", versions: "0+" },
        { name: "patternType", type: "int8", versions: "1+", default: 3 },
        { name: "acls", type: "[]struct", versions: "0+", fields: [
          { name: "principal", type: "string", versions: "0+" },
          { name: "host", type: "string", versions: "0+" },
          { name: "operation", type: "int8", versions: "0+" },
          { name: "permissionType", type: "int8", versions: "0+" },
        ] },
      ] },
    ],
  },
};
