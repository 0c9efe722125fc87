/**
 * DeleteRecords (API key 21), versions 0-2, flexible from v2.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (DeleteRecordsRequest.json / DeleteRecordsResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v2 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** Each partition that we want to delete records from. */
export interface DeleteRecordsPartition {
  /** The partition index. (v0+) */
  partitionIndex: number;
  /** The deletion offset. (v0+) */
  offset: bigint;
}

/** Each topic that we want to delete records from. */
export interface DeleteRecordsTopic {
  /** The topic name. (v0+) */
  name: string;
  /** Each partition that we want to delete records from. (v0+) */
  partitions: DeleteRecordsPartition[];
}

export interface DeleteRecordsRequest {
  /** Each topic that we want to delete records from. (v0+) */
  topics: DeleteRecordsTopic[];
  /** How long to wait for the deletion to complete, in milliseconds. (v0+) */
  timeoutMs: number;
}

/** Each partition that we wanted to delete records from. */
export interface DeleteRecordsPartitionResult {
  /** The partition index. (v0+) */
  partitionIndex: number;
  /** The partition low water mark. (v0+) */
  lowWatermark: bigint;
  /** The deletion error code, or 0 if the deletion succeeded. (v0+) */
  errorCode: number;
}

/** Each topic that we wanted to delete records from. */
export interface DeleteRecordsTopicResult {
  /** The topic name. (v0+) */
  name: string;
  /** Each partition that we wanted to delete records from. (v0+) */
  partitions: DeleteRecordsPartitionResult[];
}

export interface DeleteRecordsResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v0+) */
  throttleTimeMs: number;
  /** Each topic that we wanted to delete records from. (v0+) */
  topics: DeleteRecordsTopicResult[];
}

export const deleteRecords: ApiSchema = {
  apiKey: 21,
  name: "DeleteRecords",
  request: {
    name: "DeleteRecordsRequest",
    versions: "0-2",
    flexible: "2+",
    fields: [
      { name: "topics", type: "[]struct", versions: "0+", fields: [
        { name: "name", type: "string", versions: "0+" },
        { name: "partitions", type: "[]struct", versions: "0+", fields: [
          { name: "partitionIndex", type: "int32", versions: "0+" },
          { name: "offset", type: "int64", versions: "0+" },
        ] },
      ] },
      { name: "timeoutMs", type: "int32", versions: "0+" },
    ],
  },
  response: {
    name: "DeleteRecordsResponse",
    versions: "0-2",
    flexible: "2+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "0+" },
      { name: "topics", type: "[]struct", versions: "0+", fields: [
        { name: "name", type: "string", versions: "0+" },
        { name: "partitions", type: "[]struct", versions: "0+", fields: [
          { name: "partitionIndex", type: "int32", versions: "0+" },
          { name: "lowWatermark", type: "int64", versions: "0+" },
          { name: "errorCode", type: "int16", versions: "0+" },
        ] },
      ] },
    ],
  },
};
