/**
 * Fetch (API key 1), versions 0-12, flexible from v12.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (FetchRequest.json / FetchResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v12 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** The partitions to fetch. */
export interface FetchPartition {
  /** The partition index. (v0+) */
  partition: number;
  /** The current leader epoch of the partition. (v9+) */
  currentLeaderEpoch: number;
  /** The message offset. (v0+) */
  fetchOffset: bigint;
  /** The epoch of the last fetched record or -1 if there is none (v12+) */
  lastFetchedEpoch: number;
  /** The earliest available offset of the follower replica. The field is only used when the request is sent by the follower. (v5+) */
  logStartOffset: bigint;
  /** The maximum bytes to fetch from this partition. See KIP-74 for cases where this limit may not be honored. (v0+) */
  partitionMaxBytes: number;
}

/** The topics to fetch. */
export interface FetchTopic {
  /** The name of the topic to fetch. (v0-12) */
  topic: string;
  /** The partitions to fetch. (v0+) */
  partitions: FetchPartition[];
}

/** In an incremental fetch request, the partitions to remove. */
export interface ForgottenTopic {
  /** The topic name. (v7-12) */
  topic: string;
  /** The partitions indexes to forget. (v7+) */
  partitions: number[];
}

export interface FetchRequest {
  /** The clusterId if known. This is used to validate metadata fetches prior to broker registration. (v12+, tagged 0) */
  clusterId: string | null;
  /** The broker ID of the follower, of -1 if this request is from a consumer. (v0-14) */
  replicaId: number;
  /** The maximum time in milliseconds to wait for the response. (v0+) */
  maxWaitMs: number;
  /** The minimum bytes to accumulate in the response. (v0+) */
  minBytes: number;
  /** The maximum bytes to fetch. See KIP-74 for cases where this limit may not be honored. (v3+) */
  maxBytes: number;
  /** This setting controls the visibility of transactional records. Using READ_UNCOMMITTED (isolation_level = 0) makes all records visible. With READ_COMMITTED (isolation_level = 1), non-transactional and COMMITTED transactional records are visible. To be more concrete, READ_COMMITTED returns all data from offsets smaller than the current LSO (last stable offset), and enables the inclusion of the list of aborted transactions in the result, which allows consumers to discard ABORTED transactional records (v4+) */
  isolationLevel: number;
  /** The fetch session ID. (v7+) */
  sessionId: number;
  /** The fetch session epoch, which is used for ordering requests in a session. (v7+) */
  sessionEpoch: number;
  /** The topics to fetch. (v0+) */
  topics: FetchTopic[];
  /** In an incremental fetch request, the partitions to remove. (v7+) */
  forgottenTopicsData: ForgottenTopic[];
  /** Rack ID of the consumer making this request (v11+) */
  rackId: string;
}

/** In case divergence is detected based on the `LastFetchedEpoch` and `FetchOffset` in the request, this field indicates the largest epoch and its end offset such that subsequent records are known to diverge */
export interface EpochEndOffset {
  epoch: number;
  endOffset: bigint;
}

export interface LeaderIdAndEpoch {
  /** The ID of the current leader or -1 if the leader is unknown. (v12+) */
  leaderId: number;
  /** The latest known leader epoch (v12+) */
  leaderEpoch: number;
}

/** In the case of fetching an offset less than the LogStartOffset, this is the end offset and epoch that should be used in the FetchSnapshot request. */
export interface SnapshotId {
  endOffset: bigint;
  epoch: number;
}

/** The aborted transactions. */
export interface AbortedTransaction {
  /** The producer id associated with the aborted transaction. (v4+) */
  producerId: bigint;
  /** The first offset in the aborted transaction. (v4+) */
  firstOffset: bigint;
}

/** The topic partitions. */
export interface PartitionData {
  /** The partition index. (v0+) */
  partitionIndex: number;
  /** The error code, or 0 if there was no fetch error. (v0+) */
  errorCode: number;
  /** The current high water mark. (v0+) */
  highWatermark: bigint;
  /** The last stable offset (or LSO) of the partition. This is the last offset such that the state of all transactional records prior to this offset have been decided (ABORTED or COMMITTED) (v4+) */
  lastStableOffset: bigint;
  /** The current log start offset. (v5+) */
  logStartOffset: bigint;
  /** In case divergence is detected based on the `LastFetchedEpoch` and `FetchOffset` in the request, this field indicates the largest epoch and its end offset such that subsequent records are known to diverge (v12+, tagged 0) */
  divergingEpoch: EpochEndOffset;
  currentLeader: LeaderIdAndEpoch;
  /** In the case of fetching an offset less than the LogStartOffset, this is the end offset and epoch that should be used in the FetchSnapshot request. (v12+, tagged 2) */
  snapshotId: SnapshotId;
  /** The aborted transactions. (v4+) */
  abortedTransactions: AbortedTransaction[] | null;
  /** The preferred read replica for the consumer to use on its next fetch request (v11+) */
  preferredReadReplica: number;
  /** The record data. (v0+) */
  records: Buffer | null;
}

/** The response topics. */
export interface FetchableTopicResponse {
  /** The topic name. (v0-12) */
  topic: string;
  /** The topic partitions. (v0+) */
  partitions: PartitionData[];
}

export interface FetchResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v1+) */
  throttleTimeMs: number;
  /** The top level response error code. (v7+) */
  errorCode: number;
  /** The fetch session ID, or 0 if this is not part of a fetch session. (v7+) */
  sessionId: number;
  /** The response topics. (v0+) */
  responses: FetchableTopicResponse[];
}

export const fetch: ApiSchema = {
  apiKey: 1,
  name: "Fetch",
  request: {
    name: "FetchRequest",
    versions: "0-12",
    flexible: "12+",
    fields: [
      { name: "clusterId", type: "string", versions: "12+", nullable: "12+", tag: 0, taggedVersions: "12+", default: null, ignorable: true },
      { name: "replicaId", type: "int32", versions: "0-14", default: -1 },
      { name: "maxWaitMs", type: "int32", versions: "0+" },
      { name: "minBytes", type: "int32", versions: "0+" },
      { name: "maxBytes", type: "int32", versions: "3+", default: 2147483647, ignorable: true },
      { name: "isolationLevel", type: "int8", versions: "4+", ignorable: true },
      { name: "sessionId", type: "int32", versions: "7+", ignorable: true },
      { name: "sessionEpoch", type: "int32", versions: "7+", default: -1, ignorable: true },
      { name: "topics", type: "[]struct", versions: "0+", fields: [
        { name: "topic", type: "string", versions: "0-12", ignorable: true },
        { name: "partitions", type: "[]struct", versions: "0+", fields: [
          { name: "partition", type: "int32", versions: "0+" },
          { name: "currentLeaderEpoch", type: "int32", versions: "9+", default: -1, ignorable: true },
          { name: "fetchOffset", type: "int64", versions: "0+" },
          { name: "lastFetchedEpoch", type: "int32", versions: "12+", default: -1 },
          { name: "logStartOffset", type: "int64", versions: "5+", default: -1n, ignorable: true },
          { name: "partitionMaxBytes", type: "int32", versions: "0+" },
        ] },
      ] },
      { name: "forgottenTopicsData", type: "[]struct", versions: "7+", fields: [
        { name: "topic", type: "string", versions: "7-12", ignorable: true },
        { name: "partitions", type: "[]int32", versions: "7+" },
      ] },
      { name: "rackId", type: "string", versions: "11+", ignorable: true },
    ],
  },
  response: {
    name: "FetchResponse",
    versions: "0-12",
    flexible: "12+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "1+", ignorable: true },
      { name: "errorCode", type: "int16", versions: "7+", ignorable: true },
      { name: "sessionId", type: "int32", versions: "7+" },
      { name: "responses", type: "[]struct", versions: "0+", fields: [
        { name: "topic", type: "string", versions: "0-12", ignorable: true },
        { name: "partitions", type: "[]struct", versions: "0+", fields: [
          { name: "partitionIndex", type: "int32", versions: "0+" },
          { name: "errorCode", type: "int16", versions: "0+" },
          { name: "highWatermark", type: "int64", versions: "0+" },
          { name: "lastStableOffset", type: "int64", versions: "4+", default: -1n, ignorable: true },
          { name: "logStartOffset", type: "int64", versions: "5+", default: -1n, ignorable: true },
          { name: "divergingEpoch", type: "struct", versions: "12+", tag: 0, taggedVersions: "12+", fields: [
            { name: "epoch", type: "int32", versions: "12+", default: -1 },
            { name: "endOffset", type: "int64", versions: "12+", default: -1n },
          ] },
          { name: "currentLeader", type: "struct", versions: "12+", tag: 1, taggedVersions: "12+", fields: [
            { name: "leaderId", type: "int32", versions: "12+", default: -1 },
            { name: "leaderEpoch", type: "int32", versions: "12+", default: -1 },
          ] },
          { name: "snapshotId", type: "struct", versions: "12+", tag: 2, taggedVersions: "12+", fields: [
            { name: "endOffset", type: "int64", versions: "0+", default: -1n },
            { name: "epoch", type: "int32", versions: "0+", default: -1 },
          ] },
          { name: "abortedTransactions", type: "[]struct", versions: "4+", nullable: "4+", ignorable: true, fields: [
            { name: "producerId", type: "int64", versions: "4+" },
            { name: "firstOffset", type: "int64", versions: "4+" },
          ] },
          { name: "preferredReadReplica", type: "int32", versions: "11+", default: -1 },
          { name: "records", type: "records", versions: "0+", nullable: "0+" },
        ] },
      ] },
    ],
  },
};
