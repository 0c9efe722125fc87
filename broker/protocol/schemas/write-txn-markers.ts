/**
 * WriteTxnMarkers (API key 27), versions 0-1, flexible from v1.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (WriteTxnMarkersRequest.json / WriteTxnMarkersResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v1 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** Each topic that we want to write transaction marker(s) for. */
export interface WritableTxnMarkerTopic {
  /** The topic name. (v0+) */
  name: string;
  /** The indexes of the partitions to write transaction markers for. (v0+) */
  partitionIndexes: number[];
}

/** The transaction markers to be written. */
export interface WritableTxnMarker {
  /** The current producer ID. (v0+) */
  producerId: bigint;
  /** The current epoch associated with the producer ID. (v0+) */
  producerEpoch: number;
  /** The result of the transaction to write to the partitions (false = ABORT, true = COMMIT). (v0+) */
  transactionResult: boolean;
  /** Each topic that we want to write transaction marker(s) for. (v0+) */
  topics: WritableTxnMarkerTopic[];
  /** Epoch associated with the transaction state partition hosted by this transaction coordinator (v0+) */
  coordinatorEpoch: number;
}

export interface WriteTxnMarkersRequest {
  /** The transaction markers to be written. (v0+) */
  markers: WritableTxnMarker[];
}

/** The results by partition. */
export interface WritableTxnMarkerPartitionResult {
  /** The partition index. (v0+) */
  partitionIndex: number;
  /** The error code, or 0 if there was no error. (v0+) */
  errorCode: number;
}

/** The results by topic. */
export interface WritableTxnMarkerTopicResult {
  /** The topic name. (v0+) */
  name: string;
  /** The results by partition. (v0+) */
  partitions: WritableTxnMarkerPartitionResult[];
}

/** The results for writing makers. */
export interface WritableTxnMarkerResult {
  /** The current producer ID in use by the transactional ID. (v0+) */
  producerId: bigint;
  /** The results by topic. (v0+) */
  topics: WritableTxnMarkerTopicResult[];
}

export interface WriteTxnMarkersResponse {
  /** The results for writing makers. (v0+) */
  markers: WritableTxnMarkerResult[];
}

export const writeTxnMarkers: ApiSchema = {
  apiKey: 27,
  name: "WriteTxnMarkers",
  request: {
    name: "WriteTxnMarkersRequest",
    versions: "0-1",
    flexible: "1+",
    fields: [
      { name: "markers", type: "[]struct", versions: "0+", fields: [
        { name: "producerId", type: "int64", versions: "0+" },
        { name: "producerEpoch", type: "int16", versions: "0+" },
        { name: "transactionResult", type: "bool", versions: "0+" },
        { name: "topics", type: "[]struct", versions: "0+", fields: [
          { name: "name", type: "string", versions: "0+" },
          { name: "partitionIndexes", type: "[]int32", versions: "0+" },
        ] },
        { name: "coordinatorEpoch", type: "int32", versions: "0+" },
      ] },
    ],
  },
  response: {
    name: "WriteTxnMarkersResponse",
    versions: "0-1",
    flexible: "1+",
    fields: [
      { name: "markers", type: "[]struct", versions: "0+", fields: [
        { name: "producerId", type: "int64", versions: "0+" },
        { name: "topics", type: "[]struct", versions: "0+", fields: [
          { name: "name", type: "string", versions: "0+" },
          { name: "partitions", type: "[]struct", versions: "0+", fields: [
            { name: "partitionIndex", type: "int32", versions: "0+" },
            { name: "errorCode", type: "int16", versions: "0+" },
          ] },
        ] },
      ] },
    ],
  },
};
