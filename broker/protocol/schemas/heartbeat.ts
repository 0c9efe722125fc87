/**
 * Heartbeat (API key 12), versions 0-4, flexible from v4.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (HeartbeatRequest.json / HeartbeatResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v4 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

export interface HeartbeatRequest {
  /** The group id. (v0+) */
  groupId: string;
  /** The generation of the group. (v0+) */
  generationId: number;
  /** The member ID. (v0+) */
  memberId: string;
  /** The unique identifier of the consumer instance provided by end user. (v3+) */
  groupInstanceId: string | null;
}

export interface HeartbeatResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v1+) */
  throttleTimeMs: number;
  /** The error code, or 0 if there was no error. (v0+) */
  errorCode: number;
}

export const heartbeat: ApiSchema = {
  apiKey: 12,
  name: "Heartbeat",
  request: {
    name: "HeartbeatRequest",
    versions: "0-4",
    flexible: "4+",
    fields: [
      { name: "groupId", type: "string", versions: "0+" },
      { name: "generationId", type: "int32", versions: "0+" },
      { name: "memberId", type: "string", versions: "0+" },
      { name: "groupInstanceId", type: "string", versions: "3+", nullable: "3+", default: null },
    ],
  },
  response: {
    name: "HeartbeatResponse",
    versions: "0-4",
    flexible: "4+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "1+", ignorable: true },
      { name: "errorCode", type: "int16", versions: "0+" },
    ],
  },
};
