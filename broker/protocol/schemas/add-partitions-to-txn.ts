/**
 * AddPartitionsToTxn (API key 24), versions 0-3, flexible from v3.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (AddPartitionsToTxnRequest.json / AddPartitionsToTxnResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v3 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** The partitions to add to the transaction. */
export interface AddPartitionsToTxnTopic {
  /** The name of the topic. (v0+) */
  name: string;
  /** The partition indexes to add to the transaction (v0+) */
  partitions: number[];
}

export interface AddPartitionsToTxnRequest {
  /** The transactional id corresponding to the transaction. (v0-3) */
  v3AndBelowTransactionalId: string;
  /** Current producer id in use by the transactional id. (v0-3) */
  v3AndBelowProducerId: bigint;
  /** Current epoch associated with the producer id. (v0-3) */
  v3AndBelowProducerEpoch: number;
  /** The partitions to add to the transaction. (v0-3) */
  v3AndBelowTopics: AddPartitionsToTxnTopic[];
}

/** The results for each partition */
export interface AddPartitionsToTxnPartitionResult {
  /** The partition indexes. (v0+) */
  partitionIndex: number;
  /** The response error code. (v0+) */
  partitionErrorCode: number;
}

/** The results for each topic. */
export interface AddPartitionsToTxnTopicResult {
  /** The topic name. (v0+) */
  name: string;
  /** The results for each partition (v0+) */
  resultsByPartition: AddPartitionsToTxnPartitionResult[];
}

export interface AddPartitionsToTxnResponse {
  /** Duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v0+) */
  throttleTimeMs: number;
  /** The results for each topic. (v0-3) */
  resultsByTopicV3AndBelow: AddPartitionsToTxnTopicResult[];
}

export const addPartitionsToTxn: ApiSchema = {
  apiKey: 24,
  name: "AddPartitionsToTxn",
  request: {
    name: "AddPartitionsToTxnRequest",
    versions: "0-3",
    flexible: "3+",
    fields: [
      { name: "v3AndBelowTransactionalId", type: "string", versions: "0-3" },
      { name: "v3AndBelowProducerId", type: "int64", versions: "0-3" },
      { name: "v3AndBelowProducerEpoch", type: "int16", versions: "0-3" },
      { name: "v3AndBelowTopics", type: "[]struct", versions: "0-3", fields: [
        { name: "name", type: "string", versions: "0+" },
        { name: "partitions", type: "[]int32", versions: "0+" },
      ] },
    ],
  },
  response: {
    name: "AddPartitionsToTxnResponse",
    versions: "0-3",
    flexible: "3+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "0+" },
      { name: "resultsByTopicV3AndBelow", type: "[]struct", versions: "0-3", fields: [
        { name: "name", type: "string", versions: "0+" },
        { name: "resultsByPartition", type: "[]struct", versions: "0+", fields: [
          { name: "partitionIndex", type: "int32", versions: "0+" },
          { name: "partitionErrorCode", type: "int16", versions: "0+" },
        ] },
      ] },
    ],
  },
};
