/**
 * Compiles a MessageSchema for one version into a flat plan the codec walks without looking at
 * version ranges again: the fields present in wire order, the tagged fields by tag, and the
 * fields absent in that version (filled with defaults on decode). Plans are cached per
 * (message, version), so the per-request cost is the walk itself.
 */
import { inRange, parseVersions, type DefaultValue, type FieldSchema, type MessageSchema } from "./schema.js";
import { ZERO_UUID } from "./wire.js";

export const enum Kind {
  Int8, Int16, Int32, Int64, Uint16, Uint32, Float64, Bool, String, Bytes, Records, Uuid, Struct,
}

const KINDS: Record<string, Kind> = {
  int8: Kind.Int8, int16: Kind.Int16, int32: Kind.Int32, int64: Kind.Int64, uint16: Kind.Uint16,
  uint32: Kind.Uint32, float64: Kind.Float64, bool: Kind.Bool, string: Kind.String, bytes: Kind.Bytes,
  records: Kind.Records, uuid: Kind.Uuid, struct: Kind.Struct,
};

export interface FieldPlan {
  readonly name: string;
  readonly kind: Kind;
  readonly array: boolean;
  readonly nullable: boolean;
  /** -1 when not tagged in this version */
  readonly tag: number;
  /** default of a primitive (or of an array / struct: null when its default is null) */
  readonly def: DefaultValue | undefined;
  readonly sub: StructPlan | null;
}

export interface StructPlan {
  readonly flexible: boolean;
  readonly fields: readonly FieldPlan[];
  readonly tagged: readonly FieldPlan[];
  readonly absent: readonly FieldPlan[];
}

function primitiveDefault(kind: Kind, nullable: boolean, given: DefaultValue | undefined): DefaultValue | undefined {
  if (given !== undefined) return given;
  switch (kind) {
    case Kind.Int64: return 0n;
    case Kind.Bool: return false;
    case Kind.String: return "";
    case Kind.Uuid: return ZERO_UUID;
    case Kind.Bytes: return nullable ? null : undefined; // undefined → a fresh empty Buffer
    case Kind.Records: return null;
    case Kind.Struct: return undefined; // a struct of defaults
    default: return 0;
  }
}

function compileField(f: FieldSchema, version: number, flexible: boolean): { plan: FieldPlan; present: boolean } {
  const array = f.type.startsWith("[]");
  const base = array ? f.type.slice(2) : f.type;
  const kind = KINDS[base];
  if (kind === undefined) throw new Error(`Unknown field type ${f.type} for ${f.name}`);
  const present = inRange(parseVersions(f.versions), version);
  const tagged = flexible && f.tag !== undefined && inRange(parseVersions(f.taggedVersions), version);
  const nullable = inRange(parseVersions(f.nullable), version);
  const sub = kind === Kind.Struct ? compileStruct(f.fields ?? [], version, flexible) : null;
  const def = array ? (f.default === null ? null : undefined) : primitiveDefault(kind, nullable, f.default);
  return { plan: { name: f.name, kind, array, nullable, tag: tagged ? f.tag! : -1, def, sub }, present };
}

export function compileStruct(fields: readonly FieldSchema[], version: number, flexible: boolean): StructPlan {
  const present: FieldPlan[] = [];
  const tagged: FieldPlan[] = [];
  const absent: FieldPlan[] = [];
  for (const f of fields) {
    const { plan, present: isPresent } = compileField(f, version, flexible);
    if (!isPresent) absent.push(plan);
    else if (plan.tag >= 0) tagged.push(plan);
    else present.push(plan);
  }
  tagged.sort((a, b) => a.tag - b.tag);
  return { flexible, fields: present, tagged, absent };
}

const cache = new WeakMap<MessageSchema, (StructPlan | undefined)[]>();

/** The plan of `msg` at `version` (cached). */
export function planFor(msg: MessageSchema, version: number): StructPlan {
  let perVersion = cache.get(msg);
  if (!perVersion) {
    perVersion = [];
    cache.set(msg, perVersion);
  }
  let p = perVersion[version];
  if (!p) {
    p = compileStruct(msg.fields, version, inRange(parseVersions(msg.flexible), version));
    perVersion[version] = p;
  }
  return p;
}
