/**
 * UpdateMetadata (API key 6), versions 0-7, flexible from v6.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (UpdateMetadataRequest.json / UpdateMetadataResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v7 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** In older versions of this RPC, each partition that we would like to update. */
export interface UpdateMetadataPartitionState {
  /** In older versions of this RPC, the topic name. (v0-4) */
  topicName: string;
  /** The partition index. (v0+) */
  partitionIndex: number;
  /** The controller epoch. (v0+) */
  controllerEpoch: number;
  /** The ID of the broker which is the current partition leader. (v0+) */
  leader: number;
  /** The leader epoch of this partition. (v0+) */
  leaderEpoch: number;
  /** The brokers which are in the ISR for this partition. (v0+) */
  isr: number[];
  /** The Zookeeper version. (v0+) */
  zkVersion: number;
  /** All the replicas of this partition. (v0+) */
  replicas: number[];
  /** The replicas of this partition which are offline. (v4+) */
  offlineReplicas: number[];
}

/** The partition that we would like to update. */
export interface UpdateMetadataRequestUpdateMetadataPartitionState {
  /** In older versions of this RPC, the topic name. (v0-4) */
  topicName: string;
  /** The partition index. (v0+) */
  partitionIndex: number;
  /** The controller epoch. (v0+) */
  controllerEpoch: number;
  /** The ID of the broker which is the current partition leader. (v0+) */
  leader: number;
  /** The leader epoch of this partition. (v0+) */
  leaderEpoch: number;
  /** The brokers which are in the ISR for this partition. (v0+) */
  isr: number[];
  /** The Zookeeper version. (v0+) */
  zkVersion: number;
  /** All the replicas of this partition. (v0+) */
  replicas: number[];
  /** The replicas of this partition which are offline. (v4+) */
  offlineReplicas: number[];
}

/** In newer versions of this RPC, each topic that we would like to update. */
export interface UpdateMetadataTopicState {
  /** The topic name. (v5+) */
  topicName: string;
  /** The topic id. (v7+) */
  topicId: string;
  /** The partition that we would like to update. (v5+) */
  partitionStates: UpdateMetadataRequestUpdateMetadataPartitionState[];
}

/** The broker endpoints. */
export interface UpdateMetadataEndpoint {
  /** The port of this endpoint (v1+) */
  port: number;
  /** The hostname of this endpoint (v1+) */
  host: string;
  /** The listener name. (v3+) */
  listener: string;
  /** The security protocol type. (v1+) */
  securityProtocol: number;
}

export interface UpdateMetadataBroker {
  /** The broker id. (v0+) */
  id: number;
  /** The broker hostname. (v0) */
  v0Host: string;
  /** The broker port. (v0) */
  v0Port: number;
  /** The broker endpoints. (v1+) */
  endpoints: UpdateMetadataEndpoint[];
  /** The rack which this broker belongs to. (v2+) */
  rack: string | null;
}

export interface UpdateMetadataRequest {
  /** The controller id. (v0+) */
  controllerId: number;
  /** The controller epoch. (v0+) */
  controllerEpoch: number;
  /** The broker epoch. (v5+) */
  brokerEpoch: bigint;
  /** In older versions of this RPC, each partition that we would like to update. (v0-4) */
  ungroupedPartitionStates: UpdateMetadataPartitionState[];
  /** In newer versions of this RPC, each topic that we would like to update. (v5+) */
  topicStates: UpdateMetadataTopicState[];
  liveBrokers: UpdateMetadataBroker[];
}

export interface UpdateMetadataResponse {
  /** The error code, or 0 if there was no error. (v0+) */
  errorCode: number;
}

export const updateMetadata: ApiSchema = {
  apiKey: 6,
  name: "UpdateMetadata",
  request: {
    name: "UpdateMetadataRequest",
    versions: "0-7",
    flexible: "6+",
    fields: [
      { name: "controllerId", type: "int32", versions: "0+" },
      { name: "controllerEpoch", type: "int32", versions: "0+" },
      { name: "brokerEpoch", type: "int64", versions: "5+", default: -1n, ignorable: true },
      { name: "ungroupedPartitionStates", type: "[]struct", versions: "0-4", fields: [
        { name: "topicName", type: "string", versions: "0-4", ignorable: true },
        { name: "partitionIndex", type: "int32", versions: "0+" },
        { name: "controllerEpoch", type: "int32", versions: "0+" },
        { name: "leader", type: "int32", versions: "0+" },
        { name: "leaderEpoch", type: "int32", versions: "0+" },
        { name: "isr", type: "[]int32", versions: "0+" },
        { name: "zkVersion", type: "int32", versions: "0+" },
        { name: "replicas", type: "[]int32", versions: "0+" },
        { name: "offlineReplicas", type: "[]int32", versions: "4+", ignorable: true },
      ] },
      { name: "topicStates", type: "[]struct", versions: "5+", fields: [
        { name: "topicName", type: "string", versions: "5+" },
        { name: "topicId", type: "uuid", versions: "7+", ignorable: true },
        { name: "partitionStates", type: "[]struct", versions: "5+", fields: [
          { name: "topicName", type: "string", versions: "0-4", ignorable: true },
          { name: "partitionIndex", type: "int32", versions: "0+" },
          { name: "controllerEpoch", type: "int32", versions: "0+" },
          { name: "leader", type: "int32", versions: "0+" },
          { name: "leaderEpoch", type: "int32", versions: "0+" },
          { name: "isr", type: "[]int32", versions: "0+" },
          { name: "zkVersion", type: "int32", versions: "0+" },
          { name: "replicas", type: "[]int32", versions: "0+" },
          { name: "offlineReplicas", type: "[]int32", versions: "4+", ignorable: true },
        ] },
      ] },
      { name: "liveBrokers", type: "[]struct", versions: "0+", fields: [
        { name: "id", type: "int32", versions: "0+" },
        { name: "v0Host", type: "string", versions: "0", ignorable: true },
        { name: "v0Port", type: "int32", versions: "0", ignorable: true },
        { name: "endpoints", type: "[]struct", versions: "1+", ignorable: true, fields: [
          { name: "port", type: "int32", versions: "1+" },
          { name: "host", type: "string", versions: "1+" },
          { name: "listener", type: "string", versions: "3+", ignorable: true },
          { name: "securityProtocol", type: "int16", versions: "1+" },
        ] },
        { name: "rack", type: "string", versions: "2+", nullable: "0+", ignorable: true },
      ] },
    ],
  },
  response: {
    name: "UpdateMetadataResponse",
    versions: "0-7",
    flexible: "6+",
    fields: [
      { name: "errorCode", type: "int16", versions: "0+" },
    ],
  },
};
