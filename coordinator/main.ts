/**
 * Entry point: `node dist/coordinator/main.js zookeeper.properties` (or `port dataDir
 * [tickTime] [maxClientCnxns]`, as ZooKeeperServerMain accepts). Exit codes: 0 after a clean
 * SIGTERM/SIGINT shutdown, 1 for an invalid configuration or a port that cannot be bound.
 */
import { mkdirSync } from "node:fs";
import { logger } from "../common/logger.js";
import { ConfigException } from "../common/config-def.js";
import { buildConfig, loadConfig, withSystemProperties, type ZkConfig } from "./config.js";
import { FileTxnLog } from "./persistence/txn-log.js";
import { FileSnapshotStore } from "./persistence/snapshot.js";
import { ZooKeeperServer } from "./server/zookeeper-server.js";
import { CnxnFactory } from "./server/cnxn-factory.js";
import { ZK_VERSION } from "./four-letter-words.js";
import { AdminServer } from "./admin-server.js";
import { PROMETHEUS_PROVIDER, startCoordinatorMetrics } from "./metrics/prometheus-metrics.js";
import { jmxPortFromEnv } from "../common/metrics/jmx-port.js";
import type { MetricsHttpServer } from "../common/metrics/http-server.js";

const log = logger("zookeeper");

function usage(): never {
  process.stderr.write("Usage: ZooKeeperServerMain configfile | port datadir [ticktime] [maxcnxns]\n");
  process.exit(1);
}

function parseArgs(argv: string[]): ZkConfig {
  if (argv.length === 1) return loadConfig(argv[0]!);
  if (argv.length >= 2 && argv.length <= 4) {
    const raw = new Map<string, string>([["clientPort", argv[0]!], ["dataDir", argv[1]!]]);
    if (argv[2]) raw.set("tickTime", argv[2]);
    if (argv[3]) raw.set("maxClientCnxns", argv[3]);
    return buildConfig(withSystemProperties(raw));
  }
  usage();
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.length === 0) usage();
  let cfg: ZkConfig;
  try {
    cfg = parseArgs(argv);
  } catch (e) {
    if (e instanceof ConfigException) {
      log.error(`Invalid config, exiting abnormally: ${e.message}`);
      process.stderr.write(`Invalid config, exiting abnormally: ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  for (const k of cfg.unknownKeys) log.warn(`Unknown configuration key ${k}=${cfg.raw.get(k)} ignored`);
  log.info(`Starting server`);
  log.info(`Server environment:zookeeper.version=${ZK_VERSION}`);
  log.info(`tickTime set to ${cfg.tickTime} ms`);
  log.info(`minSessionTimeout set to ${cfg.minSessionTimeout} ms`);
  log.info(`maxSessionTimeout set to ${cfg.maxSessionTimeout} ms`);
  log.info(`Created server with tickTime ${cfg.tickTime} ms minSessionTimeout ${cfg.minSessionTimeout} ms maxSessionTimeout ${cfg.maxSessionTimeout} ms clientPortListenBacklog -1 datadir ${cfg.dataLogDir}/version-2 snapdir ${cfg.dataDir}/version-2`);
  log.info(`zookeeper.snapCount=${cfg.snapCount} forceSync=${cfg.forceSync ? "yes" : "no"} jute.maxbuffer=${cfg.juteMaxBuffer} 4lw.commands.whitelist=${cfg.allFourLetterWords ? "*" : [...cfg.fourLetterWords].join(",")}`);
  try {
    mkdirSync(cfg.dataDir, { recursive: true });
    mkdirSync(cfg.dataLogDir, { recursive: true });
  } catch (e) {
    log.error(`Unable to create data directory ${cfg.dataDir}: ${(e as Error).message}`);
    process.exit(1);
  }
  const txnLog = new FileTxnLog({ dir: cfg.dataLogDir, forceSync: cfg.forceSync, preAllocSize: cfg.preAllocSizeBytes });
  const snaps = new FileSnapshotStore(cfg.dataDir, cfg.dataLogDir);
  const zk = new ZooKeeperServer(cfg, txnLog, snaps);
  // a lone client's write may be fdatasynced on the event loop: nobody else is there to wait for it
  txnLog.setSyncInline(() => zk.connections.size <= 1);
  const factory = new CnxnFactory(zk);
  const admin = cfg.adminServerEnabled ? new AdminServer(zk, argv.length === 1 ? argv[0] : undefined) : undefined;
  if (admin) {
    // as ZooKeeperServerMain: the AdminServer starts first, and failing to start it is fatal (exit 4)
    try {
      await admin.start(cfg.adminServerPort, cfg.adminServerAddress, cfg.adminCommandUrl);
    } catch (e) {
      const msg = `Problem starting AdminServer on address ${cfg.adminServerAddress}, port ${cfg.adminServerPort} and command URL ${cfg.adminCommandUrl}: ${(e as Error).message}`;
      log.error(`Unable to start AdminServer, exiting abnormally: ${msg}`);
      process.stderr.write(`Unable to start AdminServer, exiting abnormally: ${msg}\n`);
      await txnLog.close().catch(() => undefined);
      process.exit(4);
    }
  }
  const metrics: MetricsHttpServer[] = [];
  try {
    const mp = cfg.metricsProvider;
    if (mp.className === PROMETHEUS_PROVIDER) metrics.push(await startCoordinatorMetrics(zk, mp.httpPort, [mp.httpHost], mp.exportJvmInfo));
    else if (!/\.(DefaultMetricsProvider|NullMetricsProvider)$/.test(mp.className)) log.warn(`Unsupported metricsProvider.className ${mp.className}; no metrics endpoint`);
    const jmxPort = jmxPortFromEnv();
    if (jmxPort >= 0) metrics.push(await startCoordinatorMetrics(zk, jmxPort, ["127.0.0.1", cfg.clientPortAddress ?? ""], true));
  } catch (e) {
    log.error(`Unable to start metrics provider, exiting abnormally: ${(e as Error).message}`);
    process.stderr.write(`Unable to start metrics provider, exiting abnormally: ${(e as Error).message}\n`);
    await txnLog.close().catch(() => undefined);
    process.exit(1);
  }
  try {
    await factory.listen(cfg.clientPort, cfg.clientPortAddress);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const msg = err.code === "EADDRINUSE" ? `Address already in use: clientPort=${cfg.clientPort}` : err.message;
    log.error(`Unable to start ZooKeeper server: ${msg}`);
    process.stderr.write(`Unable to start ZooKeeper server: java.net.BindException: ${msg}\n`);
    await txnLog.close().catch(() => undefined);
    process.exit(1);
  }
  await zk.startup();
  factory.start();
  log.info(`ZooKeeper (kafka-ts) standalone server started on port ${cfg.clientPort}`);
  let stopping = false;
  const stop = async (sig: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`Received ${sig}, shutting down`);
    const closed = factory.close();
    await admin?.close();
    await Promise.all(metrics.map((m) => m.close()));
    await zk.shutdown(); // drops client connections, flushes and closes the txn log
    await closed;
    log.info("shutdown of request processor complete");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((e: Error) => {
  log.error(`Unexpected exception, exiting abnormally: ${e.stack ?? e.message}`);
  process.exit(1);
});
