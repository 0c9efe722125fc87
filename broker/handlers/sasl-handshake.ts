/**
 * SaslHandshake (17) and SaslAuthenticate (36). Every listener here is PLAINTEXT, so a SASL
 * request reaches the request handlers as on a Kafka PLAINTEXT listener, and Kafka's KafkaApis
 * answers ILLEGAL_SASL_STATE (34) with no mechanisms; so do we.
 */
import { Errors } from "../protocol/errors.js";
import type { SaslAuthenticateRequest, SaslAuthenticateResponse } from "../protocol/schemas/sasl-authenticate.js";
import type { SaslHandshakeRequest, SaslHandshakeResponse } from "../protocol/schemas/sasl-handshake.js";
import { defineHandler } from "./handler.js";

export const saslHandshakeHandler = defineHandler<SaslHandshakeRequest, SaslHandshakeResponse>({
  apiKey: 17,
  minVersion: 0,
  maxVersion: 1,
  handle: () => ({ errorCode: Errors.ILLEGAL_SASL_STATE.code, mechanisms: [] }),
  errorResponse: (_req, errorCode) => ({ errorCode, mechanisms: [] }),
});

export const saslAuthenticateHandler = defineHandler<SaslAuthenticateRequest, SaslAuthenticateResponse>({
  apiKey: 36,
  minVersion: 0,
  maxVersion: 2,
  handle: () => ({ errorCode: Errors.ILLEGAL_SASL_STATE.code, errorMessage: "SaslAuthenticate request received after successful authentication", authBytes: Buffer.alloc(0), sessionLifetimeMs: 0n }),
  errorResponse: (_req, errorCode, message) => ({ errorCode, errorMessage: message, authBytes: Buffer.alloc(0), sessionLifetimeMs: 0n }),
});
