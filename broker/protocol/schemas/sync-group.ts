/**
 * SyncGroup (API key 14), versions 0-5, flexible from v4.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (SyncGroupRequest.json / SyncGroupResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v5 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** Each assignment. */
export interface SyncGroupRequestAssignment {
  /** The ID of the member to assign. (v0+) */
  memberId: string;
  /** The member assignment. (v0+) */
  assignment: Buffer;
}

export interface SyncGroupRequest {
  /** The unique group identifier. (v0+) */
  groupId: string;
  /** The generation of the group. (v0+) */
  generationId: number;
  /** The member ID assigned by the group. (v0+) */
  memberId: string;
  /** The unique identifier of the consumer instance provided by end user. (v3+) */
  groupInstanceId: string | null;
  /** The group protocol type. (v5+) */
  protocolType: string | null;
  /** The group protocol name. (v5+) */
  protocolName: string | null;
  /** Each assignment. (v0+) */
  assignments: SyncGroupRequestAssignment[];
}

export interface SyncGroupResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v1+) */
  throttleTimeMs: number;
  /** The error code, or 0 if there was no error. (v0+) */
  errorCode: number;
  /** The group protocol type. (v5+) */
  protocolType: string | null;
  /** The group protocol name. (v5+) */
  protocolName: string | null;
  /** The member assignment. (v0+) */
  assignment: Buffer;
}

export const syncGroup: ApiSchema = {
  apiKey: 14,
  name: "SyncGroup",
  request: {
    name: "SyncGroupRequest",
    versions: "0-5",
    flexible: "4+",
    fields: [
      { name: "groupId", type: "string", versions: "0+" },
      { name: "generationId", type: "int32", versions: "0+" },
      { name: "memberId", type: "string", versions: "0+" },
      { name: "groupInstanceId", type: "string", versions: "3+", nullable: "3+", default: null },
      { name: "protocolType", type: "string", versions: "5+", nullable: "5+", default: null, ignorable: true },
      { name: "protocolName", type: "string", versions: "5+", nullable: "5+", default: null, ignorable: true },
      { name: "assignments", type: "[]struct", versions: "0+", fields: [
        { name: "memberId", type: "string", versions: "0+" },
        { name: "assignment", type: "bytes", versions: "0+" },
      ] },
    ],
  },
  response: {
    name: "SyncGroupResponse",
    versions: "0-5",
    flexible: "4+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "1+", ignorable: true },
      { name: "errorCode", type: "int16", versions: "0+" },
      { name: "protocolType", type: "string", versions: "5+", nullable: "5+", default: null, ignorable: true },
      { name: "protocolName", type: "string", versions: "5+", nullable: "5+", default: null, ignorable: true },
      { name: "assignment", type: "bytes", versions: "0+" },
    ],
  },
};
