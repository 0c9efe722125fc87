// A minimal single-partition Kafka endpoint built only from the codec, for protocol tests with real
// clients: it records every request frame, answers ApiVersions / Metadata / Produce / Fetch /
// ListOffsets / InitProducerId / FindCoordinator, and keeps produced batches in memory so a
// client can read them back. Listens on 127.0.0.1 only; the test closes it.
import { createServer, type Server, type Socket } from "node:net";
import { ApiKey } from "../../../broker/protocol/api-keys.js";
import {
  allSchemas, decodeRequest, encodeResponse, readRequestHeader, versionRange, type RequestHeader,
} from "../../../broker/protocol/codec.js";
import { setBaseOffset } from "../../../broker/protocol/records.js";
import { iterateBatches } from "../../../broker/protocol/records.js";
import { legacyToRecordBatch, messageFormatOf, recordBatchesToLegacy } from "../../../broker/protocol/legacy-records.js";
import type { ApiVersionsRequest } from "../../../broker/protocol/schemas/api-versions.js";
import type { MetadataRequest } from "../../../broker/protocol/schemas/metadata.js";
import type { ProduceRequest } from "../../../broker/protocol/schemas/produce.js";
import type { FetchRequest } from "../../../broker/protocol/schemas/fetch.js";
import type { ListOffsetsRequest } from "../../../broker/protocol/schemas/list-offsets.js";

export interface Captured {
  header: RequestHeader;
  frame: Buffer; // without the 4-byte size
  body: unknown;
}

export interface CodecServer {
  port: number;
  requests: Captured[];
  log: Buffer[]; // stored batches, offsets assigned
  /** Store batches as if produced (offsets assigned from the current end). */
  append(records: Buffer): void;
  close(): Promise<void>;
}

const ADVERTISED = new Set<number>([
  ApiKey.Produce, ApiKey.Fetch, ApiKey.ListOffsets, ApiKey.Metadata, ApiKey.ApiVersions, ApiKey.InitProducerId,
  ApiKey.FindCoordinator,
]);

export async function startCodecServer(port: number, topic = "t"): Promise<CodecServer> {
  const requests: Captured[] = [];
  const log: Buffer[] = [];
  let next = 0n;
  const sockets = new Set<Socket>();

  function append(records: Buffer): void {
    for (const b of iterateBatches(records)) {
      setBaseOffset(records, b.position, next);
      next += BigInt(b.lastOffsetDelta + 1);
    }
    log.push(records);
  }

  function handle(h: RequestHeader, body: unknown): object | null {
    switch (h.apiKey) {
      case ApiKey.ApiVersions:
        void (body as ApiVersionsRequest);
        return {
          errorCode: 0,
          apiKeys: allSchemas().filter((s) => ADVERTISED.has(s.apiKey)).map((s) => ({ apiKey: s.apiKey, minVersion: versionRange(s.apiKey)!.min, maxVersion: versionRange(s.apiKey)!.max })),
          throttleTimeMs: 0,
        };
      case ApiKey.Metadata: {
        const req = body as MetadataRequest;
        const names = req.topics === null || req.topics.length === 0 ? [topic] : req.topics.map((t) => t.name ?? topic);
        return {
          brokers: [{ nodeId: 0, host: "127.0.0.1", port, rack: null }],
          clusterId: "codec-test-cluster",
          controllerId: 0,
          topics: names.map((name) => ({
            errorCode: 0, name, isInternal: false,
            partitions: [{ errorCode: 0, partitionIndex: 0, leaderId: 0, leaderEpoch: 0, replicaNodes: [0], isrNodes: [0], offlineReplicas: [] }],
            topicAuthorizedOperations: -2147483648,
          })),
          clusterAuthorizedOperations: -2147483648,
        };
      }
      case ApiKey.Produce: {
        const req = body as ProduceRequest;
        const responses = req.topicData.map((t) => ({
          name: t.name,
          partitionResponses: t.partitionData.map((p) => {
            const base = next;
            const records = Buffer.from(p.records ?? Buffer.alloc(0));
            append(messageFormatOf(records) < 2 ? legacyToRecordBatch(records) : records);
            return { index: p.index, errorCode: 0, baseOffset: base, logAppendTimeMs: -1n, logStartOffset: 0n };
          }),
        }));
        return req.acks === 0 ? null : { responses, throttleTimeMs: 0 };
      }
      case ApiKey.Fetch: {
        const req = body as FetchRequest;
        return {
          throttleTimeMs: 0, errorCode: 0, sessionId: 0,
          responses: req.topics.map((t) => ({
            topic: t.topic,
            partitions: t.partitions.map((p) => {
              const from = p.fetchOffset;
              const stored = Buffer.concat(log.filter((b) => [...iterateBatches(b)].some((h) => h.baseOffset + BigInt(h.lastOffsetDelta) >= from)));
              const data = h.apiVersion < 4 ? recordBatchesToLegacy(stored, h.apiVersion < 2 ? 0 : 1) : stored;
              return { partitionIndex: p.partition, errorCode: 0, highWatermark: next, lastStableOffset: next, logStartOffset: 0n, abortedTransactions: null, preferredReadReplica: -1, records: data };
            }),
          })),
        };
      }
      case ApiKey.ListOffsets: {
        const req = body as ListOffsetsRequest;
        return {
          throttleTimeMs: 0,
          topics: req.topics.map((t) => ({
            name: t.name,
            partitions: t.partitions.map((p) => ({
              partitionIndex: p.partitionIndex, errorCode: 0, oldStyleOffsets: [p.timestamp === -2n ? 0n : next],
              timestamp: -1n, offset: p.timestamp === -2n ? 0n : next, leaderEpoch: 0,
            })),
          })),
        };
      }
      case ApiKey.InitProducerId:
        return { throttleTimeMs: 0, errorCode: 0, producerId: 4242n, producerEpoch: 0 };
      case ApiKey.FindCoordinator:
        return { throttleTimeMs: 0, errorCode: 15, errorMessage: null, nodeId: -1, host: "", port: -1, coordinators: [] };
    }
    return null;
  }

  function onFrame(sock: Socket, frame: Buffer): void {
    const { header, bodyOffset } = readRequestHeader(frame);
    const range = versionRange(header.apiKey);
    if (header.apiKey === ApiKey.ApiVersions && (!range || header.apiVersion > range.max)) {
      requests.push({ header, frame, body: null });
      const resp = handle(header, null)!;
      sock.write(Buffer.concat(encodeResponse(ApiKey.ApiVersions, 0, header.correlationId, { ...resp, errorCode: 35 })));
      return;
    }
    const body = decodeRequest(header.apiKey, header.apiVersion, frame, bodyOffset);
    requests.push({ header, frame, body });
    const resp = handle(header, body);
    if (resp) for (const c of encodeResponse(header.apiKey, header.apiVersion, header.correlationId, resp)) sock.write(c);
  }

  const server: Server = createServer((sock) => {
    sockets.add(sock);
    sock.on("close", () => sockets.delete(sock));
    sock.on("error", () => sock.destroy());
    let pending: Buffer = Buffer.alloc(0);
    sock.on("data", (d: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, d]) : d;
      while (pending.length >= 4) {
        const size = pending.readInt32BE(0);
        if (pending.length < 4 + size) break;
        const frame = Buffer.from(pending.subarray(4, 4 + size));
        pending = pending.subarray(4 + size);
        try {
          onFrame(sock, frame);
        } catch (err) {
          requests.push({ header: { apiKey: -1, apiVersion: -1, correlationId: -1, clientId: String(err) }, frame, body: null });
          sock.destroy();
          return;
        }
      }
    });
  });
  await new Promise<void>((res) => server.listen(port, "127.0.0.1", res));
  return {
    port,
    requests,
    log,
    append,
    close: () => new Promise<void>((res) => {
      for (const s of sockets) s.destroy();
      server.close(() => res());
    }),
  };
}
