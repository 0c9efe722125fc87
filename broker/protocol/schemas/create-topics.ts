/**
 * CreateTopics (API key 19), versions 0-7, flexible from v5.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (CreateTopicsRequest.json / CreateTopicsResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v7 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** The manual partition assignment, or the empty array if we are using automatic assignment. */
export interface CreatableReplicaAssignment {
  /** The partition index. (v0+) */
  partitionIndex: number;
  /** The brokers to place the partition on. (v0+) */
  brokerIds: number[];
}

/** The custom topic configurations to set. */
export interface CreatableTopicConfig {
  /** The configuration name. (v0+) */
  name: string;
  /** The configuration value. (v0+) */
  value: string | null;
}

/** The topics to create. */
export interface CreatableTopic {
  /** The topic name. (v0+) */
  name: string;
  /** The number of partitions to create in the topic, or -1 if we are either specifying a manual partition assignment or using the default partitions. (v0+) */
  numPartitions: number;
  /** The number of replicas to create for each partition in the topic, or -1 if we are either specifying a manual partition assignment or using the default replication factor. (v0+) */
  replicationFactor: number;
  /** The manual partition assignment, or the empty array if we are using automatic assignment. (v0+) */
  assignments: CreatableReplicaAssignment[];
  /** The custom topic configurations to set. (v0+) */
  configs: CreatableTopicConfig[];
}

export interface CreateTopicsRequest {
  /** The topics to create. (v0+) */
  topics: CreatableTopic[];
  /** How long to wait in milliseconds before timing out the request. (v0+) */
  timeoutMs: number;
  /** If true, check that the topics can be created as specified, but don't create anything. (v1+) */
  validateOnly: boolean;
}

/** Configuration of the topic. */
export interface CreatableTopicConfigs {
  /** The configuration name. (v5+) */
  name: string;
  /** The configuration value. (v5+) */
  value: string | null;
  /** True if the configuration is read-only. (v5+) */
  readOnly: boolean;
  /** The configuration source. (v5+) */
  configSource: number;
  /** True if this configuration is sensitive. (v5+) */
  isSensitive: boolean;
}

/** Results for each topic we tried to create. */
export interface CreatableTopicResult {
  /** The topic name. (v0+) */
  name: string;
  /** The unique topic ID (v7+) */
  topicId: string;
  /** The error code, or 0 if there was no error. (v0+) */
  errorCode: number;
  /** The error message, or null if there was no error. (v1+) */
  errorMessage: string | null;
  /** Optional topic config error returned if configs are not returned in the response. (v5+, tagged 0) */
  topicConfigErrorCode: number;
  /** Number of partitions of the topic. (v5+) */
  numPartitions: number;
  /** Replication factor of the topic. (v5+) */
  replicationFactor: number;
  /** Configuration of the topic. (v5+) */
  configs: CreatableTopicConfigs[] | null;
}

export interface CreateTopicsResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v2+) */
  throttleTimeMs: number;
  /** Results for each topic we tried to create. (v0+) */
  topics: CreatableTopicResult[];
}

export const createTopics: ApiSchema = {
  apiKey: 19,
  name: "CreateTopics",
  request: {
    name: "CreateTopicsRequest",
    versions: "0-7",
    flexible: "5+",
    fields: [
      { name: "topics", type: "[]struct", versions: "0+", fields: [
        { name: "name", type: "string", versions: "0+" },
        { name: "numPartitions", type: "int32", versions: "0+" },
        { name: "replicationFactor", type: "int16", versions: "0+" },
        { name: "assignments", type: "[]struct", versions: "0+", fields: [
          { name: "partitionIndex", type: "int32", versions: "0+" },
          { name: "brokerIds", type: "[]int32", versions: "0+" },
        ] },
        { name: "configs", type: "[]struct", versions: "0+", fields: [
          { name: "name", type: "string", versions: "0+" },
          { name: "value", type: "string", versions: "0+", nullable: "0+" },
        ] },
      ] },
      { name: "timeoutMs", type: "int32", versions: "0+", default: 60000 },
      { name: "validateOnly", type: "bool", versions: "1+" },
    ],
  },
  response: {
    name: "CreateTopicsResponse",
    versions: "0-7",
    flexible: "5+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "2+", ignorable: true },
      { name: "topics", type: "[]struct", versions: "0+", fields: [
        { name: "name", type: "string", versions: "0+" },
        { name: "topicId", type: "uuid", versions: "7+", ignorable: true },
        { name: "errorCode", type: "int16", versions: "0+" },
        { name: "errorMessage", type: "string", versions: "1+", nullable: "0+", ignorable: true },
        { name: "topicConfigErrorCode", type: "int16", versions: "5+", tag: 0, taggedVersions: "5+", ignorable: true },
        { name: "numPartitions", type: "int32", versions: "5+", default: -1, ignorable: true },
        { name: "replicationFactor", type: "int16", versions: "5+", default: -1, ignorable: true },
        { name: "configs", type: "[]struct", versions: "5+", nullable: "5+", ignorable: true, fields: [
          { name: "name", type: "string", versions: "5+" },
          { name: "value", type: "string", versions: "5+", nullable: "5+" },
          { name: "readOnly", type: "bool", versions: "5+" },
          { name: "configSource", type: "int8", versions: "5+", default: -1, ignorable: true },
          { name: "isSensitive", type: "bool", versions: "5+" },
        ] },
      ] },
    ],
  },
};
