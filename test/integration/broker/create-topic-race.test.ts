/**
 * Two CreateTopics for the same topic at the same moment: one creates it, the other gets
 * TOPIC_ALREADY_EXISTS (36), as with Kafka — never a ZooKeeper NODE_EXISTS leaking out.
 */
import { createRequire } from "node:module";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startBroker, startZooKeeper, type Broker, type ZooKeeperForTests } from "../../helpers/broker.js";
import { removeTempDirs, stopAll } from "../../helpers/procs.js";

const require = createRequire(import.meta.url);
interface Admin { connect(): Promise<void>; disconnect(): Promise<void>; createTopics(o: { topics: { topic: string; numPartitions: number }[]; waitForLeaders?: boolean }): Promise<boolean> }
const { Kafka, logLevel } = require("kafkajs") as { Kafka: new (c: object) => { admin(): Admin }; logLevel: { NOTHING: number } };

let zk: ZooKeeperForTests;
let broker: Broker;
beforeAll(async () => {
  zk = await startZooKeeper();
  broker = await startBroker({ zkConnect: zk.connectString });
});
afterAll(async () => {
  await broker?.stop();
  await zk?.stop();
  await stopAll();
  removeTempDirs();
});

it("concurrent creates of one topic: one succeeds, the others see TOPIC_ALREADY_EXISTS", async () => {
  const admins = Array.from({ length: 4 }, () => new Kafka({ brokers: [broker.bootstrap], clientId: "race", logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin());
  await Promise.all(admins.map((a) => a.connect()));
  try {
    for (let round = 0; round < 3; round++) {
      const topic = `race-${round}`;
      const results = await Promise.allSettled(admins.map((a) => a.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: false })));
      const created = results.filter((r) => r.status === "fulfilled" && r.value === true).length;
      const failures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => String((r.reason as { type?: string }).type ?? r.reason));
      // kafkajs resolves false for TOPIC_ALREADY_EXISTS
      const already = results.filter((r) => r.status === "fulfilled" && r.value === false).length;
      expect(failures).toEqual([]);
      expect(created).toBe(1);
      expect(already).toBe(3);
    }
  } finally {
    await Promise.all(admins.map((a) => a.disconnect()));
  }
});
