import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import zookeeper from "node-zookeeper-client";
import { Kafka, logLevel } from "kafkajs";
import { startBroker, startZooKeeper, type Broker, type ZooKeeperForTests } from "../../helpers/broker.js";
import { eventually, removeTempDirs, run, stopAll } from "../../helpers/procs.js";

let zk: ZooKeeperForTests;
let broker: Broker;
let client: zookeeper.Client;

const zkCall = <T>(fn: (cb: (e: unknown, r: T) => void) => void): Promise<T> => new Promise((res, rej) => fn((e, r) => (e ? rej(e) : res(r))));
const getData = (p: string) => zkCall<Buffer>((cb) => client.getData(p, (e, d) => cb(e, d))).then((d) => d.toString());
const exists = (p: string) => zkCall<unknown>((cb) => client.exists(p, (e, s) => cb(e, s))).then((s) => !!s);

beforeAll(async () => {
  zk = await startZooKeeper("apache"); // this file runs the broker on Debian's Apache ZooKeeper 3.8
  broker = await startBroker({ zkConnect: `${zk.connectString}/kafka`, overrides: { "log.segment.delete.delay.ms": 0 } });
  client = zookeeper.createClient(`${zk.connectString}/kafka`);
  await new Promise<void>((res) => { client.once("connected", () => res()); client.connect(); });
}, 60_000);
afterAll(async () => { client?.close(); await stopAll(); removeTempDirs(); });

describe("topics through ZooKeeper znodes, as kafka-topics.sh --zookeeper does", () => {
  it("registers Kafka's znodes (chroot, broker, controller, cluster id)", async () => {
    const reg = JSON.parse(await getData("/brokers/ids/0"));
    expect(reg.endpoints).toEqual([`PLAINTEXT://127.0.0.1:${broker.port}`]);
    expect(reg.version).toBe(5);
    expect(JSON.parse(await getData("/controller")).brokerid).toBe(0);
    expect(JSON.parse(await getData("/cluster/id")).id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Number(await getData("/controller_epoch"))).toBeGreaterThanOrEqual(1);
    for (const p of ["/config/topics", "/admin/delete_topics", "/isr_change_notification", "/brokers/seqid", "/config/changes"]) expect(await exists(p)).toBe(true);
  });

  it("a topic written as znodes comes alive; a deletion marker removes it from disk", async () => {
    await zkCall((cb) => client.create("/config/topics/zk-made", Buffer.from('{"version":1,"config":{"retention.ms":"60000"}}'), (e) => cb(e, null)));
    await zkCall((cb) => client.create("/brokers/topics/zk-made", Buffer.from('{"version":2,"partitions":{"0":[0],"1":[0]},"adding_replicas":{},"removing_replicas":{}}'), (e) => cb(e, null)));
    await eventually(async () => exists("/brokers/topics/zk-made/partitions/1/state"), 10_000);
    expect(JSON.parse(await getData("/brokers/topics/zk-made/partitions/0/state"))).toEqual({ controller_epoch: expect.any(Number), leader: 0, version: 1, leader_epoch: 0, isr: [0] });
    await eventually(() => existsSync(join(broker.logDir, "zk-made-0")) && existsSync(join(broker.logDir, "zk-made-1")), 10_000);
    const kafka = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    const p = kafka.producer();
    await p.connect();
    await p.send({ topic: "zk-made", messages: [{ value: "hello", partition: 1 }] });
    await p.disconnect();
    const c = await run("kcat", ["-b", broker.bootstrap, "-C", "-t", "zk-made", "-p", "1", "-o", "beginning", "-e", "-q"], { timeoutMs: 20_000 });
    expect(c.stdout.trim()).toBe("hello");

    await zkCall((cb) => client.create("/admin/delete_topics/zk-made", (e) => cb(e, null)));
    await eventually(async () => !(await exists("/brokers/topics/zk-made")) && !(await exists("/admin/delete_topics/zk-made")) && !(await exists("/config/topics/zk-made")), 10_000);
    await eventually(() => readdirSync(broker.logDir).every((d) => !d.startsWith("zk-made")), 10_000);
  });

  it("partitions added to the assignment znode come alive", async () => {
    await zkCall((cb) => client.create("/brokers/topics/grow", Buffer.from('{"version":1,"partitions":{"0":[0]}}'), (e) => cb(e, null)));
    await eventually(async () => exists("/brokers/topics/grow/partitions/0/state"), 10_000);
    await zkCall((cb) => client.setData("/brokers/topics/grow", Buffer.from('{"version":1,"partitions":{"0":[0],"1":[0],"2":[0]}}'), (e) => cb(e, null)));
    await eventually(async () => exists("/brokers/topics/grow/partitions/2/state"), 10_000);
    await eventually(() => existsSync(join(broker.logDir, "grow-2")), 10_000);
  });

  it("a clean shutdown removes the registration at once; a restart keeps the data", async () => {
    const kafka = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    const p = kafka.producer();
    await p.connect();
    await p.send({ topic: "grow", messages: [{ value: "kept", partition: 0 }], acks: -1 });
    await p.disconnect();
    await broker.stop();
    expect(broker.proc.child.exitCode).toBe(0);
    expect(await exists("/brokers/ids/0")).toBe(false);
    expect(existsSync(join(broker.logDir, ".kafka_cleanshutdown"))).toBe(true);
    await broker.restart();
    expect(await exists("/brokers/ids/0")).toBe(true);
    const c = await run("kcat", ["-b", broker.bootstrap, "-C", "-t", "grow", "-p", "0", "-o", "beginning", "-e", "-q"], { timeoutMs: 20_000 });
    expect(c.stdout.trim()).toBe("kept");
  });
});
