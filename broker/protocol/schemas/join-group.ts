/**
 * JoinGroup (API key 11), versions 0-9, flexible from v6.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (JoinGroupRequest.json / JoinGroupResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v9 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** The list of protocols that the member supports. */
export interface JoinGroupRequestProtocol {
  /** The protocol name. (v0+) */
  name: string;
  /** The protocol metadata. (v0+) */
  metadata: Buffer;
}

export interface JoinGroupRequest {
  /** The group identifier. (v0+) */
  groupId: string;
  /** The coordinator considers the consumer dead if it receives no heartbeat after this timeout in milliseconds. (v0+) */
  sessionTimeoutMs: number;
  /** The maximum time in milliseconds that the coordinator will wait for each member to rejoin when rebalancing the group. (v1+) */
  rebalanceTimeoutMs: number;
  /** The member id assigned by the group coordinator. (v0+) */
  memberId: string;
  /** The unique identifier of the consumer instance provided by end user. (v5+) */
  groupInstanceId: string | null;
  /** The unique name the for class of protocols implemented by the group we want to join. (v0+) */
  protocolType: string;
  /** The list of protocols that the member supports. (v0+) */
  protocols: JoinGroupRequestProtocol[];
  /** The reason why the member (re-)joins the group. (v8+) */
  reason: string | null;
}

export interface JoinGroupResponseMember {
  /** The group member ID. (v0+) */
  memberId: string;
  /** The unique identifier of the consumer instance provided by end user. (v5+) */
  groupInstanceId: string | null;
  /** The group member metadata. (v0+) */
  metadata: Buffer;
}

export interface JoinGroupResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v2+) */
  throttleTimeMs: number;
  /** The error code, or 0 if there was no error. (v0+) */
  errorCode: number;
  /** The generation ID of the group. (v0+) */
  generationId: number;
  /** The group protocol name. (v7+) */
  protocolType: string | null;
  /** The group protocol selected by the coordinator. (v0+) */
  protocolName: string | null;
  /** The leader of the group. (v0+) */
  leader: string;
  /** True if the leader must skip running the assignment. (v9+) */
  skipAssignment: boolean;
  /** The member ID assigned by the group coordinator. (v0+) */
  memberId: string;
  members: JoinGroupResponseMember[];
}

export const joinGroup: ApiSchema = {
  apiKey: 11,
  name: "JoinGroup",
  request: {
    name: "JoinGroupRequest",
    versions: "0-9",
    flexible: "6+",
    fields: [
      { name: "groupId", type: "string", versions: "0+" },
      { name: "sessionTimeoutMs", type: "int32", versions: "0+" },
      { name: "rebalanceTimeoutMs", type: "int32", versions: "1+", default: -1, ignorable: true },
      { name: "memberId", type: "string", versions: "0+" },
      { name: "groupInstanceId", type: "string", versions: "5+", nullable: "5+", default: null },
      { name: "protocolType", type: "string", versions: "0+" },
      { name: "protocols", type: "[]struct", versions: "0+", fields: [
        { name: "name", type: "string", versions: "0+" },
        { name: "metadata", type: "bytes", versions: "0+" },
      ] },
      { name: "reason", type: "string", versions: "8+", nullable: "8+", default: null, ignorable: true },
    ],
  },
  response: {
    name: "JoinGroupResponse",
    versions: "0-9",
    flexible: "6+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "2+", ignorable: true },
      { name: "errorCode", type: "int16", versions: "0+" },
      { name: "generationId", type: "int32", versions: "0+", default: -1 },
      { name: "protocolType", type: "string", versions: "7+", nullable: "7+", default: null, ignorable: true },
      { name: "protocolName", type: "string", versions: "0+", nullable: "7+" },
      { name: "leader", type: "string", versions: "0+" },
      { name: "skipAssignment", type: "bool", versions: "9+" },
      { name: "memberId", type: "string", versions: "0+" },
      { name: "members", type: "[]struct", versions: "0+", fields: [
        { name: "memberId", type: "string", versions: "0+" },
        { name: "groupInstanceId", type: "string", versions: "5+", nullable: "5+", default: null, ignorable: true },
        { name: "metadata", type: "bytes", versions: "0+" },
      ] },
    ],
  },
};
