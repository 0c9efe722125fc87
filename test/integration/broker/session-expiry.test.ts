import { afterAll, beforeAll, describe, expect, it } from "vitest";
import zookeeper from "node-zookeeper-client";
import { startBroker, startZooKeeper, type Broker, type ZooKeeperForTests } from "../../helpers/broker.js";
import { eventually, removeTempDirs, run, stopAll } from "../../helpers/procs.js";

let zk: ZooKeeperForTests;
let broker: Broker;
beforeAll(async () => {
  zk = await startZooKeeper();
  broker = await startBroker({ zkConnect: zk.connectString, overrides: { "zookeeper.session.timeout.ms": 4000 } });
}, 60_000);
afterAll(async () => { await stopAll(); removeTempDirs(); });

describe("ZooKeeper session expiry", () => {
  it("a broker whose session expired (frozen past the timeout) re-registers and is controller again", async () => {
    const client = zookeeper.createClient(zk.connectString);
    await new Promise<void>((res) => { client.once("connected", () => res()); client.connect(); });
    const exists = (p: string) => new Promise<boolean>((res) => client.exists(p, (_e, s) => res(!!s)));
    try {
      expect(await exists("/brokers/ids/0")).toBe(true);
      process.kill(broker.proc.pid, "SIGSTOP");
      await eventually(async () => !(await exists("/brokers/ids/0")), 20_000, 200);
      process.kill(broker.proc.pid, "SIGCONT");
      await eventually(async () => (await exists("/brokers/ids/0")) && (await exists("/controller")), 20_000, 200);
      expect(broker.proc.output()).toContain("ZooKeeper session expired; a new session is open");
      const p = await run("kcat", ["-b", broker.bootstrap, "-P", "-t", "after-expiry"], { input: "v\n", timeoutMs: 20_000 });
      expect(p.code).toBe(0);
      const c = await run("kcat", ["-b", broker.bootstrap, "-C", "-t", "after-expiry", "-o", "beginning", "-e", "-q"], { timeoutMs: 20_000 });
      expect(c.stdout.trim()).toBe("v");
    } finally {
      client.close();
    }
  });
});
