import { describe, expect, it } from "vitest";
import { RequestDispatcher } from "../../../broker/handlers/index.js";
import { defineHandler } from "../../../broker/handlers/handler.js";
import { CloseConnection, type ConnectionContext } from "../../../broker/network/connection.js";
import { decodeResponse, encodeRequest, versionRange } from "../../../broker/protocol/codec.js";
import { Errors } from "../../../broker/protocol/errors.js";
import type { ApiVersionsResponse } from "../../../broker/protocol/schemas/api-versions.js";
import type { BrokerServices } from "../../../broker/services.js";

const conn: ConnectionContext = { id: "t", clientAddress: "127.0.0.1:1", listenerName: "PLAINTEXT", clientId: "", closed: false };
const noServices = {} as BrokerServices; // the registry itself never touches the subsystems
const saslOnly = defineHandler<unknown, { errorCode: number; mechanisms: string[] }>({
  apiKey: 17, minVersion: 0, maxVersion: 99, handle: () => ({ errorCode: 33, mechanisms: [] }), errorResponse: (_r, errorCode) => ({ errorCode, mechanisms: [] }),
});
const frameOf = (b: Buffer) => b.subarray(4);
const responseFrame = (chunks: Buffer[] | null) => Buffer.concat(chunks!).subarray(4);

describe("request registry", () => {
  it("ApiVersions lists exactly the registered handlers, clamped to the schema table", () => {
    const d = new RequestDispatcher(noServices, [saslOnly]);
    const list = d.apiVersions();
    expect(list.map((v) => v.apiKey)).toEqual([17, 18]);
    expect(list[0]).toEqual({ apiKey: 17, minVersion: 0, maxVersion: versionRange(17)!.max });
  });

  it("answers ApiVersions, and an unsupported ApiVersions version in v0 format with UNSUPPORTED_VERSION", () => {
    const d = new RequestDispatcher(noServices, [saslOnly]);
    const ok = d.dispatch(frameOf(encodeRequest(18, 3, 5, "c", { clientSoftwareName: "a", clientSoftwareVersion: "1" })), conn) as Buffer[];
    const r = decodeResponse<ApiVersionsResponse>(18, 3, responseFrame(ok));
    expect(r.correlationId).toBe(5);
    expect(r.body.apiKeys.map((k) => k.apiKey)).toEqual([17, 18]);
    const f = Buffer.from(frameOf(encodeRequest(18, 3, 6, "c", { clientSoftwareName: "a", clientSoftwareVersion: "1" })));
    f.writeInt16BE(7, 2);
    const bad = decodeResponse<ApiVersionsResponse>(18, 0, responseFrame(d.dispatch(f, conn) as Buffer[]));
    expect(bad.body.errorCode).toBe(Errors.UNSUPPORTED_VERSION.code);
    expect(bad.body.apiKeys.length).toBe(2);
  });

  it("closes the connection for unknown keys, unsupported versions and undecodable bodies", () => {
    const d = new RequestDispatcher(noServices, [saslOnly]);
    const meta = Buffer.from(frameOf(encodeRequest(3, 1, 1, "c", { topics: null })));
    expect(() => d.dispatch(meta, conn)).toThrow(CloseConnection); // Metadata not registered here
    const sasl = Buffer.from(frameOf(encodeRequest(17, 1, 1, "c", { mechanism: "PLAIN" })));
    sasl.writeInt16BE(40, 2);
    expect(() => d.dispatch(sasl, conn)).toThrow(/unsupported version 40/);
    const trunc = frameOf(encodeRequest(17, 1, 1, "c", { mechanism: "PLAIN" })).subarray(0, 14);
    expect(() => d.dispatch(trunc, conn)).toThrow(CloseConnection);
  });
});
