/**
 * OffsetCommit (API key 8), versions 0-8, flexible from v8.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (OffsetCommitRequest.json / OffsetCommitResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v8 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** Each partition to commit offsets for. */
export interface OffsetCommitRequestPartition {
  /** The partition index. (v0+) */
  partitionIndex: number;
  /** The message offset to be committed. (v0+) */
  committedOffset: bigint;
  /** The leader epoch of this partition. (v6+) */
  committedLeaderEpoch: number;
  /** The timestamp of the commit. (v1) */
  commitTimestamp: bigint;
  /** Any associated metadata the client wants to keep. (v0+) */
  committedMetadata: string | null;
}

/** The topics to commit offsets for. */
export interface OffsetCommitRequestTopic {
  /** The topic name. (v0+) */
  name: string;
  /** Each partition to commit offsets for. (v0+) */
  partitions: OffsetCommitRequestPartition[];
}

export interface OffsetCommitRequest {
  /** The unique group identifier. (v0+) */
  groupId: string;
  /** The generation of the group if using the classic group protocol or the member epoch if using the consumer protocol. (v1+) */
  generationIdOrMemberEpoch: number;
  /** The member ID assigned by the group coordinator. (v1+) */
  memberId: string;
  /** The unique identifier of the consumer instance provided by end user. (v7+) */
  groupInstanceId: string | null;
  /** The time period in ms to retain the offset. (v2-4) */
  retentionTimeMs: bigint;
  /** The topics to commit offsets for. (v0+) */
  topics: OffsetCommitRequestTopic[];
}

/** The responses for each partition in the topic. */
export interface OffsetCommitResponsePartition {
  /** The partition index. (v0+) */
  partitionIndex: number;
  /** The error code, or 0 if there was no error. (v0+) */
  errorCode: number;
}

/** The responses for each topic. */
export interface OffsetCommitResponseTopic {
  /** The topic name. (v0+) */
  name: string;
  /** The responses for each partition in the topic. (v0+) */
  partitions: OffsetCommitResponsePartition[];
}

export interface OffsetCommitResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v3+) */
  throttleTimeMs: number;
  /** The responses for each topic. (v0+) */
  topics: OffsetCommitResponseTopic[];
}

export const offsetCommit: ApiSchema = {
  apiKey: 8,
  name: "OffsetCommit",
  request: {
    name: "OffsetCommitRequest",
    versions: "0-8",
    flexible: "8+",
    fields: [
      { name: "groupId", type: "string", versions: "0+" },
      { name: "generationIdOrMemberEpoch", type: "int32", versions: "1+", default: -1, ignorable: true },
      { name: "memberId", type: "string", versions: "1+", ignorable: true },
      { name: "groupInstanceId", type: "string", versions: "7+", nullable: "7+", default: null },
      { name: "retentionTimeMs", type: "int64", versions: "2-4", default: -1n, ignorable: true },
      { name: "topics", type: "[]struct", versions: "0+", fields: [
        { name: "name", type: "string", versions: "0+" },
        { name: "partitions", type: "[]struct", versions: "0+", fields: [
          { name: "partitionIndex", type: "int32", versions: "0+" },
          { name: "committedOffset", type: "int64", versions: "0+" },
          { name: "committedLeaderEpoch", type: "int32", versions: "6+", default: -1, ignorable: true },
          { name: "commitTimestamp", type: "int64", versions: "1", default: -1n },
          { name: "committedMetadata", type: "string", versions: "0+", nullable: "0+" },
        ] },
      ] },
    ],
  },
  response: {
    name: "OffsetCommitResponse",
    versions: "0-8",
    flexible: "8+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "3+", ignorable: true },
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
