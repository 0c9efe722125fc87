import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSync, readdirSync, statSync, ftruncateSync, closeSync } from "node:fs";
import { join } from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { startBroker, startZooKeeper, type Broker } from "../../helpers/broker.js";
import { removeTempDirs, run, stopAll } from "../../helpers/procs.js";

let broker: Broker;
beforeAll(async () => {
  const zk = await startZooKeeper();
  broker = await startBroker({ zkConnect: zk.connectString });
}, 60_000);
afterAll(async () => { await stopAll(); removeTempDirs(); });

describe("unclean shutdown", () => {
  it("SIGKILL after acks=all produces, a torn tail: every complete acknowledged batch is read back", async () => {
    const kafka = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    const p = kafka.producer({ allowAutoTopicCreation: true });
    await p.connect();
    const acked: string[] = [];
    for (let b = 0; b < 20; b++) {
      const messages = Array.from({ length: 5 }, (_, i) => ({ value: `b${b}-m${i}` }));
      await p.send({ topic: "crash", messages, acks: -1 });
      acked.push(...messages.map((m) => m.value));
    }
    await p.disconnect();
    await broker.kill9();
    const dir = join(broker.logDir, "crash-0");
    const seg = readdirSync(dir).find((f) => f.endsWith(".log"))!;
    const file = join(dir, seg);
    const size = statSync(file).size;
    const fd = openSync(file, "r+");
    ftruncateSync(fd, size - 7); // tear the last batch
    closeSync(fd);
    await broker.restart();
    const c = await run("kcat", ["-b", broker.bootstrap, "-C", "-t", "crash", "-o", "beginning", "-e", "-q"], { timeoutMs: 20_000 });
    const got = c.stdout.trim().split("\n");
    expect(got).toEqual(acked.slice(0, acked.length - 5)); // all but the torn last batch
    // and the partition keeps taking writes at the right offset
    const p2 = kafka.producer();
    await p2.connect();
    const r = await p2.send({ topic: "crash", messages: [{ value: "after" }], acks: -1 });
    expect(r[0]!.baseOffset).toBe(String(acked.length - 5));
    await p2.disconnect();
  });
});
