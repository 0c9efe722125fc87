import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KafkaZkClient, TopicExistsError } from "../../../broker/zk/kafka-zk-client.js";
import { removeTempDirs, stopAll } from "../../helpers/procs.js";
import { startZooKeeper, type ZooKeeperForTests } from "../../helpers/broker.js";

let zk: ZooKeeperForTests;
beforeAll(async () => { zk = await startZooKeeper("apache"); }, 40_000);
afterAll(async () => { await stopAll(); removeTempDirs(); });

describe("KafkaZkClient against a real ZooKeeper", () => {
  it("creates the chroot and persistent paths, cluster id, broker registration, controller election", async () => {
    const c = await KafkaZkClient.connect(`${zk.connectString}/kafka`, { sessionTimeoutMs: 6000, connectionTimeoutMs: 5000 });
    try {
      await c.ensurePersistentPaths();
      expect(await c.exists("/config/topics")).not.toBeNull();
      expect(await c.getOrCreateClusterId("AAAAAAAAAAAAAAAAAAAAAB")).toBe("AAAAAAAAAAAAAAAAAAAAAB");
      expect(await c.getOrCreateClusterId("other")).toBe("AAAAAAAAAAAAAAAAAAAAAB");
      await c.registerBroker({ id: 0, endpoints: [{ listenerName: "PLAINTEXT", securityProtocol: "PLAINTEXT", host: "127.0.0.1", port: 9092 }], rack: null, jmxPort: -1 });
      await c.registerBroker({ id: 0, endpoints: [{ listenerName: "PLAINTEXT", securityProtocol: "PLAINTEXT", host: "127.0.0.1", port: 9092 }], rack: null, jmxPort: -1 });
      expect(await c.getBrokerIds()).toEqual([0]);
      expect((await c.getBroker(0))!.endpoints[0]!.port).toBe(9092);
      const won = await c.tryElectController(0);
      expect(won).toEqual({ epoch: 1, epochZkVersion: 1 });
      expect(await c.tryElectController(1)).toBeNull();
      expect(await c.getControllerId()).toBe(0);
      expect(await c.generateBrokerSequenceId()).toBe(1);
      expect(await c.generateBrokerSequenceId()).toBe(2);
    } finally {
      await c.close();
    }
    const c2 = await KafkaZkClient.connect(`${zk.connectString}/kafka`, { connectionTimeoutMs: 5000 });
    expect(await c2.getBrokerIds()).toEqual([]); // ephemeral gone with the session
    expect(await c2.getControllerId()).toBeNull();
    expect((await c2.tryElectController(0))!.epoch).toBe(2);
    await c2.close();
  });

  it("topics, partition state, configs, deletion and producer id blocks", async () => {
    const c = await KafkaZkClient.connect(zk.connectString, { connectionTimeoutMs: 5000 });
    try {
      await c.ensurePersistentPaths();
      const seen: string[][] = [];
      const unwatch = c.watchChildren("/brokers/topics", (ch) => seen.push(ch));
      await c.createTopic("t1", "ZOLr9CLNQjSW70hyIHx6BQ", new Map([[0, [0]], [1, [0]]]), { "retention.ms": "1000" });
      await expect(c.createTopic("t1", "x", new Map([[0, [0]]]))).rejects.toBeInstanceOf(TopicExistsError);
      expect((await c.getTopicAssignment("t1"))!.value.partitions.get(1)).toEqual([0]);
      expect(await c.getEntityConfig("topics", "t1")).toEqual({ "retention.ms": "1000" });
      await c.setPartitionState("t1", 0, { leader: 0, leaderEpoch: 0, isr: [0], controllerEpoch: 1 });
      expect((await c.getPartitionState("t1", 0))!.value.isr).toEqual([0]);
      await c.changeEntityConfig("topics", "t1", { "retention.ms": "2000" });
      const changes = await c.getChildren("/config/changes");
      expect(changes[0]).toMatch(/^config_change_\d{10}$/);
      await c.markTopicForDeletion("t1");
      expect(await c.getTopicDeletions()).toEqual(["t1"]);
      await c.deleteTopicZNodes("t1");
      expect(await c.getAllTopics()).toEqual([]);
      expect(await c.getTopicDeletions()).toEqual([]);
      await new Promise((r) => setTimeout(r, 300));
      unwatch();
      expect(seen.some((s) => s.includes("t1"))).toBe(true);
      const b1 = await c.allocateProducerIdBlock(0);
      const b2 = await c.allocateProducerIdBlock(0);
      expect([b1.firstProducerId, b2.firstProducerId]).toEqual([0n, 1000n]);
    } finally {
      await c.close();
    }
  });

  it("times out connecting to nothing with Kafka's message", async () => {
    await expect(KafkaZkClient.connect("127.0.0.1:1", { connectionTimeoutMs: 800 })).rejects.toThrow("Timed out waiting for connection while in state: CONNECTING");
  });
});
