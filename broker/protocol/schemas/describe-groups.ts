/**
 * DescribeGroups (API key 15), versions 0-5, flexible from v5.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (DescribeGroupsRequest.json / DescribeGroupsResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v5 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

export interface DescribeGroupsRequest {
  /** The names of the groups to describe (v0+) */
  groups: string[];
  /** Whether to include authorized operations. (v3+) */
  includeAuthorizedOperations: boolean;
}

/** The group members. */
export interface DescribedGroupMember {
  /** The member ID assigned by the group coordinator. (v0+) */
  memberId: string;
  /** The unique identifier of the consumer instance provided by end user. (v4+) */
  groupInstanceId: string | null;
  /** The client ID used in the member's latest join group request. (v0+) */
  clientId: string;
  /** The client host. (v0+) */
  clientHost: string;
  /** The metadata corresponding to the current group protocol in use. (v0+) */
  memberMetadata: Buffer;
  /** The current assignment provided by the group leader. (v0+) */
  memberAssignment: Buffer;
}

/** Each described group. */
export interface DescribedGroup {
  /** The describe error, or 0 if there was no error. (v0+) */
  errorCode: number;
  /** The group ID string. (v0+) */
  groupId: string;
  /** The group state string, or the empty string. (v0+) */
  groupState: string;
  /** The group protocol type, or the empty string. (v0+) */
  protocolType: string;
  /** The group protocol data, or the empty string. (v0+) */
  protocolData: string;
  /** The group members. (v0+) */
  members: DescribedGroupMember[];
  /** 32-bit bitfield to represent authorized operations for this group. (v3+) */
  authorizedOperations: number;
}

export interface DescribeGroupsResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v1+) */
  throttleTimeMs: number;
  /** Each described group. (v0+) */
  groups: DescribedGroup[];
}

export const describeGroups: ApiSchema = {
  apiKey: 15,
  name: "DescribeGroups",
  request: {
    name: "DescribeGroupsRequest",
    versions: "0-5",
    flexible: "5+",
    fields: [
      { name: "groups", type: "[]string", versions: "0+" },
      { name: "includeAuthorizedOperations", type: "bool", versions: "3+" },
    ],
  },
  response: {
    name: "DescribeGroupsResponse",
    versions: "0-5",
    flexible: "5+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "1+", ignorable: true },
      { name: "groups", type: "[]struct", versions: "0+", fields: [
        { name: "errorCode", type: "int16", versions: "0+" },
        { name: "groupId", type: "string", versions: "0+" },
        { name: "groupState", type: "string", versions: "0+" },
        { name: "protocolType", type: "string", versions: "0+" },
        { name: "protocolData", type: "string", versions: "0+" },
        { name: "members", type: "[]struct", versions: "0+", fields: [
          { name: "memberId", type: "string", versions: "0+" },
          { name: "groupInstanceId", type: "string", versions: "4+", nullable: "4+", default: null, ignorable: true },
          { name: "clientId", type: "string", versions: "0+" },
          { name: "clientHost", type: "string", versions: "0+" },
          { name: "memberMetadata", type: "bytes", versions: "0+" },
          { name: "memberAssignment", type: "bytes", versions: "0+" },
        ] },
        { name: "authorizedOperations", type: "int32", versions: "3+", default: -2147483648 },
      ] },
    ],
  },
};
