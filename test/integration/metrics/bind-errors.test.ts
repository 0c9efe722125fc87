import { createServer, type Server } from "node:net";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCoordinator, COORDINATOR_MAIN, type Coordinator } from "../../helpers/coordinator.js";
import { BROKER_MAIN } from "../../helpers/broker.js";
import { freePort, removeTempDirs, startProcess, stopAll, tempDir } from "../../helpers/procs.js";

let coordinator: Coordinator;
let blocker: Server;
let taken: number;

beforeAll(async () => {
  coordinator = await startCoordinator();
  taken = await freePort();
  blocker = createServer();
  await new Promise<void>((res) => blocker.listen(taken, "127.0.0.1", () => res()));
}, 30_000);
afterAll(async () => {
  await new Promise<void>((res) => blocker.close(() => res()));
  await stopAll();
  removeTempDirs();
});

describe("a metrics port that is taken", () => {
  it("the broker does not start (as a JVM whose JMX port is taken) and exits non-zero", async () => {
    const dir = tempDir("metrics-taken-");
    const cfg = join(dir, "server.properties");
    writeFileSync(cfg, [`broker.id=3`, `listeners=PLAINTEXT://127.0.0.1:${await freePort()}`, `log.dirs=${join(dir, "logs")}`, `zookeeper.connect=${coordinator.connectString}`, ""].join("\n"));
    const proc = startProcess("node", [BROKER_MAIN, cfg], { env: { JMX_PORT: String(taken) } });
    const timeout = setTimeout(() => void proc.kill9(), 30_000);
    const code = await proc.exited;
    clearTimeout(timeout);
    expect(code).not.toBe(0);
    expect(proc.output()).toMatch(/Address already in use/);
  }, 40_000);

  it("the coordinator says it cannot start the metrics provider and exits 1", async () => {
    const dir = tempDir("metrics-taken-zk-");
    const cfg = join(dir, "zookeeper.properties");
    writeFileSync(cfg, [`dataDir=${join(dir, "data")}`, `clientPort=${await freePort()}`, "clientPortAddress=127.0.0.1", "admin.enableServer=false",
      "metricsProvider.className=org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider", "metricsProvider.httpHost=127.0.0.1", `metricsProvider.httpPort=${taken}`, ""].join("\n"));
    const proc = startProcess("node", [COORDINATOR_MAIN, cfg]);
    const timeout = setTimeout(() => void proc.kill9(), 20_000);
    const code = await proc.exited;
    clearTimeout(timeout);
    expect(code).toBe(1);
    expect(proc.output()).toMatch(/Unable to start metrics provider, exiting abnormally/);
  }, 30_000);
});
