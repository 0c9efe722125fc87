/**
 * LeaderAndIsr (API key 4), versions 0-6, flexible from v4.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (LeaderAndIsrRequest.json / LeaderAndIsrResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v6 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** The state of each partition, in a v0 or v1 message. */
export interface LeaderAndIsrPartitionState {
  /** The topic name. This is only present in v0 or v1. (v0-1) */
  topicName: string;
  /** The partition index. (v0+) */
  partitionIndex: number;
  /** The controller epoch. (v0+) */
  controllerEpoch: number;
  /** The broker ID of the leader. (v0+) */
  leader: number;
  /** The leader epoch. (v0+) */
  leaderEpoch: number;
  /** The in-sync replica IDs. (v0+) */
  isr: number[];
  /** The current epoch for the partition. The epoch is a monotonically increasing value which is incremented after every partition change. (Since the LeaderAndIsr request is only used by the legacy controller, this corresponds to the zkVersion) (v0+) */
  partitionEpoch: number;
  /** The replica IDs. (v0+) */
  replicas: number[];
  /** The replica IDs that we are adding this partition to, or null if no replicas are being added. (v3+) */
  addingReplicas: number[];
  /** The replica IDs that we are removing this partition from, or null if no replicas are being removed. (v3+) */
  removingReplicas: number[];
  /** Whether the replica should have existed on the broker or not. (v1+) */
  isNew: boolean;
  /** 1 if the partition is recovering from an unclean leader election; 0 otherwise. (v6+) */
  leaderRecoveryState: number;
}

/** The state of each partition */
export interface LeaderAndIsrRequestLeaderAndIsrPartitionState {
  /** The topic name. This is only present in v0 or v1. (v0-1) */
  topicName: string;
  /** The partition index. (v0+) */
  partitionIndex: number;
  /** The controller epoch. (v0+) */
  controllerEpoch: number;
  /** The broker ID of the leader. (v0+) */
  leader: number;
  /** The leader epoch. (v0+) */
  leaderEpoch: number;
  /** The in-sync replica IDs. (v0+) */
  isr: number[];
  /** The current epoch for the partition. The epoch is a monotonically increasing value which is incremented after every partition change. (Since the LeaderAndIsr request is only used by the legacy controller, this corresponds to the zkVersion) (v0+) */
  partitionEpoch: number;
  /** The replica IDs. (v0+) */
  replicas: number[];
  /** The replica IDs that we are adding this partition to, or null if no replicas are being added. (v3+) */
  addingReplicas: number[];
  /** The replica IDs that we are removing this partition from, or null if no replicas are being removed. (v3+) */
  removingReplicas: number[];
  /** Whether the replica should have existed on the broker or not. (v1+) */
  isNew: boolean;
  /** 1 if the partition is recovering from an unclean leader election; 0 otherwise. (v6+) */
  leaderRecoveryState: number;
}

/** Each topic. */
export interface LeaderAndIsrTopicState {
  /** The topic name. (v2+) */
  topicName: string;
  /** The unique topic ID. (v5+) */
  topicId: string;
  /** The state of each partition (v2+) */
  partitionStates: LeaderAndIsrRequestLeaderAndIsrPartitionState[];
}

/** The current live leaders. */
export interface LeaderAndIsrLiveLeader {
  /** The leader's broker ID. (v0+) */
  brokerId: number;
  /** The leader's hostname. (v0+) */
  hostName: string;
  /** The leader's port. (v0+) */
  port: number;
}

export interface LeaderAndIsrRequest {
  /** The current controller ID. (v0+) */
  controllerId: number;
  /** The current controller epoch. (v0+) */
  controllerEpoch: number;
  /** The current broker epoch. (v2+) */
  brokerEpoch: bigint;
  /** The type that indicates whether all topics are included in the request (v5+) */
  type: number;
  /** The state of each partition, in a v0 or v1 message. (v0-1) */
  ungroupedPartitionStates: LeaderAndIsrPartitionState[];
  /** Each topic. (v2+) */
  topicStates: LeaderAndIsrTopicState[];
  /** The current live leaders. (v0+) */
  liveLeaders: LeaderAndIsrLiveLeader[];
}

/** Each partition in v0 to v4 message. */
export interface LeaderAndIsrPartitionError {
  /** The topic name. (v0-4) */
  topicName: string;
  /** The partition index. (v0+) */
  partitionIndex: number;
  /** The partition error code, or 0 if there was no error. (v0+) */
  errorCode: number;
}

/** Each partition. */
export interface LeaderAndIsrResponseLeaderAndIsrPartitionError {
  /** The topic name. (v0-4) */
  topicName: string;
  /** The partition index. (v0+) */
  partitionIndex: number;
  /** The partition error code, or 0 if there was no error. (v0+) */
  errorCode: number;
}

/** Each topic */
export interface LeaderAndIsrTopicError {
  /** The unique topic ID (v5+) */
  topicId: string;
  /** Each partition. (v5+) */
  partitionErrors: LeaderAndIsrResponseLeaderAndIsrPartitionError[];
}

export interface LeaderAndIsrResponse {
  /** The error code, or 0 if there was no error. (v0+) */
  errorCode: number;
  /** Each partition in v0 to v4 message. (v0-4) */
  partitionErrors: LeaderAndIsrPartitionError[];
  /** Each topic (v5+) */
  topics: LeaderAndIsrTopicError[];
}

export const leaderAndIsr: ApiSchema = {
  apiKey: 4,
  name: "LeaderAndIsr",
  request: {
    name: "LeaderAndIsrRequest",
    versions: "0-6",
    flexible: "4+",
    fields: [
      { name: "controllerId", type: "int32", versions: "0+" },
      { name: "controllerEpoch", type: "int32", versions: "0+" },
      { name: "brokerEpoch", type: "int64", versions: "2+", default: -1n, ignorable: true },
      { name: "type", type: "int8", versions: "5+" },
      { name: "ungroupedPartitionStates", type: "[]struct", versions: "0-1", fields: [
        { name: "topicName", type: "string", versions: "0-1", ignorable: true },
        { name: "partitionIndex", type: "int32", versions: "0+" },
        { name: "controllerEpoch", type: "int32", versions: "0+" },
        { name: "leader", type: "int32", versions: "0+" },
        { name: "leaderEpoch", type: "int32", versions: "0+" },
        { name: "isr", type: "[]int32", versions: "0+" },
        { name: "partitionEpoch", type: "int32", versions: "0+" },
        { name: "replicas", type: "[]int32", versions: "0+" },
        { name: "addingReplicas", type: "[]int32", versions: "3+", ignorable: true },
        { name: "removingReplicas", type: "[]int32", versions: "3+", ignorable: true },
        { name: "isNew", type: "bool", versions: "1+", ignorable: true },
        { name: "leaderRecoveryState", type: "int8", versions: "6+" },
      ] },
      { name: "topicStates", type: "[]struct", versions: "2+", fields: [
        { name: "topicName", type: "string", versions: "2+" },
        { name: "topicId", type: "uuid", versions: "5+", ignorable: true },
        { name: "partitionStates", type: "[]struct", versions: "2+", fields: [
          { name: "topicName", type: "string", versions: "0-1", ignorable: true },
          { name: "partitionIndex", type: "int32", versions: "0+" },
          { name: "controllerEpoch", type: "int32", versions: "0+" },
          { name: "leader", type: "int32", versions: "0+" },
          { name: "leaderEpoch", type: "int32", versions: "0+" },
          { name: "isr", type: "[]int32", versions: "0+" },
          { name: "partitionEpoch", type: "int32", versions: "0+" },
          { name: "replicas", type: "[]int32", versions: "0+" },
          { name: "addingReplicas", type: "[]int32", versions: "3+", ignorable: true },
          { name: "removingReplicas", type: "[]int32", versions: "3+", ignorable: true },
          { name: "isNew", type: "bool", versions: "1+", ignorable: true },
          { name: "leaderRecoveryState", type: "int8", versions: "6+" },
        ] },
      ] },
      { name: "liveLeaders", type: "[]struct", versions: "0+", fields: [
        { name: "brokerId", type: "int32", versions: "0+" },
        { name: "hostName", type: "string", versions: "0+" },
        { name: "port", type: "int32", versions: "0+" },
      ] },
    ],
  },
  response: {
    name: "LeaderAndIsrResponse",
    versions: "0-6",
    flexible: "4+",
    fields: [
      { name: "errorCode", type: "int16", versions: "0+" },
      { name: "partitionErrors", type: "[]struct", versions: "0-4", fields: [
        { name: "topicName", type: "string", versions: "0-4", ignorable: true },
        { name: "partitionIndex", type: "int32", versions: "0+" },
        { name: "errorCode", type: "int16", versions: "0+" },
      ] },
      { name: "topics", type: "[]struct", versions: "5+", fields: [
        { name: "topicId", type: "uuid", versions: "5+" },
        { name: "partitionErrors", type: "[]struct", versions: "5+", fields: [
          { name: "topicName", type: "string", versions: "0-4", ignorable: true },
          { name: "partitionIndex", type: "int32", versions: "0+" },
          { name: "errorCode", type: "int16", versions: "0+" },
        ] },
      ] },
    ],
  },
};
