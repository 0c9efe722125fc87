/**
 * AddOffsetsToTxn (API key 25), versions 0-3, flexible from v3.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (AddOffsetsToTxnRequest.json / AddOffsetsToTxnResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v3 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

export interface AddOffsetsToTxnRequest {
  /** The transactional id corresponding to the transaction. (v0+) */
  transactionalId: string;
  /** Current producer id in use by the transactional id. (v0+) */
  producerId: bigint;
  /** Current epoch associated with the producer id. (v0+) */
  producerEpoch: number;
  /** The unique group identifier. (v0+) */
  groupId: string;
}

export interface AddOffsetsToTxnResponse {
  /** Duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v0+) */
  throttleTimeMs: number;
  /** The response error code, or 0 if there was no error. (v0+) */
  errorCode: number;
}

export const addOffsetsToTxn: ApiSchema = {
  apiKey: 25,
  name: "AddOffsetsToTxn",
  request: {
    name: "AddOffsetsToTxnRequest",
    versions: "0-3",
    flexible: "3+",
    fields: [
      { name: "transactionalId", type: "string", versions: "0+" },
      { name: "producerId", type: "int64", versions: "0+" },
      { name: "producerEpoch", type: "int16", versions: "0+" },
      { name: "groupId", type: "string", versions: "0+" },
    ],
  },
  response: {
    name: "AddOffsetsToTxnResponse",
    versions: "0-3",
    flexible: "3+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "0+" },
      { name: "errorCode", type: "int16", versions: "0+" },
    ],
  },
};
