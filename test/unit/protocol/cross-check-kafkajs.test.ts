// Cross-check against kafkajs 2.2's own response decoders (older, non-flexible versions mostly):
// every response version both of us describe is encoded by our codec and decoded by kafkajs;
// kafkajs names fields its own way, so the check is on values: every leaf value kafkajs reads
// must be one we wrote (sample values are distinct, so a misaligned read shows up as garbage).
import { createRequire } from "node:module";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encodeBody, isFlexible, versionRange } from "../../../broker/protocol/codec.js";
import { planFor, Kind, type FieldPlan, type StructPlan } from "../../../broker/protocol/plan.js";
import { buildRecordBatch } from "../../../broker/protocol/record-set.js";
import { ALL_SCHEMAS } from "../../../broker/protocol/schemas/index.js";

const require = createRequire(import.meta.url);
const REQ = join(import.meta.dirname, "../../../node_modules/kafkajs/src/protocol/requests");

let n = 11;
const RECORDS = buildRecordBatch({ baseOffset: 5n, records: [{ key: "kk", value: "vv", timestamp: 1_700_000_000_000 }] });
function sample(f: FieldPlan): unknown {
  n = (n * 48271) % 2147483647;
  switch (f.kind) {
    case Kind.Int8: return 1 + (n % 100);
    case Kind.Int16: return /errorCode$/i.test(f.name) ? 0 : 1 + (n % 30000);
    case Kind.Int32: return n;
    case Kind.Int64: return BigInt(n) * 3n;
    case Kind.Uint16: return n % 60000;
    case Kind.Uint32: return n;
    case Kind.Float64: return n / 3;
    case Kind.Bool: return true;
    case Kind.String: return `${f.name}${n % 100000}`;
    case Kind.Uuid: return Buffer.from(Array.from({ length: 16 }, (_, i) => (n >> i) & 0xff)).toString("base64url");
    case Kind.Bytes: return Buffer.from(`b${n % 100000}`);
    case Kind.Records: return RECORDS;
    case Kind.Struct: return sampleStruct(f.sub!);
  }
}
function sampleStruct(p: StructPlan): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const f of p.fields) o[f.name] = f.array ? [sample(f), sample(f)] : sample(f);
  return o;
}

function leaves(v: unknown, out: Set<string>, ours = false): Set<string> {
  if (v === null || v === undefined) return out;
  if (Buffer.isBuffer(v)) {
    out.add(v.toString("hex"));
    if (ours) {
      // kafkajs hands SASL auth bytes back with their int32 length prefix
      const len = Buffer.alloc(4);
      len.writeInt32BE(v.length);
      out.add(len.toString("hex") + v.toString("hex"));
    }
  } else if (Array.isArray(v)) v.forEach((x) => leaves(x, out, ours));
  else if (typeof v === "object") {
    if (typeof (v as { toString?: unknown }).toString === "function" && (v as object).constructor?.name === "Long") out.add(String(v));
    else Object.values(v).forEach((x) => leaves(x, out, ours));
  } else out.add(String(v));
  return out;
}

const cases: { api: string; key: number; version: number; file: string }[] = [];
for (const dir of readdirSync(REQ)) {
  const schema = ALL_SCHEMAS.find((s) => s.name[0]!.toLowerCase() + s.name.slice(1) === dir);
  if (!schema) continue;
  const range = versionRange(schema.apiKey)!;
  for (const vdir of readdirSync(join(REQ, dir))) {
    const m = /^v(\d+)$/.exec(vdir);
    if (!m) continue;
    const version = Number(m[1]);
    if (version < range.min || version > range.max) continue;
    cases.push({ api: schema.name, key: schema.apiKey, version, file: join(REQ, dir, vdir, "response.js") });
  }
}

// values kafkajs synthesizes itself (defaults, throttle bookkeeping, decoded record fields)
const SYNTHETIC = new Set(["0", "-1", "false", "true", "", "kk", "vv", "6b6b", "7676", "1700000000000", "5", "2", "[object Object]"]);

describe("kafkajs decodes what we encode", () => {
  it("covers the APIs kafkajs speaks", () => {
    expect(cases.length).toBeGreaterThan(60);
  });
  for (const c of cases) {
    it(`${c.api} v${c.version} response`, async () => {
      type Decoder = { decode(b: Buffer): Promise<unknown> };
      const loaded = require(c.file) as Decoder | ((a: { topics: unknown[] }) => Decoder);
      const mod = typeof loaded === "function" ? loaded({ topics: [] }) : loaded; // DeleteRecords exports a factory
      const msg = ALL_SCHEMAS.find((s) => s.apiKey === c.key)!.response;
      const body = sampleStruct(planFor(msg, c.version));
      // kafkajs's flexible decoders start by reading the response header's tagged fields
      const flexible = isFlexible(c.key, c.version);
      const bytes = Buffer.concat([Buffer.alloc(flexible ? 1 : 0), encodeBody(msg, c.version, body)]);
      const decoded = await mod.decode(bytes);
      const ours = leaves(body, new Set(), true);
      const theirs = leaves(decoded, new Set());
      const foreign = [...theirs].filter((v) => !ours.has(v) && !SYNTHETIC.has(v));
      expect(foreign, JSON.stringify(decoded, (_k, v) => (typeof v === "bigint" ? v.toString() : v)).slice(0, 300)).toEqual([]);
      expect(theirs.size).toBeGreaterThan(0);
    });
  }
});
