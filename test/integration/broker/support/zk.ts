/**
 * ZooKeeper for the broker's integration tests: Apache ZooKeeper 3.8 (Debian) by default, or our
 * coordinator (dist/coordinator/main.js) when it is built and BROKER_TEST_ZK=ours. 127.0.0.1, a
 * free port, a temp dir; stopped by PID.
 */
import { writeFileSync, existsSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { freePort, tempDir, startProcess, ROOT, type Proc } from "../../../helpers/procs.js";

export interface Zk { port: number; connect: string; proc: Proc; stop(): Promise<void> }

async function waitForPort(port: number, timeoutMs: number, proc: Proc): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((res) => {
      const s = connect(port, "127.0.0.1");
      s.once("connect", () => { s.write("ruok"); });
      s.once("data", (d) => { s.destroy(); res(d.toString() === "imok"); });
      s.once("error", () => res(false));
      s.once("close", () => res(false));
      s.setTimeout(1000, () => { s.destroy(); res(false); });
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`ZooKeeper on ${port} not ready:\n${proc.output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

export async function startApacheZk(): Promise<Zk> {
  const port = await freePort();
  const dir = tempDir("kts-zk-");
  const cfg = join(dir, "zoo.cfg");
  writeFileSync(cfg, `tickTime=2000\ndataDir=${dir}\nclientPort=${port}\nclientPortAddress=127.0.0.1\nadmin.enableServer=false\n4lw.commands.whitelist=*\nmaxSessionTimeout=60000\n`);
  const proc = startProcess("java", ["-Xmx256m", "-cp", "/etc/zookeeper/conf:/usr/share/java/zookeeper.jar", "org.apache.zookeeper.server.ZooKeeperServerMain", cfg]);
  await waitForPort(port, 30_000, proc);
  return { port, connect: `127.0.0.1:${port}`, proc, stop: () => proc.stop() };
}

export async function startOurZk(): Promise<Zk> {
  const port = await freePort();
  const dir = tempDir("kts-coord-");
  const cfg = join(dir, "zookeeper.properties");
  writeFileSync(cfg, `dataDir=${dir}\nclientPort=${port}\nclientPortAddress=127.0.0.1\nmaxClientCnxns=0\nadmin.enableServer=false\n4lw.commands.whitelist=*\n`);
  const proc = startProcess("node", [join(ROOT, "dist/coordinator/main.js"), cfg]);
  await waitForPort(port, 20_000, proc);
  return { port, connect: `127.0.0.1:${port}`, proc, stop: () => proc.stop() };
}

/** Our coordinator when asked for (BROKER_TEST_ZK=ours) and built, else Apache ZooKeeper. */
export function startZk(): Promise<Zk> {
  if (process.env.BROKER_TEST_ZK === "ours" && existsSync(join(ROOT, "dist/coordinator/main.js"))) return startOurZk();
  return startApacheZk();
}
