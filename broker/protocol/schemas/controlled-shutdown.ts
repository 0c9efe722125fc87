/**
 * ControlledShutdown (API key 7), versions 0-3, flexible from v3.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (ControlledShutdownRequest.json / ControlledShutdownResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v3 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

export interface ControlledShutdownRequest {
  /** The id of the broker for which controlled shutdown has been requested. (v0+) */
  brokerId: number;
  /** The broker epoch. (v2+) */
  brokerEpoch: bigint;
}

/** The partitions that the broker still leads. */
export interface RemainingPartition {
  /** The name of the topic. (v0+) */
  topicName: string;
  /** The index of the partition. (v0+) */
  partitionIndex: number;
}

export interface ControlledShutdownResponse {
  /** The top-level error code. (v0+) */
  errorCode: number;
  /** The partitions that the broker still leads. (v0+) */
  remainingPartitions: RemainingPartition[];
}

export const controlledShutdown: ApiSchema = {
  apiKey: 7,
  name: "ControlledShutdown",
  request: {
    name: "ControlledShutdownRequest",
    versions: "0-3",
    flexible: "3+",
    fields: [
      { name: "brokerId", type: "int32", versions: "0+" },
      { name: "brokerEpoch", type: "int64", versions: "2+", default: -1n, ignorable: true },
    ],
  },
  response: {
    name: "ControlledShutdownResponse",
    versions: "0-3",
    flexible: "3+",
    fields: [
      { name: "errorCode", type: "int16", versions: "0+" },
      { name: "remainingPartitions", type: "[]struct", versions: "0+", fields: [
        { name: "topicName", type: "string", versions: "0+" },
        { name: "partitionIndex", type: "int32", versions: "0+" },
      ] },
    ],
  },
};
