/**
 * Start/stop a broker (node dist/broker/main.js) for tests: 127.0.0.1, a free port, a temp log
 * dir, its own server.properties; waits for "started (kafka.server.KafkaServer)". Used by the
 * broker's tests and teammates' (CLI, clients). Needs a ZooKeeper: pass its connect string
 * (see startZooKeeper below: our coordinator or Apache ZooKeeper 3.8).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startApacheZooKeeper } from "./apache-zookeeper.js";
import { coordinatorBuilt, startCoordinator } from "./coordinator.js";
import { freePort, ROOT, startProcess, tempDir, type Proc } from "./procs.js";

export const BROKER_MAIN = join(ROOT, "dist/broker/main.js");

export interface BrokerOptions {
  /** ZooKeeper connect string (host:port[/chroot]) */
  zkConnect: string;
  brokerId?: number;
  port?: number;
  logDir?: string;
  /** extra server.properties keys, e.g. { "auto.create.topics.enable": false } */
  overrides?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

export interface Broker {
  port: number;
  brokerId: number;
  logDir: string;
  configFile: string;
  /** "127.0.0.1:port" for clients */
  bootstrap: string;
  proc: Proc;
  stop(): Promise<void>;
  kill9(): Promise<void>;
  /** start again on the same port, log dir and config; `proc` is then the new process */
  restart(): Promise<void>;
}

export async function startBroker(opts: BrokerOptions): Promise<Broker> {
  const port = opts.port ?? (await freePort());
  const dir = tempDir("broker-");
  const logDir = opts.logDir ?? join(dir, "kafka-logs");
  const brokerId = opts.brokerId ?? 0;
  const configFile = join(dir, "server.properties");
  const props: Record<string, string | number | boolean> = {
    "broker.id": brokerId,
    listeners: `PLAINTEXT://127.0.0.1:${port}`,
    "log.dirs": logDir,
    "num.partitions": 1,
    "zookeeper.connect": opts.zkConnect,
    "zookeeper.connection.timeout.ms": 10000,
    "zookeeper.session.timeout.ms": 6000,
    "offsets.topic.replication.factor": 1,
    "group.initial.rebalance.delay.ms": 0,
    ...opts.overrides,
  };
  writeFileSync(configFile, Object.entries(props).map(([k, v]) => `${k}=${v}`).join("\n") + "\n");
  const launch = async (): Promise<Proc> => {
    const proc = startProcess("node", [BROKER_MAIN, configFile], { env: opts.env, cwd: dir });
    try {
      await proc.waitFor(/started \(kafka\.server\.KafkaServer\)/, opts.startTimeoutMs ?? 30_000);
    } catch (e) {
      await proc.stop();
      throw e;
    }
    return proc;
  };
  const b: Broker = {
    port, brokerId, logDir, configFile, bootstrap: `127.0.0.1:${port}`,
    proc: await launch(),
    stop: () => b.proc.stop(),
    kill9: () => b.proc.kill9(),
    async restart() {
      await b.proc.stop();
      b.proc = await launch();
    },
  };
  return b;
}

export interface ZooKeeperForTests { connectString: string; stop(): Promise<void>; kind: "coordinator" | "apache" }

/**
 * A ZooKeeper for broker tests: our coordinator when built (KTS_ZK=apache forces Apache
 * ZooKeeper 3.8), else Apache ZooKeeper; or the one asked for.
 */
export async function startZooKeeper(kind: "auto" | "coordinator" | "apache" = "auto"): Promise<ZooKeeperForTests> {
  const want = kind === "auto" ? (process.env.KTS_ZK === "apache" || !coordinatorBuilt() ? "apache" : "coordinator") : kind;
  if (want === "coordinator") {
    const c = await startCoordinator();
    return { connectString: c.connectString, stop: () => c.stop(), kind: "coordinator" };
  }
  const z = await startApacheZooKeeper();
  return { connectString: z.connectString, stop: () => z.stop(), kind: "apache" };
}
