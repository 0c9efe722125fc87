/**
 * TxnOffsetCommit (API key 28), versions 0-3, flexible from v3.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (TxnOffsetCommitRequest.json / TxnOffsetCommitResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v3 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** The partitions inside the topic that we want to commit offsets for. */
export interface TxnOffsetCommitRequestPartition {
  /** The index of the partition within the topic. (v0+) */
  partitionIndex: number;
  /** The message offset to be committed. (v0+) */
  committedOffset: bigint;
  /** The leader epoch of the last consumed record. (v2+) */
  committedLeaderEpoch: number;
  /** Any associated metadata the client wants to keep. (v0+) */
  committedMetadata: string | null;
}

/** Each topic that we want to commit offsets for. */
export interface TxnOffsetCommitRequestTopic {
  /** The topic name. (v0+) */
  name: string;
  /** The partitions inside the topic that we want to commit offsets for. (v0+) */
  partitions: TxnOffsetCommitRequestPartition[];
}

export interface TxnOffsetCommitRequest {
  /** The ID of the transaction. (v0+) */
  transactionalId: string;
  /** The ID of the group. (v0+) */
  groupId: string;
  /** The current producer ID in use by the transactional ID. (v0+) */
  producerId: bigint;
  /** The current epoch associated with the producer ID. (v0+) */
  producerEpoch: number;
  /** The generation of the consumer. (v3+) */
  generationId: number;
  /** The member ID assigned by the group coordinator. (v3+) */
  memberId: string;
  /** The unique identifier of the consumer instance provided by end user. (v3+) */
  groupInstanceId: string | null;
  /** Each topic that we want to commit offsets for. (v0+) */
  topics: TxnOffsetCommitRequestTopic[];
}

/** The responses for each partition in the topic. */
export interface TxnOffsetCommitResponsePartition {
  /** The partition index. (v0+) */
  partitionIndex: number;
  /** The error code, or 0 if there was no error. (v0+) */
  errorCode: number;
}

/** The responses for each topic. */
export interface TxnOffsetCommitResponseTopic {
  /** The topic name. (v0+) */
  name: string;
  /** The responses for each partition in the topic. (v0+) */
  partitions: TxnOffsetCommitResponsePartition[];
}

export interface TxnOffsetCommitResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v0+) */
  throttleTimeMs: number;
  /** The responses for each topic. (v0+) */
  topics: TxnOffsetCommitResponseTopic[];
}

export const txnOffsetCommit: ApiSchema = {
  apiKey: 28,
  name: "TxnOffsetCommit",
  request: {
    name: "TxnOffsetCommitRequest",
    versions: "0-3",
    flexible: "3+",
    fields: [
      { name: "transactionalId", type: "string", versions: "0+" },
      { name: "groupId", type: "string", versions: "0+" },
      { name: "producerId", type: "int64", versions: "0+" },
      { name: "producerEpoch", type: "int16", versions: "0+" },
      { name: "generationId", type: "int32", versions: "3+", default: -1 },
      { name: "memberId", type: "string", versions: "3+" },
      { name: "groupInstanceId", type: "string", versions: "3+", nullable: "3+", default: null },
      { name: "topics", type: "[]struct", versions: "0+", fields: [
        { name: "name", type: "string", versions: "0+" },
        { name: "partitions", type: "[]struct", versions: "0+", fields: [
          { name: "partitionIndex", type: "int32", versions: "0+" },
          { name: "committedOffset", type: "int64", versions: "0+" },
          { name: "committedLeaderEpoch", type: "int32", versions: "2+", default: -1, ignorable: true },
          { name: "committedMetadata", type: "string", versions: "0+", nullable: "0+" },
        ] },
      ] },
    ],
  },
  response: {
    name: "TxnOffsetCommitResponse",
    versions: "0-3",
    flexible: "3+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "0+" },
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
