/**
 * The small Kafka client (broker/client/) against a real broker: pipelined requests complete in
 * order on one connection, frames split across many TCP reads reassemble (1 MB values), the
 * producer/consumer round trip keeps per-partition order and dense offsets, admin calls work.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Admin } from "../../../broker/client/admin.js";
import { Cluster } from "../../../broker/client/cluster.js";
import { Connection } from "../../../broker/client/connection.js";
import { Consumer, EARLIEST } from "../../../broker/client/consumer.js";
import { Producer } from "../../../broker/client/producer.js";
import { partitionForKey } from "../../../broker/client/partitioner.js";
import { ApiKey } from "../../../broker/protocol/api-keys.js";
import type { MetadataResponse } from "../../../broker/protocol/schemas/metadata.js";
import { startBroker, startZooKeeper, type Broker, type ZooKeeperForTests } from "../../helpers/broker.js";
import { removeTempDirs, stopAll } from "../../helpers/procs.js";

let zk: ZooKeeperForTests;
let broker: Broker;
let admin: Admin;

beforeAll(async () => {
  zk = await startZooKeeper();
  broker = await startBroker({ zkConnect: zk.connectString });
  admin = new Admin(broker.bootstrap);
}, 60_000);

afterAll(async () => {
  await admin?.close();
  await broker?.stop();
  await zk?.stop();
  await stopAll();
  removeTempDirs();
});

describe("broker/client", () => {
  it("answers pipelined requests on one connection in order", async () => {
    const c = await Connection.open("127.0.0.1", broker.port, { clientId: "pipeline-test" });
    try {
      const order: number[] = [];
      const all = Array.from({ length: 300 }, (_, i) =>
        (i % 3 === 0 ? c.send(ApiKey.ApiVersions, {}) : c.send<MetadataResponse>(ApiKey.Metadata, { topics: [], allowAutoTopicCreation: false }))
          .then(() => order.push(i)));
      await Promise.all(all);
      expect(order).toEqual(Array.from({ length: 300 }, (_, i) => i));
      expect(c.pendingCount).toBe(0);
    } finally {
      c.close();
    }
  });

  it("admin: create, describe, configs, add partitions, delete", async () => {
    const created = await admin.createTopics([{ name: "client-admin", numPartitions: 2, replicationFactor: 1, configs: new Map([["retention.ms", "3600000"]]) }]);
    expect(created.get("client-admin")).toBeNull();
    const again = await admin.createTopics([{ name: "client-admin", numPartitions: 2, replicationFactor: 1 }]);
    expect(again.get("client-admin")?.errorName).toBe("TOPIC_ALREADY_EXISTS");
    expect(await admin.listTopics()).toContain("client-admin");
    const cfg = await admin.describeTopicConfigs(["client-admin"]);
    const entries = cfg.get("client-admin");
    expect(Array.isArray(entries) && entries.find((e) => e.name === "retention.ms")).toMatchObject({ value: "3600000", isDefault: false });
    expect((await admin.createPartitions(new Map([["client-admin", { count: 3 }]]))).get("client-admin")).toBeNull();
    const d = await admin.describeTopics(["client-admin", "client-missing"]);
    expect(d.get("client-missing")).toMatchObject({ errorName: "UNKNOWN_TOPIC_OR_PARTITION" });
    expect((await admin.deleteTopics(["client-admin"])).get("client-admin")).toBeNull();
  });

  it("producer → consumer: keyed partitioning, per-partition order, dense offsets, 1 MB values", async () => {
    expect((await admin.createTopics([{ name: "client-rt", numPartitions: 3, replicationFactor: 1 }])).get("client-rt")).toBeNull();
    const producer = new Producer(new Cluster(broker.bootstrap), { acks: -1, lingerMs: 5, compression: 3 });
    const sends = [];
    for (let i = 0; i < 3000; i++) sends.push(producer.send({ topic: "client-rt", key: Buffer.from(`k${i % 50}`), value: Buffer.from(`v${i}`), headers: [{ key: "i", value: Buffer.from(String(i)) }] }));
    const big = Buffer.alloc(1_000_000, 7);
    sends.push(producer.send({ topic: "client-rt", partition: 0, key: null, value: big }));
    const metas = await Promise.all(sends);
    await producer.close();
    for (let i = 0; i < 3000; i++) expect(metas[i]!.partition).toBe(partitionForKey(Buffer.from(`k${i % 50}`), 3));

    const consumer = new Consumer(new Cluster(broker.bootstrap), { partitionMaxBytes: 64 * 1024 });
    for (const p of [0, 1, 2]) await consumer.assign("client-rt", p, EARLIEST);
    const got: { partition: number; offset: bigint; value: Buffer | null; headers: { key: string; value: Buffer | null }[] }[] = [];
    const deadline = Date.now() + 20_000;
    while (got.length < 3001 && Date.now() < deadline) got.push(...(await consumer.poll()));
    await consumer.close();
    expect(got).toHaveLength(3001);
    for (const p of [0, 1, 2]) {
      const mine = got.filter((r) => r.partition === p);
      expect(mine.map((r) => r.offset)).toEqual(mine.map((_, i) => BigInt(i)));
      const seq = mine.filter((r) => r.value!.length < 100).map((r) => Number(r.headers[0]!.value!.toString()));
      expect(seq).toEqual([...seq].sort((a, b) => a - b));
    }
    const bigBack = got.find((r) => r.value!.length === big.length);
    expect(bigBack?.value?.equals(big)).toBe(true);
  });
});
