/** ZooKeeper's AdminServer (HTTP JSON commands) on admin.serverPort. */
import { createServer } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { freePort, removeTempDirs, stopAll } from "../../helpers/procs.js";
import { call, connectClient, startCoordinator, type Client, type Coordinator } from "./coordinator-harness.js";

let zk: Coordinator;
let adminPort: number;
let c: Client;

async function get(path: string): Promise<{ status: number; type: string | null; text: string }> {
  const r = await fetch(`http://127.0.0.1:${adminPort}${path}`);
  return { status: r.status, type: r.headers.get("content-type"), text: await r.text() };
}

beforeAll(async () => {
  adminPort = await freePort();
  zk = await startCoordinator({ "admin.enableServer": "true", "admin.serverPort": adminPort, "admin.serverAddress": "127.0.0.1" });
  c = await connectClient(zk.connectString);
  await call((cb) => c.create("/adm", null, cb));
  await call((cb) => c.exists("/adm-watch", () => undefined, cb));
});
afterAll(async () => {
  c.close();
  await stopAll();
  removeTempDirs();
});

it("lists the commands and answers them in Jackson's pretty-printed JSON", async () => {
  const index = await get("/commands");
  expect(index.text).toContain('<a href="/commands/ruok">ruok</a>\n<br/>\n');
  const ruok = await get("/commands/ruok");
  expect(ruok.status).toBe(200);
  expect(ruok.type).toMatch(/application\/json/);
  expect(ruok.text).toBe('{\n  "command" : "ruok",\n  "error" : null\n}');
  const srvr = JSON.parse((await get("/commands/srvr")).text);
  expect(srvr.command).toBe("server_stats");
  expect(srvr.server_stats.server_state).toBe("standalone");
  expect(srvr.node_count).toBeGreaterThanOrEqual(5);
  const cons = JSON.parse((await get("/commands/cons")).text);
  expect(cons.connections.length).toBe(1);
  expect(cons.connections[0].remote_socket_address).toMatch(/^127\.0\.0\.1:\d+$/);
  expect(cons.connections[0].session_timeout).toBe(4000);
  const conf = JSON.parse((await get("/commands/configuration")).text);
  expect(conf.client_port).toBe(zk.port);
  expect(conf.tick_time).toBe(500);
  const w = JSON.parse((await get("/commands/wchs")).text);
  expect([w.num_connections, w.num_paths, w.num_total_watches]).toEqual([1, 1, 1]);
  expect(await get("/commands/nosuch").then((r) => r.text)).toBe('{\n  "command" : "nosuch",\n  "error" : "Unknown command: nosuch"\n}');
  expect((await get("/other")).status).toBe(404);
});

it("exits with code 4 when the AdminServer port is taken, as ZooKeeperServerMain does", async () => {
  const port = await freePort();
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(port, "127.0.0.1", () => r()));
  try {
    const { run } = await import("../../helpers/procs.js");
    const { writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const cfg = join(zk.dataDir, "admin-taken.properties");
    writeFileSync(cfg, `dataDir=${zk.dataDir}/other\nclientPort=${await freePort()}\nclientPortAddress=127.0.0.1\nadmin.serverPort=${port}\nadmin.serverAddress=127.0.0.1\n`);
    const r = await run("node", ["dist/coordinator/main.js", cfg], { timeoutMs: 15_000 });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/Unable to start AdminServer, exiting abnormally/);
  } finally {
    blocker.close();
  }
});
