import { existsSync, readdirSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FileSnapshotStore, parseSnapshot } from "../../../../coordinator/persistence/snapshot.js";
import { FileTxnLog } from "../../../../coordinator/persistence/txn-log.js";
import { adler32 } from "../../../../coordinator/persistence/adler32.js";
import { removeTempDirs, tempDir } from "../../../helpers/procs.js";
import { txn } from "./helpers.js";

afterAll(() => removeTempDirs());

const body = (s: string) => Buffer.from(`${s}\0\0\0\x01/`, "latin1");
const files = (dir: string) => readdirSync(join(dir, "version-2")).sort();

describe("FileSnapshotStore", () => {
  it("writes ZooKeeper's framing: ZKSN header, body, Adler32 of everything before, \"/\"", async () => {
    const dir = tempDir();
    const store = new FileSnapshotStore(dir);
    const b = body("tree-at-0x1f");
    await store.write(0x1fn, b);
    expect(files(dir)).toEqual(["snapshot.1f"]);
    const f = readFileSync(join(dir, "version-2", "snapshot.1f"));
    expect(f.subarray(0, 4).toString("latin1")).toBe("ZKSN");
    expect(f.readInt32BE(4)).toBe(2);
    expect(f.readBigInt64BE(8)).toBe(-1n);
    expect(f.subarray(16, 16 + b.length).equals(b)).toBe(true);
    expect(f.readBigInt64BE(16 + b.length)).toBe(BigInt(adler32(f, 0, 16 + b.length)));
    expect(f.subarray(f.length - 5)).toEqual(Buffer.from([0, 0, 0, 1, 0x2f]));
    const loaded = store.loadNewestValid()!;
    expect(loaded.zxid).toBe(0x1fn);
    expect(loaded.body.equals(b)).toBe(true);
  });

  it("loads the newest, falling back to an older one when the newest is corrupt or truncated", async () => {
    const dir = tempDir();
    const store = new FileSnapshotStore(dir);
    expect(store.loadNewestValid()).toBeUndefined();
    await store.write(10n, body("ten"));
    await store.write(20n, body("twenty"));
    await store.write(30n, body("thirty"));
    expect(store.loadNewestValid()!.zxid).toBe(30n);
    // flip a body byte in the newest: checksum fails
    const p30 = join(dir, "version-2", "snapshot.1e");
    const f = readFileSync(p30);
    f[18] ^= 0x55;
    writeFileSync(p30, f);
    expect(store.loadNewestValid()!.zxid).toBe(20n);
    // truncate the next one
    const p20 = join(dir, "version-2", "snapshot.14");
    truncateSync(p20, 20);
    const got = store.loadNewestValid()!;
    expect(got.zxid).toBe(10n);
    expect(got.body.equals(body("ten"))).toBe(true);
  });

  it("ignores and removes temp files of an interrupted write", async () => {
    const dir = tempDir();
    const store = new FileSnapshotStore(dir);
    await store.write(5n, body("five"));
    writeFileSync(join(dir, "version-2", ".snapshot.9.tmp"), "partial");
    expect(store.loadNewestValid()!.zxid).toBe(5n);
    new FileSnapshotStore(dir);
    expect(files(dir)).toEqual(["snapshot.5"]);
  });

  it("reads ZooKeeper 3.6+ snapshots with a sealed digest section after the body", () => {
    const b = body("zk-tree");
    const header = Buffer.alloc(16);
    header.write("ZKSN", 0, "latin1");
    header.writeInt32BE(2, 4);
    header.writeBigInt64BE(-1n, 8);
    const seal = (before: Buffer) => {
      const s = Buffer.alloc(13);
      s.writeBigInt64BE(BigInt(adler32(before)), 0);
      s.writeInt32BE(1, 8);
      s[12] = 0x2f;
      return Buffer.concat([before, s]);
    };
    const digest = Buffer.alloc(20);
    digest.writeBigInt64BE(0x42n, 0);
    digest.writeInt32BE(2, 8);
    digest.writeBigInt64BE(123456789n, 12);
    const file = seal(Buffer.concat([seal(Buffer.concat([header, b])), digest]));
    const parsed = parseSnapshot(file);
    expect("body" in parsed && parsed.body.equals(b)).toBe(true);
    file[file.length - 20] ^= 1; // corrupt the digest section: final checksum fails
    expect(parseSnapshot(file)).toEqual({ error: "CRC corruption in snapshot" });
  });
});

describe("purge", () => {
  it("keeps the newest N snapshots and the logs needed to replay from the oldest kept (PurgeTxnLog)", async () => {
    const dir = tempDir();
    const log = new FileTxnLog({ dir, forceSync: false, preAllocSize: 0 });
    const store = new FileSnapshotStore(dir);
    // logs start at 1, 0x10, 0x20, 0x30, 0x40; snapshots at 0x5, 0x15, 0x25, 0x35, 0x45
    for (let f = 0; f < 5; f++) {
      log.roll();
      for (let i = f === 0 ? 1 : f * 16; i < (f + 1) * 16; i++) await log.append(txn(BigInt(i)));
      await store.write(BigInt(f * 16 + 5), body(`snap-${f}`));
    }
    await log.close();
    expect(files(dir)).toEqual(["log.1", "log.10", "log.20", "log.30", "log.40", "snapshot.15", "snapshot.25", "snapshot.35", "snapshot.45", "snapshot.5"]);
    store.purge(3);
    // oldest kept snapshot is 0x25; log.20 may hold txns after it and is kept
    expect(files(dir)).toEqual(["log.20", "log.30", "log.40", "snapshot.25", "snapshot.35", "snapshot.45"]);
    // recovery from the oldest kept snapshot still has every later txn
    const replay = [...new FileTxnLog({ dir, forceSync: false, preAllocSize: 0 }).readFrom(0x25n)].map((e) => e.zxid);
    expect(replay[0]).toBe(0x26n);
    expect(replay[replay.length - 1]).toBe(0x4fn);
    store.purge(1); // ZooKeeper's minimum is 3
    expect(files(dir)).toHaveLength(6);
  });

  it("a log starting exactly at the oldest kept snapshot's zxid keeps no older log", async () => {
    const dir = tempDir();
    const log = new FileTxnLog({ dir, forceSync: false, preAllocSize: 0 });
    const store = new FileSnapshotStore(dir);
    for (let i = 1; i <= 9; i++) {
      if (i === 4 || i === 7) log.roll();
      await log.append(txn(BigInt(i)));
    }
    await log.close();
    for (const z of [1n, 4n, 7n, 9n]) await store.write(z, body(String(z)));
    store.purge(3); // keep 4, 7, 9; log.4 starts at 4 -> log.1 goes
    expect(files(dir)).toEqual(["log.4", "log.7", "snapshot.4", "snapshot.7", "snapshot.9"]);
  });

  it("with a separate dataLogDir, purges logs there", async () => {
    const data = tempDir(), logs = tempDir();
    const log = new FileTxnLog({ dir: logs, forceSync: false, preAllocSize: 0 });
    const store = new FileSnapshotStore(data, logs);
    for (let i = 1; i <= 8; i++) {
      log.roll();
      await log.append(txn(BigInt(i)));
      await store.write(BigInt(i), body(String(i)));
    }
    await log.close();
    store.purge(3);
    expect(files(data)).toEqual(["snapshot.6", "snapshot.7", "snapshot.8"]);
    expect(files(logs)).toEqual(["log.6", "log.7", "log.8"]);
    expect(existsSync(join(logs, "version-2", "log.5"))).toBe(false);
  });
});

describe("snapshot damage sweep", () => {
  it("a newest snapshot cut anywhere or with any byte flipped is skipped for the older one", async () => {
    const dir = tempDir();
    const store = new FileSnapshotStore(dir);
    await store.write(1n, body("older"));
    const good = body("newest ".repeat(40));
    await store.write(2n, good);
    const p2 = join(dir, "version-2", "snapshot.2");
    const orig = readFileSync(p2);
    for (let cut = 0; cut < orig.length; cut += 7) {
      writeFileSync(p2, orig.subarray(0, cut));
      expect(store.loadNewestValid()!.zxid, `cut at ${cut}`).toBe(1n);
    }
    for (let at = 0; at < orig.length; at += 5) {
      const f = Buffer.from(orig);
      f[at] = f[at]! ^ 0x10;
      writeFileSync(p2, f);
      expect(store.loadNewestValid()!.zxid, `flipped byte ${at}`).toBe(1n);
    }
    writeFileSync(p2, orig);
    expect(store.loadNewestValid()!.body.equals(good)).toBe(true);
  });
});
