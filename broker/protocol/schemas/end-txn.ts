/**
 * EndTxn (API key 26), versions 0-3, flexible from v3.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (EndTxnRequest.json / EndTxnResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v3 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

export interface EndTxnRequest {
  /** The ID of the transaction to end. (v0+) */
  transactionalId: string;
  /** The producer ID. (v0+) */
  producerId: bigint;
  /** The current epoch associated with the producer. (v0+) */
  producerEpoch: number;
  /** True if the transaction was committed, false if it was aborted. (v0+) */
  committed: boolean;
}

export interface EndTxnResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v0+) */
  throttleTimeMs: number;
  /** The error code, or 0 if there was no error. (v0+) */
  errorCode: number;
}

export const endTxn: ApiSchema = {
  apiKey: 26,
  name: "EndTxn",
  request: {
    name: "EndTxnRequest",
    versions: "0-3",
    flexible: "3+",
    fields: [
      { name: "transactionalId", type: "string", versions: "0+" },
      { name: "producerId", type: "int64", versions: "0+" },
      { name: "producerEpoch", type: "int16", versions: "0+" },
      { name: "committed", type: "bool", versions: "0+" },
    ],
  },
  response: {
    name: "EndTxnResponse",
    versions: "0-3",
    flexible: "3+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "0+" },
      { name: "errorCode", type: "int16", versions: "0+" },
    ],
  },
};
