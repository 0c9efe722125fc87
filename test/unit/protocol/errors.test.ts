// The error catalogue itself: Kafka's codes, names, retriability and default messages.
import { describe, expect, it } from "vitest";
import { Errors, KafkaError, errorByCode, toErrorCode, type KafkaErrorInfo } from "../../../broker/protocol/errors.js";
import { ApiKey, apiName } from "../../../broker/protocol/api-keys.js";

describe("error catalogue", () => {
  const all = Object.values(Errors as Record<string, KafkaErrorInfo>);

  it("has Kafka's codes -1..128, each once, keyed by its own name", () => {
    const codes = all.map((e) => e.code).sort((a, b) => a - b);
    expect(codes).toEqual(Array.from({ length: 130 }, (_, i) => i - 1));
    for (const [k, e] of Object.entries(Errors)) expect(e.name).toBe(k);
  });

  it("well-known entries match Apache Kafka", () => {
    expect(Errors.NONE.code).toBe(0);
    expect(Errors.OFFSET_OUT_OF_RANGE).toMatchObject({ code: 1, retriable: false });
    expect(Errors.CORRUPT_MESSAGE).toMatchObject({ code: 2, retriable: true });
    expect(Errors.UNKNOWN_TOPIC_OR_PARTITION).toMatchObject({ code: 3, retriable: true, message: "This server does not host this topic-partition." });
    expect(Errors.NOT_LEADER_OR_FOLLOWER).toMatchObject({ code: 6, retriable: true });
    expect(Errors.MESSAGE_TOO_LARGE).toMatchObject({ code: 10, retriable: false });
    expect(Errors.INVALID_TOPIC_EXCEPTION).toMatchObject({ code: 17, retriable: false });
    expect(Errors.RECORD_LIST_TOO_LARGE.code).toBe(18);
    expect(Errors.UNSUPPORTED_VERSION).toMatchObject({ code: 35, message: "The version of API is not supported." });
    expect(Errors.TOPIC_ALREADY_EXISTS).toMatchObject({ code: 36, message: "Topic with this name already exists." });
    expect(Errors.INVALID_PARTITIONS.code).toBe(37);
    expect(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code).toBe(45);
    expect(Errors.DUPLICATE_SEQUENCE_NUMBER.code).toBe(46);
    expect(Errors.UNKNOWN_SERVER_ERROR.code).toBe(-1);
  });

  it("errorByCode and KafkaError", () => {
    expect(errorByCode(3).name).toBe("UNKNOWN_TOPIC_OR_PARTITION");
    expect(errorByCode(9999).name).toBe("UNKNOWN_SERVER_ERROR");
    const e = new KafkaError("UNKNOWN_TOPIC_OR_PARTITION");
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({ code: 3, errorName: "UNKNOWN_TOPIC_OR_PARTITION", retriable: true, message: Errors.UNKNOWN_TOPIC_OR_PARTITION.message });
    const f = new KafkaError(Errors.INVALID_REPLICATION_FACTOR, "Replication factor: 3 larger than available brokers: 1.");
    expect(f.code).toBe(38);
    expect(f.message).toBe("Replication factor: 3 larger than available brokers: 1.");
    expect(toErrorCode(f)).toBe(38);
    expect(toErrorCode(new Error("boom"))).toBe(-1);
  });

  it("API keys carry Kafka's numbers", () => {
    expect([ApiKey.Produce, ApiKey.ApiVersions, ApiKey.CreateTopics, ApiKey.DescribeConfigs, ApiKey.CreatePartitions, ApiKey.DeleteGroups, ApiKey.IncrementalAlterConfigs, ApiKey.OffsetDelete, ApiKey.DescribeCluster, ApiKey.DescribeProducers]).toEqual([0, 18, 19, 32, 37, 42, 44, 47, 60, 61]);
    expect(apiName(60)).toBe("DescribeCluster");
  });
});
