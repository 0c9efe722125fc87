/**
 * dataDir compatibility between our coordinator and Apache ZooKeeper 3.8: each recovers the
 * other's `version-2/` (snapshot body from the data tree, txn records from the pipeline, our
 * framing) with every znode, its data and its version.
 */
import { afterAll, describe, expect, it } from "vitest";
import { apacheZooKeeperInstalled, startApacheZooKeeper } from "../../helpers/apache-zookeeper.js";
import { coordinatorBuilt, startCoordinator } from "../../helpers/coordinator.js";
import { connect, create, setData, type Client } from "../../helpers/zk-client.js";
import { removeTempDirs, stopAll, tempDir } from "../../helpers/procs.js";

afterAll(async () => {
  await stopAll();
  removeTempDirs();
});

const getData = (c: Client, path: string) =>
  new Promise<{ data: string; version: number }>((res, rej) =>
    c.getData(path, (e, d, stat) => (e ? rej(e) : res({ data: d ? d.toString() : "", version: stat.version }))));

const N = 30;
async function writeState(connectString: string): Promise<void> {
  const c = await connect(connectString);
  await create(c, "/compat", "root");
  for (let i = 0; i < N; i++) await create(c, `/compat/n${i}`, `v0-${i}`);
  for (let i = 0; i < N; i += 3) await setData(c, `/compat/n${i}`, `v1-${i}`);
  c.close();
}
async function checkState(connectString: string): Promise<void> {
  const c = await connect(connectString);
  try {
    expect(await getData(c, "/compat")).toEqual({ data: "root", version: 0 });
    for (let i = 0; i < N; i++) {
      expect(await getData(c, `/compat/n${i}`)).toEqual(i % 3 === 0 ? { data: `v1-${i}`, version: 1 } : { data: `v0-${i}`, version: 0 });
    }
  } finally {
    c.close();
  }
}

describe.skipIf(!coordinatorBuilt() || !apacheZooKeeperInstalled())("dataDir compatibility with Apache ZooKeeper 3.8", () => {
  for (const snapCount of [100_000, 10]) {
    it(`Apache ZooKeeper recovers our coordinator's dataDir (snapCount=${snapCount})`, async () => {
      const dataDir = tempDir("compat-ours-");
      const ours = await startCoordinator({ dataDir, extraConfig: { snapCount } });
      await writeState(ours.connectString);
      await ours.stop();
      const zk = await startApacheZooKeeper({ dataDir });
      await checkState(zk.connectString).catch((e: Error) => { throw new Error(`${e.message}\n${zk.proc.output().slice(-4000)}`); });
      await zk.stop();
    });

    it(`our coordinator recovers Apache ZooKeeper's dataDir (snapCount=${snapCount})`, async () => {
      const dataDir = tempDir("compat-zk-");
      const zk = await startApacheZooKeeper({ dataDir, extraConfig: { snapCount } });
      await writeState(zk.connectString);
      await zk.stop();
      const ours = await startCoordinator({ dataDir });
      await checkState(ours.connectString).catch((e: Error) => { throw new Error(`${e.message}\n${ours.proc.output().slice(-4000)}`); });
      await ours.stop();
    });
  }
});
