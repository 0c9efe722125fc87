/**
 * Metadata (API key 3), versions 0-12, flexible from v9.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (MetadataRequest.json / MetadataResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v12 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** The topics to fetch metadata for. */
export interface MetadataRequestTopic {
  /** The topic id. (v10+) */
  topicId: string;
  /** The topic name. (v0+) */
  name: string | null;
}

export interface MetadataRequest {
  /** The topics to fetch metadata for. (v0+) */
  topics: MetadataRequestTopic[] | null;
  /** If this is true, the broker may auto-create topics that we requested which do not already exist, if it is configured to do so. (v4+) */
  allowAutoTopicCreation: boolean;
  /** Whether to include cluster authorized operations. (v8-10) */
  includeClusterAuthorizedOperations: boolean;
  /** Whether to include topic authorized operations. (v8+) */
  includeTopicAuthorizedOperations: boolean;
}

/** A list of brokers present in the cluster. */
export interface MetadataResponseBroker {
  /** The broker ID. (v0+) */
  nodeId: number;
  /** The broker hostname. (v0+) */
  host: string;
  /** The broker port. (v0+) */
  port: number;
  /** The rack of the broker, or null if it has not been assigned to a rack. (v1+) */
  rack: string | null;
}

/** Each partition in the topic. */
export interface MetadataResponsePartition {
  /** The partition error, or 0 if there was no error. (v0+) */
  errorCode: number;
  /** The partition index. (v0+) */
  partitionIndex: number;
  /** The ID of the leader broker. (v0+) */
  leaderId: number;
  /** The leader epoch of this partition. (v7+) */
  leaderEpoch: number;
  /** The set of all nodes that host this partition. (v0+) */
  replicaNodes: number[];
  /** The set of nodes that are in sync with the leader for this partition. (v0+) */
  isrNodes: number[];
  /** The set of offline replicas of this partition. (v5+) */
  offlineReplicas: number[];
}

/** Each topic in the response. */
export interface MetadataResponseTopic {
  /** The topic error, or 0 if there was no error. (v0+) */
  errorCode: number;
  /** The topic name. Null for non-existing topics queried by ID. This is never null when ErrorCode is zero. One of Name and TopicId is always populated. (v0+) */
  name: string | null;
  /** The topic id. Zero for non-existing topics queried by name. This is never zero when ErrorCode is zero. One of Name and TopicId is always populated. (v10+) */
  topicId: string;
  /** True if the topic is internal. (v1+) */
  isInternal: boolean;
  /** Each partition in the topic. (v0+) */
  partitions: MetadataResponsePartition[];
  /** 32-bit bitfield to represent authorized operations for this topic. (v8+) */
  topicAuthorizedOperations: number;
}

export interface MetadataResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v3+) */
  throttleTimeMs: number;
  /** A list of brokers present in the cluster. (v0+) */
  brokers: MetadataResponseBroker[];
  /** The cluster ID that responding broker belongs to. (v2+) */
  clusterId: string | null;
  /** The ID of the controller broker. (v1+) */
  controllerId: number;
  /** Each topic in the response. (v0+) */
  topics: MetadataResponseTopic[];
  /** 32-bit bitfield to represent authorized operations for this cluster. (v8-10) */
  clusterAuthorizedOperations: number;
}

export const metadata: ApiSchema = {
  apiKey: 3,
  name: "Metadata",
  request: {
    name: "MetadataRequest",
    versions: "0-12",
    flexible: "9+",
    fields: [
      { name: "topics", type: "[]struct", versions: "0+", nullable: "1+", fields: [
        { name: "topicId", type: "uuid", versions: "10+", ignorable: true },
        { name: "name", type: "string", versions: "0+", nullable: "10+" },
      ] },
      { name: "allowAutoTopicCreation", type: "bool", versions: "4+", default: true },
      { name: "includeClusterAuthorizedOperations", type: "bool", versions: "8-10" },
      { name: "includeTopicAuthorizedOperations", type: "bool", versions: "8+" },
    ],
  },
  response: {
    name: "MetadataResponse",
    versions: "0-12",
    flexible: "9+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "3+", ignorable: true },
      { name: "brokers", type: "[]struct", versions: "0+", fields: [
        { name: "nodeId", type: "int32", versions: "0+" },
        { name: "host", type: "string", versions: "0+" },
        { name: "port", type: "int32", versions: "0+" },
        { name: "rack", type: "string", versions: "1+", nullable: "1+", default: null, ignorable: true },
      ] },
      { name: "clusterId", type: "string", versions: "2+", nullable: "2+", default: null, ignorable: true },
      { name: "controllerId", type: "int32", versions: "1+", default: -1, ignorable: true },
      { name: "topics", type: "[]struct", versions: "0+", fields: [
        { name: "errorCode", type: "int16", versions: "0+" },
        { name: "name", type: "string", versions: "0+", nullable: "12+" },
        { name: "topicId", type: "uuid", versions: "10+", ignorable: true },
        { name: "isInternal", type: "bool", versions: "1+", ignorable: true },
        { name: "partitions", type: "[]struct", versions: "0+", fields: [
          { name: "errorCode", type: "int16", versions: "0+" },
          { name: "partitionIndex", type: "int32", versions: "0+" },
          { name: "leaderId", type: "int32", versions: "0+" },
          { name: "leaderEpoch", type: "int32", versions: "7+", default: -1, ignorable: true },
          { name: "replicaNodes", type: "[]int32", versions: "0+" },
          { name: "isrNodes", type: "[]int32", versions: "0+" },
          { name: "offlineReplicas", type: "[]int32", versions: "5+", ignorable: true },
        ] },
        { name: "topicAuthorizedOperations", type: "int32", versions: "8+", default: -2147483648 },
      ] },
      { name: "clusterAuthorizedOperations", type: "int32", versions: "8-10", default: -2147483648 },
    ],
  },
};
