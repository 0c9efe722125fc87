import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, startZooKeeper, type Broker } from "../../helpers/broker.js";
import { eventually, removeTempDirs, run, stopAll } from "../../helpers/procs.js";

let b0: Broker;
let b1: Broker;
beforeAll(async () => {
  const zk = await startZooKeeper();
  const overrides = { "replica.lag.time.max.ms": 1500 };
  b0 = await startBroker({ zkConnect: zk.connectString, brokerId: 0, overrides });
  b1 = await startBroker({ zkConnect: zk.connectString, brokerId: 1, overrides });
}, 60_000);
afterAll(async () => { await stopAll(); removeTempDirs(); });

describe("two brokers", () => {
  it("one controller, partitions spread over both, each client routed to the leader", async () => {
    const ct = await run("kcat", ["-b", b1.bootstrap, "-L"], { timeoutMs: 15_000 });
    expect(ct.stdout).toContain("2 brokers:");
    expect((ct.stdout.match(/\(controller\)/g) ?? []).length).toBe(1);
    const { Kafka, logLevel } = await import("kafkajs");
    const kafka = new Kafka({ brokers: [b1.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: "spread", numPartitions: 4 }], waitForLeaders: true });
    const md = await admin.fetchTopicMetadata({ topics: ["spread"] });
    expect(new Set(md.topics[0]!.partitions.map((p) => p.leader))).toEqual(new Set([0, 1]));
    await admin.disconnect();
    const lines = Array.from({ length: 40 }, (_, i) => `k${i}:v${i}`);
    const p = await run("kcat", ["-b", b0.bootstrap, "-P", "-t", "spread", "-K:"], { input: lines.join("\n") + "\n", timeoutMs: 20_000 });
    expect(p.code).toBe(0);
    await eventually(async () => {
      const c = await run("kcat", ["-b", b0.bootstrap, "-C", "-t", "spread", "-o", "beginning", "-e", "-q", "-f", "%k:%s\\n"], { timeoutMs: 20_000 });
      return c.stdout.trim().split("\n").sort().join() === [...lines].sort().join();
    }, 20_000, 500);
  });

  it("a broker going away takes its RF=1 partitions offline (leader -1); they come back with a new leader epoch", async () => {
    const leaders = async (): Promise<Map<number, number>> => {
      const r = await run("kcat", ["-b", b0.bootstrap, "-L", "-t", "spread", "-J"], { timeoutMs: 15_000 });
      const j = JSON.parse(r.stdout) as { topics: Array<{ partitions: Array<{ partition: number; leader: number }> }> };
      return new Map(j.topics[0]!.partitions.map((p) => [p.partition, p.leader]));
    };
    const before = [...(await leaders())].filter(([, l]) => l === 1).map(([p]) => p);
    expect(before.length).toBeGreaterThan(0);
    await b1.stop();
    await eventually(async () => { const m = await leaders(); return before.every((p) => m.get(p) === -1); }, 20_000, 300);
    await b1.restart();
    await eventually(async () => { const m = await leaders(); return before.every((p) => m.get(p) === 1); }, 30_000, 300);
    const w = await run("kcat", ["-b", b0.bootstrap, "-P", "-t", "spread", "-p", String(before[0]), "-X", "topic.request.required.acks=-1"], { input: "back\n", timeoutMs: 20_000 });
    expect(w.stderr).toBe("");
    const c = await run("kcat", ["-b", b0.bootstrap, "-C", "-t", "spread", "-p", String(before[0]), "-o", "-1", "-e", "-q"], { timeoutMs: 20_000 });
    expect(c.stdout.trim()).toBe("back");
  });

  it("deleting a topic removes its logs on every broker, not only on the controller", async () => {
    const { readdirSync } = await import("node:fs");
    const live = (dir: string) => readdirSync(dir).filter((d) => /^spread-\d+$/.test(d));
    expect(live(b0.logDir).length + live(b1.logDir).length).toBe(4);
    const { Kafka, logLevel } = await import("kafkajs");
    const admin = new Kafka({ brokers: [b0.bootstrap], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: ["spread"], timeout: 15_000 });
    await admin.disconnect();
    await eventually(() => live(b0.logDir).length === 0 && live(b1.logDir).length === 0, 15_000, 200);
  });

  it("RF=2: the follower replicates (ISR of 2); killed, it leaves the ISR after replica.lag.time.max.ms (in ZooKeeper and in metadata); restarted, it catches up and rejoins", async () => {
    const { Kafka, logLevel } = await import("kafkajs");
    const admin = new Kafka({ brokers: [b0.bootstrap], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: "rf2", replicaAssignment: [{ partition: 0, replicas: [0, 1] }] }], waitForLeaders: true });
    await admin.disconnect();
    const isr = async (): Promise<number[]> => {
      const r = await run("kcat", ["-b", b0.bootstrap, "-L", "-t", "rf2", "-J"], { timeoutMs: 15_000 });
      const j = JSON.parse(r.stdout) as { topics: Array<{ partitions: Array<{ partition: number; leader: number; isrs: Array<{ id: number }> }> }> };
      return j.topics[0]!.partitions[0]!.isrs.map((x) => x.id).sort();
    };
    const produce = async (v: string) => {
      const w = await run("kcat", ["-b", b0.bootstrap, "-P", "-t", "rf2", "-p", "0", "-X", "topic.request.required.acks=-1"], { input: `${v}\n`, timeoutMs: 20_000 });
      expect(w.stderr).toBe("");
    };
    await produce("one");
    expect(await isr()).toEqual([0, 1]);
    // SIGKILL: no controlled shutdown (which would take b1 out of the ISR through the controller)
    await b1.kill9();
    // the leader has something the follower lacks: after the lag time the follower is out
    await run("kcat", ["-b", b0.bootstrap, "-P", "-t", "rf2", "-p", "0", "-X", "topic.request.required.acks=1"], { input: "two\n", timeoutMs: 20_000 });
    await eventually(async () => (await isr()).join() === "0", 20_000, 300);
    expect(b0.proc.output()).toContain("Shrinking ISR from 0,1 to 0");
    await produce("three");
    await b1.restart();
    await eventually(async () => (await isr()).join() === "0,1", 30_000, 300);
    expect(b0.proc.output()).toContain("Expanding ISR from 0 to 0,1");
    const c = await run("kcat", ["-b", b0.bootstrap, "-C", "-t", "rf2", "-p", "0", "-o", "beginning", "-e", "-q"], { timeoutMs: 20_000 });
    expect(c.stdout.trim().split("\n")).toEqual(["one", "two", "three"]);
  });
});
