/**
 * CreateAcls (API key 30), versions 0-3, flexible from v2.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (CreateAclsRequest.json / CreateAclsResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v3 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** The ACLs that we want to create. */
export interface AclCreation {
  /** The type of the resource. (v0+) */
  resourceType: number;
  /** The resource name for the ACL. (v0+) */
  resourceName: string;
  /** The pattern type for the ACL. (v1+) */
  resourcePatternType: number;
  /** The principal for the ACL. (v0+) */
  principal: string;
  /** The host for the ACL. (v0+) */
  host: string;
  /** The operation type for the ACL (read, write, etc.). (v0+) */
  operation: number;
  /** The permission type for the ACL (allow, deny, etc.). (v0+) */
  permissionType: number;
}

export interface CreateAclsRequest {
  /** The ACLs that we want to create. (v0+) */
  creations: AclCreation[];
}

/** The results for each ACL creation. */
export interface AclCreationResult {
  /** The result error, or zero if there was no error. (v0+) */
  errorCode: number;
  /** The result message, or null if there was no error. (v0+) */
  errorMessage: string | null;
}

export interface CreateAclsResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v0+) */
  throttleTimeMs: number;
  /** The results for each ACL creation. (v0+) */
  results: AclCreationResult[];
}

export const createAcls: ApiSchema = {
  apiKey: 30,
  name: "CreateAcls",
  request: {
    name: "CreateAclsRequest",
    versions: "0-3",
    flexible: "2+",
    fields: [
      { name: "creations", type: "[]struct", versions: "0+", fields: [
        { name: "resourceType", type: "int8", versions: "0+" },
        { name: "resourceName", type: "string", versions: "0+" },
        { name: "resourcePatternType", type: "int8", versions: "1+", default: 3 },
        { name: "principal", type: "string", versions: "0+" },
        { name: "host", type: "string", versions: "0+" },
        { name: "operation", type: "int8", versions: "0+" },
        { name: "permissionType", type: "int8", versions: "0+" },
      ] },
    ],
  },
  response: {
    name: "CreateAclsResponse",
    versions: "0-3",
    flexible: "2+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "0+" },
      { name: "results", type: "[]struct", versions: "0+", fields: [
        { name: "errorCode", type: "int16", versions: "0+" },
        { name: "errorMessage", type: "string", versions: "0+", nullable: "0+" },
      ] },
    ],
  },
};
