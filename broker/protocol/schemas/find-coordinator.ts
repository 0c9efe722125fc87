/**
 * FindCoordinator (API key 10), versions 0-4, flexible from v3.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (FindCoordinatorRequest.json / FindCoordinatorResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v4 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

export interface FindCoordinatorRequest {
  /** The coordinator key. (v0-3) */
  key: string;
  /** The coordinator key type. (Group, transaction, etc.) (v1+) */
  keyType: number;
  /** The coordinator keys. (v4+) */
  coordinatorKeys: string[];
}

/** Each coordinator result in the response */
export interface Coordinator {
  /** The coordinator key. (v4+) */
  key: string;
  /** The node id. (v4+) */
  nodeId: number;
  /** The host name. (v4+) */
  host: string;
  /** The port. (v4+) */
  port: number;
  /** The error code, or 0 if there was no error. (v4+) */
  errorCode: number;
  /** The error message, or null if there was no error. (v4+) */
  errorMessage: string | null;
}

export interface FindCoordinatorResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v1+) */
  throttleTimeMs: number;
  /** The error code, or 0 if there was no error. (v0-3) */
  errorCode: number;
  /** The error message, or null if there was no error. (v1-3) */
  errorMessage: string | null;
  /** The node id. (v0-3) */
  nodeId: number;
  /** The host name. (v0-3) */
  host: string;
  /** The port. (v0-3) */
  port: number;
  /** Each coordinator result in the response (v4+) */
  coordinators: Coordinator[];
}

export const findCoordinator: ApiSchema = {
  apiKey: 10,
  name: "FindCoordinator",
  request: {
    name: "FindCoordinatorRequest",
    versions: "0-4",
    flexible: "3+",
    fields: [
      { name: "key", type: "string", versions: "0-3" },
      { name: "keyType", type: "int8", versions: "1+" },
      { name: "coordinatorKeys", type: "[]string", versions: "4+" },
    ],
  },
  response: {
    name: "FindCoordinatorResponse",
    versions: "0-4",
    flexible: "3+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "1+", ignorable: true },
      { name: "errorCode", type: "int16", versions: "0-3" },
      { name: "errorMessage", type: "string", versions: "1-3", nullable: "1-3", ignorable: true },
      { name: "nodeId", type: "int32", versions: "0-3" },
      { name: "host", type: "string", versions: "0-3" },
      { name: "port", type: "int32", versions: "0-3" },
      { name: "coordinators", type: "[]struct", versions: "4+", fields: [
        { name: "key", type: "string", versions: "4+" },
        { name: "nodeId", type: "int32", versions: "4+" },
        { name: "host", type: "string", versions: "4+" },
        { name: "port", type: "int32", versions: "4+" },
        { name: "errorCode", type: "int16", versions: "4+" },
        { name: "errorMessage", type: "string", versions: "4+", nullable: "4+", ignorable: true },
      ] },
    ],
  },
};
