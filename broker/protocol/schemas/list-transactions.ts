/**
 * ListTransactions (API key 66), versions 0-1, flexible from v0.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (ListTransactionsRequest.json / ListTransactionsResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v1 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

export interface ListTransactionsRequest {
  /** The transaction states to filter by: if empty, all transactions are returned; if non-empty, then only transactions matching one of the filtered states will be returned (v0+) */
  stateFilters: string[];
  /** The producerIds to filter by: if empty, all transactions will be returned; if non-empty, only transactions which match one of the filtered producerIds will be returned (v0+) */
  producerIdFilters: bigint[];
  /** Duration (in millis) to filter by: if < 0, all transactions will be returned; otherwise, only transactions running longer than this duration will be returned (v1+) */
  durationFilter: bigint;
}

export interface TransactionState {
  transactionalId: string;
  producerId: bigint;
  /** The current transaction state of the producer (v0+) */
  transactionState: string;
}

export interface ListTransactionsResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v0+) */
  throttleTimeMs: number;
  errorCode: number;
  /** Set of state filters provided in the request which were unknown to the transaction coordinator (v0+) */
  unknownStateFilters: string[];
  transactionStates: TransactionState[];
}

export const listTransactions: ApiSchema = {
  apiKey: 66,
  name: "ListTransactions",
  request: {
    name: "ListTransactionsRequest",
    versions: "0-1",
    flexible: "0+",
    fields: [
      { name: "stateFilters", type: "[]string", versions: "0+" },
      { name: "producerIdFilters", type: "[]int64", versions: "0+" },
      { name: "durationFilter", type: "int64", versions: "1+", default: -1n },
    ],
  },
  response: {
    name: "ListTransactionsResponse",
    versions: "0-1",
    flexible: "0+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "0+" },
      { name: "errorCode", type: "int16", versions: "0+" },
      { name: "unknownStateFilters", type: "[]string", versions: "0+" },
      { name: "transactionStates", type: "[]struct", versions: "0+", fields: [
        { name: "transactionalId", type: "string", versions: "0+" },
        { name: "producerId", type: "int64", versions: "0+" },
        { name: "transactionState", type: "string", versions: "0+" },
      ] },
    ],
  },
};
