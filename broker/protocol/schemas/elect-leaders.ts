/**
 * ElectLeaders (API key 43), versions 0-2, flexible from v2.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (ElectLeadersRequest.json / ElectLeadersResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v2 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** The topic partitions to elect leaders. */
export interface TopicPartitions {
  /** The name of a topic. (v0+) */
  topic: string;
  /** The partitions of this topic whose leader should be elected. (v0+) */
  partitions: number[];
}

export interface ElectLeadersRequest {
  /** Type of elections to conduct for the partition. A value of '0' elects the preferred replica. A value of '1' elects the first live replica if there are no in-sync replica. (v1+) */
  electionType: number;
  /** The topic partitions to elect leaders. (v0+) */
  topicPartitions: TopicPartitions[] | null;
  /** The time in ms to wait for the election to complete. (v0+) */
  timeoutMs: number;
}

/** The results for each partition */
export interface PartitionResult {
  /** The partition id (v0+) */
  partitionId: number;
  /** The result error, or zero if there was no error. (v0+) */
  errorCode: number;
  /** The result message, or null if there was no error. (v0+) */
  errorMessage: string | null;
}

/** The election results, or an empty array if the requester did not have permission and the request asks for all partitions. */
export interface ReplicaElectionResult {
  /** The topic name (v0+) */
  topic: string;
  /** The results for each partition (v0+) */
  partitionResult: PartitionResult[];
}

export interface ElectLeadersResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v0+) */
  throttleTimeMs: number;
  /** The top level response error code. (v1+) */
  errorCode: number;
  /** The election results, or an empty array if the requester did not have permission and the request asks for all partitions. (v0+) */
  replicaElectionResults: ReplicaElectionResult[];
}

export const electLeaders: ApiSchema = {
  apiKey: 43,
  name: "ElectLeaders",
  request: {
    name: "ElectLeadersRequest",
    versions: "0-2",
    flexible: "2+",
    fields: [
      { name: "electionType", type: "int8", versions: "1+" },
      { name: "topicPartitions", type: "[]struct", versions: "0+", nullable: "0+", fields: [
        { name: "topic", type: "string", versions: "0+" },
        { name: "partitions", type: "[]int32", versions: "0+" },
      ] },
      { name: "timeoutMs", type: "int32", versions: "0+", default: 60000 },
    ],
  },
  response: {
    name: "ElectLeadersResponse",
    versions: "0-2",
    flexible: "2+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "0+" },
      { name: "errorCode", type: "int16", versions: "1+" },
      { name: "replicaElectionResults", type: "[]struct", versions: "0+", fields: [
        { name: "topic", type: "string", versions: "0+" },
        { name: "partitionResult", type: "[]struct", versions: "0+", fields: [
          { name: "partitionId", type: "int32", versions: "0+" },
          { name: "errorCode", type: "int16", versions: "0+" },
          { name: "errorMessage", type: "string", versions: "0+", nullable: "0+" },
        ] },
      ] },
    ],
  },
};
