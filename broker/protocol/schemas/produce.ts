/**
 * Produce (API key 0), versions 0-9, flexible from v9.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (ProduceRequest.json / ProduceResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v9 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** Each partition to produce to. */
export interface PartitionProduceData {
  /** The partition index. (v0+) */
  index: number;
  /** The record data to be produced. (v0+) */
  records: Buffer | null;
}

/** Each topic to produce to. */
export interface TopicProduceData {
  /** The topic name. (v0+) */
  name: string;
  /** Each partition to produce to. (v0+) */
  partitionData: PartitionProduceData[];
}

export interface ProduceRequest {
  /** The transactional ID, or null if the producer is not transactional. (v3+) */
  transactionalId: string | null;
  /** The number of acknowledgments the producer requires the leader to have received before considering a request complete. Allowed values: 0 for no acknowledgments, 1 for only the leader and -1 for the full ISR. (v0+) */
  acks: number;
  /** The timeout to await a response in milliseconds. (v0+) */
  timeoutMs: number;
  /** Each topic to produce to. (v0+) */
  topicData: TopicProduceData[];
}

/** The batch indices of records that caused the batch to be dropped */
export interface BatchIndexAndErrorMessage {
  /** The batch index of the record that cause the batch to be dropped (v8+) */
  batchIndex: number;
  /** The error message of the record that caused the batch to be dropped (v8+) */
  batchIndexErrorMessage: string | null;
}

/** Each partition that we produced to within the topic. */
export interface PartitionProduceResponse {
  /** The partition index. (v0+) */
  index: number;
  /** The error code, or 0 if there was no error. (v0+) */
  errorCode: number;
  /** The base offset. (v0+) */
  baseOffset: bigint;
  /** The timestamp returned by broker after appending the messages. If CreateTime is used for the topic, the timestamp will be -1. If LogAppendTime is used for the topic, the timestamp will be the broker local time when the messages are appended. (v2+) */
  logAppendTimeMs: bigint;
  /** The log start offset. (v5+) */
  logStartOffset: bigint;
  /** The batch indices of records that caused the batch to be dropped (v8+) */
  recordErrors: BatchIndexAndErrorMessage[];
  /** The global error message summarizing the common root cause of the records that caused the batch to be dropped (v8+) */
  errorMessage: string | null;
}

/** Each produce response */
export interface TopicProduceResponse {
  /** The topic name (v0+) */
  name: string;
  /** Each partition that we produced to within the topic. (v0+) */
  partitionResponses: PartitionProduceResponse[];
}

export interface ProduceResponse {
  /** Each produce response (v0+) */
  responses: TopicProduceResponse[];
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v1+) */
  throttleTimeMs: number;
}

export const produce: ApiSchema = {
  apiKey: 0,
  name: "Produce",
  request: {
    name: "ProduceRequest",
    versions: "0-9",
    flexible: "9+",
    fields: [
      { name: "transactionalId", type: "string", versions: "3+", nullable: "3+", default: null },
      { name: "acks", type: "int16", versions: "0+" },
      { name: "timeoutMs", type: "int32", versions: "0+" },
      { name: "topicData", type: "[]struct", versions: "0+", fields: [
        { name: "name", type: "string", versions: "0+" },
        { name: "partitionData", type: "[]struct", versions: "0+", fields: [
          { name: "index", type: "int32", versions: "0+" },
          { name: "records", type: "records", versions: "0+", nullable: "0+" },
        ] },
      ] },
    ],
  },
  response: {
    name: "ProduceResponse",
    versions: "0-9",
    flexible: "9+",
    fields: [
      { name: "responses", type: "[]struct", versions: "0+", fields: [
        { name: "name", type: "string", versions: "0+" },
        { name: "partitionResponses", type: "[]struct", versions: "0+", fields: [
          { name: "index", type: "int32", versions: "0+" },
          { name: "errorCode", type: "int16", versions: "0+" },
          { name: "baseOffset", type: "int64", versions: "0+" },
          { name: "logAppendTimeMs", type: "int64", versions: "2+", default: -1n, ignorable: true },
          { name: "logStartOffset", type: "int64", versions: "5+", default: -1n, ignorable: true },
          { name: "recordErrors", type: "[]struct", versions: "8+", ignorable: true, fields: [
            { name: "batchIndex", type: "int32", versions: "8+" },
            { name: "batchIndexErrorMessage", type: "string", versions: "8+", nullable: "8+", default: null },
          ] },
          { name: "errorMessage", type: "string", versions: "8+", nullable: "8+", default: null, ignorable: true },
        ] },
      ] },
      { name: "throttleTimeMs", type: "int32", versions: "1+", ignorable: true },
    ],
  },
};
