/**
 * OffsetFetch (API key 9), versions 0-8, flexible from v6.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (OffsetFetchRequest.json / OffsetFetchResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v8 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** Each topic we would like to fetch offsets for, or null to fetch offsets for all topics. */
export interface OffsetFetchRequestTopic {
  /** The topic name. (v0-7) */
  name: string;
  /** The partition indexes we would like to fetch offsets for. (v0-7) */
  partitionIndexes: number[];
}

/** Each topic we would like to fetch offsets for, or null to fetch offsets for all topics. */
export interface OffsetFetchRequestTopics {
  /** The topic name. (v8+) */
  name: string;
  /** The partition indexes we would like to fetch offsets for. (v8+) */
  partitionIndexes: number[];
}

/** Each group we would like to fetch offsets for */
export interface OffsetFetchRequestGroup {
  /** The group ID. (v8+) */
  groupId: string;
  /** Each topic we would like to fetch offsets for, or null to fetch offsets for all topics. (v8+) */
  topics: OffsetFetchRequestTopics[] | null;
}

export interface OffsetFetchRequest {
  /** The group to fetch offsets for. (v0-7) */
  groupId: string;
  /** Each topic we would like to fetch offsets for, or null to fetch offsets for all topics. (v0-7) */
  topics: OffsetFetchRequestTopic[] | null;
  /** Each group we would like to fetch offsets for (v8+) */
  groups: OffsetFetchRequestGroup[];
  /** Whether broker should hold on returning unstable offsets but set a retriable error code for the partitions. (v7+) */
  requireStable: boolean;
}

/** The responses per partition */
export interface OffsetFetchResponsePartition {
  /** The partition index. (v0-7) */
  partitionIndex: number;
  /** The committed message offset. (v0-7) */
  committedOffset: bigint;
  /** The leader epoch. (v5-7) */
  committedLeaderEpoch: number;
  /** The partition metadata. (v0-7) */
  metadata: string | null;
  /** The error code, or 0 if there was no error. (v0-7) */
  errorCode: number;
}

/** The responses per topic. */
export interface OffsetFetchResponseTopic {
  /** The topic name. (v0-7) */
  name: string;
  /** The responses per partition (v0-7) */
  partitions: OffsetFetchResponsePartition[];
}

/** The responses per partition */
export interface OffsetFetchResponsePartitions {
  /** The partition index. (v8+) */
  partitionIndex: number;
  /** The committed message offset. (v8+) */
  committedOffset: bigint;
  /** The leader epoch. (v8+) */
  committedLeaderEpoch: number;
  /** The partition metadata. (v8+) */
  metadata: string | null;
  /** The partition-level error code, or 0 if there was no error. (v8+) */
  errorCode: number;
}

/** The responses per topic. */
export interface OffsetFetchResponseTopics {
  /** The topic name. (v8+) */
  name: string;
  /** The responses per partition (v8+) */
  partitions: OffsetFetchResponsePartitions[];
}

/** The responses per group id. */
export interface OffsetFetchResponseGroup {
  /** The group ID. (v8+) */
  groupId: string;
  /** The responses per topic. (v8+) */
  topics: OffsetFetchResponseTopics[];
  /** The group-level error code, or 0 if there was no error. (v8+) */
  errorCode: number;
}

export interface OffsetFetchResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v3+) */
  throttleTimeMs: number;
  /** The responses per topic. (v0-7) */
  topics: OffsetFetchResponseTopic[];
  /** The top-level error code, or 0 if there was no error. (v2-7) */
  errorCode: number;
  /** The responses per group id. (v8+) */
  groups: OffsetFetchResponseGroup[];
}

export const offsetFetch: ApiSchema = {
  apiKey: 9,
  name: "OffsetFetch",
  request: {
    name: "OffsetFetchRequest",
    versions: "0-8",
    flexible: "6+",
    fields: [
      { name: "groupId", type: "string", versions: "0-7" },
      { name: "topics", type: "[]struct", versions: "0-7", nullable: "2-7", fields: [
        { name: "name", type: "string", versions: "0-7" },
        { name: "partitionIndexes", type: "[]int32", versions: "0-7" },
      ] },
      { name: "groups", type: "[]struct", versions: "8+", fields: [
        { name: "groupId", type: "string", versions: "8+" },
        { name: "topics", type: "[]struct", versions: "8+", nullable: "8+", fields: [
          { name: "name", type: "string", versions: "8+" },
          { name: "partitionIndexes", type: "[]int32", versions: "8+" },
        ] },
      ] },
      { name: "requireStable", type: "bool", versions: "7+" },
    ],
  },
  response: {
    name: "OffsetFetchResponse",
    versions: "0-8",
    flexible: "6+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "3+", ignorable: true },
      { name: "topics", type: "[]struct", versions: "0-7", fields: [
        { name: "name", type: "string", versions: "0-7" },
        { name: "partitions", type: "[]struct", versions: "0-7", fields: [
          { name: "partitionIndex", type: "int32", versions: "0-7" },
          { name: "committedOffset", type: "int64", versions: "0-7" },
          { name: "committedLeaderEpoch", type: "int32", versions: "5-7", default: -1, ignorable: true },
          { name: "metadata", type: "string", versions: "0-7", nullable: "0-7" },
          { name: "errorCode", type: "int16", versions: "0-7" },
        ] },
      ] },
      { name: "errorCode", type: "int16", versions: "2-7", ignorable: true },
      { name: "groups", type: "[]struct", versions: "8+", fields: [
        { name: "groupId", type: "string", versions: "8+" },
        { name: "topics", type: "[]struct", versions: "8+", fields: [
          { name: "name", type: "string", versions: "8+" },
          { name: "partitions", type: "[]struct", versions: "8+", fields: [
            { name: "partitionIndex", type: "int32", versions: "8+" },
            { name: "committedOffset", type: "int64", versions: "8+" },
            { name: "committedLeaderEpoch", type: "int32", versions: "8+", default: -1, ignorable: true },
            { name: "metadata", type: "string", versions: "8+", nullable: "8+" },
            { name: "errorCode", type: "int16", versions: "8+" },
          ] },
        ] },
        { name: "errorCode", type: "int16", versions: "8+" },
      ] },
    ],
  },
};
