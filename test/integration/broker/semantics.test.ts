import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Kafka, logLevel } from "kafkajs";
import { encodeRequest, decodeResponse } from "../../../broker/protocol/codec.js";
import { Errors } from "../../../broker/protocol/errors.js";
import { buildRecordBatch } from "../../../broker/protocol/record-set.js";
import type { FetchResponse } from "../../../broker/protocol/schemas/fetch.js";
import type { MetadataResponse } from "../../../broker/protocol/schemas/metadata.js";
import type { ProduceResponse } from "../../../broker/protocol/schemas/produce.js";
import type { ListOffsetsResponse } from "../../../broker/protocol/schemas/list-offsets.js";
import type { DeleteRecordsResponse } from "../../../broker/protocol/schemas/delete-records.js";
import type { OffsetForLeaderEpochResponse } from "../../../broker/protocol/schemas/offset-for-leader-epoch.js";
import type { InitProducerIdResponse } from "../../../broker/protocol/schemas/init-producer-id.js";
import type { DescribeClusterResponse } from "../../../broker/protocol/schemas/describe-cluster.js";
import { startBroker, startZooKeeper, type Broker } from "../../helpers/broker.js";
import { removeTempDirs, stopAll } from "../../helpers/procs.js";
import { RawConnection } from "./raw-client.js";

let broker: Broker;
beforeAll(async () => {
  const zk = await startZooKeeper();
  broker = await startBroker({ zkConnect: zk.connectString });
}, 60_000);
afterAll(async () => { await stopAll(); removeTempDirs(); });

const fetchReq = (topic: string, offset: bigint, maxWaitMs: number, minBytes = 1) => ({
  replicaId: -1, maxWaitMs, minBytes, maxBytes: 1_000_000, isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
  topics: [{ topic, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: offset, logStartOffset: -1n, partitionMaxBytes: 1_000_000 }] }], forgottenTopicsData: [], rackId: "",
});
const produceReq = (topic: string, values: string[], extra: object = {}) => ({
  transactionalId: null, acks: -1, timeoutMs: 5000, topicData: [{ name: topic, partitionData: [{ index: 0, records: buildRecordBatch({ records: values.map((v) => ({ value: v })), ...extra }) }] }],
});

describe("protocol semantics", () => {
  it("auto-create: first Metadata answers LEADER_NOT_AVAILABLE, then the topic is there", async () => {
    const c = await RawConnection.open(broker.port);
    const m1 = await c.request<MetadataResponse>(3, 9, { topics: [{ name: "auto-1" }], allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
    expect(m1.topics[0]!.errorCode).toBe(Errors.LEADER_NOT_AVAILABLE.code);
    let m2: MetadataResponse;
    for (let i = 0; ; i++) {
      m2 = await c.request<MetadataResponse>(3, 9, { topics: [{ name: "auto-1" }], allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
      if (m2.topics[0]!.errorCode === 0 && m2.topics[0]!.partitions[0]?.errorCode === 0) break;
      if (i > 50) throw new Error("topic never came online");
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(m2.topics[0]!.partitions[0]!.leaderId).toBe(0);
    expect(m2.clusterId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(m2.controllerId).toBe(0);
    const noAuto = await c.request<MetadataResponse>(3, 9, { topics: [{ name: "auto-2" }], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
    expect(noAuto.topics[0]!.errorCode).toBe(Errors.UNKNOWN_TOPIC_OR_PARTITION.code);
    const sasl = await c.request<{ errorCode: number; mechanisms: string[] }>(17, 1, { mechanism: "PLAIN" });
    expect(sasl).toEqual({ errorCode: Errors.ILLEGAL_SASL_STATE.code, mechanisms: [] }); // as on a Kafka PLAINTEXT listener
    const dc = await c.request<DescribeClusterResponse>(60, 0, { includeClusterAuthorizedOperations: false });
    expect(dc.brokers).toEqual([{ brokerId: 0, host: "127.0.0.1", port: broker.port, rack: null }]);
    c.close();
  });

  it("a long-polling fetch wakes on append; responses on one connection stay in request order", async () => {
    const c = await RawConnection.open(broker.port);
    await c.request<ProduceResponse>(0, 7, produceReq("auto-1", ["first"]));
    // fetch at the end (waits), then a metadata request on the same connection
    c.write(encodeRequest(1, 11, 501, "raw", fetchReq("auto-1", 1n, 5000)));
    c.write(encodeRequest(3, 1, 502, "raw", { topics: null }));
    const other = await RawConnection.open(broker.port);
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    await other.request<ProduceResponse>(0, 7, produceReq("auto-1", ["second"]));
    const f1 = (await c.readFrame())!;
    const f2 = (await c.readFrame())!;
    expect(Date.now() - t0).toBeLessThan(4000); // woke on the append, not at maxWaitMs
    const fetched = decodeResponse<FetchResponse>(1, 11, f1);
    expect(fetched.correlationId).toBe(501);
    expect(fetched.body.responses[0]!.partitions[0]!.highWatermark).toBe(2n);
    expect(fetched.body.responses[0]!.partitions[0]!.records!.length).toBeGreaterThan(0);
    expect(decodeResponse<MetadataResponse>(3, 1, f2).correlationId).toBe(502);
    // a fetch with nothing to return answers after maxWaitMs with no records
    const empty = await c.request<FetchResponse>(1, 11, fetchReq("auto-1", 2n, 200));
    expect(empty.responses[0]!.partitions[0]!.records!.length).toBe(0);
    c.close(); other.close();
  });

  it("ListOffsets earliest/latest/by timestamp (v0 old format too), DeleteRecords, OffsetForLeaderEpoch", async () => {
    const c = await RawConnection.open(broker.port);
    await c.request(19, 4, { topics: [{ name: "lo", numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 10000, validateOnly: false });
    for (let i = 0; i < 5; i++) await c.request<ProduceResponse>(0, 7, produceReq("lo", [`v${i}`], { timestamp: 1_000_000 + i * 1000 }));
    const lo = (ts: bigint, version = 3) => c.request<ListOffsetsResponse>(2, version, { replicaId: -1, isolationLevel: 0, topics: [{ name: "lo", partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: ts, maxNumOffsets: 5 }] }] });
    expect((await lo(-2n)).topics[0]!.partitions[0]!.offset).toBe(0n);
    expect((await lo(-1n)).topics[0]!.partitions[0]!.offset).toBe(5n);
    const byTs = (await lo(1_002_500n)).topics[0]!.partitions[0]!;
    expect([byTs.offset, byTs.timestamp]).toEqual([3n, 1_003_000n]);
    expect((await lo(9_999_999n)).topics[0]!.partitions[0]!.offset).toBe(-1n);
    expect((await lo(-1n, 0)).topics[0]!.partitions[0]!.oldStyleOffsets[0]).toBe(5n);
    const dr = await c.request<DeleteRecordsResponse>(21, 1, { topics: [{ name: "lo", partitions: [{ partitionIndex: 0, offset: 2n }] }], timeoutMs: 5000 });
    expect(dr.topics[0]!.partitions[0]!.lowWatermark).toBe(2n);
    expect((await lo(-2n)).topics[0]!.partitions[0]!.offset).toBe(2n);
    const f = await c.request<FetchResponse>(1, 11, fetchReq("lo", 0n, 0));
    expect(f.responses[0]!.partitions[0]!.errorCode).toBe(Errors.OFFSET_OUT_OF_RANGE.code);
    const ole = await c.request<OffsetForLeaderEpochResponse>(23, 3, { replicaId: -1, topics: [{ topic: "lo", partitions: [{ partition: 0, currentLeaderEpoch: -1, leaderEpoch: 0 }] }] });
    expect(ole.topics[0]!.partitions[0]).toMatchObject({ errorCode: 0, leaderEpoch: 0, endOffset: 5n });
    c.close();
  });

  it("CreateTopics: validateOnly creates nothing; bad configs → INVALID_CONFIG; duplicates → TOPIC_ALREADY_EXISTS", async () => {
    type CT = { topics: Array<{ name: string; errorCode: number; errorMessage: string | null; numPartitions: number; replicationFactor: number }> };
    const c = await RawConnection.open(broker.port);
    const topic = (name: string, configs: Array<{ name: string; value: string }> = [], numPartitions = 3) => ({ name, numPartitions, replicationFactor: 1, assignments: [], configs });
    const v = await c.request<CT>(19, 5, { topics: [topic("vo")], timeoutMs: 5000, validateOnly: true });
    expect(v.topics[0]).toMatchObject({ errorCode: 0, numPartitions: 3, replicationFactor: 1 });
    const md = await c.request<MetadataResponse>(3, 9, { topics: [{ name: "vo" }], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
    expect(md.topics[0]!.errorCode).toBe(Errors.UNKNOWN_TOPIC_OR_PARTITION.code);
    const bad = await c.request<CT>(19, 5, { topics: [topic("badcfg", [{ name: "cleanup.policy", value: "shred" }]), topic("badcfg2", [{ name: "nope.config", value: "1" }])], timeoutMs: 5000, validateOnly: false });
    expect(bad.topics.map((t) => t.errorCode)).toEqual([Errors.INVALID_CONFIG.code, Errors.INVALID_CONFIG.code]);
    expect(bad.topics[1]!.errorMessage).toBe("Unknown topic config name: nope.config");
    const once = await c.request<CT>(19, 5, { topics: [topic("twice")], timeoutMs: 5000, validateOnly: false });
    expect(once.topics[0]!.errorCode).toBe(0);
    const again = await c.request<CT>(19, 5, { topics: [topic("twice")], timeoutMs: 5000, validateOnly: false });
    expect(again.topics[0]).toMatchObject({ errorCode: Errors.TOPIC_ALREADY_EXISTS.code, errorMessage: "Topic 'twice' already exists." });
    const zero = await c.request<CT>(19, 5, { topics: [topic("zero", [], 0)], timeoutMs: 5000, validateOnly: false });
    expect(zero.topics[0]).toMatchObject({ errorCode: Errors.INVALID_PARTITIONS.code, errorMessage: "Number of partitions must be larger than 0." });
    c.close();
  });

  it("AlterConfigs / IncrementalAlterConfigs validate and take effect; DescribeConfigs shows sources and synonyms", async () => {
    const c = await RawConnection.open(broker.port);
    await c.request(19, 4, { topics: [{ name: "cfg", numPartitions: 1, replicationFactor: 1, assignments: [], configs: [{ name: "retention.ms", value: "1000000" }] }], timeoutMs: 10000, validateOnly: false });
    const bad = await c.request<{ responses: Array<{ errorCode: number; errorMessage: string | null }> }>(44, 0, { resources: [{ resourceType: 2, resourceName: "cfg", configs: [{ name: "no.such.config", configOperation: 0, value: "1" }] }], validateOnly: false });
    expect(bad.responses[0]!.errorCode).toBe(Errors.INVALID_CONFIG.code);
    expect(bad.responses[0]!.errorMessage).toBe("Unknown topic config name: no.such.config");
    const badValue = await c.request<{ responses: Array<{ errorCode: number; errorMessage: string | null }> }>(44, 0, { resources: [{ resourceType: 2, resourceName: "cfg", configs: [{ name: "cleanup.policy", configOperation: 0, value: "shred" }] }], validateOnly: false });
    expect(badValue.responses[0]!.errorCode).toBe(Errors.INVALID_REQUEST.code);
    expect(badValue.responses[0]!.errorMessage).toMatch(/^Invalid config value for resource ConfigResource\(type=TOPIC, name='cfg'\): Invalid value shred for configuration cleanup.policy/);
    const ok = await c.request<{ responses: Array<{ errorCode: number }> }>(44, 0, { resources: [{ resourceType: 2, resourceName: "cfg", configs: [{ name: "segment.bytes", configOperation: 0, value: "1048576" }, { name: "retention.ms", configOperation: 1, value: null }] }], validateOnly: false });
    expect(ok.responses[0]!.errorCode).toBe(0);
    type DC = { results: Array<{ errorCode: number; configs: Array<{ name: string; value: string | null; configSource: number; synonyms: Array<{ name: string; source: number }> }> }> };
    let rows: DC["results"][0]["configs"] = [];
    for (let i = 0; i < 50; i++) {
      const d = await c.request<DC>(32, 2, { resources: [{ resourceType: 2, resourceName: "cfg", configurationKeys: null }], includeSynonyms: true, includeDocumentation: false });
      rows = d.results[0]!.configs;
      if (rows.find((r) => r.name === "segment.bytes")?.value === "1048576") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const seg = rows.find((r) => r.name === "segment.bytes")!;
    expect(seg.value).toBe("1048576");
    expect(seg.configSource).toBe(1); // DYNAMIC_TOPIC_CONFIG
    expect(seg.synonyms.map((s) => s.name)).toEqual(["segment.bytes", "log.segment.bytes"]);
    const ret = rows.find((r) => r.name === "retention.ms")!;
    expect(ret.value).toBe("604800000");
    expect(ret.configSource).toBe(5); // DEFAULT_CONFIG
    const unknown = await c.request<DC>(32, 2, { resources: [{ resourceType: 2, resourceName: "nope", configurationKeys: null }], includeSynonyms: false, includeDocumentation: false });
    expect(unknown.results[0]!.errorCode).toBe(Errors.UNKNOWN_TOPIC_OR_PARTITION.code);
    c.close();
  });

  it("ElectLeaders: nothing to do for a leader that is already preferred; unknown partitions", async () => {
    type EL = { errorCode: number; replicaElectionResults: Array<{ topic: string; partitionResult: Array<{ partitionId: number; errorCode: number }> }> };
    const c = await RawConnection.open(broker.port);
    const r = await c.request<EL>(43, 1, { electionType: 0, topicPartitions: [{ topic: "auto-1", partitions: [0, 7] }], timeoutMs: 5000 });
    expect(r.errorCode).toBe(0);
    const res = r.replicaElectionResults[0]!.partitionResult.sort((a, b) => a.partitionId - b.partitionId);
    expect(res).toEqual([{ partitionId: 0, errorCode: Errors.ELECTION_NOT_NEEDED.code, errorMessage: expect.any(String) }, { partitionId: 7, errorCode: Errors.UNKNOWN_TOPIC_OR_PARTITION.code, errorMessage: expect.any(String) }]);
    c.close();
  });

  it("dynamic broker configs: cluster default via IncrementalAlterConfigs reaches topics; static-only keys are refused", async () => {
    type Resp = { responses: Array<{ errorCode: number; errorMessage: string | null }> };
    type DC = { results: Array<{ errorCode: number; configs: Array<{ name: string; value: string | null; readOnly: boolean; configSource: number }> }> };
    const c = await RawConnection.open(broker.port);
    await c.request(19, 4, { topics: [{ name: "dyn", numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 10000, validateOnly: false });
    const refused = await c.request<Resp>(44, 0, { resources: [{ resourceType: 4, resourceName: "", configs: [{ name: "num.partitions", configOperation: 0, value: "3" }] }], validateOnly: false });
    expect(refused.responses[0]).toMatchObject({ errorCode: Errors.INVALID_REQUEST.code, errorMessage: "Invalid config value for resource ConfigResource(type=BROKER, name=''): Cannot update these configs dynamically: Set(num.partitions)" });
    const ok = await c.request<Resp>(44, 0, { resources: [{ resourceType: 4, resourceName: "", configs: [{ name: "log.retention.ms", configOperation: 0, value: "123456" }] }], validateOnly: false });
    expect(ok.responses[0]!.errorCode).toBe(0);
    let topicRetention: string | null = null;
    for (let i = 0; i < 50 && topicRetention !== "123456"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const d = await c.request<DC>(32, 2, { resources: [{ resourceType: 2, resourceName: "dyn", configurationKeys: ["retention.ms"] }], includeSynonyms: false, includeDocumentation: false });
      topicRetention = d.results[0]!.configs[0]!.value;
    }
    expect(topicRetention).toBe("123456");
    const b = await c.request<DC>(32, 2, { resources: [{ resourceType: 4, resourceName: "0", configurationKeys: ["log.retention.ms", "num.partitions"] }], includeSynonyms: true, includeDocumentation: false });
    const rows = new Map(b.results[0]!.configs.map((r) => [r.name, r]));
    expect(rows.get("log.retention.ms")).toMatchObject({ value: "123456", readOnly: false, configSource: 3 }); // DYNAMIC_DEFAULT_BROKER_CONFIG
    expect(rows.get("num.partitions")).toMatchObject({ readOnly: true });
    await c.request<Resp>(44, 0, { resources: [{ resourceType: 4, resourceName: "", configs: [{ name: "log.retention.ms", configOperation: 1, value: null }] }], validateOnly: false });
    c.close();
  });

  it("idempotent produce: producer ids from ZooKeeper blocks, retried batches are not duplicated, gaps rejected", async () => {
    const c = await RawConnection.open(broker.port);
    const ip1 = await c.request<InitProducerIdResponse>(22, 1, { transactionalId: null, transactionTimeoutMs: 60000 });
    const ip2 = await c.request<InitProducerIdResponse>(22, 1, { transactionalId: null, transactionTimeoutMs: 60000 });
    expect(ip1.errorCode).toBe(0);
    expect(ip2.producerId).toBe(ip1.producerId + 1n);
    const pid = ip1.producerId;
    const send = (seq: number, v: string) => c.request<ProduceResponse>(0, 7, produceReq("auto-1", [v], { producerId: pid, producerEpoch: 0, baseSequence: seq }));
    const a = await send(0, "i0");
    const dup = await send(0, "i0");
    expect(dup.responses[0]!.partitionResponses[0]!.errorCode).toBe(0);
    expect(dup.responses[0]!.partitionResponses[0]!.baseOffset).toBe(a.responses[0]!.partitionResponses[0]!.baseOffset);
    const gap = await send(5, "i5");
    expect(gap.responses[0]!.partitionResponses[0]!.errorCode).toBe(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code);
    type DP = { topics: Array<{ partitions: Array<{ errorCode: number; activeProducers: Array<{ producerId: bigint; producerEpoch: number; lastSequence: number }> }> }> };
    const dp = await c.request<DP>(61, 0, { topics: [{ name: "auto-1", partitionIndexes: [0] }] });
    expect(dp.topics[0]!.partitions[0]!.errorCode).toBe(0);
    expect(dp.topics[0]!.partitions[0]!.activeProducers).toContainEqual(expect.objectContaining({ producerId: pid, producerEpoch: 0, lastSequence: 0 }));
    c.close();
    const kafka = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    const p = kafka.producer({ idempotent: true });
    await p.connect();
    const r = await p.send({ topic: "auto-1", messages: [{ value: "idem" }] });
    expect(r[0]!.errorCode).toBe(0);
    await p.disconnect();
  });
});
