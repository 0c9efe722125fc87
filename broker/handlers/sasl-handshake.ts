/** SaslHandshake (17): only PLAINTEXT listeners here, so every mechanism is unsupported. */
import { Errors } from "../protocol/errors.js";
import type { SaslHandshakeRequest, SaslHandshakeResponse } from "../protocol/schemas/sasl-handshake.js";
import { defineHandler } from "./handler.js";

export const saslHandshakeHandler = defineHandler<SaslHandshakeRequest, SaslHandshakeResponse>({
  apiKey: 17,
  minVersion: 0,
  maxVersion: 1,
  handle: () => ({ errorCode: Errors.UNSUPPORTED_SASL_MECHANISM.code, mechanisms: [] }),
  errorResponse: (_req, errorCode) => ({ errorCode, mechanisms: [] }),
});
