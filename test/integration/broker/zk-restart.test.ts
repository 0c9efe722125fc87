import { afterAll, describe, expect, it } from "vitest";
import { startCoordinator, coordinatorBuilt } from "../../helpers/coordinator.js";
import { startBroker } from "../../helpers/broker.js";
import { eventually, removeTempDirs, run, stopAll } from "../../helpers/procs.js";

afterAll(async () => { await stopAll(); removeTempDirs(); });

describe.skipIf(!coordinatorBuilt())("ZooKeeper restart under a running broker", () => {
  it("the session and watches survive a quick coordinator restart: the broker keeps serving and still sees new topics", async () => {
    const zk = await startCoordinator();
    const b = await startBroker({ zkConnect: zk.connectString, overrides: { "zookeeper.session.timeout.ms": 10000 } });
    await zk.restart();
    // a topic created now (ZooKeeper writes by the broker's CreateTopics path) must come alive
    const { Kafka, logLevel } = await import("kafkajs");
    const kafka = new Kafka({ brokers: [b.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 200 } });
    const admin = kafka.admin();
    await admin.connect();
    await eventually(async () => admin.createTopics({ topics: [{ topic: "after-zk-restart" }], waitForLeaders: true }).then(() => true, () => false), 20_000, 500);
    await admin.disconnect();
    const p = await run("kcat", ["-b", b.bootstrap, "-P", "-t", "after-zk-restart"], { input: "ok\n", timeoutMs: 20_000 });
    expect(p.code).toBe(0);
    const c = await run("kcat", ["-b", b.bootstrap, "-C", "-t", "after-zk-restart", "-o", "beginning", "-e", "-q"], { timeoutMs: 20_000 });
    expect(c.stdout.trim()).toBe("ok");
    expect(b.proc.output()).not.toContain("session expired");
  });
});
