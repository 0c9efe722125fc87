/**
 * Starts our coordinator (node dist/coordinator/main.js) on 127.0.0.1, a free port and a temp
 * dataDir, and gives real clients what they need. Stopped by PID via the returned handle or
 * stopAll() from test/helpers/procs.ts.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import zookeeper from "node-zookeeper-client";
import { freePort, startProcess, tempDir, type Proc } from "../../helpers/procs.js";

export interface Coordinator {
  port: number;
  dataDir: string;
  configPath: string;
  proc: Proc;
  connectString: string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startCoordinator(extra: Record<string, string | number> = {}, opts: { dataDir?: string; port?: number; env?: Record<string, string> } = {}): Promise<Coordinator> {
  const port = opts.port ?? (await freePort());
  const dataDir = opts.dataDir ?? tempDir("kts-zk-");
  const props: Record<string, string | number> = {
    dataDir,
    clientPort: port,
    clientPortAddress: "127.0.0.1",
    tickTime: 500,
    maxClientCnxns: 0,
    "admin.enableServer": "false",
    "4lw.commands.whitelist": "*",
    ...extra,
  };
  const configPath = join(dataDir, "zookeeper.properties");
  writeFileSync(configPath, Object.entries(props).map(([k, v]) => `${k}=${v}`).join("\n") + "\n");
  const launch = async () => {
    const p = startProcess("node", ["dist/coordinator/main.js", configPath], { env: opts.env });
    await p.waitFor(/standalone server started/, 20_000);
    return p;
  };
  const c: Coordinator = {
    port,
    dataDir,
    configPath,
    proc: await launch(),
    connectString: `127.0.0.1:${port}`,
    async restart() {
      await c.proc.stop();
      c.proc = await launch();
    },
    async stop() {
      await c.proc.stop();
    },
  };
  return c;
}

export type Client = zookeeper.Client;

/** A connected node-zookeeper-client (rejects after timeoutMs). */
export function connectClient(connectString: string, options: Partial<zookeeper.Option> = {}, timeoutMs = 10_000): Promise<zookeeper.Client> {
  const client = zookeeper.createClient(connectString, { sessionTimeout: 4000, spinDelay: 100, retries: 2, ...options });
  return new Promise((res, rej) => {
    const t = setTimeout(() => { client.close(); rej(new Error("connect timeout")); }, timeoutMs);
    client.once("connected", () => { clearTimeout(t); res(client); });
    client.connect();
  });
}

/** Promisify a node-zookeeper-client callback call; resolves with the callback's results. */
export function call<T extends unknown[]>(fn: (cb: (err: Error | null, ...r: T) => void) => void): Promise<T> {
  return new Promise((res, rej) => fn((err, ...r) => (err ? rej(err) : res(r))));
}

/** The KeeperException code of a rejected call (or "none"). */
export async function errorCode(p: Promise<unknown>): Promise<number | "none"> {
  try {
    await p;
    return "none";
  } catch (e) {
    const code = (e as { code?: number }).code;
    return typeof code === "number" ? code : -999;
  }
}

export { zookeeper };
