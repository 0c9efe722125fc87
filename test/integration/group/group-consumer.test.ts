/** Our client's GroupConsumer (subscribe semantics, for kafka-console-consumer.sh --group) against the broker. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Kafka, logLevel } from "kafkajs";
import { Cluster } from "../../../broker/client/cluster.js";
import { EARLIEST } from "../../../broker/client/consumer.js";
import { GroupConsumer } from "../../../broker/client/group-consumer.js";
import { startBroker, startZooKeeper, type Broker, type ZooKeeperForTests } from "../../helpers/broker.js";
import { eventually, removeTempDirs, run, stopAll } from "../../helpers/procs.js";

let zk: ZooKeeperForTests;
let broker: Broker;
let kafka: Kafka;

beforeAll(async () => {
  zk = await startZooKeeper();
  broker = await startBroker({ zkConnect: zk.connectString });
  kafka = new Kafka({ clientId: "gc-test", brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: "gct", numPartitions: 3 }], waitForLeaders: true });
  await admin.disconnect();
  await produce("a", 30);
}, 60_000);

afterAll(async () => { await stopAll(); removeTempDirs(); });

async function produce(prefix: string, n: number): Promise<void> {
  const p = kafka.producer();
  await p.connect();
  await p.send({ topic: "gct", messages: Array.from({ length: n }, (_, i) => ({ partition: i % 3, value: `${prefix}${i}` })) });
  await p.disconnect();
}

function consumer(groupId: string, clientId: string, opts: { resetTo?: bigint; autoCommit?: boolean } = {}): GroupConsumer {
  return new GroupConsumer(new Cluster(broker.bootstrap, { clientId }), ["gct"], {
    member: { groupId, clientId, sessionTimeoutMs: 6000, rebalanceTimeoutMs: 10_000, heartbeatIntervalMs: 200 },
    consumer: { maxWaitMs: 100 }, resetTo: opts.resetTo, autoCommit: opts.autoCommit, autoCommitIntervalMs: 200,
  });
}

/** Poll every consumer in its own loop (as separate processes would) until `until()` holds. */
async function drain(cs: GroupConsumer[], seen: string[], until: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  await Promise.all(cs.map(async (c) => {
    while (!until()) {
      if (Date.now() > end) throw new Error(`timed out with ${seen.length} records`);
      for (const r of await c.poll()) seen.push(r.value!.toString());
    }
  }));
}

describe("GroupConsumer", () => {
  it("reads everything from the beginning, commits, and a second run resumes after the commit", async () => {
    const a = consumer("gc-1", "gc-a", { resetTo: EARLIEST });
    const seen: string[] = [];
    await drain([a], seen, () => seen.length >= 30);
    expect(new Set(seen).size).toBe(30);
    await a.close();
    const d = await run("bash", ["bin/kafka-consumer-groups.sh", "--bootstrap-server", broker.bootstrap, "--describe", "--group", "gc-1"], { timeoutMs: 30_000 });
    expect(d.stdout.match(/gc-1 +gct +\d +10 +10 +0/g)).toHaveLength(3);
    await produce("b", 6);
    const again = consumer("gc-1", "gc-a2", { resetTo: EARLIEST });
    const seen2: string[] = [];
    await drain([again], seen2, () => seen2.length >= 6);
    expect(seen2.sort()).toEqual(["b0", "b1", "b2", "b3", "b4", "b5"]);
    await again.close();
  });

  it("two members share the partitions and together read each new message once", async () => {
    const x = consumer("gc-2", "gc-x");
    const y = consumer("gc-2", "gc-y");
    const seen: string[] = [];
    // both join (LATEST: only messages produced from now on)
    await drain([x, y], seen, () => x.assignment.length + y.assignment.length === 3 && x.assignment.length > 0 && y.assignment.length > 0);
    await produce("c", 12);
    await drain([x, y], seen, () => seen.length >= 12);
    // nothing more arrives (no duplicates)
    const stopAt = Date.now() + 500;
    await drain([x, y], seen, () => Date.now() > stopAt);
    expect(seen.sort()).toEqual(Array.from({ length: 12 }, (_, i) => `c${i}`).sort());
    await y.close();
    await eventually(async () => { await x.poll(); return x.assignment.length === 3; }, 20_000);
    await x.close();
  });
});
