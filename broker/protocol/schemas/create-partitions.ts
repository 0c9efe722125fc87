/**
 * CreatePartitions (API key 37), versions 0-3, flexible from v2.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (CreatePartitionsRequest.json / CreatePartitionsResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v3 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** The new partition assignments. */
export interface CreatePartitionsAssignment {
  /** The assigned broker IDs. (v0+) */
  brokerIds: number[];
}

/** Each topic that we want to create new partitions inside. */
export interface CreatePartitionsTopic {
  /** The topic name. (v0+) */
  name: string;
  /** The new partition count. (v0+) */
  count: number;
  /** The new partition assignments. (v0+) */
  assignments: CreatePartitionsAssignment[] | null;
}

export interface CreatePartitionsRequest {
  /** Each topic that we want to create new partitions inside. (v0+) */
  topics: CreatePartitionsTopic[];
  /** The time in ms to wait for the partitions to be created. (v0+) */
  timeoutMs: number;
  /** If true, then validate the request, but don't actually increase the number of partitions. (v0+) */
  validateOnly: boolean;
}

/** The partition creation results for each topic. */
export interface CreatePartitionsTopicResult {
  /** The topic name. (v0+) */
  name: string;
  /** The result error, or zero if there was no error. (v0+) */
  errorCode: number;
  /** The result message, or null if there was no error. (v0+) */
  errorMessage: string | null;
}

export interface CreatePartitionsResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v0+) */
  throttleTimeMs: number;
  /** The partition creation results for each topic. (v0+) */
  results: CreatePartitionsTopicResult[];
}

export const createPartitions: ApiSchema = {
  apiKey: 37,
  name: "CreatePartitions",
  request: {
    name: "CreatePartitionsRequest",
    versions: "0-3",
    flexible: "2+",
    fields: [
      { name: "topics", type: "[]struct", versions: "0+", fields: [
        { name: "name", type: "string", versions: "0+" },
        { name: "count", type: "int32", versions: "0+" },
        { name: "assignments", type: "[]struct", versions: "0+", nullable: "0+", fields: [
          { name: "brokerIds", type: "[]int32", versions: "0+" },
        ] },
      ] },
      { name: "timeoutMs", type: "int32", versions: "0+" },
      { name: "validateOnly", type: "bool", versions: "0+" },
    ],
  },
  response: {
    name: "CreatePartitionsResponse",
    versions: "0-3",
    flexible: "2+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "0+" },
      { name: "results", type: "[]struct", versions: "0+", fields: [
        { name: "name", type: "string", versions: "0+" },
        { name: "errorCode", type: "int16", versions: "0+" },
        { name: "errorMessage", type: "string", versions: "0+", nullable: "0+", default: null },
      ] },
    ],
  },
};
