/**
 * OffsetDelete (API key 47), versions 0-0, no flexible versions.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (OffsetDeleteRequest.json / OffsetDeleteResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v0 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** Each partition to delete offsets for. */
export interface OffsetDeleteRequestPartition {
  /** The partition index. (v0+) */
  partitionIndex: number;
}

/** The topics to delete offsets for */
export interface OffsetDeleteRequestTopic {
  /** The topic name. (v0+) */
  name: string;
  /** Each partition to delete offsets for. (v0+) */
  partitions: OffsetDeleteRequestPartition[];
}

export interface OffsetDeleteRequest {
  /** The unique group identifier. (v0+) */
  groupId: string;
  /** The topics to delete offsets for (v0+) */
  topics: OffsetDeleteRequestTopic[];
}

/** The responses for each partition in the topic. */
export interface OffsetDeleteResponsePartition {
  /** The partition index. (v0+) */
  partitionIndex: number;
  /** The error code, or 0 if there was no error. (v0+) */
  errorCode: number;
}

/** The responses for each topic. */
export interface OffsetDeleteResponseTopic {
  /** The topic name. (v0+) */
  name: string;
  /** The responses for each partition in the topic. (v0+) */
  partitions: OffsetDeleteResponsePartition[];
}

export interface OffsetDeleteResponse {
  /** The top-level error code, or 0 if there was no error. (v0+) */
  errorCode: number;
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v0+) */
  throttleTimeMs: number;
  /** The responses for each topic. (v0+) */
  topics: OffsetDeleteResponseTopic[];
}

export const offsetDelete: ApiSchema = {
  apiKey: 47,
  name: "OffsetDelete",
  request: {
    name: "OffsetDeleteRequest",
    versions: "0-0",
    flexible: "none",
    fields: [
      { name: "groupId", type: "string", versions: "0+" },
      { name: "topics", type: "[]struct", versions: "0+", fields: [
        { name: "name", type: "string", versions: "0+" },
        { name: "partitions", type: "[]struct", versions: "0+", fields: [
          { name: "partitionIndex", type: "int32", versions: "0+" },
        ] },
      ] },
    ],
  },
  response: {
    name: "OffsetDeleteResponse",
    versions: "0-0",
    flexible: "none",
    fields: [
      { name: "errorCode", type: "int16", versions: "0+" },
      { name: "throttleTimeMs", type: "int32", versions: "0+", ignorable: true },
      { name: "topics", type: "[]struct", versions: "0+", fields: [
        { name: "name", type: "string", versions: "0+" },
        { name: "partitions", type: "[]struct", versions: "0+", fields: [
          { name: "partitionIndex", type: "int32", versions: "0+" },
          { name: "errorCode", type: "int16", versions: "0+" },
        ] },
      ] },
    ],
  },
};
