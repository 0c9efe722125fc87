/**
 * The declarative schema table: how we describe one Kafka API (request + response) for every
 * version, as data. One interpreter (codec.ts) reads and writes any message from it.
 *
 * Version ranges use Kafka's notation: "3+" (3 and later), "0-2" (0 to 2), "none".
 *
 *   name            camelCase field name; the key in decoded/encoded bodies
 *   type            int8 int16 int32 int64 uint16 uint32 float64 bool string bytes records uuid
 *                   struct, or an array of one of those: "[]int32", "[]struct", ...
 *   versions        the versions that carry the field; absent in a version → default on decode,
 *                   ignored on encode
 *   nullable        versions in which the field may be null (strings, bytes, records, arrays, structs)
 *   tag / taggedVersions   a tagged field (flexible versions only): written in the tagged-field
 *                   section, only when its value differs from the default
 *   default         value when absent (types' own defaults otherwise: 0, 0n, "", false, [], null
 *                   for records, the zero uuid)
 *   fields          the members of a struct / array of structs
 */

export type PrimitiveType =
  | "int8" | "int16" | "int32" | "int64" | "uint16" | "uint32" | "float64"
  | "bool" | "string" | "bytes" | "records" | "uuid";
export type FieldType = PrimitiveType | "struct" | `[]${PrimitiveType}` | "[]struct";
export type DefaultValue = number | bigint | string | boolean | null;

export interface FieldSchema {
  readonly name: string;
  readonly type: FieldType;
  readonly versions: string;
  readonly nullable?: string;
  readonly tag?: number;
  readonly taggedVersions?: string;
  readonly default?: DefaultValue;
  readonly ignorable?: boolean;
  readonly fields?: readonly FieldSchema[];
}

export interface MessageSchema {
  readonly name: string;
  /** versions this table describes */
  readonly versions: string;
  /** versions that use compact types and tagged fields (and request header v2 / response header v1) */
  readonly flexible: string;
  readonly fields: readonly FieldSchema[];
}

export interface ApiSchema {
  readonly apiKey: number;
  readonly name: string;
  readonly request: MessageSchema;
  readonly response: MessageSchema;
}

export interface VersionRange {
  readonly min: number;
  /** Infinity for an open range ("3+") */
  readonly max: number;
}

const NONE: VersionRange = { min: 1, max: 0 };

/** Parse "3+", "0-2", "5" or "none". */
export function parseVersions(spec: string | undefined): VersionRange {
  if (spec === undefined || spec === "none" || spec === "") return NONE;
  if (spec.endsWith("+")) return { min: Number(spec.slice(0, -1)), max: Infinity };
  const dash = spec.indexOf("-");
  if (dash < 0) {
    const v = Number(spec);
    return { min: v, max: v };
  }
  return { min: Number(spec.slice(0, dash)), max: Number(spec.slice(dash + 1)) };
}

export function inRange(r: VersionRange, v: number): boolean {
  return v >= r.min && v <= r.max;
}

/**
 * A body as handlers may write it for encoding: every field optional (missing → default),
 * recursively. Decoded bodies are the full interfaces.
 */
export type Loose<T> = T extends Buffer
  ? T
  : T extends readonly (infer E)[]
    ? Loose<E>[]
    : T extends object
      ? { [K in keyof T]?: Loose<T[K]> }
      : T;
