// Every API schema, every version, request and response: a body with a non-default value in every
// field the version carries round-trips through encode → decode unchanged (and through the full
// frame functions: encodeRequest/readRequestHeader/decodeRequest, encodeResponse/decodeResponse).
import { describe, expect, it } from "vitest";
import { planFor, Kind, type StructPlan, type FieldPlan } from "../../../broker/protocol/plan.js";
import {
  allSchemas, decodeBody, decodeRequest, decodeResponse, encodeBody, encodeRequest, encodeResponse,
  readRequestHeader, versionRange,
} from "../../../broker/protocol/codec.js";
import { parseVersions, type MessageSchema } from "../../../broker/protocol/schema.js";

let seed = 1;
function next(): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed;
}

function sampleValue(f: FieldPlan, variant: number): unknown {
  if (f.nullable && variant === 1 && f.kind !== Kind.Struct) return null;
  switch (f.kind) {
    case Kind.Int8: return (next() % 200) - 100;
    case Kind.Int16: return (next() % 60000) - 30000;
    case Kind.Int32: return next() - 1_000_000_000;
    case Kind.Int64: return BigInt(next()) * 1_000_003n - 7n;
    case Kind.Uint16: return next() % 65536;
    case Kind.Uint32: return next() * 2 % 4294967296;
    case Kind.Float64: return next() / 7;
    case Kind.Bool: return true;
    case Kind.String: return `${f.name}-${next() % 1000}-é`;
    case Kind.Uuid: {
      const b = Buffer.alloc(16);
      for (let i = 0; i < 16; i++) b[i] = next() & 0xff;
      return b.toString("base64url");
    }
    case Kind.Bytes: return Buffer.from(`bytes-${f.name}-${next() % 100}`);
    case Kind.Records: return variant === 2 ? Buffer.alloc(3000, 7) : Buffer.from(`records-${next() % 100}`);
    case Kind.Struct: return sampleStruct(f.sub!, variant);
  }
}

function sampleField(f: FieldPlan, variant: number): unknown {
  if (!f.array) return sampleValue(f, variant);
  if (f.nullable && variant === 1) return null;
  return [sampleValue(f, variant), sampleValue(f, variant === 1 ? 0 : variant)];
}

function defaultFor(f: FieldPlan): unknown {
  if (f.array) return f.def === null ? null : [];
  if (f.kind === Kind.Struct) return f.def === null ? null : defaultsOf(f.sub!);
  if (f.kind === Kind.Bytes && f.def === undefined) return Buffer.alloc(0);
  return f.def;
}
function defaultsOf(p: StructPlan): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const f of [...p.fields, ...p.absent, ...p.tagged]) o[f.name] = defaultFor(f);
  return o;
}

function sampleStruct(p: StructPlan, variant: number): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const f of p.fields) o[f.name] = sampleField(f, variant);
  for (const f of p.tagged) o[f.name] = sampleField(f, variant);
  for (const f of p.absent) o[f.name] = defaultFor(f);
  return o;
}

function versionsOf(m: MessageSchema): number[] {
  const r = parseVersions(m.versions);
  const out: number[] = [];
  for (let v = r.min; v <= r.max; v++) out.push(v);
  return out;
}

describe("schema round trips", () => {
  for (const api of allSchemas()) {
    describe(`${api.name} (${api.apiKey})`, () => {
      for (const side of ["request", "response"] as const) {
        const m = api[side];
        it(`${side} v${m.versions} bodies`, () => {
          for (const v of versionsOf(m)) {
            for (const variant of [0, 1, 2]) {
              const body = sampleStruct(planFor(m, v), variant);
              const enc = encodeBody(m, v, body);
              const dec = decodeBody(m, v, enc);
              expect(dec, `${m.name} v${v} variant ${variant}`).toEqual(body);
            }
            // an empty body encodes as all defaults and decodes to the defaults
            expect(decodeBody(m, v, encodeBody(m, v, {}))).toEqual(defaultsOf(planFor(m, v)));
          }
        });
      }
      it("frames (header + body)", () => {
        const r = versionRange(api.apiKey)!;
        for (let v = r.min; v <= r.max; v++) {
          const body = sampleStruct(planFor(api.request, v), 0);
          const frame = encodeRequest(api.apiKey, v, 42 + v, "client-é", body);
          expect(frame.readInt32BE(0)).toBe(frame.length - 4);
          const { header, bodyOffset } = readRequestHeader(frame.subarray(4));
          expect(header).toEqual({ apiKey: api.apiKey, apiVersion: v, correlationId: 42 + v, clientId: api.apiKey === 7 && v === 0 ? null : "client-é" });
          expect(decodeRequest(api.apiKey, v, frame.subarray(4), bodyOffset)).toEqual(body);

          const rbody = sampleStruct(planFor(api.response, v), 2);
          const chunks = encodeResponse(api.apiKey, v, 99, rbody);
          const whole = Buffer.concat(chunks);
          expect(whole.readInt32BE(0)).toBe(whole.length - 4);
          const resp = decodeResponse(api.apiKey, v, whole.subarray(4));
          expect(resp.correlationId).toBe(99);
          expect(resp.body).toEqual(rbody);
        }
      });
    });
  }
});
