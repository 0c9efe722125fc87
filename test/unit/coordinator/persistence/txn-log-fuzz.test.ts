/**
 * Seeded torn-write and bit-rot sweep over a txn log: whatever the cut or corrupted byte, recovery
 * returns exactly the entries before the damage, and appends after recovery are readable after
 * the next restart.
 */
import { cpSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileTxnLog } from "../../../../coordinator/persistence/txn-log.js";
import { removeTempDirs, tempDir } from "../../../helpers/procs.js";
import { range, txn, zxids } from "./helpers.js";

afterAll(() => removeTempDirs());

/** mulberry32: small deterministic PRNG so failures reproduce. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const N = 120;
const payload = (z: bigint) => "p".repeat(Number((z * 37n) % 211n));
let source = "";
/** File offset where entry i (1-based) ends. */
const ends: number[] = [];

beforeAll(async () => {
  source = tempDir();
  const log = new FileTxnLog({ dir: source, forceSync: false, preAllocSize: 0 });
  await Promise.all(range(1, N).map((z) => log.append(txn(z, payload(z)))));
  await log.close();
  let pos = 16;
  for (const z of range(1, N)) ends.push((pos += 13 + txn(z, payload(z)).bytes.length));
});

async function recoverAndExtend(dir: string, expectedLast: number): Promise<void> {
  let log = new FileTxnLog({ dir, forceSync: false, preAllocSize: 4096 });
  expect(zxids(log.readFrom(0n))).toEqual(range(1, expectedLast));
  expect(log.lastZxid).toBe(BigInt(expectedLast));
  await Promise.all(range(expectedLast + 1, expectedLast + 5).map((z) => log.append(txn(z, "after"))));
  await log.close();
  log = new FileTxnLog({ dir, forceSync: false, preAllocSize: 4096 });
  expect(zxids(log.readFrom(0n))).toEqual(range(1, expectedLast + 5));
  await log.close();
}

describe("txn log recovery sweep", () => {
  it("any cut point keeps exactly the complete entries", async () => {
    const rnd = prng(42);
    for (let k = 0; k < 40; k++) {
      const cut = 16 + Math.floor(rnd() * (ends[N - 1]! - 16));
      const dir = tempDir();
      cpSync(source, dir, { recursive: true });
      truncateSync(join(dir, "version-2", "log.1"), cut);
      const complete = ends.filter((e) => e <= cut).length;
      await recoverAndExtend(dir, complete);
    }
  });

  it("any corrupted byte keeps exactly the entries before the damaged one", async () => {
    const rnd = prng(7);
    for (let k = 0; k < 40; k++) {
      const at = 16 + Math.floor(rnd() * (ends[N - 1]! - 16));
      const dir = tempDir();
      cpSync(source, dir, { recursive: true });
      const p = join(dir, "version-2", "log.1");
      const f = readFileSync(p);
      f[at] = f[at]! ^ (1 + Math.floor(rnd() * 255));
      writeFileSync(p, f);
      const before = ends.filter((e) => e <= at).length;
      await recoverAndExtend(dir, before);
    }
  });
});
