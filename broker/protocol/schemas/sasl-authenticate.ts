/**
 * SaslAuthenticate (API key 36), versions 0-2, flexible from v2.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (SaslAuthenticateRequest.json / SaslAuthenticateResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v2 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

export interface SaslAuthenticateRequest {
  /** The SASL authentication bytes from the client, as defined by the SASL mechanism. (v0+) */
  authBytes: Buffer;
}

export interface SaslAuthenticateResponse {
  /** The error code, or 0 if there was no error. (v0+) */
  errorCode: number;
  /** The error message, or null if there was no error. (v0+) */
  errorMessage: string | null;
  /** The SASL authentication bytes from the server, as defined by the SASL mechanism. (v0+) */
  authBytes: Buffer;
  /** Number of milliseconds after which only re-authentication over the existing connection to create a new session can occur. (v1+) */
  sessionLifetimeMs: bigint;
}

export const saslAuthenticate: ApiSchema = {
  apiKey: 36,
  name: "SaslAuthenticate",
  request: {
    name: "SaslAuthenticateRequest",
    versions: "0-2",
    flexible: "2+",
    fields: [
      { name: "authBytes", type: "bytes", versions: "0+" },
    ],
  },
  response: {
    name: "SaslAuthenticateResponse",
    versions: "0-2",
    flexible: "2+",
    fields: [
      { name: "errorCode", type: "int16", versions: "0+" },
      { name: "errorMessage", type: "string", versions: "0+", nullable: "0+" },
      { name: "authBytes", type: "bytes", versions: "0+" },
      { name: "sessionLifetimeMs", type: "int64", versions: "1+", ignorable: true },
    ],
  },
};
