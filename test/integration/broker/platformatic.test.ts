import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Admin, Consumer, Producer, stringDeserializers, stringSerializers } from "@platformatic/kafka";
import { startBroker, startZooKeeper, type Broker } from "../../helpers/broker.js";
import { removeTempDirs, stopAll } from "../../helpers/procs.js";

let broker: Broker;
beforeAll(async () => {
  const zk = await startZooKeeper();
  broker = await startBroker({ zkConnect: zk.connectString });
}, 60_000);
afterAll(async () => { await stopAll(); removeTempDirs(); });

describe("@platformatic/kafka against the broker", () => {
  it("admin, producer (keys, headers, codecs) and a direct fetch", async () => {
    const admin = new Admin({ clientId: "pk-admin", bootstrapBrokers: [broker.bootstrap] });
    try {
      await admin.createTopics({ topics: ["pk"], partitions: 2, replicas: 1 });
      expect(await admin.listTopics()).toContain("pk");
    } finally {
      await admin.close();
    }
    const producer = new Producer({ clientId: "pk-prod", bootstrapBrokers: [broker.bootstrap], serializers: stringSerializers, autocreateTopics: false });
    try {
      // zstd needs Node 22 in this client; kcat covers it
      for (const compression of ["none", "gzip", "snappy", "lz4"] as const) {
        try {
          await producer.send({ messages: [0, 1, 2].map((i) => ({ topic: "pk", key: `k${i}`, value: `${compression}-${i}`, headers: { src: "pk" }, partition: 1 })), compression, acks: -1 });
        } catch (e) {
          const errs = (e as { errors?: unknown[] }).errors ?? [];
          throw new Error(`${compression}: ${errs.map((x) => { const err = x as { message?: string; response?: unknown }; return `${err.message} ${JSON.stringify(err.response, (_k, v) => (typeof v === "bigint" ? String(v) : v))}`; }).join("; ")}`);
        }
      }
    } finally {
      await producer.close();
    }
    const consumer = new Consumer({ clientId: "pk-cons", groupId: "g-unused", bootstrapBrokers: [broker.bootstrap], deserializers: stringDeserializers });
    try {
      const res = await consumer.fetch({ node: 0, topics: [{ topicId: "pk", partitions: [{ partition: 1, fetchOffset: 0n, partitionMaxBytes: 1_000_000, currentLeaderEpoch: -1, lastFetchedEpoch: -1, logStartOffset: -1n }] }], maxWaitTime: 100, minBytes: 1, maxBytes: 1_000_000 } as never);
      const part = (res as unknown as { responses: Array<{ partitions: Array<{ errorCode: number; highWatermark: bigint; records: unknown }> }> }).responses[0]!.partitions[0]!;
      expect(part.errorCode).toBe(0);
      expect(part.highWatermark).toBe(12n);
    } finally {
      await consumer.close();
    }
  });
});
