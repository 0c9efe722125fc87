/** Python kazoo (Debian python3-kazoo, /usr/bin/python3) against our coordinator. */
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { eventually, removeTempDirs, run, startProcess, stopAll } from "../../helpers/procs.js";
import { call, connectClient, startCoordinator, type Client, type Coordinator } from "./coordinator-harness.js";

const PY = join(import.meta.dirname, "py");
let zk: Coordinator;
const clients: Client[] = [];

beforeAll(async () => {
  zk = await startCoordinator();
});
afterAll(async () => {
  for (const c of clients) c.close();
  await stopAll();
  removeTempDirs();
});

it("runs kazoo's API: ensure_path, get/set, ephemeral/sequence, children watch, transactions, reconnect", async () => {
  const r = await run("/usr/bin/python3", [join(PY, "kazoo_scenario.py"), zk.connectString], { timeoutMs: 40_000 });
  expect(r.code, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout.trim().split("\n").pop()!);
  expect(out.ensure_path).toBe(true);
  expect(out.get).toEqual(["hello", 1, 1]);
  expect(out.ephemeral).toBe("/kz/eph");
  expect(out.seq).toEqual(["/kz/q-0000000002", "/kz/q-0000000003"]);
  expect(out.children_watch).toEqual([["b"], ["b", "c"]]);
  expect(out.transaction[0]).toBe("/kz/tx1");
  expect(out.transaction[1][4]).toBe(2); // Stat.version after the set
  expect(out.transaction[2]).toBe(true);
  expect(out.transaction_fail).toEqual(["RolledBackError", "BadVersionError"]);
  expect(out.tx2_absent).toBe(true);
  expect(out.badversion).toBe(true);
  expect(out.nonode).toBe(true);
  expect(out.same_session).toBe(true);
  expect(out.ephemeral_kept).toBe(true);
}, 60_000);

it("expires a silent session: its ephemerals go and watchers hear NodeDeleted", async () => {
  const c = await connectClient(zk.connectString);
  clients.push(c);
  const holder = startProcess("/usr/bin/python3", [join(PY, "kazoo_hold.py"), zk.connectString, "/held"]);
  await holder.waitFor(/READY/, 20_000);
  const events: string[] = [];
  const [st] = await call<[unknown]>((cb) => c.exists("/held", (e) => events.push(e.getName()), cb));
  expect(st).not.toBeNull();
  process.kill(holder.pid, "SIGSTOP");
  try {
    await eventually(() => events.length > 0, 20_000);
    expect(events).toEqual(["NODE_DELETED"]);
    await eventually(() => /Expiring session 0x[0-9a-f]+, timeout of 1000ms exceeded/.test(zk.proc.output()), 5_000);
  } finally {
    process.kill(holder.pid, "SIGCONT");
    await holder.kill9();
  }
}, 60_000);
