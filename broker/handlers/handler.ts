/**
 * The shape every API handler has: the versions it implements, `handle` (decode is done by the
 * registry: validate → hand to a subsystem → build the response body) and `errorResponse`, the
 * ONE place a thrown error becomes this API's wire answer (Kafka's AbstractRequest.getErrorResponse).
 */
import type { ConnectionContext } from "../network/connection.js";
import type { RequestHeader } from "../protocol/codec.js";
import type { BrokerServices } from "../services.js";

export interface RequestContext {
  header: RequestHeader;
  version: number;
  conn: ConnectionContext;
  broker: BrokerServices;
}

export interface Handler<Req = unknown, Res = unknown> {
  apiKey: number;
  /** versions this handler implements (the registry intersects them with the schema table) */
  minVersion: number;
  maxVersion: number;
  /** null = no response (Produce with acks=0) */
  handle(req: Req, ctx: RequestContext): Res | null | Promise<Res | null>;
  errorResponse(req: Req, errorCode: number, message: string | null, ctx: RequestContext): Res;
}

/** Identity helper that keeps the request/response types of a handler definition. */
export function defineHandler<Req, Res>(h: Handler<Req, Res>): Handler<Req, Res> {
  return h;
}
