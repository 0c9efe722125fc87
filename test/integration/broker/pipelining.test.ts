import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { decodeResponse, encodeRequest } from "../../../broker/protocol/codec.js";
import { decodeRecords } from "../../../broker/protocol/record-set.js";
import { buildRecordBatch } from "../../../broker/protocol/record-set.js";
import type { FetchResponse } from "../../../broker/protocol/schemas/fetch.js";
import type { ProduceResponse } from "../../../broker/protocol/schemas/produce.js";
import { startBroker, startZooKeeper, type Broker } from "../../helpers/broker.js";
import { removeTempDirs, stopAll } from "../../helpers/procs.js";
import { RawConnection } from "./raw-client.js";

let broker: Broker;
beforeAll(async () => {
  const zk = await startZooKeeper();
  broker = await startBroker({ zkConnect: zk.connectString });
  const c = await RawConnection.open(broker.port);
  await c.request(19, 4, { topics: [{ name: "pipe", numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 10000, validateOnly: false });
  c.close();
}, 60_000);
afterAll(async () => { await stopAll(); removeTempDirs(); });

describe("pipelined requests over one connection", () => {
  it("many produce frames (small and > 64 KB, written in odd-sized pieces) are answered in order and stored byte for byte", async () => {
    const c = await RawConnection.open(broker.port);
    const values: Buffer[] = [];
    const frames: Buffer[] = [];
    for (let i = 0; i < 60; i++) {
      const v = randomBytes(i % 3 === 0 ? 200_000 + i : 50 + i);
      values.push(v);
      frames.push(encodeRequest(0, 7, 1000 + i, "pipe", { transactionalId: null, acks: 1, timeoutMs: 5000, topicData: [{ name: "pipe", partitionData: [{ index: 0, records: buildRecordBatch({ records: [{ value: v }] }) }] }] }));
    }
    const all = Buffer.concat(frames);
    for (let off = 0; off < all.length; ) {
      const n = Math.min(all.length - off, 1 + ((off * 7919) % 150_000));
      c.write(all.subarray(off, off + n));
      off += n;
    }
    for (let i = 0; i < 60; i++) {
      const f = (await c.readFrame(20_000))!;
      const r = decodeResponse<ProduceResponse>(0, 7, f);
      expect(r.correlationId).toBe(1000 + i);
      expect(r.body.responses[0]!.partitionResponses[0]!).toMatchObject({ errorCode: 0, baseOffset: BigInt(i) });
    }
    const got: Buffer[] = [];
    let offset = 0n;
    while (got.length < 60) {
      const fr = await c.request<FetchResponse>(1, 11, { replicaId: -1, maxWaitMs: 0, minBytes: 0, maxBytes: 5_000_000, isolationLevel: 0, sessionId: 0, sessionEpoch: -1, topics: [{ topic: "pipe", partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: offset, logStartOffset: -1n, partitionMaxBytes: 5_000_000 }] }], forgottenTopicsData: [], rackId: "" });
      const recs = decodeRecords(fr.responses[0]!.partitions[0]!.records!);
      for (const r of recs) got.push(Buffer.from(r.value!));
      offset = BigInt(got.length);
    }
    expect(got.map((b) => b.toString("hex"))).toEqual(values.map((b) => b.toString("hex")));
    c.close();
  });

  it("50 connections at once each produce and long-poll; every write is acknowledged once and readable", async () => {
    const conns = await Promise.all(Array.from({ length: 50 }, () => RawConnection.open(broker.port)));
    const start = (await RawConnection.open(broker.port));
    const hw0 = (await start.request<FetchResponse>(1, 11, { replicaId: -1, maxWaitMs: 0, minBytes: 0, maxBytes: 1000, isolationLevel: 0, sessionId: 0, sessionEpoch: -1, topics: [{ topic: "pipe", partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0n, logStartOffset: -1n, partitionMaxBytes: 1000 }] }], forgottenTopicsData: [], rackId: "" })).responses[0]!.partitions[0]!.highWatermark;
    const results = await Promise.all(conns.map(async (c, i) => {
      // parked until ~all 50 new batches (about 75 bytes each) are there
      const pending = c.request<FetchResponse>(1, 11, { replicaId: -1, maxWaitMs: 10000, minBytes: 3000, maxBytes: 100000, isolationLevel: 0, sessionId: 0, sessionEpoch: -1, topics: [{ topic: "pipe", partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: hw0, logStartOffset: -1n, partitionMaxBytes: 100000 }] }], forgottenTopicsData: [], rackId: "" });
      const other = await RawConnection.open(broker.port);
      const r = await other.request<ProduceResponse>(0, 7, { transactionalId: null, acks: -1, timeoutMs: 5000, topicData: [{ name: "pipe", partitionData: [{ index: 0, records: buildRecordBatch({ records: [{ value: `conn-${i}` }] }) }] }] });
      other.close();
      const f = await pending;
      c.close();
      return { offset: r.responses[0]!.partitionResponses[0]!.baseOffset, fetched: f.responses[0]!.partitions[0]!.records!.length, code: f.responses[0]!.partitions[0]!.errorCode };
    }));
    const offsets = results.map((r) => r.offset).sort((a, b) => (a < b ? -1 : 1));
    expect(offsets).toEqual(Array.from({ length: 50 }, (_, i) => hw0 + BigInt(i)));
    expect(results.every((r) => r.code === 0 && r.fetched >= 3000)).toBe(true);
    start.close();
  });
});
