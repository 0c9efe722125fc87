/**
 * Byte compatibility of our txn log and snapshot framing with Apache ZooKeeper 3.8 (Debian's
 * package): we read the log.* and snapshot.* files a real ZooKeeper wrote, then write that
 * state back through our FileTxnLog/FileSnapshotStore into a fresh dataDir and start a real
 * ZooKeeper on it: it must recover every znode from our files.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FileSnapshotStore } from "../../../coordinator/persistence/snapshot.js";
import { FileTxnLog } from "../../../coordinator/persistence/txn-log.js";
import { apacheZooKeeperInstalled, startApacheZooKeeper } from "../../helpers/apache-zookeeper.js";
import { connect, create, setData, type Client } from "../../helpers/zk-client.js";
import { removeTempDirs, stopAll, tempDir } from "../../helpers/procs.js";

afterAll(async () => {
  await stopAll();
  removeTempDirs();
});

const getData = (c: Client, path: string) =>
  new Promise<string>((res, rej) => c.getData(path, (e, d) => (e ? rej(e) : res(d ? d.toString() : ""))));

describe.skipIf(!apacheZooKeeperInstalled())("txn log and snapshot interop with Apache ZooKeeper 3.8", () => {
  it("reads ZooKeeper's files, and ZooKeeper recovers from files we wrote", async () => {
    // 1. A real ZooKeeper writes a log (snapCount low so it also snapshots mid-stream).
    const zk = await startApacheZooKeeper({ extraConfig: { snapCount: 10, preAllocSize: 1024 } });
    let c = await connect(zk.connectString).catch((e: Error) => { throw new Error(`${e.message}\n${zk.proc.output().slice(-6000)}`); });
    const N = 40;
    for (let i = 0; i < N; i++) await create(c, `/interop-${i}`, `v0-${i}`);
    for (let i = 0; i < N; i += 3) await setData(c, `/interop-${i}`, `v1-${i}`);
    c.close();
    await zk.stop();

    const v2 = readdirSync(join(zk.dataDir, "version-2"));
    expect(v2.some((n) => n.startsWith("log."))).toBe(true);
    expect(v2.some((n) => n.startsWith("snapshot."))).toBe(true);

    // 2. Our reader parses ZooKeeper's framing and checksums.
    const theirLog = new FileTxnLog({ dir: zk.dataDir, forceSync: false, preAllocSize: 0 });
    const all = [...theirLog.readFrom(0n)];
    await theirLog.close();
    // createSession + N creates + N/3 sets + closeSession, at least
    expect(all.length).toBeGreaterThanOrEqual(N + Math.ceil(N / 3));
    for (let i = 1; i < all.length; i++) expect(all[i]!.zxid > all[i - 1]!.zxid).toBe(true);
    expect(all.some((e) => e.bytes.includes(Buffer.from(`/interop-${N - 1}`)))).toBe(true);
    const snap = new FileSnapshotStore(zk.dataDir).loadNewestValid();
    expect(snap).toBeDefined();
    expect(snap!.zxid > 0n).toBe(true);
    expect(snap!.body.includes(Buffer.from("/zookeeper/quota"))).toBe(true);
    // The body ends with the data tree's own "/" end marker: ZooKeeper 3.8's sealed digest
    // section after the first checksum was peeled off.
    expect([...snap!.body.subarray(-5)]).toEqual([0, 0, 0, 1, 0x2f]);

    // 3. Write that state through our classes into a fresh dataDir: snapshot + the txns after it.
    const ours = tempDir("interop-ours-");
    await new FileSnapshotStore(ours).write(snap!.zxid, snap!.body);
    const log = await FileTxnLog.open({ dir: ours, forceSync: true, preAllocSize: 64 * 1024 });
    const after = all.filter((e) => e.zxid > snap!.zxid);
    expect(after.length).toBeGreaterThan(0);
    await Promise.all(after.map((e) => log.append(e)));
    await log.close();

    // 4. A real ZooKeeper recovers every znode from our files.
    const zk2 = await startApacheZooKeeper({ dataDir: ours });
    c = await connect(zk2.connectString).catch((e: Error) => { throw new Error(`${e.message}\n${zk2.proc.output().slice(-6000)}`); });
    for (let i = 0; i < N; i++) expect(await getData(c, `/interop-${i}`)).toBe(i % 3 === 0 ? `v1-${i}` : `v0-${i}`);
    c.close();
    await zk2.stop();
  });
});
