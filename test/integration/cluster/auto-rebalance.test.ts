/**
 * auto.leader.rebalance.enable: after the preferred leader of a partition comes back and rejoins
 * the ISR, the controller's periodic imbalance check (leader.imbalance.check.interval.seconds,
 * shortened here) gives leadership back to it; records written meanwhile are all there.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Kafka, logLevel } from "kafkajs";
import { startCluster, type Cluster } from "../../helpers/cluster.js";
import { eventually, removeTempDirs, run, stopAll } from "../../helpers/procs.js";

let cluster: Cluster;

beforeAll(async () => {
  cluster = await startCluster({
    brokers: 2, zk: "coordinator", tickTime: 1000,
    overrides: { "zookeeper.session.timeout.ms": 4000, "offsets.topic.replication.factor": 2, "default.replication.factor": 2, "min.insync.replicas": 1, "leader.imbalance.check.interval.seconds": 2 },
  });
}, 90_000);
afterAll(async () => { await cluster?.shutdown(); await stopAll(); removeTempDirs(); }, 30_000);

describe("automatic preferred leader rebalance", () => {
  it("leadership returns to the preferred replica once it is back in the ISR", async () => {
    const kafka = new Kafka({ brokers: cluster.bootstrapList(), logLevel: logLevel.NOTHING, retry: { retries: 20, initialRetryTime: 200, maxRetryTime: 2000 } });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: "bal", replicaAssignment: [{ partition: 0, replicas: [0, 1] }] }], waitForLeaders: true });
    await admin.disconnect();
    await cluster.waitForIsr("bal", 0, 2);
    await cluster.kill9(0);
    await cluster.waitForLeader("bal", 0, { not: 0 });
    const w = await run("kcat", ["-b", cluster.bootstrap(), "-P", "-t", "bal", "-p", "0", "-X", "topic.request.required.acks=-1"], { input: "while-away\n", timeoutMs: 20_000 });
    expect(w.stderr).toBe("");
    await cluster.restart(0);
    await cluster.waitForIsr("bal", 0, 2, 40_000);
    await eventually(async () => (await cluster.partition("bal", 0))?.leader === 0, 30_000, 300);
    expect(cluster.brokers.get(1)!.proc.output() + cluster.brokers.get(0)!.proc.output()).toContain("triggered by AutoTriggered");
    const c = await run("kcat", ["-b", cluster.bootstrap(), "-C", "-t", "bal", "-p", "0", "-o", "beginning", "-e", "-q"], { timeoutMs: 20_000 });
    expect(c.stdout.trim()).toBe("while-away");
  }, 120_000);
});
