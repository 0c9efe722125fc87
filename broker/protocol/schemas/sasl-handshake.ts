/**
 * SaslHandshake (API key 17), versions 0-1, no flexible versions.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (SaslHandshakeRequest.json / SaslHandshakeResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v1 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

export interface SaslHandshakeRequest {
  /** The SASL mechanism chosen by the client. (v0+) */
  mechanism: string;
}

export interface SaslHandshakeResponse {
  /** The error code, or 0 if there was no error. (v0+) */
  errorCode: number;
  /** The mechanisms enabled in the server. (v0+) */
  mechanisms: string[];
}

export const saslHandshake: ApiSchema = {
  apiKey: 17,
  name: "SaslHandshake",
  request: {
    name: "SaslHandshakeRequest",
    versions: "0-1",
    flexible: "none",
    fields: [
      { name: "mechanism", type: "string", versions: "0+" },
    ],
  },
  response: {
    name: "SaslHandshakeResponse",
    versions: "0-1",
    flexible: "none",
    fields: [
      { name: "errorCode", type: "int16", versions: "0+" },
      { name: "mechanisms", type: "[]string", versions: "0+" },
    ],
  },
};
