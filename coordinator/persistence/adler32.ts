/**
 * Adler-32 (RFC 1950), the checksum ZooKeeper uses for txn log entries and snapshots
 * (java.util.zip.Adler32). Node 20's zlib does not export it. Incremental: pass the previous
 * value to continue a running checksum over several buffers.
 */
const MOD = 65521;
/** Largest n such that 255n(n+1)/2 + (n+1)(MOD-1) <= 2^32-1: sums can't overflow within a block. */
const NMAX = 5552;

export function adler32(buf: Uint8Array, start = 0, end = buf.length, prev = 1): number {
  let a = prev & 0xffff;
  let b = (prev >>> 16) & 0xffff;
  let i = start;
  while (i < end) {
    const stop = Math.min(i + NMAX, end);
    for (; i < stop; i++) {
      a += buf[i]!;
      b += a;
    }
    a %= MOD;
    b %= MOD;
  }
  return ((b << 16) | a) >>> 0;
}
