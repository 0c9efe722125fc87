/**
 * The Kafka wire codec: one interpreter of the schema table (schemas/*.ts) for every API and
 * version, for requests and responses, both directions.
 *
 * Frames (protocol guide, "Common Request and Response Structure"):
 *
 *   frame            int32 size, then `size` bytes: header + body
 *   request header   v0: apiKey int16, apiVersion int16, correlationId int32
 *                    v1: v0 + clientId (string, nullable; never compact)
 *                    v2: v1 + tagged fields            (flexible versions)
 *                    (v0 only for ControlledShutdown v0)
 *   response header  v0: correlationId int32
 *                    v1: v0 + tagged fields            (flexible versions, EXCEPT ApiVersions,
 *                                                      whose response header is always v0)
 *
 * Bodies are plain objects keyed by the schema's camelCase field names; int64 is bigint, uuid is
 * Kafka's URL-safe base64 string, `records` decode to a zero-copy subarray of the frame (never
 * per-record decoding here), `bytes` decode to a copy. Decoding fills fields a version lacks
 * with defaults; encoding ignores fields a version lacks and writes defaults for missing ones.
 * encodeResponse returns the frame as chunks so big `records` buffers go to the socket uncopied.
 */
import { ApiKey } from "./api-keys.js";
import { planFor, Kind, type FieldPlan, type StructPlan } from "./plan.js";
import { inRange, parseVersions, type ApiSchema, type MessageSchema } from "./schema.js";
import { ALL_SCHEMAS } from "./schemas/index.js";
import { ProtocolError, Reader, Writer } from "./wire.js";

export { ProtocolError } from "./wire.js";
export type { ApiSchema, Loose } from "./schema.js";

export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
}

/** Records at least this big are passed to the socket as their own chunk instead of copied. */
const ZERO_COPY_MIN = 1024;

const SCHEMAS: (ApiSchema | undefined)[] = [];
for (const s of ALL_SCHEMAS) SCHEMAS[s.apiKey] = s;
const FLEX_MIN: number[] = [];
for (const s of ALL_SCHEMAS) {
  const flex = parseVersions(s.request.flexible);
  if (flex.max >= flex.min) FLEX_MIN[s.apiKey] = flex.min; // "none" stays undefined
}

export function schemaFor(apiKey: number): ApiSchema | undefined {
  return apiKey >= 0 ? SCHEMAS[apiKey] : undefined;
}

export function allSchemas(): readonly ApiSchema[] {
  return ALL_SCHEMAS;
}

/** The versions our schema table describes for `apiKey`. */
export function versionRange(apiKey: number): { min: number; max: number } | undefined {
  const s = schemaFor(apiKey);
  if (!s) return undefined;
  const r = parseVersions(s.request.versions);
  return { min: r.min, max: r.max };
}

/**
 * Whether (apiKey, version) uses flexible encoding. Kafka's flexible ranges are open ("9+"), so
 * versions above what we describe count as flexible too: that is how Kafka reads the header of
 * a too-new request (e.g. ApiVersions v4) before answering UNSUPPORTED_VERSION.
 */
export function isFlexible(apiKey: number, version: number): boolean {
  const min = apiKey >= 0 ? FLEX_MIN[apiKey] : undefined;
  return min !== undefined && version >= min;
}

export function requestHeaderVersion(apiKey: number, version: number): number {
  if (apiKey === ApiKey.ControlledShutdown && version === 0) return 0;
  return isFlexible(apiKey, version) ? 2 : 1;
}

export function responseHeaderVersion(apiKey: number, version: number): number {
  if (apiKey === ApiKey.ApiVersions) return 0;
  return isFlexible(apiKey, version) ? 1 : 0;
}

/** `frame` = the bytes after the 4-byte size. Unknown APIs are read with header v1. */
export function readRequestHeader(frame: Buffer): { header: RequestHeader; bodyOffset: number } {
  const r = new Reader(frame);
  const apiKey = r.int16();
  const apiVersion = r.int16();
  const correlationId = r.int32();
  const hv = requestHeaderVersion(apiKey, apiVersion);
  let clientId: string | null = null;
  if (hv >= 1) clientId = r.string(false);
  if (hv >= 2) skipTaggedFields(r);
  return { header: { apiKey, apiVersion, correlationId, clientId }, bodyOffset: r.pos };
}

function messageOf(apiKey: number, version: number, side: "request" | "response"): MessageSchema {
  const s = schemaFor(apiKey);
  if (!s) throw new ProtocolError(`Unknown API key ${apiKey}`);
  const m = s[side];
  if (!inRange(parseVersions(m.versions), version)) {
    throw new ProtocolError(`${s.name} v${version} is not described (versions ${m.versions})`);
  }
  return m;
}

export function decodeRequest<T = unknown>(apiKey: number, version: number, frame: Buffer, bodyOffset: number): T {
  const plan = planFor(messageOf(apiKey, version, "request"), version);
  return readStruct(plan, new Reader(frame, bodyOffset)) as T;
}

/** The complete frame (4-byte size first) as chunks; `records` buffers are not copied. */
export function encodeResponse(apiKey: number, version: number, correlationId: number, body: object): Buffer[] {
  const plan = planFor(messageOf(apiKey, version, "response"), version);
  const w = new Writer(512, ZERO_COPY_MIN);
  w.int32(0); // size, patched below
  w.int32(correlationId);
  if (responseHeaderVersion(apiKey, version) >= 1) w.uvarint(0);
  writeStruct(plan, body as Record<string, unknown>, w);
  const chunks = w.chunks();
  let size = -4;
  for (const c of chunks) size += c.length;
  chunks[0]!.writeInt32BE(size, 0);
  return chunks;
}

/** The complete request frame, 4-byte size first. */
export function encodeRequest(apiKey: number, version: number, correlationId: number, clientId: string | null, body: object): Buffer {
  const plan = planFor(messageOf(apiKey, version, "request"), version);
  const w = new Writer(256);
  w.int32(0);
  w.int16(apiKey);
  w.int16(version);
  w.int32(correlationId);
  const hv = requestHeaderVersion(apiKey, version);
  if (hv >= 1) w.string(clientId, false);
  if (hv >= 2) w.uvarint(0);
  writeStruct(plan, body as Record<string, unknown>, w);
  const out = w.toBuffer();
  out.writeInt32BE(out.length - 4, 0);
  return out;
}

/** `frame` = the bytes after the 4-byte size. */
export function decodeResponse<T = unknown>(apiKey: number, version: number, frame: Buffer): { correlationId: number; body: T } {
  const plan = planFor(messageOf(apiKey, version, "response"), version);
  const r = new Reader(frame);
  const correlationId = r.int32();
  if (responseHeaderVersion(apiKey, version) >= 1) skipTaggedFields(r);
  return { correlationId, body: readStruct(plan, r) as T };
}

/** Encode just a body (no header) — for tests and embedded structures. */
export function encodeBody(msg: MessageSchema, version: number, body: object): Buffer {
  const w = new Writer(256);
  writeStruct(planFor(msg, version), body as Record<string, unknown>, w);
  return w.toBuffer();
}

/** Decode just a body (no header). */
export function decodeBody<T = unknown>(msg: MessageSchema, version: number, buf: Buffer): T {
  return readStruct(planFor(msg, version), new Reader(buf)) as T;
}

// ---- decoding ----

function skipTaggedFields(r: Reader): void {
  const n = r.uvarint();
  for (let i = 0; i < n; i++) {
    r.uvarint();
    r.skip(r.uvarint());
  }
}

function readStruct(p: StructPlan, r: Reader): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const flex = p.flexible;
  const fields = p.fields;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    o[f.name] = f.array ? readArray(f, r, flex) : readValue(f, r, flex);
  }
  const absent = p.absent;
  for (let i = 0; i < absent.length; i++) {
    const f = absent[i]!;
    o[f.name] = defaultOf(f);
  }
  if (flex) {
    const tagged = p.tagged;
    for (let i = 0; i < tagged.length; i++) o[tagged[i]!.name] = defaultOf(tagged[i]!);
    const n = r.uvarint();
    for (let i = 0; i < n; i++) {
      const tag = r.uvarint();
      const size = r.uvarint();
      const f = findTag(tagged, tag);
      if (!f) {
        r.skip(size);
        continue;
      }
      const end = r.pos + size;
      if (end > r.end) throw new ProtocolError(`Tagged field ${tag} overruns the frame`);
      const sub = new Reader(r.buf, r.pos, end);
      o[f.name] = f.array ? readArray(f, sub, true) : readValue(f, sub, true);
      r.pos = end;
    }
  }
  return o;
}

function findTag(tagged: readonly FieldPlan[], tag: number): FieldPlan | undefined {
  for (let i = 0; i < tagged.length; i++) if (tagged[i]!.tag === tag) return tagged[i];
  return undefined;
}

function readArray(f: FieldPlan, r: Reader, flex: boolean): unknown[] | null {
  const n = flex ? r.compactLength() : r.int32();
  if (n < 0) return nullOrThrow(f);
  if (n > r.remaining()) throw new ProtocolError(`Array ${f.name} claims ${n} elements, more than the ${r.remaining()} bytes left`);
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push(readValue(f, r, flex));
  return out;
}

function readValue(f: FieldPlan, r: Reader, flex: boolean): unknown {
  switch (f.kind) {
    case Kind.Int8: return r.int8();
    case Kind.Int16: return r.int16();
    case Kind.Int32: return r.int32();
    case Kind.Int64: return r.int64();
    case Kind.Uint16: return r.uint16();
    case Kind.Uint32: return r.uint32();
    case Kind.Float64: return r.float64();
    case Kind.Bool: return r.bool();
    case Kind.String: {
      const v = r.string(flex);
      return v === null ? nullOrThrow(f) : v;
    }
    case Kind.Uuid: return r.uuid();
    case Kind.Records: {
      const v = r.bytesView(flex);
      return v === null ? nullOrThrow(f) : v;
    }
    case Kind.Bytes: {
      const v = r.bytesView(flex);
      return v === null ? nullOrThrow(f) : Buffer.from(v);
    }
    case Kind.Struct: {
      if (f.nullable && !f.array && r.int8() < 0) return null;
      return readStruct(f.sub!, r);
    }
  }
}

/** Kafka rejects a null in a field that is not nullable in the version (the request is invalid). */
function nullOrThrow(f: FieldPlan): null {
  if (f.nullable) return null;
  throw new ProtocolError(`non-nullable field ${f.name} was serialized as null`);
}

function defaultOf(f: FieldPlan): unknown {
  if (f.array) return f.def === null ? null : [];
  if (f.kind === Kind.Struct) return f.def === null ? null : defaultStruct(f.sub!);
  if (f.kind === Kind.Bytes && f.def === undefined) return Buffer.alloc(0);
  return f.def;
}

function defaultStruct(p: StructPlan): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const f of p.fields) o[f.name] = defaultOf(f);
  for (const f of p.absent) o[f.name] = defaultOf(f);
  for (const f of p.tagged) o[f.name] = defaultOf(f);
  return o;
}

// ---- encoding ----

function writeStruct(p: StructPlan, o: Record<string, unknown>, w: Writer): void {
  const flex = p.flexible;
  const fields = p.fields;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    const v = o[f.name];
    if (f.array) writeArray(f, v, w, flex);
    else writeValue(f, v === undefined ? defaultOf(f) : v, w, flex);
  }
  if (!flex) return;
  const tagged = p.tagged;
  let count = 0;
  for (let i = 0; i < tagged.length; i++) if (!isDefault(tagged[i]!, o[tagged[i]!.name])) count++;
  w.uvarint(count);
  if (count === 0) return;
  for (let i = 0; i < tagged.length; i++) {
    const f = tagged[i]!;
    const v = o[f.name];
    if (isDefault(f, v)) continue;
    const tw = new Writer(64);
    if (f.array) writeArray(f, v, tw, true);
    else writeValue(f, v, tw, true);
    const bytes = tw.toBuffer();
    w.uvarint(f.tag);
    w.uvarint(bytes.length);
    w.raw(bytes);
  }
}

function writeArray(f: FieldPlan, v: unknown, w: Writer, flex: boolean): void {
  if (v === undefined) v = f.def === null ? null : [];
  if (v === null) {
    if (!f.nullable) throw new ProtocolError(`Field ${f.name} is not nullable in this version`);
    if (flex) w.uvarint(0);
    else w.int32(-1);
    return;
  }
  if (!Array.isArray(v)) throw new ProtocolError(`Field ${f.name} must be an array`);
  if (flex) w.uvarint(v.length + 1);
  else w.int32(v.length);
  for (let i = 0; i < v.length; i++) writeValue(f, v[i], w, flex);
}

function writeValue(f: FieldPlan, v: unknown, w: Writer, flex: boolean): void {
  switch (f.kind) {
    case Kind.Int8: w.int8(num(f, v)); return;
    case Kind.Int16: w.int16(num(f, v)); return;
    case Kind.Int32: w.int32(num(f, v)); return;
    case Kind.Uint16: w.uint16(num(f, v)); return;
    case Kind.Uint32: w.uint32(num(f, v)); return;
    case Kind.Float64: w.float64(num(f, v)); return;
    case Kind.Int64: w.int64(typeof v === "bigint" ? v : BigInt(num(f, v))); return;
    case Kind.Bool: w.bool(v === true); return;
    case Kind.String:
      if (v === null && !f.nullable) throw new ProtocolError(`Field ${f.name} is not nullable in this version`);
      w.string(v === null ? null : String(v), flex);
      return;
    case Kind.Uuid:
      w.uuid(typeof v === "string" || Buffer.isBuffer(v) ? v : String(v));
      return;
    case Kind.Bytes:
    case Kind.Records:
      if (v === null || v === undefined) {
        if (!f.nullable && f.kind === Kind.Bytes) { w.bytes(Buffer.alloc(0), flex); return; }
        w.bytes(null, flex);
        return;
      }
      if (!Buffer.isBuffer(v)) {
        if (v instanceof Uint8Array) { w.bytes(Buffer.from(v.buffer, v.byteOffset, v.byteLength), flex); return; }
        throw new ProtocolError(`Field ${f.name} must be a Buffer`);
      }
      w.bytes(v, flex);
      return;
    case Kind.Struct: {
      if (f.nullable && !f.array) {
        if (v === null) { w.int8(-1); return; }
        w.int8(1);
      }
      writeStruct(f.sub!, (v ?? {}) as Record<string, unknown>, w);
      return;
    }
  }
}

function num(f: FieldPlan, v: unknown): number {
  if (typeof v === "number") return v;
  if (v === undefined || v === null) return typeof f.def === "number" ? f.def : 0;
  if (typeof v === "bigint" || typeof v === "boolean") return Number(v);
  throw new ProtocolError(`Field ${f.name} must be a number`);
}

function isDefault(f: FieldPlan, v: unknown): boolean {
  if (v === undefined) return true;
  if (f.array) return f.def === null ? v === null : Array.isArray(v) && v.length === 0;
  switch (f.kind) {
    case Kind.Struct:
      if (v === null) return f.def === null || !f.nullable;
      return isDefaultStruct(f.sub!, v as Record<string, unknown>);
    case Kind.Bytes:
    case Kind.Records:
      if (v === null) return f.def === null || f.def === undefined && f.kind === Kind.Records;
      return f.def !== null && Buffer.isBuffer(v) && v.length === 0;
    case Kind.Int64:
      return BigInt(v as bigint) === f.def;
    default:
      return v === f.def;
  }
}

function isDefaultStruct(p: StructPlan, o: Record<string, unknown>): boolean {
  for (const f of p.fields) if (!isDefault(f, o[f.name])) return false;
  for (const f of p.tagged) if (!isDefault(f, o[f.name])) return false;
  return true;
}
