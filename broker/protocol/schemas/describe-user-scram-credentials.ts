/**
 * DescribeUserScramCredentials (API key 50), versions 0-0, flexible from v0.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (DescribeUserScramCredentialsRequest.json / DescribeUserScramCredentialsResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v0 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** The users to describe, or null/empty to describe all users. */
export interface UserName {
  /** The user name. (v0+) */
  name: string;
}

export interface DescribeUserScramCredentialsRequest {
  /** The users to describe, or null/empty to describe all users. (v0+) */
  users: UserName[] | null;
}

/** The mechanism and related information associated with the user's SCRAM credentials. */
export interface CredentialInfo {
  /** The SCRAM mechanism. (v0+) */
  mechanism: number;
  /** The number of iterations used in the SCRAM credential. (v0+) */
  iterations: number;
}

/** The results for descriptions, one per user. */
export interface DescribeUserScramCredentialsResult {
  /** The user name. (v0+) */
  user: string;
  /** The user-level error code. (v0+) */
  errorCode: number;
  /** The user-level error message, if any. (v0+) */
  errorMessage: string | null;
  /** The mechanism and related information associated with the user's SCRAM credentials. (v0+) */
  credentialInfos: CredentialInfo[];
}

export interface DescribeUserScramCredentialsResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v0+) */
  throttleTimeMs: number;
  /** The message-level error code, 0 except for user authorization or infrastructure issues. (v0+) */
  errorCode: number;
  /** The message-level error message, if any. (v0+) */
  errorMessage: string | null;
  /** The results for descriptions, one per user. (v0+) */
  results: DescribeUserScramCredentialsResult[];
}

export const describeUserScramCredentials: ApiSchema = {
  apiKey: 50,
  name: "DescribeUserScramCredentials",
  request: {
    name: "DescribeUserScramCredentialsRequest",
    versions: "0-0",
    flexible: "0+",
    fields: [
      { name: "users", type: "[]struct", versions: "0+", nullable: "0+", fields: [
        { name: "name", type: "string", versions: "0+" },
      ] },
    ],
  },
  response: {
    name: "DescribeUserScramCredentialsResponse",
    versions: "0-0",
    flexible: "0+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "0+" },
      { name: "errorCode", type: "int16", versions: "0+" },
      { name: "errorMessage", type: "string", versions: "0+", nullable: "0+" },
      { name: "results", type: "[]struct", versions: "0+", fields: [
        { name: "user", type: "string", versions: "0+" },
        { name: "errorCode", type: "int16", versions: "0+" },
        { name: "errorMessage", type: "string", versions: "0+", nullable: "0+" },
        { name: "credentialInfos", type: "[]struct", versions: "0+", fields: [
          { name: "mechanism", type: "int8", versions: "0+" },
          { name: "iterations", type: "int32", versions: "0+" },
        ] },
      ] },
    ],
  },
};
