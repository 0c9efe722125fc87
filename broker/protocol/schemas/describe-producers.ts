/**
 * DescribeProducers (API key 61), versions 0-0, flexible from v0.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (DescribeProducersRequest.json / DescribeProducersResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v0 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

export interface TopicRequest {
  /** The topic name. (v0+) */
  name: string;
  /** The indexes of the partitions to list producers for. (v0+) */
  partitionIndexes: number[];
}

export interface DescribeProducersRequest {
  topics: TopicRequest[];
}

export interface ProducerState {
  producerId: bigint;
  producerEpoch: number;
  lastSequence: number;
  lastTimestamp: bigint;
  coordinatorEpoch: number;
  currentTxnStartOffset: bigint;
}

/** Each partition in the response. */
export interface PartitionResponse {
  /** The partition index. (v0+) */
  partitionIndex: number;
  /** The partition error code, or 0 if there was no error. (v0+) */
  errorCode: number;
  /** The partition error message, which may be null if no additional details are available (v0+) */
  errorMessage: string | null;
  activeProducers: ProducerState[];
}

/** Each topic in the response. */
export interface TopicResponse {
  /** The topic name (v0+) */
  name: string;
  /** Each partition in the response. (v0+) */
  partitions: PartitionResponse[];
}

export interface DescribeProducersResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v0+) */
  throttleTimeMs: number;
  /** Each topic in the response. (v0+) */
  topics: TopicResponse[];
}

export const describeProducers: ApiSchema = {
  apiKey: 61,
  name: "DescribeProducers",
  request: {
    name: "DescribeProducersRequest",
    versions: "0-0",
    flexible: "0+",
    fields: [
      { name: "topics", type: "[]struct", versions: "0+", fields: [
        { name: "name", type: "string", versions: "0+" },
        { name: "partitionIndexes", type: "[]int32", versions: "0+" },
      ] },
    ],
  },
  response: {
    name: "DescribeProducersResponse",
    versions: "0-0",
    flexible: "0+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "0+" },
      { name: "topics", type: "[]struct", versions: "0+", fields: [
        { name: "name", type: "string", versions: "0+" },
        { name: "partitions", type: "[]struct", versions: "0+", fields: [
          { name: "partitionIndex", type: "int32", versions: "0+" },
          { name: "errorCode", type: "int16", versions: "0+" },
          { name: "errorMessage", type: "string", versions: "0+", nullable: "0+", default: null },
          { name: "activeProducers", type: "[]struct", versions: "0+", fields: [
            { name: "producerId", type: "int64", versions: "0+" },
            { name: "producerEpoch", type: "int32", versions: "0+" },
            { name: "lastSequence", type: "int32", versions: "0+", default: -1 },
            { name: "lastTimestamp", type: "int64", versions: "0+", default: -1n },
            { name: "coordinatorEpoch", type: "int32", versions: "0+" },
            { name: "currentTxnStartOffset", type: "int64", versions: "0+", default: -1n },
          ] },
        ] },
      ] },
    ],
  },
};
