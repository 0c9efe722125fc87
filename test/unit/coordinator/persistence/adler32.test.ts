import { describe, expect, it } from "vitest";
import { adler32 } from "../../../../coordinator/persistence/adler32.js";

describe("adler32", () => {
  it("matches known vectors", () => {
    expect(adler32(Buffer.from("Wikipedia"))).toBe(0x11e60398);
    expect(adler32(Buffer.alloc(0))).toBe(1);
    expect(adler32(Buffer.from("a"))).toBe(0x00620062);
    expect(adler32(Buffer.from("abc"))).toBe(0x024d0127);
    expect(adler32(Buffer.from("message digest"))).toBe(0x29750586);
    expect(adler32(Buffer.from("abcdefghijklmnopqrstuvwxyz"))).toBe(0x90860b20);
  });
  it("handles long inputs without overflow (modulo reductions) and continues incrementally", () => {
    const big = Buffer.alloc(1_000_000, 0xff);
    // Reference: straightforward per-byte modulo implementation.
    let a = 1, b = 0;
    for (const x of big) { a = (a + x) % 65521; b = (b + a) % 65521; }
    const expected = ((b << 16) | a) >>> 0;
    expect(adler32(big)).toBe(expected);
    const part = adler32(big, 0, 123_457);
    expect(adler32(big, 123_457, big.length, part)).toBe(expected);
  });
});
