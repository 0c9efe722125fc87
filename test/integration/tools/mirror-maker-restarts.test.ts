/**
 * kafka-mirror-maker.sh while the clusters restart: the target broker is SIGKILLed and started
 * again, then the source broker, while records keep coming; the mirror rides through both
 * (producer retries, reconnects, group rejoin) and nothing is missing at the end.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Admin } from "../../../broker/client/admin.js";
import { Cluster } from "../../../broker/client/cluster.js";
import { Consumer, EARLIEST } from "../../../broker/client/consumer.js";
import { Producer } from "../../../broker/client/producer.js";
import { startBroker, type Broker } from "../../helpers/broker.js";
import { startCoordinator, type Coordinator } from "../../helpers/coordinator.js";
import { ROOT, eventually, removeTempDirs, startProcess, stopAll, tempDir } from "../../helpers/procs.js";

const MM = join(ROOT, "dist/cli/kafka-mirror-maker.js");
const TOPIC = "mm-chaos";
const PARTITIONS = 3;

let zkA: Coordinator, zkB: Coordinator, src: Broker, dst: Broker;
let dir: string;

beforeAll(async () => {
  [zkA, zkB] = await Promise.all([startCoordinator(), startCoordinator()]);
  [src, dst] = await Promise.all([startBroker({ zkConnect: zkA.connectString }), startBroker({ zkConnect: zkB.connectString })]);
  dir = tempDir("mm-chaos-");
  writeFileSync(join(dir, "consumer.properties"), `bootstrap.servers=${src.bootstrap}\ngroup.id=mm-chaos\nauto.offset.reset=earliest\nsession.timeout.ms=6000\nheartbeat.interval.ms=500\n`);
  writeFileSync(join(dir, "producer.properties"), `bootstrap.servers=${dst.bootstrap}\nrequest.timeout.ms=5000\n`);
}, 60_000);

afterAll(async () => {
  await stopAll();
  removeTempDirs();
});

async function produce(from: number, to: number): Promise<void> {
  const p = new Producer(new Cluster(src.bootstrap));
  await Promise.all(Array.from({ length: to - from }, (_, i) => p.send({ topic: TOPIC, key: Buffer.from(`key-${from + i}`), value: Buffer.from(`v${from + i}`) })));
  await p.close();
}

async function targetKeys(): Promise<Set<string>> {
  const c = new Consumer(new Cluster(dst.bootstrap), { maxWaitMs: 100 });
  try {
    let end = 0n;
    for (let p = 0; p < PARTITIONS; p++) end += await c.listOffset(TOPIC, p, -1n);
    for (let p = 0; p < PARTITIONS; p++) await c.assign(TOPIC, p, EARLIEST);
    const keys = new Set<string>();
    let n = 0n;
    const deadline = Date.now() + 15_000;
    while (n < end && Date.now() < deadline) for (const r of await c.poll()) { n++; keys.add(r.key!.toString()); }
    return keys;
  } finally {
    await c.close();
  }
}

describe("kafka-mirror-maker across broker restarts", () => {
  it("loses nothing when the target and then the source broker are killed and restarted", async () => {
    const admin = new Admin(src.bootstrap);
    expect((await admin.createTopics([{ name: TOPIC, numPartitions: PARTITIONS, replicationFactor: 1 }])).get(TOPIC)).toBeNull();
    await admin.cluster.topicMetadata(TOPIC, { timeoutMs: 20_000 });
    await admin.close();
    await produce(0, 2000);
    const mm = startProcess("node", [MM, "--consumer.config", join(dir, "consumer.properties"), "--producer.config", join(dir, "producer.properties"), "--include", TOPIC, "--offset.commit.interval.ms", "200"]);
    await eventually(async () => (await targetKeys()).size >= 2000, 30_000, 300);

    await dst.kill9();
    await produce(2000, 3000);
    await dst.restart();
    await produce(3000, 4000);
    await eventually(async () => (await targetKeys()).size >= 4000, 40_000, 500);

    await src.kill9();
    await src.restart();
    await produce(4000, 5000);
    const keys = await eventually(async () => { const k = await targetKeys(); return k.size >= 5000 ? k : undefined; }, 40_000, 500);
    for (let i = 0; i < 5000; i++) expect(keys.has(`key-${i}`)).toBe(true);
    expect(mm.output()).not.toMatch(/Mirror maker thread failure/);
    await mm.stop();
    expect(await mm.exited).toBe(0);
  }, 120_000);
});
