import { describe, expect, it } from "vitest";
import { ConfigException } from "../../../common/config-def.js";
import { KafkaConfig, parseOverrides } from "../../../broker/config.js";

const raw = (o: Record<string, string>) => new Map(Object.entries({ "zookeeper.connect": "localhost:2181", ...o }));

describe("KafkaConfig", () => {
  it("has Kafka's defaults", () => {
    const c = KafkaConfig.fromRaw(raw({}));
    expect(c.brokerIdConfigured).toBe(-1);
    expect(c.listeners).toEqual([{ listenerName: "PLAINTEXT", securityProtocol: "PLAINTEXT", host: "", port: 9092 }]);
    expect(c.logDirs).toEqual(["/tmp/kafka-logs"]);
    expect(c.int("num.partitions")).toBe(1);
    expect(c.bool("auto.create.topics.enable")).toBe(true);
    expect(c.bool("delete.topic.enable")).toBe(true);
    expect(c.int("message.max.bytes")).toBe(1048588);
    expect(c.int("socket.request.max.bytes")).toBe(104857600);
    expect(c.zkSessionTimeoutMs).toBe(18000);
    expect(c.zkConnectionTimeoutMs).toBe(18000);
    expect(c.int("reserved.broker.max.id")).toBe(1000);
  });
  it("reads listeners, advertised listeners, log.dirs and unknown keys", () => {
    const c = KafkaConfig.fromRaw(raw({ listeners: "PLAINTEXT://127.0.0.1:9093", "advertised.listeners": "PLAINTEXT://kafka.example:19093", "log.dirs": "/a,/b", "some.thing": "x" }));
    expect(c.listeners[0]!.port).toBe(9093);
    expect(c.advertisedListeners[0]!.host).toBe("kafka.example");
    expect(c.logDirs).toEqual(["/a", "/b"]);
    expect(c.unknownKeys).toEqual(["some.thing"]);
  });
  it("rejects bad values with Kafka's messages", () => {
    expect(() => KafkaConfig.fromRaw(raw({ "num.partitions": "abc" }))).toThrow(ConfigException);
    expect(() => KafkaConfig.fromRaw(raw({ "num.partitions": "abc" }))).toThrow("Invalid value abc for configuration num.partitions");
    expect(() => KafkaConfig.fromRaw(raw({ "auto.create.topics.enable": "maybe" }))).toThrow("Expected value to be either true or false");
    expect(() => KafkaConfig.fromRaw(new Map())).toThrow('Missing required configuration "zookeeper.connect" which has no default value.');
    expect(() => KafkaConfig.fromRaw(raw({ listeners: "PLAINTEXT://0.0.0.0:9092" }))).toThrow("advertised.listeners cannot use the nonroutable meta-address 0.0.0.0");
    expect(KafkaConfig.fromRaw(raw({ listeners: "PLAINTEXT://0.0.0.0:9092", "advertised.listeners": "PLAINTEXT://localhost:9092" })).advertisedListeners[0]!.host).toBe("localhost");
  });
  it("parses --override k=v", () => {
    expect(parseOverrides(["--override", "broker.id=3", "--override", "a=b=c"])).toEqual(new Map([["broker.id", "3"], ["a", "b=c"]]));
    expect(() => parseOverrides(["broker.id=3"])).toThrow(ConfigException);
  });
});
