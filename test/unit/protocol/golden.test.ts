// Golden bytes: request frames captured from real clients (test/fixtures/protocol/*.bin, the bytes
// after the 4-byte size; captured by test/integration/protocol/real-clients.test.ts with
// CAPTURE_FIXTURES=1) decode to what the client sent and re-encode byte for byte; flexible-version
// encodings and headers match the protocol guide, built here by hand.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ApiKey, apiName } from "../../../broker/protocol/api-keys.js";
import {
  decodeRequest, decodeResponse, encodeRequest, encodeResponse, isFlexible, readRequestHeader, requestHeaderVersion,
  responseHeaderVersion, schemaFor, versionRange, ProtocolError,
} from "../../../broker/protocol/codec.js";
import { decodeRecords } from "../../../broker/protocol/record-set.js";
import { isCrcValid } from "../../../broker/protocol/records.js";
import type { ApiVersionsRequest } from "../../../broker/protocol/schemas/api-versions.js";
import type { MetadataRequest } from "../../../broker/protocol/schemas/metadata.js";
import type { ProduceRequest } from "../../../broker/protocol/schemas/produce.js";
import type { FetchRequest, FetchResponse } from "../../../broker/protocol/schemas/fetch.js";

const FIX = join(import.meta.dirname, "../../fixtures/protocol");
const fixture = (name: string) => readFileSync(join(FIX, name));

function reencode(frame: Buffer): Buffer {
  const { header, bodyOffset } = readRequestHeader(frame);
  const body = decodeRequest<object>(header.apiKey, header.apiVersion, frame, bodyOffset);
  return encodeRequest(header.apiKey, header.apiVersion, header.correlationId, header.clientId, body).subarray(4);
}

describe("captured requests", () => {
  it("ApiVersions v3 from librdkafka 2.0.2 (flexible: request header v2, compact strings)", () => {
    const frame = fixture("api-versions-v3-librdkafka.bin");
    const { header, bodyOffset } = readRequestHeader(frame);
    expect(header).toEqual({ apiKey: 18, apiVersion: 3, correlationId: 1, clientId: "rdkafka" });
    expect(decodeRequest<ApiVersionsRequest>(18, 3, frame, bodyOffset)).toEqual({ clientSoftwareName: "librdkafka", clientSoftwareVersion: "2.0.2" });
    expect(reencode(frame).equals(frame)).toBe(true);
  });

  it("Metadata v1 from kafka-python 2.0.2 (null topics = all)", () => {
    const frame = fixture("metadata-v1-kafka-python.bin");
    const { header, bodyOffset } = readRequestHeader(frame);
    expect(header).toMatchObject({ apiKey: 3, apiVersion: 1, clientId: "kafka-python-golden" });
    const body = decodeRequest<MetadataRequest>(3, 1, frame, bodyOffset);
    expect(body.topics).toBeNull();
    expect(body.allowAutoTopicCreation).toBe(true); // default for versions without the field
    expect(reencode(frame).equals(frame)).toBe(true);
  });

  it("Produce v7 from kafkajs 2.2 (records stay a zero-copy view of the frame)", () => {
    const frame = fixture("produce-v7-kafkajs.bin");
    const { header, bodyOffset } = readRequestHeader(frame);
    expect(header).toMatchObject({ apiKey: 0, apiVersion: 7, clientId: "kafkajs-golden" });
    const body = decodeRequest<ProduceRequest>(0, 7, frame, bodyOffset);
    expect(body).toMatchObject({ transactionalId: null, acks: -1, timeoutMs: 30000 });
    const records = body.topicData[0]!.partitionData[0]!.records!;
    expect(body.topicData[0]!.name).toBe("t");
    expect(records.buffer).toBe(frame.buffer); // zero-copy
    expect(isCrcValid(records)).toBe(true);
    const recs = decodeRecords(records);
    expect(recs.map((r) => [r.key?.toString(), r.value?.toString(), r.timestamp])).toEqual([["k1", "v1", 1700000000000n]]);
    expect(reencode(frame).equals(frame)).toBe(true);
  });
});

describe("every captured frame", () => {
  for (const name of readdirSync(FIX).filter((f) => f.endsWith(".bin"))) {
    it(`${name} decodes and re-encodes byte for byte`, () => {
      const frame = fixture(name);
      expect(reencode(frame).equals(frame)).toBe(true);
    });
  }

  it("Fetch v11 from librdkafka: replica -1, a rack id field, one partition", () => {
    const frame = fixture("fetch-v11-librdkafka.bin");
    const { header, bodyOffset } = readRequestHeader(frame);
    expect(header).toMatchObject({ apiKey: 1, apiVersion: 11, clientId: "rdkafka" });
    const body = decodeRequest<FetchRequest>(1, 11, frame, bodyOffset);
    expect(body).toMatchObject({ replicaId: -1, rackId: "", topics: [{ topic: "t", partitions: [{ partition: 0 }] }] });
  });
});

describe("hand-built from the protocol guide", () => {
  it("ApiVersions v3 response: header v0 (no tagged fields), compact array, tagged-field section", () => {
    const chunks = encodeResponse(ApiKey.ApiVersions, 3, 7, { errorCode: 0, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 3 }], throttleTimeMs: 0 });
    const b = Buffer.concat(chunks);
    expect([...b]).toEqual([
      0, 0, 0, 19, // size
      0, 0, 0, 7, // correlation id; no header tagged fields even though v3 is flexible
      0, 0, // error code
      2, // compact array: 1 element
      0, 18, 0, 0, 0, 3, 0, // apiKey, min, max, element tagged fields
      0, 0, 0, 0, // throttle
      0, // body tagged fields
    ]);
    expect(responseHeaderVersion(ApiKey.ApiVersions, 3)).toBe(0);
    expect(decodeResponse(ApiKey.ApiVersions, 3, b.subarray(4)).body).toMatchObject({ errorCode: 0, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 3 }] });
  });

  it("ApiVersions v3 response: tagged fields written only when not default, in tag order", () => {
    const b = Buffer.concat(encodeResponse(ApiKey.ApiVersions, 3, 1, { errorCode: 0, apiKeys: [], throttleTimeMs: 0, finalizedFeaturesEpoch: 5n, zkMigrationReady: true }));
    const body = b.subarray(8);
    expect([...body]).toEqual([
      0, 0, 1, 0, 0, 0, 0,
      2, // two tagged fields
      1, 8, 0, 0, 0, 0, 0, 0, 0, 5, // tag 1 finalizedFeaturesEpoch, 8 bytes
      3, 1, 1, // tag 3 zkMigrationReady
    ]);
    const dec = decodeResponse<{ finalizedFeaturesEpoch: bigint; zkMigrationReady: boolean; supportedFeatures: unknown[] }>(ApiKey.ApiVersions, 3, b.subarray(4)).body;
    expect(dec.finalizedFeaturesEpoch).toBe(5n);
    expect(dec.zkMigrationReady).toBe(true);
    expect(dec.supportedFeatures).toEqual([]);
  });

  it("Metadata v9 response: response header v1 (tagged fields), compact strings, nullable compact string", () => {
    const b = Buffer.concat(encodeResponse(ApiKey.Metadata, 9, 3, {
      throttleTimeMs: 0, brokers: [{ nodeId: 1, host: "h", port: 9092, rack: null }], clusterId: null, controllerId: 1, topics: [],
    }));
    expect([...b.subarray(4)]).toEqual([
      0, 0, 0, 3, 0, // correlation id, header tagged fields
      0, 0, 0, 0, // throttle
      2, 0, 0, 0, 1, 2, 0x68, 0, 0, 0x23, 0x84, 0, 0, // brokers: [nodeId 1, "h", 9092, rack null, tags]
      0, // clusterId null
      0, 0, 0, 1, // controller id
      1, // topics: empty compact array
      0x80, 0, 0, 0, // clusterAuthorizedOperations default -2147483648
      0, // tagged fields
    ]);
  });

  it("unsigned varints: compact lengths ≥ 128 take two bytes", () => {
    const topics = Array.from({ length: 200 }, (_, i) => ({ name: `t${i}` }));
    const frame = encodeRequest(ApiKey.Metadata, 9, 1, "c", { topics, allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
    // header: size 4, key 2, version 2, corr 4, client id (int16 1 + "c") 3, header tags 1 → body at 16
    expect([frame[16], frame[17]]).toEqual([0xc9, 0x01]); // 201 = 0b1_1001001
    const { header, bodyOffset } = readRequestHeader(frame.subarray(4));
    expect(decodeRequest<MetadataRequest>(header.apiKey, header.apiVersion, frame.subarray(4), bodyOffset).topics!.map((t) => t.name)).toEqual(topics.map((t) => t.name));
  });

  it("request header versions: v0 only for ControlledShutdown v0, v2 for flexible, clientId never compact", () => {
    expect(requestHeaderVersion(ApiKey.ControlledShutdown, 0)).toBe(0);
    expect(requestHeaderVersion(ApiKey.Produce, 8)).toBe(1);
    expect(requestHeaderVersion(ApiKey.Produce, 9)).toBe(2);
    expect(isFlexible(ApiKey.SaslHandshake, 1)).toBe(false); // flexibleVersions "none"
    expect(requestHeaderVersion(ApiKey.SaslHandshake, 1)).toBe(1);
    const f = encodeRequest(ApiKey.ApiVersions, 3, 5, "ab", { clientSoftwareName: "x", clientSoftwareVersion: "1" });
    expect([...f.subarray(4)]).toEqual([0, 18, 0, 3, 0, 0, 0, 5, 0, 2, 0x61, 0x62, 0, 2, 0x78, 2, 0x31, 0]);
  });

  it("too-new versions of known APIs are read with the flexible header (ApiVersions v4 → header v2)", () => {
    expect(isFlexible(ApiKey.ApiVersions, 4)).toBe(true);
    expect(isFlexible(ApiKey.Fetch, 16)).toBe(true);
    const frame = Buffer.from([0, 18, 0, 4, 0, 0, 0, 9, 0, 1, 0x63, 1, 0, 0, 0]);
    expect(readRequestHeader(frame)).toEqual({ header: { apiKey: 18, apiVersion: 4, correlationId: 9, clientId: "c" }, bodyOffset: 14 }); // one empty header tagged field skipped
  });

  it("unknown API keys: header v1, no schema", () => {
    const frame = Buffer.from([0x03, 0xe7, 0, 0, 0, 0, 0, 1, 0xff, 0xff, 1, 2, 3]);
    expect(readRequestHeader(frame)).toEqual({ header: { apiKey: 999, apiVersion: 0, correlationId: 1, clientId: null }, bodyOffset: 10 });
    expect(schemaFor(999)).toBeUndefined();
    expect(versionRange(999)).toBeUndefined();
    expect(apiName(999)).toBe("Unknown(999)");
    expect(apiName(ApiKey.OffsetForLeaderEpoch)).toBe("OffsetForLeaderEpoch");
    expect(() => decodeRequest(999, 0, frame, 10)).toThrow(ProtocolError);
  });

  it("malformed bodies raise ProtocolError, never read past the frame", () => {
    const good = encodeRequest(ApiKey.Metadata, 1, 1, "c", { topics: [{ name: "abc" }] }).subarray(4);
    const { bodyOffset } = readRequestHeader(good);
    for (let cut = bodyOffset; cut < good.length; cut++) {
      expect(() => decodeRequest(ApiKey.Metadata, 1, good.subarray(0, cut), bodyOffset)).toThrow(ProtocolError);
    }
    const lying = Buffer.from(good);
    lying.writeInt32BE(1_000_000, bodyOffset); // array count far beyond the frame
    expect(() => decodeRequest(ApiKey.Metadata, 1, lying, bodyOffset)).toThrow(ProtocolError);
  });

  it("Fetch v12 response: big records go out as their own chunk, uncopied; tagged structs round-trip", () => {
    const records = Buffer.alloc(64 * 1024, 1);
    const chunks = encodeResponse(ApiKey.Fetch, 12, 1, {
      throttleTimeMs: 0, errorCode: 0, sessionId: 0,
      responses: [{ topic: "t", partitions: [{ partitionIndex: 0, errorCode: 0, highWatermark: 10n, lastStableOffset: 10n, logStartOffset: 0n, abortedTransactions: null, preferredReadReplica: -1, records, currentLeader: { leaderId: 1, leaderEpoch: 2 } }] }],
    });
    expect(chunks.some((c) => c === records)).toBe(true);
    const whole = Buffer.concat(chunks);
    const dec = decodeResponse<FetchResponse>(ApiKey.Fetch, 12, whole.subarray(4)).body;
    const p = dec.responses[0]!.partitions[0]!;
    expect(p.records!.equals(records)).toBe(true);
    expect(p.currentLeader).toEqual({ leaderId: 1, leaderEpoch: 2 });
    expect(p.divergingEpoch).toEqual({ epoch: -1, endOffset: -1n });
    expect(p.highWatermark).toBe(10n);
  });

  it("versions absent from a body are filled with schema defaults (Fetch v4 request)", () => {
    const frame = encodeRequest(ApiKey.Fetch, 4, 1, "c", { replicaId: -1, maxWaitMs: 500, minBytes: 1, maxBytes: 1000, isolationLevel: 1, topics: [{ topic: "t", partitions: [{ partition: 0, fetchOffset: 5n, partitionMaxBytes: 100 }] }] }).subarray(4);
    const { bodyOffset } = readRequestHeader(frame);
    const body = decodeRequest<Record<string, unknown>>(ApiKey.Fetch, 4, frame, bodyOffset);
    expect(body).toMatchObject({ isolationLevel: 1, sessionId: 0, sessionEpoch: -1, forgottenTopicsData: [], rackId: "", clusterId: null });
    expect((body.topics as { partitions: Record<string, unknown>[] }[])[0]!.partitions[0]).toEqual({ partition: 0, fetchOffset: 5n, partitionMaxBytes: 100, currentLeaderEpoch: -1, lastFetchedEpoch: -1, logStartOffset: -1n });
  });
});
