/**
 * InitProducerId (API key 22), versions 0-4, flexible from v2.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (InitProducerIdRequest.json / InitProducerIdResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v4 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

export interface InitProducerIdRequest {
  /** The transactional id, or null if the producer is not transactional. (v0+) */
  transactionalId: string | null;
  /** The time in ms to wait before aborting idle transactions sent by this producer. This is only relevant if a TransactionalId has been defined. (v0+) */
  transactionTimeoutMs: number;
  /** The producer id. This is used to disambiguate requests if a transactional id is reused following its expiration. (v3+) */
  producerId: bigint;
  /** The producer's current epoch. This will be checked against the producer epoch on the broker, and the request will return an error if they do not match. (v3+) */
  producerEpoch: number;
}

export interface InitProducerIdResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v0+) */
  throttleTimeMs: number;
  /** The error code, or 0 if there was no error. (v0+) */
  errorCode: number;
  /** The current producer id. (v0+) */
  producerId: bigint;
  /** The current epoch associated with the producer id. (v0+) */
  producerEpoch: number;
}

export const initProducerId: ApiSchema = {
  apiKey: 22,
  name: "InitProducerId",
  request: {
    name: "InitProducerIdRequest",
    versions: "0-4",
    flexible: "2+",
    fields: [
      { name: "transactionalId", type: "string", versions: "0+", nullable: "0+" },
      { name: "transactionTimeoutMs", type: "int32", versions: "0+" },
      { name: "producerId", type: "int64", versions: "3+", default: -1n },
      { name: "producerEpoch", type: "int16", versions: "3+", default: -1 },
    ],
  },
  response: {
    name: "InitProducerIdResponse",
    versions: "0-4",
    flexible: "2+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "0+", ignorable: true },
      { name: "errorCode", type: "int16", versions: "0+" },
      { name: "producerId", type: "int64", versions: "0+", default: -1n },
      { name: "producerEpoch", type: "int16", versions: "0+" },
    ],
  },
};
