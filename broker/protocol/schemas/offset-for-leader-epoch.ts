/**
 * OffsetForLeaderEpoch (API key 23), versions 0-4, flexible from v4.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (OffsetForLeaderEpochRequest.json / OffsetForLeaderEpochResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v4 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** Each partition to get offsets for. */
export interface OffsetForLeaderPartition {
  /** The partition index. (v0+) */
  partition: number;
  /** An epoch used to fence consumers/replicas with old metadata. If the epoch provided by the client is larger than the current epoch known to the broker, then the UNKNOWN_LEADER_EPOCH error code will be returned. If the provided epoch is smaller, then the FENCED_LEADER_EPOCH error code will be returned. (v2+) */
  currentLeaderEpoch: number;
  /** The epoch to look up an offset for. (v0+) */
  leaderEpoch: number;
}

/** Each topic to get offsets for. */
export interface OffsetForLeaderTopic {
  /** The topic name. (v0+) */
  topic: string;
  /** Each partition to get offsets for. (v0+) */
  partitions: OffsetForLeaderPartition[];
}

export interface OffsetForLeaderEpochRequest {
  /** The broker ID of the follower, of -1 if this request is from a consumer. (v3+) */
  replicaId: number;
  /** Each topic to get offsets for. (v0+) */
  topics: OffsetForLeaderTopic[];
}

/** Each partition in the topic we fetched offsets for. */
export interface EpochEndOffset {
  /** The error code 0, or if there was no error. (v0+) */
  errorCode: number;
  /** The partition index. (v0+) */
  partition: number;
  /** The leader epoch of the partition. (v1+) */
  leaderEpoch: number;
  /** The end offset of the epoch. (v0+) */
  endOffset: bigint;
}

/** Each topic we fetched offsets for. */
export interface OffsetForLeaderTopicResult {
  /** The topic name. (v0+) */
  topic: string;
  /** Each partition in the topic we fetched offsets for. (v0+) */
  partitions: EpochEndOffset[];
}

export interface OffsetForLeaderEpochResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v2+) */
  throttleTimeMs: number;
  /** Each topic we fetched offsets for. (v0+) */
  topics: OffsetForLeaderTopicResult[];
}

export const offsetForLeaderEpoch: ApiSchema = {
  apiKey: 23,
  name: "OffsetForLeaderEpoch",
  request: {
    name: "OffsetForLeaderEpochRequest",
    versions: "0-4",
    flexible: "4+",
    fields: [
      { name: "replicaId", type: "int32", versions: "3+", default: -2, ignorable: true },
      { name: "topics", type: "[]struct", versions: "0+", fields: [
        { name: "topic", type: "string", versions: "0+" },
        { name: "partitions", type: "[]struct", versions: "0+", fields: [
          { name: "partition", type: "int32", versions: "0+" },
          { name: "currentLeaderEpoch", type: "int32", versions: "2+", default: -1, ignorable: true },
          { name: "leaderEpoch", type: "int32", versions: "0+" },
        ] },
      ] },
    ],
  },
  response: {
    name: "OffsetForLeaderEpochResponse",
    versions: "0-4",
    flexible: "4+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "2+", ignorable: true },
      { name: "topics", type: "[]struct", versions: "0+", fields: [
        { name: "topic", type: "string", versions: "0+" },
        { name: "partitions", type: "[]struct", versions: "0+", fields: [
          { name: "errorCode", type: "int16", versions: "0+" },
          { name: "partition", type: "int32", versions: "0+" },
          { name: "leaderEpoch", type: "int32", versions: "1+", default: -1, ignorable: true },
          { name: "endOffset", type: "int64", versions: "0+", default: -1n },
        ] },
      ] },
    ],
  },
};
