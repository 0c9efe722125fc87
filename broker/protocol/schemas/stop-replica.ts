/**
 * StopReplica (API key 5), versions 0-3, flexible from v2.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (StopReplicaRequest.json / StopReplicaResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v3 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** The partitions to stop. */
export interface StopReplicaPartitionV0 {
  /** The topic name. (v0) */
  topicName: string;
  /** The partition index. (v0) */
  partitionIndex: number;
}

/** The topics to stop. */
export interface StopReplicaTopicV1 {
  /** The topic name. (v1-2) */
  name: string;
  /** The partition indexes. (v1-2) */
  partitionIndexes: number[];
}

/** The state of each partition */
export interface StopReplicaPartitionState {
  /** The partition index. (v3+) */
  partitionIndex: number;
  /** The leader epoch. (v3+) */
  leaderEpoch: number;
  /** Whether this partition should be deleted. (v3+) */
  deletePartition: boolean;
}

/** Each topic. */
export interface StopReplicaTopicState {
  /** The topic name. (v3+) */
  topicName: string;
  /** The state of each partition (v3+) */
  partitionStates: StopReplicaPartitionState[];
}

export interface StopReplicaRequest {
  /** The controller id. (v0+) */
  controllerId: number;
  /** The controller epoch. (v0+) */
  controllerEpoch: number;
  /** The broker epoch. (v1+) */
  brokerEpoch: bigint;
  /** Whether these partitions should be deleted. (v0-2) */
  deletePartitions: boolean;
  /** The partitions to stop. (v0) */
  ungroupedPartitions: StopReplicaPartitionV0[];
  /** The topics to stop. (v1-2) */
  topics: StopReplicaTopicV1[];
  /** Each topic. (v3+) */
  topicStates: StopReplicaTopicState[];
}

/** The responses for each partition. */
export interface StopReplicaPartitionError {
  /** The topic name. (v0+) */
  topicName: string;
  /** The partition index. (v0+) */
  partitionIndex: number;
  /** The partition error code, or 0 if there was no partition error. (v0+) */
  errorCode: number;
}

export interface StopReplicaResponse {
  /** The top-level error code, or 0 if there was no top-level error. (v0+) */
  errorCode: number;
  /** The responses for each partition. (v0+) */
  partitionErrors: StopReplicaPartitionError[];
}

export const stopReplica: ApiSchema = {
  apiKey: 5,
  name: "StopReplica",
  request: {
    name: "StopReplicaRequest",
    versions: "0-3",
    flexible: "2+",
    fields: [
      { name: "controllerId", type: "int32", versions: "0+" },
      { name: "controllerEpoch", type: "int32", versions: "0+" },
      { name: "brokerEpoch", type: "int64", versions: "1+", default: -1n, ignorable: true },
      { name: "deletePartitions", type: "bool", versions: "0-2" },
      { name: "ungroupedPartitions", type: "[]struct", versions: "0", fields: [
        { name: "topicName", type: "string", versions: "0" },
        { name: "partitionIndex", type: "int32", versions: "0" },
      ] },
      { name: "topics", type: "[]struct", versions: "1-2", fields: [
        { name: "name", type: "string", versions: "1-2" },
        { name: "partitionIndexes", type: "[]int32", versions: "1-2" },
      ] },
      { name: "topicStates", type: "[]struct", versions: "3+", fields: [
        { name: "topicName", type: "string", versions: "3+" },
        { name: "partitionStates", type: "[]struct", versions: "3+", fields: [
          { name: "partitionIndex", type: "int32", versions: "3+" },
          { name: "leaderEpoch", type: "int32", versions: "3+", default: -1 },
          { name: "deletePartition", type: "bool", versions: "3+" },
        ] },
      ] },
    ],
  },
  response: {
    name: "StopReplicaResponse",
    versions: "0-3",
    flexible: "2+",
    fields: [
      { name: "errorCode", type: "int16", versions: "0+" },
      { name: "partitionErrors", type: "[]struct", versions: "0+", fields: [
        { name: "topicName", type: "string", versions: "0+" },
        { name: "partitionIndex", type: "int32", versions: "0+" },
        { name: "errorCode", type: "int16", versions: "0+" },
      ] },
    ],
  },
};
