/**
 * AlterPartitionReassignments (API key 45), versions 0-0, flexible from v0.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (AlterPartitionReassignmentsRequest.json / AlterPartitionReassignmentsResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v0 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** The partitions to reassign. */
export interface ReassignablePartition {
  /** The partition index. (v0+) */
  partitionIndex: number;
  /** The replicas to place the partitions on, or null to cancel a pending reassignment for this partition. (v0+) */
  replicas: number[] | null;
}

/** The topics to reassign. */
export interface ReassignableTopic {
  /** The topic name. (v0+) */
  name: string;
  /** The partitions to reassign. (v0+) */
  partitions: ReassignablePartition[];
}

export interface AlterPartitionReassignmentsRequest {
  /** The time in ms to wait for the request to complete. (v0+) */
  timeoutMs: number;
  /** The topics to reassign. (v0+) */
  topics: ReassignableTopic[];
}

/** The responses to partitions to reassign */
export interface ReassignablePartitionResponse {
  /** The partition index. (v0+) */
  partitionIndex: number;
  /** The error code for this partition, or 0 if there was no error. (v0+) */
  errorCode: number;
  /** The error message for this partition, or null if there was no error. (v0+) */
  errorMessage: string | null;
}

/** The responses to topics to reassign. */
export interface ReassignableTopicResponse {
  /** The topic name (v0+) */
  name: string;
  /** The responses to partitions to reassign (v0+) */
  partitions: ReassignablePartitionResponse[];
}

export interface AlterPartitionReassignmentsResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v0+) */
  throttleTimeMs: number;
  /** The top-level error code, or 0 if there was no error. (v0+) */
  errorCode: number;
  /** The top-level error message, or null if there was no error. (v0+) */
  errorMessage: string | null;
  /** The responses to topics to reassign. (v0+) */
  responses: ReassignableTopicResponse[];
}

export const alterPartitionReassignments: ApiSchema = {
  apiKey: 45,
  name: "AlterPartitionReassignments",
  request: {
    name: "AlterPartitionReassignmentsRequest",
    versions: "0-0",
    flexible: "0+",
    fields: [
      { name: "timeoutMs", type: "int32", versions: "0+", default: 60000 },
      { name: "topics", type: "[]struct", versions: "0+", fields: [
        { name: "name", type: "string", versions: "0+" },
        { name: "partitions", type: "[]struct", versions: "0+", fields: [
          { name: "partitionIndex", type: "int32", versions: "0+" },
          { name: "replicas", type: "[]int32", versions: "0+", nullable: "0+", default: null },
        ] },
      ] },
    ],
  },
  response: {
    name: "AlterPartitionReassignmentsResponse",
    versions: "0-0",
    flexible: "0+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "0+" },
      { name: "errorCode", type: "int16", versions: "0+" },
      { name: "errorMessage", type: "string", versions: "0+", nullable: "0+" },
      { name: "responses", type: "[]struct", versions: "0+", fields: [
        { name: "name", type: "string", versions: "0+" },
        { name: "partitions", type: "[]struct", versions: "0+", fields: [
          { name: "partitionIndex", type: "int32", versions: "0+" },
          { name: "errorCode", type: "int16", versions: "0+" },
          { name: "errorMessage", type: "string", versions: "0+", nullable: "0+" },
        ] },
      ] },
    ],
  },
};
