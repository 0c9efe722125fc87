/**
 * DescribeLogDirs (API key 35), versions 0-4, flexible from v2.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (DescribeLogDirsRequest.json / DescribeLogDirsResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v4 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** Each topic that we want to describe log directories for, or null for all topics. */
export interface DescribableLogDirTopic {
  /** The topic name (v0+) */
  topic: string;
  /** The partition indexes. (v0+) */
  partitions: number[];
}

export interface DescribeLogDirsRequest {
  /** Each topic that we want to describe log directories for, or null for all topics. (v0+) */
  topics: DescribableLogDirTopic[] | null;
}

export interface DescribeLogDirsPartition {
  /** The partition index. (v0+) */
  partitionIndex: number;
  /** The size of the log segments in this partition in bytes. (v0+) */
  partitionSize: bigint;
  /** The lag of the log's LEO w.r.t. partition's HW (if it is the current log for the partition) or current replica's LEO (if it is the future log for the partition) (v0+) */
  offsetLag: bigint;
  /** True if this log is created by AlterReplicaLogDirsRequest and will replace the current log of the replica in the future. (v0+) */
  isFutureKey: boolean;
}

/** Each topic. */
export interface DescribeLogDirsTopic {
  /** The topic name. (v0+) */
  name: string;
  partitions: DescribeLogDirsPartition[];
}

/** The log directories. */
export interface DescribeLogDirsResult {
  /** The error code, or 0 if there was no error. (v0+) */
  errorCode: number;
  /** The absolute log directory path. (v0+) */
  logDir: string;
  /** Each topic. (v0+) */
  topics: DescribeLogDirsTopic[];
  /** The total size in bytes of the volume the log directory is in. (v4+) */
  totalBytes: bigint;
  /** The usable size in bytes of the volume the log directory is in. (v4+) */
  usableBytes: bigint;
}

export interface DescribeLogDirsResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v0+) */
  throttleTimeMs: number;
  /** The error code, or 0 if there was no error. (v3+) */
  errorCode: number;
  /** The log directories. (v0+) */
  results: DescribeLogDirsResult[];
}

export const describeLogDirs: ApiSchema = {
  apiKey: 35,
  name: "DescribeLogDirs",
  request: {
    name: "DescribeLogDirsRequest",
    versions: "0-4",
    flexible: "2+",
    fields: [
      { name: "topics", type: "[]struct", versions: "0+", nullable: "0+", fields: [
        { name: "topic", type: "string", versions: "0+" },
        { name: "partitions", type: "[]int32", versions: "0+" },
      ] },
    ],
  },
  response: {
    name: "DescribeLogDirsResponse",
    versions: "0-4",
    flexible: "2+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "0+" },
      { name: "errorCode", type: "int16", versions: "3+", ignorable: true },
      { name: "results", type: "[]struct", versions: "0+", fields: [
        { name: "errorCode", type: "int16", versions: "0+" },
        { name: "logDir", type: "string", versions: "0+" },
        { name: "topics", type: "[]struct", versions: "0+", fields: [
          { name: "name", type: "string", versions: "0+" },
          { name: "partitions", type: "[]struct", versions: "0+", fields: [
            { name: "partitionIndex", type: "int32", versions: "0+" },
            { name: "partitionSize", type: "int64", versions: "0+" },
            { name: "offsetLag", type: "int64", versions: "0+" },
            { name: "isFutureKey", type: "bool", versions: "0+" },
          ] },
        ] },
        { name: "totalBytes", type: "int64", versions: "4+", default: -1n, ignorable: true },
        { name: "usableBytes", type: "int64", versions: "4+", default: -1n, ignorable: true },
      ] },
    ],
  },
};
