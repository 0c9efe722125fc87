/**
 * DescribeCluster (API key 60), versions 0-0, flexible from v0.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (DescribeClusterRequest.json / DescribeClusterResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v0 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

export interface DescribeClusterRequest {
  /** Whether to include cluster authorized operations. (v0+) */
  includeClusterAuthorizedOperations: boolean;
}

/** Each broker in the response. */
export interface DescribeClusterBroker {
  /** The broker ID. (v0+) */
  brokerId: number;
  /** The broker hostname. (v0+) */
  host: string;
  /** The broker port. (v0+) */
  port: number;
  /** The rack of the broker, or null if it has not been assigned to a rack. (v0+) */
  rack: string | null;
}

export interface DescribeClusterResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v0+) */
  throttleTimeMs: number;
  /** The top-level error code, or 0 if there was no error (v0+) */
  errorCode: number;
  /** The top-level error message, or null if there was no error. (v0+) */
  errorMessage: string | null;
  /** The cluster ID that responding broker belongs to. (v0+) */
  clusterId: string;
  /** The ID of the controller broker. (v0+) */
  controllerId: number;
  /** Each broker in the response. (v0+) */
  brokers: DescribeClusterBroker[];
  /** 32-bit bitfield to represent authorized operations for this cluster. (v0+) */
  clusterAuthorizedOperations: number;
}

export const describeCluster: ApiSchema = {
  apiKey: 60,
  name: "DescribeCluster",
  request: {
    name: "DescribeClusterRequest",
    versions: "0-0",
    flexible: "0+",
    fields: [
      { name: "includeClusterAuthorizedOperations", type: "bool", versions: "0+" },
    ],
  },
  response: {
    name: "DescribeClusterResponse",
    versions: "0-0",
    flexible: "0+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "0+" },
      { name: "errorCode", type: "int16", versions: "0+" },
      { name: "errorMessage", type: "string", versions: "0+", nullable: "0+", default: null },
      { name: "clusterId", type: "string", versions: "0+" },
      { name: "controllerId", type: "int32", versions: "0+", default: -1 },
      { name: "brokers", type: "[]struct", versions: "0+", fields: [
        { name: "brokerId", type: "int32", versions: "0+" },
        { name: "host", type: "string", versions: "0+" },
        { name: "port", type: "int32", versions: "0+" },
        { name: "rack", type: "string", versions: "0+", nullable: "0+", default: null },
      ] },
      { name: "clusterAuthorizedOperations", type: "int32", versions: "0+", default: -2147483648 },
    ],
  },
};
