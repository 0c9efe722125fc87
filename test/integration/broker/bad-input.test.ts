import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Errors } from "../../../broker/protocol/errors.js";
import { buildRecordBatch } from "../../../broker/protocol/record-set.js";
import { encodeRequest } from "../../../broker/protocol/codec.js";
import type { ProduceResponse } from "../../../broker/protocol/schemas/produce.js";
import type { FetchResponse } from "../../../broker/protocol/schemas/fetch.js";
import type { MetadataResponse } from "../../../broker/protocol/schemas/metadata.js";
import type { ApiVersionsResponse } from "../../../broker/protocol/schemas/api-versions.js";
import type { CreateTopicsResponse } from "../../../broker/protocol/schemas/create-topics.js";
import { startBroker, startZooKeeper, type Broker } from "../../helpers/broker.js";
import { removeTempDirs, stopAll } from "../../helpers/procs.js";
import { RawConnection } from "./raw-client.js";

let broker: Broker;
beforeAll(async () => {
  const zk = await startZooKeeper();
  broker = await startBroker({ zkConnect: zk.connectString, overrides: { "auto.create.topics.enable": false, "socket.request.max.bytes": 3_000_000 } });
  const c = await RawConnection.open(broker.port);
  const r = await c.request<CreateTopicsResponse>(19, 4, { topics: [{ name: "bad-in", numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 10000, validateOnly: false });
  expect(r.topics[0]!.errorCode).toBe(0);
  c.close();
}, 60_000);
afterAll(async () => { await stopAll(); removeTempDirs(); });

const batch = (values: string[]) => buildRecordBatch({ records: values.map((v) => ({ value: v })) });
const produce = (c: RawConnection, topic: string, records: Buffer, version = 7, acks = -1) =>
  c.request<ProduceResponse>(0, version, { transactionalId: null, acks, timeoutMs: 5000, topicData: [{ name: topic, partitionData: [{ index: 0, records }] }] });
const fetch0 = (c: RawConnection, topic: string, offset: bigint) =>
  c.request<FetchResponse>(1, 11, { replicaId: -1, maxWaitMs: 0, minBytes: 0, maxBytes: 10_000_000, isolationLevel: 0, sessionId: 0, sessionEpoch: -1, topics: [{ topic, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: offset, logStartOffset: -1n, partitionMaxBytes: 5_000_000 }] }], forgottenTopicsData: [], rackId: "" });

describe("bad input is answered as Kafka answers it; the broker keeps serving", () => {
  it("ApiVersions advertises only what is implemented; unsupported ApiVersions version → v0 answer with UNSUPPORTED_VERSION", async () => {
    const c = await RawConnection.open(broker.port);
    const ok = await c.request<ApiVersionsResponse>(18, 3, { clientSoftwareName: "raw", clientSoftwareVersion: "1" });
    const keys = ok.apiKeys.map((k) => k.apiKey);
    expect(keys).toEqual(expect.arrayContaining([0, 1, 2, 3, 17, 18, 19, 20, 21, 22, 23, 32, 33, 37, 44, 60]));
    for (const k of [24, 25, 26, 27, 28, 4, 5, 6]) expect(keys).not.toContain(k); // transactions, LeaderAndIsr/StopReplica/UpdateMetadata: not implemented, not advertised
    expect(keys).toContain(7); // ControlledShutdown, as a ZooKeeper-mode Kafka broker advertises it
    expect(ok.apiKeys.find((k) => k.apiKey === 1)!.maxVersion).toBe(12);
    // ApiVersions v9: header read as flexible, answered in v0 format
    const f = Buffer.from(encodeRequest(18, 3, 42, "raw", { clientSoftwareName: "x", clientSoftwareVersion: "y" }));
    f.writeInt16BE(9, 6);
    c.write(f);
    const frame = (await c.readFrame())!;
    expect(frame.readInt32BE(0)).toBe(42);
    expect(frame.readInt16BE(4)).toBe(Errors.UNSUPPORTED_VERSION.code);
    expect(frame.readInt32BE(6)).toBe(keys.length);
    c.close();
  });

  it("unknown API key and unsupported versions close only that connection", async () => {
    const other = await RawConnection.open(broker.port);
    const c1 = await RawConnection.open(broker.port);
    const bad = Buffer.from(encodeRequest(3, 1, 1, "raw", { topics: [], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false }));
    bad.writeInt16BE(9999 & 0x7fff, 4); // api key 9999
    c1.write(bad);
    expect(await c1.waitClosed()).toBe(true);
    const c2 = await RawConnection.open(broker.port);
    const v99 = Buffer.from(bad);
    v99.writeInt16BE(3, 4);
    v99.writeInt16BE(99, 6); // Metadata v99
    c2.write(v99);
    expect(await c2.waitClosed()).toBe(true);
    const md = await other.request<MetadataResponse>(3, 1, { topics: null });
    expect(md.brokers[0]!.port).toBe(broker.port);
    other.close();
  });

  it("malformed frames: garbage body and an oversize frame close the connection", async () => {
    const c = await RawConnection.open(broker.port);
    const frame = Buffer.alloc(4 + 14);
    frame.writeInt32BE(14, 0);
    frame.writeInt16BE(3, 4); frame.writeInt16BE(1, 6); frame.writeInt32BE(7, 8);
    frame.writeInt16BE(-1, 12); // null client id
    frame.writeInt32BE(1_000_000, 14); // topics array claims a million entries
    c.write(frame);
    expect(await c.waitClosed()).toBe(true);
    const c2 = await RawConnection.open(broker.port);
    const big = Buffer.alloc(4);
    big.writeInt32BE(3_000_001, 0);
    c2.write(big);
    expect(await c2.waitClosed()).toBe(true);
  });

  it("CRC mismatch → CORRUPT_MESSAGE, nothing written; a good batch still goes in", async () => {
    const c = await RawConnection.open(broker.port);
    const good = await produce(c, "bad-in", batch(["a", "b"]));
    expect(good.responses[0]!.partitionResponses[0]!.errorCode).toBe(0);
    const b = batch(["c"]);
    b[b.length - 1] ^= 0xff;
    const r = await produce(c, "bad-in", b);
    expect(r.responses[0]!.partitionResponses[0]!.errorCode).toBe(Errors.CORRUPT_MESSAGE.code);
    const good2 = await produce(c, "bad-in", batch(["d"]));
    expect(good2.responses[0]!.partitionResponses[0]!.baseOffset).toBe(2n);
    c.close();
  });

  it("oversize batch → MESSAGE_TOO_LARGE", async () => {
    const c = await RawConnection.open(broker.port);
    const r = await produce(c, "bad-in", batch(["x".repeat(1_100_000)]));
    expect([Errors.MESSAGE_TOO_LARGE.code, Errors.RECORD_LIST_TOO_LARGE.code]).toContain(r.responses[0]!.partitionResponses[0]!.errorCode);
    c.close();
  });

  it("invalid topic names → INVALID_TOPIC_EXCEPTION; unknown topic with auto-create off → UNKNOWN_TOPIC_OR_PARTITION", async () => {
    const c = await RawConnection.open(broker.port);
    const ct = await c.request<CreateTopicsResponse>(19, 4, { topics: [{ name: "bad/name", numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }, { name: "..", numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 1000, validateOnly: false });
    expect(ct.topics.map((t) => t.errorCode)).toEqual([Errors.INVALID_TOPIC_EXCEPTION.code, Errors.INVALID_TOPIC_EXCEPTION.code]);
    expect(ct.topics[0]!.errorMessage).toBe(`Topic name "bad/name" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`);
    const md = await c.request<MetadataResponse>(3, 9, { topics: [{ name: "nope" }, { name: "bad name" }], allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
    expect(md.topics.map((t) => t.errorCode)).toEqual([Errors.UNKNOWN_TOPIC_OR_PARTITION.code, Errors.INVALID_TOPIC_EXCEPTION.code]);
    const p = await produce(c, "nope", batch(["z"]));
    expect(p.responses[0]!.partitionResponses[0]!.errorCode).toBe(Errors.UNKNOWN_TOPIC_OR_PARTITION.code);
    const rf = await c.request<CreateTopicsResponse>(19, 4, { topics: [{ name: "rf3", numPartitions: 1, replicationFactor: 3, assignments: [], configs: [] }], timeoutMs: 1000, validateOnly: false });
    expect(rf.topics[0]!.errorCode).toBe(Errors.INVALID_REPLICATION_FACTOR.code);
    expect(rf.topics[0]!.errorMessage).toBe("Replication factor: 3 larger than available brokers: 1.");
    c.close();
  });

  it("fetch out of range → OFFSET_OUT_OF_RANGE; everything written is still there", async () => {
    const c = await RawConnection.open(broker.port);
    const r = await fetch0(c, "bad-in", 1000n);
    expect(r.responses[0]!.partitions[0]!.errorCode).toBe(Errors.OFFSET_OUT_OF_RANGE.code);
    const ok = await fetch0(c, "bad-in", 0n);
    const p = ok.responses[0]!.partitions[0]!;
    expect(p.errorCode).toBe(0);
    expect(p.highWatermark).toBe(3n);
    expect(p.records!.length).toBeGreaterThan(0);
    c.close();
  });

  it("acks=0: no response; the next request on the connection is answered", async () => {
    const c = await RawConnection.open(broker.port);
    c.write(encodeRequest(0, 7, 100, "raw", { transactionalId: null, acks: 0, timeoutMs: 1000, topicData: [{ name: "bad-in", partitionData: [{ index: 0, records: batch(["q"]) }] }] }));
    const md = await c.request<MetadataResponse>(3, 1, { topics: null });
    expect(md.topics.map((t) => t.name)).toContain("bad-in");
    c.close();
  });
});
