/**
 * Start and stop Debian's Apache ZooKeeper 3.8 (package `zookeeper`) for tests and benchmarks:
 * the reference our coordinator is compared against.
 *
 * Each server gets its own temp dir holding zoo.cfg and dataDir, listens on 127.0.0.1 only on a
 * free port, runs in a small JVM (-Xmx256m) and logs to stdout through slf4j-simple, so readiness
 * is the same `binding to port` line our coordinator prints. Stop is by PID (SIGTERM, then KILL).
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { freePort, startProcess, tempDir, type Proc } from "./procs.js";

export const ZK_JAR = "/usr/share/java/zookeeper.jar";
/** Classpath: the package's conf dir, its jar (its manifest pulls in the dependencies) and a log binding. */
export const ZK_CLASSPATH = ["/etc/zookeeper/conf", ZK_JAR, "/usr/share/java/slf4j-simple.jar"].join(":");
export const ZKCLI = "/usr/share/zookeeper/bin/zkCli.sh";

export function apacheZooKeeperInstalled(): boolean {
  return existsSync(ZK_JAR) && existsSync("/usr/bin/java");
}

export interface ApacheZooKeeperOptions {
  port?: number;
  dataDir?: string;
  /** Extra zoo.cfg lines, e.g. { "4lw.commands.whitelist": "*", forceSync: "yes" }. */
  extraConfig?: Record<string, string | number>;
  /** JVM options; defaults favour a fast start for tests. */
  jvmArgs?: string[];
  /** Milliseconds to wait for `binding to port` (default 30 s). */
  startTimeoutMs?: number;
}

export interface ApacheZooKeeper {
  port: number;
  dataDir: string;
  /** host:port connection string. */
  connectString: string;
  proc: Proc;
  stop(): Promise<void>;
}

/** JVM flags that start ZooKeeper quickly in a small heap (tests); benchmarks pass their own. */
export const FAST_START_JVM = ["-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"];

function zooCfg(lines: Record<string, string | number>): string {
  return Object.entries(lines).map(([k, v]) => `${k}=${v}`).join("\n") + "\n";
}

/** Resolves once a TCP connection to 127.0.0.1:port succeeds (or rejects after timeoutMs). */
export async function waitForPort(port: number, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((res) => {
      const s = connect({ host: "127.0.0.1", port });
      s.once("connect", () => { s.destroy(); res(true); });
      s.once("error", () => res(false));
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`port ${port} did not open within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Resolves once the server answers a ZooKeeper handshake (ConnectRequest -> ConnectResponse with a
 * session); the session is closed again at once. ZooKeeper binds its port before its database is
 * loaded, so an open port alone does not mean it serves clients yet.
 */
export async function waitForZooKeeperSession(port: number, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  const connectRequest = Buffer.alloc(4 + 44 + 1);
  connectRequest.writeInt32BE(44 + 1, 0); // protocolVersion, lastZxidSeen, timeOut, sessionId = 0; passwd = 16 zero bytes; readOnly = false
  connectRequest.writeInt32BE(30_000, 4 + 12);
  connectRequest.writeInt32BE(16, 4 + 28);
  const closeSession = Buffer.from([0, 0, 0, 8, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xf5]); // xid 1, op -11
  for (;;) {
    const ok = await new Promise<boolean>((res) => {
      const s = connect({ host: "127.0.0.1", port });
      let acc = Buffer.alloc(0);
      const t = setTimeout(() => { s.destroy(); res(false); }, 2000);
      s.once("connect", () => s.write(connectRequest));
      s.on("data", (b: Buffer) => {
        acc = Buffer.concat([acc, b]);
        if (acc.length >= 12) { clearTimeout(t); const timeout = acc.readInt32BE(8); s.end(closeSession); res(timeout > 0); }
      });
      s.once("error", () => { clearTimeout(t); res(false); });
      s.once("close", () => { clearTimeout(t); res(false); });
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`ZooKeeper on port ${port} did not accept a session within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startApacheZooKeeper(opts: ApacheZooKeeperOptions = {}): Promise<ApacheZooKeeper> {
  const port = opts.port ?? (await freePort());
  const dir = tempDir("apache-zk-");
  const dataDir = opts.dataDir ?? join(dir, "data");
  mkdirSync(dataDir, { recursive: true });
  const cfgFile = join(dir, "zoo.cfg");
  writeFileSync(cfgFile, zooCfg({
    tickTime: 2000,
    dataDir,
    clientPort: port,
    clientPortAddress: "127.0.0.1",
    maxClientCnxns: 0,
    "admin.enableServer": "false",
    ...opts.extraConfig,
  }));
  const proc = startProcess("java", [
    ...(opts.jvmArgs ?? FAST_START_JVM),
    `-Dzookeeper.log.dir=${dir}`,
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
    "-cp", ZK_CLASSPATH,
    "org.apache.zookeeper.server.ZooKeeperServerMain",
    cfgFile,
  ], { cwd: dir });
  await proc.waitFor(/binding to port/, opts.startTimeoutMs ?? 30_000);
  await waitForZooKeeperSession(port);
  return {
    port,
    dataDir,
    connectString: `127.0.0.1:${port}`,
    proc,
    stop: () => proc.stop(),
  };
}

export interface ApacheZooKeeperEnsemble {
  ports: number[];
  connectString: string;
  procs: Proc[];
  stop(): Promise<void>;
}

/** An n-server quorum (QuorumPeerMain) on 127.0.0.1, each with its own dataDir and myid. */
export async function startApacheZooKeeperEnsemble(n: number, extraConfig: Record<string, string | number> = {}): Promise<ApacheZooKeeperEnsemble> {
  const peers: { id: number; client: number; quorum: number; election: number; dir: string }[] = [];
  for (let id = 1; id <= n; id++) {
    peers.push({ id, client: await freePort(), quorum: await freePort(), election: await freePort(), dir: tempDir(`apache-zk${id}-`) });
  }
  const servers: Record<string, string> = {};
  for (const p of peers) servers[`server.${p.id}`] = `127.0.0.1:${p.quorum}:${p.election}`;
  const procs: Proc[] = [];
  for (const p of peers) {
    const dataDir = join(p.dir, "data");
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, "myid"), `${p.id}\n`);
    const cfgFile = join(p.dir, "zoo.cfg");
    writeFileSync(cfgFile, zooCfg({
      tickTime: 2000, initLimit: 10, syncLimit: 5, dataDir, clientPort: p.client, clientPortAddress: "127.0.0.1",
      maxClientCnxns: 0, "admin.enableServer": "false", ...servers, ...extraConfig,
    }));
    procs.push(startProcess("java", [...FAST_START_JVM, "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-cp", ZK_CLASSPATH,
      "org.apache.zookeeper.server.quorum.QuorumPeerMain", cfgFile], { cwd: p.dir }));
  }
  const stop = async () => { await Promise.all(procs.map((p) => p.stop())); };
  try {
    await Promise.all(procs.map((p) => p.waitFor(/(LEADING|FOLLOWING) - LEADER ELECTION TOOK/, 60_000)));
    await Promise.all(peers.map((p) => waitForZooKeeperSession(p.client)));
  } catch (e) {
    await stop();
    throw e;
  }
  return { ports: peers.map((p) => p.client), connectString: peers.map((p) => `127.0.0.1:${p.client}`).join(","), procs, stop };
}
