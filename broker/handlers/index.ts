/**
 * The request registry and dispatcher: routes each frame to its handler, and computes the
 * ApiVersions answer from what is registered (min/max = handler range ∩ schema range), so
 * ApiVersions advertises exactly what is implemented.
 *
 * Kafka's behaviour for bad requests, reproduced here:
 *   - ApiVersions with a version we do not support → a v0-format response with
 *     UNSUPPORTED_VERSION (35) and our ranges (so the client can retry with a lower version);
 *   - any other unsupported version, or an unknown API key → close the connection (log line);
 *   - a body that does not decode → close the connection (log line).
 * Handler errors never close the connection: they become the API's error response through
 * the handler's errorResponse (one place per API).
 */
import { logger } from "../../common/logger.js";
import { CloseConnection, type ConnectionContext, type Dispatcher, type Response } from "../network/connection.js";
import { apiName } from "../protocol/api-keys.js";
import { decodeRequest, encodeResponse, readRequestHeader, versionRange, type RequestHeader } from "../protocol/codec.js";
import { Errors, KafkaError } from "../protocol/errors.js";
import type { ApiVersion } from "../protocol/schemas/api-versions.js";
import type { BrokerServices } from "../services.js";
import type { Handler, RequestContext } from "./handler.js";
import { HANDLERS } from "./all.js";
import { apiVersionsHandler } from "./api-versions.js";

const log = logger("request-handler");

export class RequestDispatcher implements Dispatcher {
  private readonly handlers = new Map<number, { h: Handler; min: number; max: number }>();
  private readonly versions: ApiVersion[] = [];

  constructor(private readonly broker: BrokerServices, handlers: readonly Handler[] = HANDLERS) {
    for (const h of [...handlers, apiVersionsHandler(() => this.versions) as Handler]) {
      const r = versionRange(h.apiKey);
      if (!r) throw new Error(`No schema for API key ${h.apiKey}`);
      const min = Math.max(h.minVersion, r.min);
      const max = Math.min(h.maxVersion, r.max);
      if (min > max) throw new Error(`Handler for ${apiName(h.apiKey)} supports no described version`);
      this.handlers.set(h.apiKey, { h, min, max });
    }
    for (const k of [...this.handlers.keys()].sort((a, b) => a - b)) {
      const e = this.handlers.get(k)!;
      this.versions.push({ apiKey: k, minVersion: e.min, maxVersion: e.max });
    }
  }

  /** The ApiVersions list (exactly what is registered). */
  apiVersions(): ApiVersion[] {
    return this.versions;
  }

  dispatch(frame: Buffer, conn: ConnectionContext): Response | Promise<Response> {
    let header: RequestHeader;
    let bodyOffset: number;
    try {
      ({ header, bodyOffset } = readRequestHeader(frame));
    } catch (e) {
      throw new CloseConnection(`Error parsing request header: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (header.clientId !== null) conn.clientId = header.clientId;
    const entry = this.handlers.get(header.apiKey);
    if (!entry) {
      throw new CloseConnection(`Unknown API key ${header.apiKey} (apiVersion ${header.apiVersion}, correlationId ${header.correlationId}); not enabled on this listener`);
    }
    const version = header.apiVersion;
    if (version < entry.min || version > entry.max) {
      if (header.apiKey === 18) {
        log.info(`ApiVersions request from ${conn.clientAddress} with unsupported version ${version}; answering with UNSUPPORTED_VERSION and version 0 of the response`);
        return encodeResponse(18, 0, header.correlationId, { errorCode: Errors.UNSUPPORTED_VERSION.code, apiKeys: this.versions, throttleTimeMs: 0 });
      }
      throw new CloseConnection(`Received request for api key ${apiName(header.apiKey)} with unsupported version ${version} (supported: ${entry.min}-${entry.max})`);
    }
    let req: unknown;
    try {
      req = decodeRequest(header.apiKey, version, frame, bodyOffset);
    } catch (e) {
      throw new CloseConnection(`Error getting request for apiKey: ${apiName(header.apiKey)}, apiVersion: ${version}, connectionId: ${conn.id}, listenerName: ${conn.listenerName}, principal: User:ANONYMOUS: ${e instanceof Error ? e.message : String(e)}`);
    }
    const ctx: RequestContext = { header, version, conn, broker: this.broker };
    const h = entry.h;
    const finish = (body: unknown): Response => (body === null ? null : encodeResponse(header.apiKey, version, header.correlationId, body as object));
    const onError = (e: unknown): Response => {
      const code = e instanceof KafkaError ? e.code : Errors.UNKNOWN_SERVER_ERROR.code;
      const msg = e instanceof Error ? e.message : String(e);
      if (e instanceof KafkaError) log.debug(`${apiName(header.apiKey)} from ${conn.clientAddress}: ${e.errorName}: ${msg}`);
      else log.error({ err: e instanceof Error ? e.stack : msg }, `Error when handling request: clientId=${header.clientId}, correlationId=${header.correlationId}, api=${apiName(header.apiKey)}, version=${version}`);
      return finish(h.errorResponse(req, code, msg, ctx));
    };
    try {
      const r = h.handle(req, ctx);
      if (r instanceof Promise) return r.then(finish, onError);
      return finish(r);
    } catch (e) {
      return onError(e);
    }
  }
}
