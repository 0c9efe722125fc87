import { describe, expect, it } from "vitest";
import {
  BrokerIdZNode, ClusterIdZNode, ConfigEntityChangeNotificationSequenceZNode, ConfigEntityZNode, ControllerEpochZNode,
  ControllerZNode, PersistentZkPaths, ProducerIdBlockZNode, TopicPartitionStateZNode, TopicZNode, randomUuid, validateTopicName,
} from "../../../broker/zk/zk-data.js";

describe("zk-data: Kafka 3.x znode JSON, byte for byte", () => {
  it("/cluster/id", () => {
    expect(ClusterIdZNode.encode("Sfr7YvlkRHSHrmSrwq9mug").toString()).toBe('{"version":"1","id":"Sfr7YvlkRHSHrmSrwq9mug"}');
    expect(ClusterIdZNode.decode(Buffer.from('{"version":"1","id":"abc"}'))).toBe("abc");
  });
  it("/controller and /controller_epoch", () => {
    expect(ControllerZNode.encode(0, 1685460739018).toString()).toBe('{"version":2,"brokerid":0,"timestamp":"1685460739018","kraftControllerEpoch":-1}');
    expect(ControllerZNode.decode(Buffer.from('{"version":1,"brokerid":3,"timestamp":"1"}')).brokerId).toBe(3);
    expect(ControllerEpochZNode.encode(7).toString()).toBe("7");
    expect(ControllerEpochZNode.decode(Buffer.from("12"))).toBe(12);
  });
  it("/brokers/ids/<id>", () => {
    const b = BrokerIdZNode.encode({ id: 101, endpoints: [{ listenerName: "PLAINTEXT", securityProtocol: "PLAINTEXT", host: "localhost", port: 9091 }], rack: null, jmxPort: -1, timestamp: 1707276552023 });
    expect(b.toString()).toBe('{"features":{},"listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT"},"endpoints":["PLAINTEXT://localhost:9091"],"jmx_port":-1,"port":9091,"host":"localhost","version":5,"timestamp":"1707276552023"}');
    const d = BrokerIdZNode.decode(101, b);
    expect(d.endpoints).toEqual([{ listenerName: "PLAINTEXT", securityProtocol: "PLAINTEXT", host: "localhost", port: 9091 }]);
    expect(d.version).toBe(5);
  });
  it("/brokers/topics/<t>", () => {
    const s = TopicZNode.encode({ topicId: "ZOLr9CLNQjSW70hyIHx6BQ", partitions: new Map([[1, [0]], [0, [0]]]) }).toString();
    expect(s).toBe('{"removing_replicas":{},"partitions":{"0":[0],"1":[0]},"topic_id":"ZOLr9CLNQjSW70hyIHx6BQ","adding_replicas":{},"version":3}');
    const d = TopicZNode.decode("t", Buffer.from('{"version":1,"partitions":{"0":[1,2]}}'));
    expect(d.topicId).toBeNull();
    expect(d.partitions.get(0)).toEqual([1, 2]);
  });
  it("partition state", () => {
    expect(TopicPartitionStateZNode.encode({ controllerEpoch: 1, leader: 0, leaderEpoch: 0, isr: [0] }).toString())
      .toBe('{"controller_epoch":1,"leader":0,"version":1,"leader_epoch":0,"isr":[0]}');
    expect(TopicPartitionStateZNode.decode(Buffer.from('{"controller_epoch":2,"leader":1,"version":1,"leader_epoch":5,"isr":[1,0]}')))
      .toEqual({ controllerEpoch: 2, leader: 1, leaderEpoch: 5, isr: [1, 0], leaderRecoveryState: 0 });
  });
  it("configs and change notifications", () => {
    expect(ConfigEntityZNode.encode({ "retention.ms": "100000" }).toString()).toBe('{"version":1,"config":{"retention.ms":"100000"}}');
    expect(ConfigEntityZNode.decode(Buffer.from('{"version":1,"config":{"a":"b"}}'))).toEqual({ a: "b" });
    expect(ConfigEntityChangeNotificationSequenceZNode.encode("topics/t").toString()).toBe('{"version":2,"entity_path":"topics/t"}');
    expect(ConfigEntityChangeNotificationSequenceZNode.decode(Buffer.from('{"version":2,"entity_path":"topics/a.b"}'))).toEqual({ entityType: "topics", entityName: "a.b" });
  });
  it("/latest_producer_id_block", () => {
    expect(ProducerIdBlockZNode.encode({ brokerId: 0, firstProducerId: 0n, size: 1000 }).toString()).toBe('{"version":1,"broker":0,"block_start":"0","block_end":"999"}');
    expect(ProducerIdBlockZNode.decode(Buffer.from('{"version":1,"broker":0,"block_start":"1000","block_end":"1999"}'))).toEqual({ brokerId: 0, firstProducerId: 1000n, size: 1000 });
  });
  it("persistent paths, uuids and topic names", () => {
    expect(PersistentZkPaths).toContain("/brokers/ids");
    expect(PersistentZkPaths).toContain("/config/topics");
    expect(randomUuid()).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    expect(validateTopicName("ok.topic_1-x")).toBeUndefined();
    expect(validateTopicName("bad topic")).toMatch(/illegal/);
    expect(validateTopicName("..")).toBeDefined();
    expect(validateTopicName("a".repeat(250))).toMatch(/249/);
  });
});
