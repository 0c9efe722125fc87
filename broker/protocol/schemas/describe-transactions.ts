/**
 * DescribeTransactions (API key 65), versions 0-0, flexible from v0.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (DescribeTransactionsRequest.json / DescribeTransactionsResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v0 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

export interface DescribeTransactionsRequest {
  /** Array of transactionalIds to include in describe results. If empty, then no results will be returned. (v0+) */
  transactionalIds: string[];
}

/** The set of partitions included in the current transaction (if active). When a transaction is preparing to commit or abort, this will include only partitions which do not have markers. */
export interface TopicData {
  topic: string;
  partitions: number[];
}

export interface TransactionState {
  errorCode: number;
  transactionalId: string;
  transactionState: string;
  transactionTimeoutMs: number;
  transactionStartTimeMs: bigint;
  producerId: bigint;
  producerEpoch: number;
  /** The set of partitions included in the current transaction (if active). When a transaction is preparing to commit or abort, this will include only partitions which do not have markers. (v0+) */
  topics: TopicData[];
}

export interface DescribeTransactionsResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v0+) */
  throttleTimeMs: number;
  transactionStates: TransactionState[];
}

export const describeTransactions: ApiSchema = {
  apiKey: 65,
  name: "DescribeTransactions",
  request: {
    name: "DescribeTransactionsRequest",
    versions: "0-0",
    flexible: "0+",
    fields: [
      { name: "transactionalIds", type: "[]string", versions: "0+" },
    ],
  },
  response: {
    name: "DescribeTransactionsResponse",
    versions: "0-0",
    flexible: "0+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "0+" },
      { name: "transactionStates", type: "[]struct", versions: "0+", fields: [
        { name: "errorCode", type: "int16", versions: "0+" },
        { name: "transactionalId", type: "string", versions: "0+" },
        { name: "transactionState", type: "string", versions: "0+" },
        { name: "transactionTimeoutMs", type: "int32", versions: "0+" },
        { name: "transactionStartTimeMs", type: "int64", versions: "0+" },
        { name: "producerId", type: "int64", versions: "0+" },
        { name: "producerEpoch", type: "int16", versions: "0+" },
        { name: "topics", type: "[]struct", versions: "0+", fields: [
          { name: "topic", type: "string", versions: "0+" },
          { name: "partitions", type: "[]int32", versions: "0+" },
        ] },
      ] },
    ],
  },
};
