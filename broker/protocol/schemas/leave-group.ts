/**
 * LeaveGroup (API key 13), versions 0-5, flexible from v4.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (LeaveGroupRequest.json / LeaveGroupResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v5 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** List of leaving member identities. */
export interface MemberIdentity {
  /** The member ID to remove from the group. (v3+) */
  memberId: string;
  /** The group instance ID to remove from the group. (v3+) */
  groupInstanceId: string | null;
  /** The reason why the member left the group. (v5+) */
  reason: string | null;
}

export interface LeaveGroupRequest {
  /** The ID of the group to leave. (v0+) */
  groupId: string;
  /** The member ID to remove from the group. (v0-2) */
  memberId: string;
  /** List of leaving member identities. (v3+) */
  members: MemberIdentity[];
}

/** List of leaving member responses. */
export interface MemberResponse {
  /** The member ID to remove from the group. (v3+) */
  memberId: string;
  /** The group instance ID to remove from the group. (v3+) */
  groupInstanceId: string | null;
  /** The error code, or 0 if there was no error. (v3+) */
  errorCode: number;
}

export interface LeaveGroupResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v1+) */
  throttleTimeMs: number;
  /** The error code, or 0 if there was no error. (v0+) */
  errorCode: number;
  /** List of leaving member responses. (v3+) */
  members: MemberResponse[];
}

export const leaveGroup: ApiSchema = {
  apiKey: 13,
  name: "LeaveGroup",
  request: {
    name: "LeaveGroupRequest",
    versions: "0-5",
    flexible: "4+",
    fields: [
      { name: "groupId", type: "string", versions: "0+" },
      { name: "memberId", type: "string", versions: "0-2" },
      { name: "members", type: "[]struct", versions: "3+", fields: [
        { name: "memberId", type: "string", versions: "3+" },
        { name: "groupInstanceId", type: "string", versions: "3+", nullable: "3+", default: null },
        { name: "reason", type: "string", versions: "5+", nullable: "5+", default: null, ignorable: true },
      ] },
    ],
  },
  response: {
    name: "LeaveGroupResponse",
    versions: "0-5",
    flexible: "4+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "1+", ignorable: true },
      { name: "errorCode", type: "int16", versions: "0+" },
      { name: "members", type: "[]struct", versions: "3+", fields: [
        { name: "memberId", type: "string", versions: "3+" },
        { name: "groupInstanceId", type: "string", versions: "3+", nullable: "3+" },
        { name: "errorCode", type: "int16", versions: "3+" },
      ] },
    ],
  },
};
