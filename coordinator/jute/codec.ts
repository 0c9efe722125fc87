/**
 * Jute, ZooKeeper's serialization, as the wire and the txn log use it (all big-endian):
 *   int      4 bytes, signed
 *   long     8 bytes, signed (decoded as bigint; numbers or bigints accepted on write)
 *   boolean  1 byte (0 or 1)
 *   buffer   int length (-1 = null) + bytes
 *   ustring  int length (-1 = null) + UTF-8 bytes (null decodes as "")
 *   vector   int count (-1 = null) + elements (null decodes as [])
 *   record   its fields in order, no framing
 * Records are described once, as data (see records.ts); `record()` compiles a definition into
 * a reader and a writer, so the whole protocol goes through this one interpreter.
 */

export type Prim = "int" | "long" | "boolean" | "buffer" | "ustring";
export interface VectorType { readonly vector: FieldType }
export type FieldType = Prim | VectorType | RecordDef<readonly Field[]>;
export type Field = readonly [name: string, type: FieldType];

type DecodedOf<T> = T extends "int" ? number
  : T extends "long" ? bigint
  : T extends "boolean" ? boolean
  : T extends "buffer" ? Buffer | null
  : T extends "ustring" ? string
  : T extends { readonly vector: infer E } ? DecodedOf<E>[]
  : T extends RecordDef<infer F> ? DecodedFields<F>
  : never;
type EncodableOf<T> = T extends "int" ? number
  : T extends "long" ? bigint | number
  : T extends "boolean" ? boolean
  : T extends "buffer" ? Buffer | Uint8Array | null
  : T extends "ustring" ? string | null
  : T extends { readonly vector: infer E } ? readonly EncodableOf<E>[] | null
  : T extends RecordDef<infer F> ? EncodableFields<F>
  : never;
type DecodedFields<F extends readonly Field[]> = { -readonly [K in F[number] as K[0]]: DecodedOf<K[1]> };
type EncodableFields<F extends readonly Field[]> = { [K in F[number] as K[0]]: EncodableOf<K[1]> };

export type Decoded<D> = D extends RecordDef<infer F> ? DecodedFields<F> : never;
export type Encodable<D> = D extends RecordDef<infer F> ? EncodableFields<F> : never;

/** Thrown when bytes do not parse as the expected record (ZooKeeper: MARSHALLINGERROR / close). */
export class JuteError extends Error {
  override name = "JuteError";
}

const TWO32 = 4294967296;

export class JuteReader {
  pos: number;
  constructor(readonly buf: Buffer, start = 0, readonly end = buf.length) {
    this.pos = start;
  }
  private need(n: number): void {
    if (this.pos + n > this.end) throw new JuteError(`record truncated: need ${n} bytes at ${this.pos}, have ${this.end - this.pos}`);
  }
  remaining(): number {
    return this.end - this.pos;
  }
  int(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  long(): bigint {
    this.need(8);
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return v;
  }
  /** A long that is known to fit in a double (zxids, times). */
  longNumber(): number {
    this.need(8);
    const hi = this.buf.readInt32BE(this.pos);
    const lo = this.buf.readUInt32BE(this.pos + 4);
    this.pos += 8;
    return hi * TWO32 + lo;
  }
  boolean(): boolean {
    this.need(1);
    return this.buf[this.pos++] !== 0;
  }
  buffer(): Buffer | null {
    const len = this.int();
    if (len < 0) return null;
    this.need(len);
    const b = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return b;
  }
  ustring(): string {
    const len = this.int();
    if (len < 0) return "";
    this.need(len);
    const s = this.buf.toString("utf8", this.pos, this.pos + len);
    this.pos += len;
    return s;
  }
}

export class JuteWriter {
  buf: Buffer;
  pos = 0;
  constructor(size = 1024) {
    this.buf = Buffer.allocUnsafe(size);
  }
  reset(): this {
    this.pos = 0;
    return this;
  }
  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const nb = Buffer.allocUnsafe(size);
    this.buf.copy(nb, 0, 0, this.pos);
    this.buf = nb;
  }
  int(v: number): void {
    this.ensure(4);
    this.buf.writeInt32BE(v | 0, this.pos);
    this.pos += 4;
  }
  long(v: bigint | number): void {
    this.ensure(8);
    if (typeof v === "bigint") {
      this.buf.writeBigInt64BE(v, this.pos);
    } else {
      const hi = Math.floor(v / TWO32);
      this.buf.writeInt32BE(hi | 0, this.pos);
      this.buf.writeUInt32BE((v - hi * TWO32) >>> 0, this.pos + 4);
    }
    this.pos += 8;
  }
  boolean(v: boolean): void {
    this.ensure(1);
    this.buf[this.pos++] = v ? 1 : 0;
  }
  buffer(v: Buffer | Uint8Array | null): void {
    if (v == null) return this.int(-1);
    this.int(v.length);
    this.ensure(v.length);
    this.buf.set(v, this.pos);
    this.pos += v.length;
  }
  ustring(v: string | null): void {
    if (v == null) return this.int(-1);
    const max = v.length * 3;
    this.ensure(4 + max);
    const n = this.buf.write(v, this.pos + 4, "utf8");
    this.buf.writeInt32BE(n, this.pos);
    this.pos += 4 + n;
  }
  raw(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
  /** A copy of what was written since `from`. */
  bytes(from = 0): Buffer {
    return Buffer.from(this.buf.subarray(from, this.pos));
  }
  /** Start a length-prefixed frame; returns the offset to pass to endFrame. */
  beginFrame(): number {
    const at = this.pos;
    this.int(0);
    return at;
  }
  endFrame(at: number): void {
    this.buf.writeInt32BE(this.pos - at - 4, at);
  }
}

type Reader = (r: JuteReader) => unknown;


export interface RecordDef<F extends readonly Field[]> {
  readonly name: string;
  readonly fields: F;
  read(r: JuteReader): DecodedFields<F>;
  write(w: JuteWriter, v: EncodableFields<F>): void;
}

function readerFor(t: FieldType): Reader {
  switch (t) {
    case "int": return (r) => r.int();
    case "long": return (r) => r.long();
    case "boolean": return (r) => r.boolean();
    case "buffer": return (r) => r.buffer();
    case "ustring": return (r) => r.ustring();
  }
  if ("vector" in t) {
    const el = readerFor(t.vector);
    return (r) => {
      const n = r.int();
      if (n < 0) return [];
      if (n > r.remaining()) throw new JuteError(`vector count ${n} exceeds remaining bytes`);
      const out: unknown[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = el(r);
      return out;
    };
  }
  return (r) => t.read(r);
}

function writerFor(t: FieldType): (w: JuteWriter, v: unknown) => void {
  switch (t) {
    case "int": return (w, v) => w.int(v as number);
    case "long": return (w, v) => w.long(v as bigint | number);
    case "boolean": return (w, v) => w.boolean(v as boolean);
    case "buffer": return (w, v) => w.buffer(v as Buffer | null);
    case "ustring": return (w, v) => w.ustring(v as string | null);
  }
  if ("vector" in t) {
    const el = writerFor(t.vector);
    return (w, v) => {
      const arr = v as readonly unknown[] | null;
      if (arr == null) return w.int(-1);
      w.int(arr.length);
      for (const e of arr) el(w, e);
    };
  }
  return (w, v) => t.write(w, v as never);
}

/** Define a jute record: its fields, in wire order. */
export function record<const F extends readonly Field[]>(name: string, fields: F): RecordDef<F> {
  const names = fields.map((f) => f[0]);
  const readers = fields.map((f) => readerFor(f[1]));
  const writers = fields.map((f) => writerFor(f[1]));
  const n = fields.length;
  return {
    name,
    fields,
    read(r) {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) out[names[i]!] = readers[i]!(r);
      return out as DecodedFields<F>;
    },
    write(w, v) {
      const o = v as Record<string, unknown>;
      for (let i = 0; i < n; i++) writers[i]!(w, o[names[i]!]);
    },
  };
}

export function vector<T extends FieldType>(of: T): { readonly vector: T } {
  return { vector: of };
}

/** Serialize one record into a fresh Buffer. */
export function serialize<F extends readonly Field[]>(def: RecordDef<F>, v: EncodableFields<F>): Buffer {
  const w = new JuteWriter(256);
  def.write(w, v);
  return w.bytes();
}

/** Parse one record from a Buffer (throws JuteError if truncated). */
export function deserialize<F extends readonly Field[]>(def: RecordDef<F>, b: Buffer): DecodedFields<F> {
  return def.read(new JuteReader(b));
}


