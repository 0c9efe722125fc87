// A minimal single-partition Kafka endpoint built only from the codec, for protocol tests with real
// clients: it records every request frame, answers ApiVersions / Metadata / Produce / Fetch /
// ListOffsets / InitProducerId and the group APIs for one-member groups, and keeps produced batches in memory so a
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
import type { FindCoordinatorRequest } from "../../../broker/protocol/schemas/find-coordinator.js";
import type { JoinGroupRequest } from "../../../broker/protocol/schemas/join-group.js";
import type { SyncGroupRequest } from "../../../broker/protocol/schemas/sync-group.js";
import type { LeaveGroupRequest } from "../../../broker/protocol/schemas/leave-group.js";
import type { OffsetCommitRequest } from "../../../broker/protocol/schemas/offset-commit.js";
import type { OffsetFetchRequest } from "../../../broker/protocol/schemas/offset-fetch.js";

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
  ApiKey.FindCoordinator, ApiKey.JoinGroup, ApiKey.SyncGroup, ApiKey.Heartbeat, ApiKey.LeaveGroup,
  ApiKey.OffsetCommit, ApiKey.OffsetFetch,
]);

export async function startCodecServer(port: number, topic = "t"): Promise<CodecServer> {
  const requests: Captured[] = [];
  const log: Buffer[] = [];
  let next = 0n;
  let generation = 0;
  let members = 0;
  const committed = new Map<string, bigint>();
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
      case ApiKey.FindCoordinator: {
        // one-member groups, coordinated here (enough for clients' consumer-group code paths)
        const req = body as FindCoordinatorRequest;
        const keys = req.coordinatorKeys.length ? req.coordinatorKeys : [req.key];
        return {
          throttleTimeMs: 0, errorCode: 0, errorMessage: null, nodeId: 0, host: "127.0.0.1", port,
          coordinators: keys.map((key) => ({ key, nodeId: 0, host: "127.0.0.1", port, errorCode: 0, errorMessage: null })),
        };
      }
      case ApiKey.JoinGroup: {
        const req = body as JoinGroupRequest;
        const memberId = req.memberId || `${h.clientId ?? "member"}-${++members}`;
        const protocol = req.protocols[0]!;
        return {
          throttleTimeMs: 0, errorCode: 0, generationId: ++generation, protocolType: req.protocolType, protocolName: protocol.name,
          leader: memberId, skipAssignment: false, memberId,
          members: [{ memberId, groupInstanceId: req.groupInstanceId, metadata: protocol.metadata }],
        };
      }
      case ApiKey.SyncGroup: {
        const req = body as SyncGroupRequest;
        const mine = req.assignments.find((a) => a.memberId === req.memberId);
        return { throttleTimeMs: 0, errorCode: 0, protocolType: req.protocolType, protocolName: req.protocolName, assignment: mine?.assignment ?? Buffer.alloc(0) };
      }
      case ApiKey.Heartbeat:
        return { throttleTimeMs: 0, errorCode: 0 };
      case ApiKey.LeaveGroup: {
        const req = body as LeaveGroupRequest;
        return { throttleTimeMs: 0, errorCode: 0, members: req.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, errorCode: 0 })) };
      }
      case ApiKey.OffsetCommit: {
        const req = body as OffsetCommitRequest;
        for (const t of req.topics) for (const p of t.partitions) committed.set(`${req.groupId}/${t.name}/${p.partitionIndex}`, p.committedOffset);
        return { throttleTimeMs: 0, topics: req.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: 0 })) })) };
      }
      case ApiKey.OffsetFetch: {
        const req = body as OffsetFetchRequest;
        const answer = (groupId: string, topics: { name: string; partitionIndexes: number[] }[] | null) => (topics ?? []).map((t) => ({
          name: t.name,
          partitions: t.partitionIndexes.map((i) => ({ partitionIndex: i, committedOffset: committed.get(`${groupId}/${t.name}/${i}`) ?? -1n, committedLeaderEpoch: -1, metadata: "", errorCode: 0 })),
        }));
        return {
          throttleTimeMs: 0, errorCode: 0,
          topics: answer(req.groupId, req.topics),
          groups: req.groups.map((g) => ({ groupId: g.groupId, topics: answer(g.groupId, g.topics), errorCode: 0 })),
        };
      }
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
