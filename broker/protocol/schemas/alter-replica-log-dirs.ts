/**
 * AlterReplicaLogDirs (API key 34), versions 0-2, flexible from v2.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (AlterReplicaLogDirsRequest.json / AlterReplicaLogDirsResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v2 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** The topics to add to the directory. */
export interface AlterReplicaLogDirTopic {
  /** The topic name. (v0+) */
  name: string;
  /** The partition indexes. (v0+) */
  partitions: number[];
}

/** The alterations to make for each directory. */
export interface AlterReplicaLogDir {
  /** The absolute directory path. (v0+) */
  path: string;
  /** The topics to add to the directory. (v0+) */
  topics: AlterReplicaLogDirTopic[];
}

export interface AlterReplicaLogDirsRequest {
  /** The alterations to make for each directory. (v0+) */
  dirs: AlterReplicaLogDir[];
}

/** The results for each partition. */
export interface AlterReplicaLogDirPartitionResult {
  /** The partition index. (v0+) */
  partitionIndex: number;
  /** The error code, or 0 if there was no error. (v0+) */
  errorCode: number;
}

/** The results for each topic. */
export interface AlterReplicaLogDirTopicResult {
  /** The name of the topic. (v0+) */
  topicName: string;
  /** The results for each partition. (v0+) */
  partitions: AlterReplicaLogDirPartitionResult[];
}

export interface AlterReplicaLogDirsResponse {
  /** Duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v0+) */
  throttleTimeMs: number;
  /** The results for each topic. (v0+) */
  results: AlterReplicaLogDirTopicResult[];
}

export const alterReplicaLogDirs: ApiSchema = {
  apiKey: 34,
  name: "AlterReplicaLogDirs",
  request: {
    name: "AlterReplicaLogDirsRequest",
    versions: "0-2",
    flexible: "2+",
    fields: [
      { name: "dirs", type: "[]struct", versions: "0+", fields: [
        { name: "path", type: "string", versions: "0+" },
        { name: "topics", type: "[]struct", versions: "0+", fields: [
          { name: "name", type: "string", versions: "0+" },
          { name: "partitions", type: "[]int32", versions: "0+" },
        ] },
      ] },
    ],
  },
  response: {
    name: "AlterReplicaLogDirsResponse",
    versions: "0-2",
    flexible: "2+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "0+" },
      { name: "results", type: "[]struct", versions: "0+", fields: [
        { name: "topicName", type: "string", versions: "0+" },
        { name: "partitions", type: "[]struct", versions: "0+", fields: [
          { name: "partitionIndex", type: "int32", versions: "0+" },
          { name: "errorCode", type: "int16", versions: "0+" },
        ] },
      ] },
    ],
  },
};
