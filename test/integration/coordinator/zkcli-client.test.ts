/** Debian's Java client (zkCli.sh of Apache ZooKeeper 3.8) against our coordinator. */
import { existsSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { removeTempDirs, run, stopAll } from "../../helpers/procs.js";
import { startCoordinator, type Coordinator } from "./coordinator-harness.js";

const ZKCLI = "/usr/share/zookeeper/bin/zkCli.sh";
let zk: Coordinator;

beforeAll(async () => {
  zk = await startCoordinator();
});
afterAll(async () => {
  await stopAll();
  removeTempDirs();
});

it.skipIf(!existsSync(ZKCLI))("runs zkCli commands: create, addWatch -m PERSISTENT_RECURSIVE, set, get -s, whoami, ls -R, deleteall", async () => {
  const script = [
    "create /zc hello",
    "addWatch -m PERSISTENT_RECURSIVE /zc",
    "create /zc/a x",
    "set /zc/a y",
    "get -s /zc/a",
    "getAllChildrenNumber /zc",
    "whoami",
    "ls -R /zc",
    "deleteall /zc",
    "ls /",
    "quit",
  ].join("\n") + "\n";
  const r = await run(ZKCLI, ["-server", zk.connectString], { input: script, timeoutMs: 45_000 });
  const out = r.stdout + r.stderr;
  expect(out).toContain("Created /zc\n");
  expect(out).toMatch(/WatchedEvent state:SyncConnected type:NodeCreated path:\/zc\/a/);
  expect(out).toMatch(/WatchedEvent state:SyncConnected type:NodeDataChanged path:\/zc\/a/);
  // watch events are printed by the client's event thread and may interleave: match the rest without them
  const plain = out.split("\n").filter((l) => l !== "WATCHER::" && !l.startsWith("WatchedEvent ") && l !== "").join("\n") + "\n";
  expect(plain).toMatch(/\ny\ncZxid = 0x[0-9a-f]+\nctime = .*\nmZxid = 0x[0-9a-f]+\nmtime = .*\npZxid = 0x[0-9a-f]+\ncversion = 0\ndataVersion = 1\naclVersion = 0\nephemeralOwner = 0x0\ndataLength = 1\nnumChildren = 0\n/);
  expect(plain).toMatch(/\n1\n/); // getAllChildrenNumber
  expect(plain).toMatch(/Auth scheme: User\nip: 127\.0\.0\.1/);
  expect(plain).toMatch(/\/zc\n\/zc\/a\n/);
  expect(out).toMatch(/WatchedEvent state:SyncConnected type:NodeDeleted path:\/zc\n/);
  expect(out).toContain("[zookeeper]");
}, 60_000);

it.skipIf(!existsSync(ZKCLI))("keeps quota stats for zkCli's setquota/listquota and warns when a quota is exceeded", async () => {
  const script = ["create /qt a", "setquota -n 3 /qt", "create /qt/x 12345", "create /qt/y", "create /qt/z 67890", "set /qt/x 1", "listquota /qt", "delete /qt/z", "listquota /qt", "quit"].join("\n") + "\n";
  const r = await run(ZKCLI, ["-server", zk.connectString], { input: script, timeoutMs: 45_000 });
  const out = r.stdout + r.stderr;
  expect(out).toMatch(/Output quota for \/qt count=3,bytes=-1.*\n/);
  expect(out).toMatch(/Output stat for \/qt count=4,bytes=7\n/);
  expect(out).toMatch(/Output stat for \/qt count=3,bytes=2\n/);
  expect(zk.proc.output()).toMatch(/Quota exceeded: \/qt count=4 limit=3/);
}, 60_000);
