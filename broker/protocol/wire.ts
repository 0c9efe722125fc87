/**
 * Kafka's primitive wire types (big-endian), as the protocol guide defines them:
 *
 *   int8/16/32/64, uint16, uint32   fixed width, two's complement / unsigned
 *   float64                         IEEE 754 double
 *   bool                            int8, 0 = false
 *   uuid                            16 bytes (shown as Kafka does: URL-safe base64, no padding)
 *   unsigned varint                 7 bits per byte, low group first, high bit = more follows
 *   string                          int16 length N, then N bytes UTF-8; N = -1 is null
 *   compact string                  unsigned varint N+1, then N bytes; 0 is null
 *   bytes / records                 int32 length N, then N bytes; -1 is null
 *   compact bytes / records         unsigned varint N+1, then N bytes; 0 is null
 *   array                           int32 count N (-1 null), then N elements
 *   compact array                   unsigned varint N+1 (0 null), then N elements
 *   tagged fields (flexible only)   unsigned varint count, then per field: uvarint tag,
 *                                   uvarint size, size bytes; tags in ascending order
 *
 * Reader and Writer below do exactly these, with bounds checks on every length read from the
 * wire (a malformed frame raises ProtocolError, never reads past the frame).
 */

export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProtocolError";
  }
}

export class Reader {
  pos: number;
  end: number;
  constructor(readonly buf: Buffer, pos = 0, end = buf.length) {
    this.pos = pos;
    this.end = end;
  }

  private need(n: number): number {
    const p = this.pos;
    if (n < 0 || p + n > this.end) throw new ProtocolError(`Truncated or malformed data: need ${n} bytes at ${p}, frame ends at ${this.end}`);
    this.pos = p + n;
    return p;
  }
  remaining(): number {
    return this.end - this.pos;
  }
  int8(): number { return this.buf.readInt8(this.need(1)); }
  int16(): number { return this.buf.readInt16BE(this.need(2)); }
  int32(): number { return this.buf.readInt32BE(this.need(4)); }
  uint16(): number { return this.buf.readUInt16BE(this.need(2)); }
  uint32(): number { return this.buf.readUInt32BE(this.need(4)); }
  int64(): bigint { return this.buf.readBigInt64BE(this.need(8)); }
  float64(): number { return this.buf.readDoubleBE(this.need(8)); }
  bool(): boolean { return this.buf[this.need(1)] !== 0; }

  uvarint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.end) throw new ProtocolError("Truncated varint");
      const b = this.buf[this.pos++]!;
      if (shift < 28) result |= (b & 0x7f) << shift;
      else result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 35) throw new ProtocolError("Varint is too long");
    }
  }
  varint(): number {
    const u = this.uvarint();
    return (u >>> 1) ^ -(u & 1);
  }

  /** Length of a string/bytes/array: -1 means null. */
  compactLength(): number {
    return this.uvarint() - 1;
  }

  stringOfLength(len: number): string {
    const p = this.need(len);
    return this.buf.toString("utf8", p, p + len);
  }
  string(compact: boolean): string | null {
    const len = compact ? this.compactLength() : this.int16();
    if (len < 0) return null;
    return this.stringOfLength(len);
  }
  /** A zero-copy view of the next `len` bytes. */
  view(len: number): Buffer {
    const p = this.need(len);
    return this.buf.subarray(p, p + len);
  }
  bytesView(compact: boolean): Buffer | null {
    const len = compact ? this.compactLength() : this.int32();
    if (len < 0) return null;
    return this.view(len);
  }
  uuid(): string {
    const p = this.need(16);
    return this.buf.toString("base64url", p, p + 16);
  }
  skip(n: number): void {
    this.need(n);
  }
}

/**
 * A growable output. `zeroCopyMin` > 0 lets `bytesZeroCopy` hand big buffers through as their
 * own chunk instead of copying them; `chunks()` returns everything written, in order.
 */
export class Writer {
  buf: Buffer;
  pos = 0;
  private start = 0;
  private readonly out: Buffer[] = [];

  constructor(initial = 256, readonly zeroCopyMin = Infinity) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const used = this.pos - this.start;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, used + n + 256));
    this.buf.copy(next, 0, this.start, this.pos);
    this.buf = next;
    this.start = 0;
    this.pos = used;
  }

  int8(v: number): void { this.ensure(1); this.pos = this.buf.writeInt8(v, this.pos); }
  int16(v: number): void { this.ensure(2); this.pos = this.buf.writeInt16BE(v, this.pos); }
  int32(v: number): void { this.ensure(4); this.pos = this.buf.writeInt32BE(v, this.pos); }
  uint16(v: number): void { this.ensure(2); this.pos = this.buf.writeUInt16BE(v, this.pos); }
  uint32(v: number): void { this.ensure(4); this.pos = this.buf.writeUInt32BE(v, this.pos); }
  int64(v: bigint): void { this.ensure(8); this.pos = this.buf.writeBigInt64BE(v, this.pos); }
  float64(v: number): void { this.ensure(8); this.pos = this.buf.writeDoubleBE(v, this.pos); }
  bool(v: boolean): void { this.ensure(1); this.buf[this.pos++] = v ? 1 : 0; }

  uvarint(v: number): void {
    this.ensure(5);
    while (v >= 0x80) {
      this.buf[this.pos++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.pos++] = v;
  }
  varint(v: number): void {
    this.uvarint(((v << 1) ^ (v >> 31)) >>> 0);
  }

  string(v: string | null, compact: boolean): void {
    if (v === null) {
      if (compact) this.uvarint(0);
      else this.int16(-1);
      return;
    }
    const len = Buffer.byteLength(v, "utf8");
    if (compact) this.uvarint(len + 1);
    else this.int16(len);
    this.ensure(len);
    this.pos += this.buf.write(v, this.pos, len, "utf8");
  }

  raw(b: Buffer): void {
    this.ensure(b.length);
    this.pos += b.copy(this.buf, this.pos);
  }

  bytes(v: Buffer | null, compact: boolean): void {
    if (v === null) {
      if (compact) this.uvarint(0);
      else this.int32(-1);
      return;
    }
    if (compact) this.uvarint(v.length + 1);
    else this.int32(v.length);
    if (v.length >= this.zeroCopyMin) {
      this.flush();
      this.out.push(v);
    } else {
      this.raw(v);
    }
  }

  uuid(v: string | Buffer): void {
    const b = typeof v === "string" ? Buffer.from(v, "base64url") : v;
    if (b.length !== 16) throw new ProtocolError(`Invalid uuid ${typeof v === "string" ? v : b.toString("hex")}`);
    this.raw(b);
  }

  private flush(): void {
    if (this.pos > this.start) this.out.push(this.buf.subarray(this.start, this.pos));
    this.start = this.pos;
  }

  chunks(): Buffer[] {
    this.flush();
    return this.out;
  }

  /** Everything written as one Buffer (copies only when there is more than one chunk). */
  toBuffer(): Buffer {
    const c = this.chunks();
    return c.length === 1 ? c[0]! : Buffer.concat(c);
  }
}

export const ZERO_UUID = "AAAAAAAAAAAAAAAAAAAAAA";
