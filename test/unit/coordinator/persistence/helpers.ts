/** Test helpers: fake jute TxnHeader + body bytes carrying a zxid, as the pipeline produces them. */
import type { TxnEntry } from "../../../../coordinator/persistence/types.js";

export function txn(zxid: bigint, payload = `data-${zxid}`): TxnEntry {
  const body = Buffer.from(payload);
  const b = Buffer.alloc(32 + body.length);
  b.writeBigInt64BE(0x1234n, 0); // sessionId
  b.writeInt32BE(Number(zxid % 1000n), 8); // cxid
  b.writeBigInt64BE(zxid, 12); // zxid
  b.writeBigInt64BE(1700000000000n, 20); // time
  b.writeInt32BE(5, 28); // type (setData)
  body.copy(b, 32);
  return { zxid, bytes: b };
}

export function zxids(entries: Iterable<TxnEntry>): bigint[] {
  return [...entries].map((e) => e.zxid);
}

export function range(from: number, to: number): bigint[] {
  const out: bigint[] = [];
  for (let i = from; i <= to; i++) out.push(BigInt(i));
  return out;
}
