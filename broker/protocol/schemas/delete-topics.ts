/**
 * DeleteTopics (API key 20), versions 0-6, flexible from v4.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (DeleteTopicsRequest.json / DeleteTopicsResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v6 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** The name or topic ID of the topic */
export interface DeleteTopicState {
  /** The topic name (v6+) */
  name: string | null;
  /** The unique topic ID (v6+) */
  topicId: string;
}

export interface DeleteTopicsRequest {
  /** The name or topic ID of the topic (v6+) */
  topics: DeleteTopicState[];
  /** The names of the topics to delete (v0-5) */
  topicNames: string[];
  /** The length of time in milliseconds to wait for the deletions to complete. (v0+) */
  timeoutMs: number;
}

/** The results for each topic we tried to delete. */
export interface DeletableTopicResult {
  /** The topic name (v0+) */
  name: string | null;
  /** the unique topic ID (v6+) */
  topicId: string;
  /** The deletion error, or 0 if the deletion succeeded. (v0+) */
  errorCode: number;
  /** The error message, or null if there was no error. (v5+) */
  errorMessage: string | null;
}

export interface DeleteTopicsResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v1+) */
  throttleTimeMs: number;
  /** The results for each topic we tried to delete. (v0+) */
  responses: DeletableTopicResult[];
}

export const deleteTopics: ApiSchema = {
  apiKey: 20,
  name: "DeleteTopics",
  request: {
    name: "DeleteTopicsRequest",
    versions: "0-6",
    flexible: "4+",
    fields: [
      { name: "topics", type: "[]struct", versions: "6+", fields: [
        { name: "name", type: "string", versions: "6+", nullable: "6+", default: null },
        { name: "topicId", type: "uuid", versions: "6+" },
      ] },
      { name: "topicNames", type: "[]string", versions: "0-5", ignorable: true },
      { name: "timeoutMs", type: "int32", versions: "0+" },
    ],
  },
  response: {
    name: "DeleteTopicsResponse",
    versions: "0-6",
    flexible: "4+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "1+", ignorable: true },
      { name: "responses", type: "[]struct", versions: "0+", fields: [
        { name: "name", type: "string", versions: "0+", nullable: "6+" },
        { name: "topicId", type: "uuid", versions: "6+", ignorable: true },
        { name: "errorCode", type: "int16", versions: "0+" },
        { name: "errorMessage", type: "string", versions: "5+", nullable: "5+", default: null, ignorable: true },
      ] },
    ],
  },
};
