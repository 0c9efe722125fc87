/** Snapshots every ~snapCount txns, recovery from snapshot + log after a restart, autopurge at startup. */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { eventually, removeTempDirs, stopAll } from "../../helpers/procs.js";
import { call, connectClient, startCoordinator } from "./coordinator-harness.js";

afterAll(async () => {
  await stopAll();
  removeTempDirs();
});

const snapshots = (dir: string) => readdirSync(join(dir, "version-2")).filter((f) => f.startsWith("snapshot."));
const logs = (dir: string) => readdirSync(join(dir, "version-2")).filter((f) => f.startsWith("log."));

it("takes snapshots as writes accumulate, recovers everything after a restart, and purges old snapshots", async () => {
  const zk = await startCoordinator({ snapCount: 20 });
  const c = await connectClient(zk.connectString);
  await call((cb) => c.create("/r", Buffer.from("root"), cb));
  for (let i = 0; i < 120; i++) {
    await call((cb) => c.create(`/r/n${i}`, Buffer.from(`v${i}`), cb));
    if (i % 3 === 0) await call((cb) => c.setData(`/r/n${i}`, Buffer.from(`w${i}`), -1, cb));
  }
  await eventually(() => snapshots(zk.dataDir).length >= 4, 10_000);
  expect(logs(zk.dataDir).length).toBeGreaterThanOrEqual(2);
  c.close();
  // restart with autopurge: the first purge runs at startup and keeps snapRetainCount snapshots
  const { writeFileSync, readFileSync } = await import("node:fs");
  writeFileSync(zk.configPath, readFileSync(zk.configPath, "utf8") + "autopurge.purgeInterval=1\nautopurge.snapRetainCount=3\n");
  await zk.restart();
  await eventually(() => snapshots(zk.dataDir).length === 3, 10_000);
  const c2 = await connectClient(zk.connectString);
  const [kids] = await call<[string[]]>((cb) => c2.getChildren("/r", cb));
  expect(kids.length).toBe(120);
  for (const i of [0, 3, 59, 118, 119]) {
    const [d, st] = await call<[Buffer, { version: number }]>((cb) => c2.getData(`/r/n${i}`, cb));
    expect(d.toString()).toBe(i % 3 === 0 ? `w${i}` : `v${i}`);
    expect(st.version).toBe(i % 3 === 0 ? 1 : 0);
  }
  const [, rootStat] = await call<[Buffer, { cversion: number; numChildren: number }]>((cb) => c2.getData("/r", cb));
  expect(rootStat.cversion).toBe(120);
  // a write after recovery continues the zxid sequence and survives another restart
  await call((cb) => c2.create("/after", Buffer.from("a"), cb));
  c2.close();
  await zk.restart();
  const c3 = await connectClient(zk.connectString);
  expect((await call<[Buffer]>((cb) => c3.getData("/after", cb)))[0].toString()).toBe("a");
  c3.close();
}, 60_000);
