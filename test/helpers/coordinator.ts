/**
 * Start and stop OUR coordinator (node dist/coordinator/main.js) for integration tests.
 *
 * Writes a zookeeper.properties into a fresh temp dir (clientPort from freePort(), dataDir in the
 * temp dir, clientPortAddress=127.0.0.1), spawns the built entry point and waits for its
 * `binding to port` log line. `restart()` starts it again on the same port, dataDir and config
 * (after a stop() or kill9()), which is how crash/recovery tests use it.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { waitForPort } from "./apache-zookeeper.js";
import { freePort, ROOT, startProcess, tempDir, type Proc } from "./procs.js";

export const COORDINATOR_MAIN = join(ROOT, "dist/coordinator/main.js");

export function coordinatorBuilt(): boolean {
  return existsSync(COORDINATOR_MAIN);
}

export interface CoordinatorOptions {
  port?: number;
  dataDir?: string;
  /** Extra properties (overrides the defaults below), e.g. { tickTime: 500, "4lw.commands.whitelist": "*" }. */
  extraConfig?: Record<string, string | number>;
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

export interface Coordinator {
  port: number;
  dataDir: string;
  configFile: string;
  connectString: string;
  proc: Proc;
  stop(): Promise<void>;
  kill9(): Promise<void>;
  /** Start again with the same port, dataDir and config; `proc` then refers to the new process. */
  restart(): Promise<void>;
}

export async function startCoordinator(opts: CoordinatorOptions = {}): Promise<Coordinator> {
  const port = opts.port ?? (await freePort());
  const dir = tempDir("coordinator-");
  const dataDir = opts.dataDir ?? join(dir, "data");
  mkdirSync(dataDir, { recursive: true });
  const configFile = join(dir, "zookeeper.properties");
  const props: Record<string, string | number> = {
    dataDir,
    clientPort: port,
    clientPortAddress: "127.0.0.1",
    maxClientCnxns: 0,
    "admin.enableServer": "false",
    ...opts.extraConfig,
  };
  writeFileSync(configFile, Object.entries(props).map(([k, v]) => `${k}=${v}`).join("\n") + "\n");

  const launch = async (): Promise<Proc> => {
    const proc = startProcess("node", [COORDINATOR_MAIN, configFile], { env: opts.env, cwd: dir });
    try {
      await proc.waitFor(/binding to port/, opts.startTimeoutMs ?? 20_000);
      await waitForPort(port, 10_000);
    } catch (e) {
      await proc.stop();
      throw e;
    }
    return proc;
  };

  const c: Coordinator = {
    port,
    dataDir,
    configFile,
    connectString: `127.0.0.1:${port}`,
    proc: await launch(),
    stop: () => c.proc.stop(),
    kill9: () => c.proc.kill9(),
    async restart() {
      await c.proc.stop();
      c.proc = await launch();
    },
  };
  return c;
}
