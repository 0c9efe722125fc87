/**
 * ListOffsets (API key 2), versions 0-7, flexible from v6.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (ListOffsetsRequest.json / ListOffsetsResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v7 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** Each partition in the request. */
export interface ListOffsetsPartition {
  /** The partition index. (v0+) */
  partitionIndex: number;
  /** The current leader epoch. (v4+) */
  currentLeaderEpoch: number;
  /** The current timestamp. (v0+) */
  timestamp: bigint;
  /** The maximum number of offsets to report. (v0) */
  maxNumOffsets: number;
}

/** Each topic in the request. */
export interface ListOffsetsTopic {
  /** The topic name. (v0+) */
  name: string;
  /** Each partition in the request. (v0+) */
  partitions: ListOffsetsPartition[];
}

export interface ListOffsetsRequest {
  /** The broker ID of the requester, or -1 if this request is being made by a normal consumer. (v0+) */
  replicaId: number;
  /** This setting controls the visibility of transactional records. Using READ_UNCOMMITTED (isolation_level = 0) makes all records visible. With READ_COMMITTED (isolation_level = 1), non-transactional and COMMITTED transactional records are visible. To be more concrete, READ_COMMITTED returns all data from offsets smaller than the current LSO (last stable offset), and enables the inclusion of the list of aborted transactions in the result, which allows consumers to discard ABORTED transactional records (v2+) */
  isolationLevel: number;
  /** Each topic in the request. (v0+) */
  topics: ListOffsetsTopic[];
}

/** Each partition in the response. */
export interface ListOffsetsPartitionResponse {
  /** The partition index. (v0+) */
  partitionIndex: number;
  /** The partition error code, or 0 if there was no error. (v0+) */
  errorCode: number;
  /** The result offsets. (v0) */
  oldStyleOffsets: bigint[];
  /** The timestamp associated with the returned offset. (v1+) */
  timestamp: bigint;
  /** The returned offset. (v1+) */
  offset: bigint;
  leaderEpoch: number;
}

/** Each topic in the response. */
export interface ListOffsetsTopicResponse {
  /** The topic name (v0+) */
  name: string;
  /** Each partition in the response. (v0+) */
  partitions: ListOffsetsPartitionResponse[];
}

export interface ListOffsetsResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v2+) */
  throttleTimeMs: number;
  /** Each topic in the response. (v0+) */
  topics: ListOffsetsTopicResponse[];
}

export const listOffsets: ApiSchema = {
  apiKey: 2,
  name: "ListOffsets",
  request: {
    name: "ListOffsetsRequest",
    versions: "0-7",
    flexible: "6+",
    fields: [
      { name: "replicaId", type: "int32", versions: "0+" },
      { name: "isolationLevel", type: "int8", versions: "2+" },
      { name: "topics", type: "[]struct", versions: "0+", fields: [
        { name: "name", type: "string", versions: "0+" },
        { name: "partitions", type: "[]struct", versions: "0+", fields: [
          { name: "partitionIndex", type: "int32", versions: "0+" },
          { name: "currentLeaderEpoch", type: "int32", versions: "4+", default: -1, ignorable: true },
          { name: "timestamp", type: "int64", versions: "0+" },
          { name: "maxNumOffsets", type: "int32", versions: "0", default: 1 },
        ] },
      ] },
    ],
  },
  response: {
    name: "ListOffsetsResponse",
    versions: "0-7",
    flexible: "6+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "2+", ignorable: true },
      { name: "topics", type: "[]struct", versions: "0+", fields: [
        { name: "name", type: "string", versions: "0+" },
        { name: "partitions", type: "[]struct", versions: "0+", fields: [
          { name: "partitionIndex", type: "int32", versions: "0+" },
          { name: "errorCode", type: "int16", versions: "0+" },
          { name: "oldStyleOffsets", type: "[]int64", versions: "0" },
          { name: "timestamp", type: "int64", versions: "1+", default: -1n },
          { name: "offset", type: "int64", versions: "1+", default: -1n },
          { name: "leaderEpoch", type: "int32", versions: "4+", default: -1 },
        ] },
      ] },
    ],
  },
};
