/**
 * ListPartitionReassignments (API key 46), versions 0-0, flexible from v0.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (ListPartitionReassignmentsRequest.json / ListPartitionReassignmentsResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v0 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** The topics to list partition reassignments for, or null to list everything. */
export interface ListPartitionReassignmentsTopics {
  /** The topic name (v0+) */
  name: string;
  /** The partitions to list partition reassignments for. (v0+) */
  partitionIndexes: number[];
}

export interface ListPartitionReassignmentsRequest {
  /** The time in ms to wait for the request to complete. (v0+) */
  timeoutMs: number;
  /** The topics to list partition reassignments for, or null to list everything. (v0+) */
  topics: ListPartitionReassignmentsTopics[] | null;
}

/** The ongoing reassignments for each partition. */
export interface OngoingPartitionReassignment {
  /** The index of the partition. (v0+) */
  partitionIndex: number;
  /** The current replica set. (v0+) */
  replicas: number[];
  /** The set of replicas we are currently adding. (v0+) */
  addingReplicas: number[];
  /** The set of replicas we are currently removing. (v0+) */
  removingReplicas: number[];
}

/** The ongoing reassignments for each topic. */
export interface OngoingTopicReassignment {
  /** The topic name. (v0+) */
  name: string;
  /** The ongoing reassignments for each partition. (v0+) */
  partitions: OngoingPartitionReassignment[];
}

export interface ListPartitionReassignmentsResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v0+) */
  throttleTimeMs: number;
  /** The top-level error code, or 0 if there was no error (v0+) */
  errorCode: number;
  /** The top-level error message, or null if there was no error. (v0+) */
  errorMessage: string | null;
  /** The ongoing reassignments for each topic. (v0+) */
  topics: OngoingTopicReassignment[];
}

export const listPartitionReassignments: ApiSchema = {
  apiKey: 46,
  name: "ListPartitionReassignments",
  request: {
    name: "ListPartitionReassignmentsRequest",
    versions: "0-0",
    flexible: "0+",
    fields: [
      { name: "timeoutMs", type: "int32", versions: "0+", default: 60000 },
      { name: "topics", type: "[]struct", versions: "0+", nullable: "0+", default: null, fields: [
        { name: "name", type: "string", versions: "0+" },
        { name: "partitionIndexes", type: "[]int32", versions: "0+" },
      ] },
    ],
  },
  response: {
    name: "ListPartitionReassignmentsResponse",
    versions: "0-0",
    flexible: "0+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "0+" },
      { name: "errorCode", type: "int16", versions: "0+" },
      { name: "errorMessage", type: "string", versions: "0+", nullable: "0+" },
      { name: "topics", type: "[]struct", versions: "0+", fields: [
        { name: "name", type: "string", versions: "0+" },
        { name: "partitions", type: "[]struct", versions: "0+", fields: [
          { name: "partitionIndex", type: "int32", versions: "0+" },
          { name: "replicas", type: "[]int32", versions: "0+" },
          { name: "addingReplicas", type: "[]int32", versions: "0+" },
          { name: "removingReplicas", type: "[]int32", versions: "0+" },
        ] },
      ] },
    ],
  },
};
