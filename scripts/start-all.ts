/**
 * `npm start`: the coordinator (config/zookeeper.properties) and one broker
 * (config/server.properties) in one terminal, their logs interleaved and labelled
 * ([zookeeper] / [kafka]). The broker starts once the coordinator accepts connections.
 * Ctrl-C (SIGINT) or SIGTERM stops the broker first (clean shutdown), then the coordinator.
 *
 * Children run in their own process groups so a terminal Ctrl-C reaches only this script,
 * which then stops them in order.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { connect } from "node:net";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { readPropertiesFile } from "../common/properties.js";

const ROOT = resolve(import.meta.dirname, "../..");
const zkProps = process.argv[2] ?? join(ROOT, "config/zookeeper.properties");
const kafkaProps = process.argv[3] ?? join(ROOT, "config/server.properties");
const color = process.stdout.isTTY;
const label = (name: string, c: string) => (color ? `\x1b[${c}m[${name}]\x1b[0m ` : `[${name}] `);

function start(name: string, c: string, script: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const child = spawn(process.execPath, [join(ROOT, script), ...args], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...env, LOG_FORMAT: process.env.LOG_FORMAT ?? "pretty" },
  });
  const prefix = label(name, c);
  for (const s of [child.stdout!, child.stderr!]) {
    createInterface({ input: s }).on("line", (line) => process.stdout.write(prefix + line + "\n"));
  }
  return child;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((res) => child.once("exit", (code) => res(code)));
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (child.exitCode !== null) return false;
    const ok = await new Promise<boolean>((res) => {
      const s = connect({ host: "127.0.0.1", port });
      s.once("connect", () => { s.destroy(); res(true); });
      s.once("error", () => res(false));
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

async function stopChild(child: ChildProcess | null, graceMs: number): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  try { child.kill("SIGTERM"); } catch { return; }
  const t = setTimeout(() => { try { child.kill("SIGKILL"); } catch { /* gone */ } }, graceMs);
  await exited(child);
  clearTimeout(t);
}

async function main(): Promise<void> {
  const port = Number(readPropertiesFile(zkProps).get("clientPort") ?? 2181);
  // JMX_PORT (as in `JMX_PORT=8004 npm start`) is the broker's metrics port, not the coordinator's
  const { JMX_PORT: _brokerOnly, ...zkEnv } = process.env;
  const zk = start("zookeeper", "36", "dist/coordinator/main.js", [zkProps], zkEnv);
  let kafka: ChildProcess | null = null;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(label("start-all", "33") + "stopping kafka, then zookeeper\n");
    await stopChild(kafka, 30_000);
    await stopChild(zk, 10_000);
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  zk.once("exit", (code) => { if (!stopping) { process.stdout.write(label("start-all", "33") + `zookeeper exited (${code})\n`); void shutdown(1); } });

  if (!(await waitForPort(port, zk, 30_000))) {
    process.stdout.write(label("start-all", "33") + `zookeeper did not open port ${port}\n`);
    await shutdown(1);
    return;
  }
  kafka = start("kafka", "32", "dist/broker/main.js", [kafkaProps]);
  kafka.once("exit", (code) => { if (!stopping) { process.stdout.write(label("start-all", "33") + `kafka exited (${code})\n`); void shutdown(code ?? 1); } });
}

void main();
