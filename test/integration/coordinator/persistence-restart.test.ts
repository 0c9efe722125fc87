/**
 * Recovery of our coordinator across restarts, through real clients: sessions and their
 * ephemerals survive a clean restart when the client reconnects within its timeout; with a low
 * snapCount the state comes back from snapshots + log replay (after SIGTERM and after SIGKILL);
 * purging old snapshots and logs (ZooKeeper's PurgeTxnLog rule, run here directly through
 * FileSnapshotStore.purge on the stopped server's dataDir) keeps everything recovery needs.
 */
import { appendFileSync, readdirSync, truncateSync } from "node:fs";
import { join } from "node:path";
import zookeeper from "node-zookeeper-client";
import { afterAll, describe, expect, it } from "vitest";
import { FileSnapshotStore } from "../../../coordinator/persistence/snapshot.js";
import { listFiles } from "../../../coordinator/persistence/file-names.js";
import { LogFileReader } from "../../../coordinator/persistence/txn-log.js";
import { coordinatorBuilt, startCoordinator } from "../../helpers/coordinator.js";
import { eventually, removeTempDirs, stopAll } from "../../helpers/procs.js";

afterAll(async () => {
  await stopAll();
  removeTempDirs();
});

type Client = zookeeper.Client;

async function connect(connectString: string, sessionTimeout = 10_000, attempts = 5): Promise<Client> {
  for (let i = 1; ; i++) {
    try {
      return await new Promise<Client>((res, rej) => {
        const c = zookeeper.createClient(connectString, { sessionTimeout, spinDelay: 200 });
        const t = setTimeout(() => { c.close(); rej(new Error(`no connection to ${connectString}`)); }, 4_000);
        c.once("connected", () => { clearTimeout(t); res(c); });
        c.connect();
      });
    } catch (e) {
      if (i >= attempts) throw e;
    }
  }
}
const create = (c: Client, path: string, data: string, mode = zookeeper.CreateMode.PERSISTENT) =>
  new Promise<void>((res, rej) => c.create(path, Buffer.from(data), mode, (e) => (e ? rej(e) : res())));
const setData = (c: Client, path: string, data: string) =>
  new Promise<void>((res, rej) => c.setData(path, Buffer.from(data), -1, (e) => (e ? rej(e) : res())));
const getData = (c: Client, path: string) =>
  new Promise<{ data: string; version: number }>((res, rej) =>
    c.getData(path, (e, d, stat) => (e ? rej(e) : res({ data: d ? d.toString() : "", version: stat.version }))));
const exists = (c: Client, path: string) =>
  new Promise<boolean>((res, rej) => c.exists(path, (e, stat) => (e ? rej(e) : res(!!stat))));
const getChildren = (c: Client, path: string) =>
  new Promise<string[]>((res, rej) => c.getChildren(path, (e, ch) => (e ? rej(e) : res(ch))));

const files = (dataDir: string, prefix: string) => readdirSync(join(dataDir, "version-2")).filter((n) => n.startsWith(prefix + "."));

describe.skipIf(!coordinatorBuilt())("coordinator persistence across restarts", () => {
  it("a session and its ephemerals survive a clean restart; the client keeps its session id", async () => {
    const zk = await startCoordinator();
    const a = await connect(zk.connectString, 20_000);
    const states: string[] = [];
    a.on("state", (s) => states.push(String(s)));
    const sessionId = a.getSessionId().toString("hex");
    await create(a, "/eph-owner", "");
    await create(a, "/eph-owner/e", "ephemeral data", zookeeper.CreateMode.EPHEMERAL);
    await create(a, "/eph-owner/seq-", "", zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL);

    await zk.restart(); // SIGTERM, then start on the same port and dataDir
    // The same client reconnects on its own, within its session timeout.
    await eventually(() => states.filter((s) => s.startsWith("SYNC_CONNECTED")).length >= 1, 20_000)
      .catch((e: Error) => { throw new Error(`${e.message}; client states after restart: ${states.join(", ")}\n${zk.proc.output().slice(-3000)}`); });
    expect(states.some((s) => s.startsWith("EXPIRED"))).toBe(false);
    expect(a.getSessionId().toString("hex")).toBe(sessionId);
    expect(await getData(a, "/eph-owner/e")).toMatchObject({ data: "ephemeral data" });

    const b = await connect(zk.connectString);
    expect((await getChildren(b, "/eph-owner")).sort()).toEqual(["e", "seq-0000000001"].sort());
    // Closing the session deletes its ephemerals, as before the restart.
    a.close();
    await eventually(async () => (await getChildren(b, "/eph-owner")).length === 0, 10_000);
    b.close();
    await zk.stop();
  });

  it("state comes back from snapshots + log replay (snapCount=10), after SIGTERM and SIGKILL; purge keeps what recovery needs", async () => {
    const zk = await startCoordinator({ extraConfig: { snapCount: 10 } });
    let c = await connect(zk.connectString);
    await create(c, "/snap", "root");
    const N = 120;
    for (let i = 0; i < N; i++) await create(c, `/snap/n${i}`, `v0-${i}`);
    for (let i = 0; i < N; i += 4) await setData(c, `/snap/n${i}`, `v1-${i}`);
    for (let i = 0; i < N; i += 8) await setData(c, `/snap/n${i}`, `v2-${i}`);
    c.close();

    const check = async () => {
      c = await connect(zk.connectString);
      expect((await getChildren(c, "/snap")).length).toBe(N);
      for (let i = 0; i < N; i++) {
        const expected = i % 8 === 0 ? { data: `v2-${i}`, version: 2 } : i % 4 === 0 ? { data: `v1-${i}`, version: 1 } : { data: `v0-${i}`, version: 0 };
        expect(await getData(c, `/snap/n${i}`), `/snap/n${i}`).toEqual(expected);
      }
      c.close();
    };

    await zk.stop();
    expect(files(zk.dataDir, "snapshot").length).toBeGreaterThan(3);
    expect(files(zk.dataDir, "log").length).toBeGreaterThan(3);
    await zk.restart();
    await check();

    // More writes, then SIGKILL: recovery from the newest snapshot + the log after it.
    c = await connect(zk.connectString);
    for (let i = 0; i < N; i += 2) await setData(c, `/snap/n${i}`, `x`);
    for (let i = 0; i < N; i += 2) await setData(c, `/snap/n${i}`, i % 8 === 0 ? `v2-${i}` : i % 4 === 0 ? `v1-${i}` : `v0-${i}`);
    c.close();
    await zk.kill9();
    await zk.restart();
    c = await connect(zk.connectString);
    for (let i = 0; i < N; i++) {
      const d = await getData(c, `/snap/n${i}`);
      expect(d.data).toBe(i % 8 === 0 ? `v2-${i}` : i % 4 === 0 ? `v1-${i}` : `v0-${i}`);
      expect(d.version).toBe((i % 8 === 0 ? 2 : i % 4 === 0 ? 1 : 0) + (i % 2 === 0 ? 2 : 0));
    }
    expect(await exists(c, "/snap/n0")).toBe(true);
    c.close();

    // Purge (autopurge's job) on the stopped server, then recover again.
    await zk.stop();
    new FileSnapshotStore(zk.dataDir).purge(3);
    expect(files(zk.dataDir, "snapshot").length).toBe(3);
    await zk.restart();
    c = await connect(zk.connectString);
    expect((await getChildren(c, "/snap")).length).toBe(N);
    expect(await getData(c, `/snap/n8`)).toEqual({ data: "v2-8", version: 4 });
    expect(await getData(c, `/snap/n${N - 1}`)).toEqual({ data: `v0-${N - 1}`, version: 0 });
    c.close();
    await zk.stop();
  });

  it("a torn log tail (last entry cut, garbage after it) is tolerated: the server starts with every complete txn, and later writes survive", async () => {
    const zk = await startCoordinator();
    let c = await connect(zk.connectString);
    await create(c, "/torn", "");
    for (let i = 0; i < 20; i++) await create(c, `/torn/a${i}`, `a${i}`);
    c.close(); // its closeSession is the log's last entry: the one we tear
    await zk.stop();

    const logs = listFiles(join(zk.dataDir, "version-2"), "log");
    const last = logs[logs.length - 1]!;
    const reader = new LogFileReader(last.path);
    const entries = [...reader].length;
    expect(entries).toBeGreaterThan(0);
    truncateSync(last.path, reader.end!.validEnd - 5);
    appendFileSync(last.path, Buffer.from("\xde\xad\xbe\xef garbage after a torn write ".repeat(4), "latin1"));

    await zk.restart();
    expect(zk.proc.output()).toMatch(/truncating the unacknowledged tail/);
    c = await connect(zk.connectString);
    expect((await getChildren(c, "/torn")).length).toBe(20);
    for (let i = 20; i < 30; i++) await create(c, `/torn/a${i}`, `a${i}`);
    c.close();
    await zk.kill9();
    await zk.restart();
    c = await connect(zk.connectString);
    const children = await getChildren(c, "/torn");
    expect(children.length).toBe(30);
    expect(await getData(c, "/torn/a29")).toEqual({ data: "a29", version: 0 });
    c.close();
    await zk.stop();
  });
});
