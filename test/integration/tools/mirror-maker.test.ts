/**
 * kafka-mirror-maker.sh between two real clusters on loopback (two coordinators, two brokers):
 * 10,000 keyed messages mirrored with identical key → partition placement, the mirror killed
 * with SIGKILL midway and restarted, nothing missing at the end (duplicates allowed), a missing
 * target topic created with the source's partition count; the mirror's streams are members of
 * the source consumer group; a clean SIGTERM commits everything and exits 0.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Admin } from "../../../broker/client/admin.js";
import { Cluster } from "../../../broker/client/cluster.js";
import { Consumer, EARLIEST } from "../../../broker/client/consumer.js";
import { Producer } from "../../../broker/client/producer.js";
import { ConsumerGroupService } from "../../../cli/consumer-group-service.js";
import { startBroker, type Broker } from "../../helpers/broker.js";
import { startCoordinator, type Coordinator } from "../../helpers/coordinator.js";
import { ROOT, eventually, removeTempDirs, run, startProcess, stopAll, tempDir, type Proc } from "../../helpers/procs.js";

const MM = join(ROOT, "dist/cli/kafka-mirror-maker.js");
const TOPIC = "mm-keys";
const PARTITIONS = 4;
const TOTAL = 10_000;

let zkA: Coordinator, zkB: Coordinator, src: Broker, dst: Broker;
let dir: string;

beforeAll(async () => {
  [zkA, zkB] = await Promise.all([startCoordinator(), startCoordinator()]);
  [src, dst] = await Promise.all([startBroker({ zkConnect: zkA.connectString }), startBroker({ zkConnect: zkB.connectString })]);
  dir = tempDir("mm-");
  writeFileSync(join(dir, "consumer.properties"), `bootstrap.servers=${src.bootstrap}\ngroup.id=mm-test\nauto.offset.reset=earliest\nsession.timeout.ms=6000\nheartbeat.interval.ms=500\nmax.partition.fetch.bytes=1024\n`);
  writeFileSync(join(dir, "producer.properties"), `bootstrap.servers=${dst.bootstrap}\nacks=all\n`);
}, 60_000);

afterAll(async () => {
  await stopAll();
  removeTempDirs();
});

async function produce(from: number, to: number, placement: Map<string, number>): Promise<void> {
  const p = new Producer(new Cluster(src.bootstrap), { lingerMs: 5, batchSize: 512 });
  const sends: Promise<void>[] = [];
  for (let i = from; i < to; i++) {
    const key = `key-${i}`;
    sends.push(p.send({ topic: TOPIC, key: Buffer.from(key), value: Buffer.from(`value-${i}`) }).then((m) => { placement.set(key, m.partition); }));
  }
  await Promise.all(sends);
  await p.close();
}

async function endOffsets(bootstrap: string): Promise<bigint> {
  const c = new Consumer(new Cluster(bootstrap));
  try {
    let sum = 0n;
    for (let p = 0; p < PARTITIONS; p++) sum += await c.listOffset(TOPIC, p, -1n);
    return sum;
  } finally {
    await c.close();
  }
}

function startMirror(): Proc {
  return startProcess("node", [MM, "--consumer.config", join(dir, "consumer.properties"), "--producer.config", join(dir, "producer.properties"), "--include", "mm-.*", "--num.streams", "2", "--offset.commit.interval.ms", "200"]);
}

describe("kafka-mirror-maker", () => {
  it("mirrors 10,000 keyed messages across a SIGKILL with identical placement and nothing missing", async () => {
    const admin = new Admin(src.bootstrap);
    expect((await admin.createTopics([{ name: TOPIC, numPartitions: PARTITIONS, replicationFactor: 1 }])).get(TOPIC)).toBeNull();
    await admin.cluster.topicMetadata(TOPIC, { timeoutMs: 20_000 });
    await admin.close();
    const placement = new Map<string, number>();
    await produce(0, TOTAL / 2, placement);

    let mm = startMirror();
    await mm.waitFor(/Starting mm-keys-3 at offset 0/, 20_000);
    // once the group committed some progress (only acknowledged records are committed): SIGKILL
    const groups = new ConsumerGroupService(src.bootstrap, 10_000);
    await eventually(async () => [...(await groups.committedOffsets("mm-test")).values()].reduce((n, c) => n + c.offset, 0n) >= 1000n, 30_000, 10);
    await mm.kill9();
    const atKill = await endOffsets(dst.bootstrap);

    await produce(TOTAL / 2, TOTAL, placement);
    mm = startMirror();
    await mm.waitFor(/Starting mm-keys-\d at offset \d+ \(committed\)/, 20_000);
    // done when the group committed every source offset (commits follow the target's acks);
    // the target's end offsets alone can reach TOTAL early, duplicates included
    await eventually(async () => [...(await groups.committedOffsets("mm-test")).values()].reduce((n, c) => n + c.offset, 0n) === BigInt(TOTAL), 45_000, 200);

    // the target topic was created with the source's partition count
    const tAdmin = new Admin(dst.bootstrap);
    const md = (await tAdmin.describeTopics([TOPIC])).get(TOPIC);
    await tAdmin.close();
    expect(md && "partitions" in md ? md.partitions.length : -1).toBe(PARTITIONS);

    // read everything back from the target
    const c = new Consumer(new Cluster(dst.bootstrap), { maxWaitMs: 100 });
    for (let p = 0; p < PARTITIONS; p++) await c.assign(TOPIC, p, EARLIEST);
    const seen = new Map<string, number>();
    let total = 0;
    const end = await endOffsets(dst.bootstrap);
    const deadline = Date.now() + 20_000;
    while (BigInt(total) < end && Date.now() < deadline) {
      for (const r of await c.poll()) {
        total++;
        const key = r.key!.toString();
        expect(r.value!.toString()).toBe(`value-${key.slice(4)}`);
        const prev = seen.get(key);
        if (prev !== undefined) expect(prev).toBe(r.partition);
        seen.set(key, r.partition);
      }
    }
    await c.close();
    expect(seen.size).toBe(TOTAL);
    for (const [key, p] of placement) expect(seen.get(key)).toBe(p);
    expect(total).toBeGreaterThanOrEqual(TOTAL);
    expect(atKill).toBeGreaterThan(0n);
    // a third-party client (librdkafka's kcat) sees the same key -> partition placement on the target
    const kc = await run("kcat", ["-C", "-b", dst.bootstrap, "-t", TOPIC, "-o", "beginning", "-e", "-q", "-f", "%k %p\\n"], { timeoutMs: 30_000 });
    expect(kc.code).toBe(0);
    const kcKeys = new Map(kc.stdout.trimEnd().split("\n").map((l) => { const [k, p] = l.split(" "); return [k!, Number(p)]; }));
    expect(kcKeys.size).toBe(TOTAL);
    for (const [key, p] of placement) expect(kcKeys.get(key)).toBe(p);
    console.log(`mirrored before SIGKILL: ${atKill}; records on the target at the end: ${total} (${total - TOTAL} duplicates)`);

    // the mirror is a member of the source group; a clean stop commits everything, leaves, exits 0
    const g = await groups.describeGroup("mm-test");
    expect(g.state).toBe("Stable");
    expect(g.members).toHaveLength(2);
    expect(g.members.flatMap((m) => m.assignment.map((a) => a.partition)).sort()).toEqual([0, 1, 2, 3]);
    await mm.stop();
    expect(await mm.exited).toBe(0);
    expect(mm.output()).toMatch(/Shutting down mirror maker due to SIGTERM/);
    const committed = await groups.committedOffsets("mm-test");
    expect([...committed.values()].reduce((n, c) => n + c.offset, 0n)).toBe(BigInt(TOTAL));
    expect((await groups.describeGroup("mm-test")).state).toBe("Empty");
    await groups.close();
  }, 120_000);

  it("two mirror processes share the partitions through the group and take over on leave", async () => {
    const topic = "mm-shared";
    const admin = new Admin(src.bootstrap);
    expect((await admin.createTopics([{ name: topic, numPartitions: 4, replicationFactor: 1 }])).get(topic)).toBeNull();
    await admin.cluster.topicMetadata(topic, { timeoutMs: 20_000 });
    await admin.close();
    const cp = join(dir, "shared-consumer.properties");
    writeFileSync(cp, `bootstrap.servers=${src.bootstrap}\ngroup.id=mm-shared-group\nauto.offset.reset=earliest\nsession.timeout.ms=10000\nheartbeat.interval.ms=300\n`);
    const start = () => startProcess("node", [MM, "--consumer.config", cp, "--producer.config", join(dir, "producer.properties"), "--include", topic, "--offset.commit.interval.ms", "200"]);
    const send = async (from: number, to: number) => {
      const p = new Producer(new Cluster(src.bootstrap));
      await Promise.all(Array.from({ length: to - from }, (_, i) => p.send({ topic, key: Buffer.from(`s-${from + i}`), value: Buffer.from("x") })));
      await p.close();
    };
    const targetCount = async () => {
      const c = new Consumer(new Cluster(dst.bootstrap));
      try {
        let n = 0n;
        for (let p = 0; p < 4; p++) n += await c.listOffset(topic, p, -1n);
        return n;
      } catch { return 0n; } finally { await c.close(); }
    };
    const a = start();
    const b = start();
    const groups = new ConsumerGroupService(src.bootstrap, 10_000);
    // both members end up in one stable generation, two partitions each (range assignor)
    let last = "";
    const shared = await eventually(async () => {
      const g = await groups.describeGroup("mm-shared-group");
      const sizes = g.members.map((m) => m.assignment.length).sort();
      last = `${g.state} ${JSON.stringify(sizes)}`;
      return g.state === "Stable" && sizes.length === 2 && sizes[0] === 2 && sizes[1] === 2 ? g : undefined;
    }, 30_000, 200).catch((e: unknown) => { throw new Error(`${String(e)}; group: ${last}\n--- a:\n${a.output().slice(-3000)}\n--- b:\n${b.output().slice(-3000)}`); });
    expect(shared.members.flatMap((m) => m.assignment.map((x) => x.partition)).sort()).toEqual([0, 1, 2, 3]);
    await send(0, 2000);
    await eventually(async () => (await targetCount()) >= 2000n, 30_000, 200);
    // one leaves cleanly: the other takes every partition and mirrors what comes next
    await a.stop();
    expect(await a.exited).toBe(0);
    await eventually(async () => {
      const g = await groups.describeGroup("mm-shared-group");
      return g.state === "Stable" && g.members.length === 1 && g.members[0]!.assignment.length === 4;
    }, 30_000, 200);
    await send(2000, 3000);
    await eventually(async () => (await targetCount()) >= 3000n, 30_000, 200);
    await b.stop();
    expect(await b.exited).toBe(0);
    await groups.close();
  }, 90_000);

  it("picks up a matching topic created after it started, and skips the ones that do not match", async () => {
    const cp = join(dir, "late-consumer.properties");
    writeFileSync(cp, `bootstrap.servers=${src.bootstrap}\ngroup.id=mm-late-group\nauto.offset.reset=earliest\nsession.timeout.ms=6000\nheartbeat.interval.ms=300\nmetadata.max.age.ms=500\n`);
    const mm = startProcess("node", [MM, "--consumer.config", cp, "--producer.config", join(dir, "producer.properties"), "--whitelist", "late-a.*,late-b.*"]);
    await mm.waitFor(/Assigned partitions \(generation \d+\): none/, 20_000);
    const p = new Producer(new Cluster(src.bootstrap));
    await Promise.all([p.send({ topic: "late-a1", key: Buffer.from("k"), value: Buffer.from("a") }), p.send({ topic: "late-c1", key: Buffer.from("k"), value: Buffer.from("c") })]);
    await p.close();
    await mm.waitFor(/Starting late-a1-0 at offset 0/, 20_000);
    const c = new Consumer(new Cluster(dst.bootstrap));
    await eventually(async () => (await c.listOffset("late-a1", 0, -1n)) === 1n, 20_000, 200);
    await c.close();
    const tAdmin = new Admin(dst.bootstrap);
    expect(await tAdmin.listTopics()).not.toContain("late-c1");
    await tAdmin.close();
    await mm.stop();
    expect(await mm.exited).toBe(0);
  }, 60_000);
});

