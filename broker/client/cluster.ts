/**
 * The cluster view of the client: bootstrap servers, metadata (brokers, topics, partition
 * leaders), one connection per broker, and leader routing. Producer, consumer and admin build
 * on it; so can replica fetchers and tests.
 */
import { ApiKey } from "../protocol/api-keys.js";
import { KafkaError, errorByCode } from "../protocol/errors.js";
import type { MetadataResponse } from "../protocol/schemas/metadata.js";
import { Connection, ConnectionError, type ConnectionOptions } from "./connection.js";

export interface BrokerNode { nodeId: number; host: string; port: number; rack: string | null }

export interface PartitionMetadata {
  partition: number;
  errorCode: number;
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
}

export interface TopicMetadata {
  name: string;
  topicId: string;
  errorCode: number;
  isInternal: boolean;
  partitions: PartitionMetadata[];
}

export interface ClusterMetadata {
  clusterId: string | null;
  controllerId: number;
  brokers: Map<number, BrokerNode>;
  topics: Map<string, TopicMetadata>;
}

export function parseBootstrap(list: string): { host: string; port: number }[] {
  const out: { host: string; port: number }[] = [];
  for (const raw of list.split(",")) {
    const s = raw.trim().replace(/^[A-Za-z_]+:\/\//, "");
    if (s === "") continue;
    const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(s);
    if (!m) throw new Error(`Invalid url in bootstrap.servers: ${raw.trim()}`);
    out.push({ host: m[1]!.replace(/^\[|\]$/g, ""), port: Number(m[2]) });
  }
  if (out.length === 0) throw new Error("No resolvable bootstrap urls given in bootstrap.servers");
  return out;
}

/** A KafkaError for a wire code, with the broker's message when it sent one. */
export function errorFor(code: number, message?: string | null): KafkaError {
  return new KafkaError(errorByCode(code), message ?? undefined);
}

export interface ClusterOptions extends ConnectionOptions {
  /** Give up connecting to the bootstrap servers after this long (default 30 s). */
  bootstrapTimeoutMs?: number;
  /** Pause between rounds of connection attempts (reconnect.backoff.ms, default 50). */
  reconnectBackoffMs?: number;
  /** Called when a connection attempt fails (tools print Kafka's NetworkClient warning). */
  onConnectFailure?: (host: string, port: number, nodeId: number, error: Error) => void;
}

/** Thrown when no broker could be reached before the deadline. */
export class BrokerNotAvailableError extends ConnectionError {
  constructor(readonly lastError: unknown) {
    super(lastError instanceof Error ? lastError.message : "No broker available");
    this.name = "BrokerNotAvailableError";
  }
}

export class Cluster {
  private readonly bootstrap: { host: string; port: number }[];
  private readonly conns = new Map<string, Promise<Connection>>();
  private anyConn: Connection | undefined;
  metadata: ClusterMetadata = { clusterId: null, controllerId: -1, brokers: new Map(), topics: new Map() };
  private closed = false;

  constructor(bootstrapServers: string, readonly opts: ClusterOptions = {}) {
    this.bootstrap = parseBootstrap(bootstrapServers);
  }

  private key(host: string, port: number): string {
    return `${host}:${port}`;
  }

  /** A (cached) connection to host:port; a closed one is replaced. */
  async connectTo(host: string, port: number): Promise<Connection> {
    const k = this.key(host, port);
    const cached = this.conns.get(k);
    if (cached) {
      try {
        const c = await cached;
        if (!c.isClosed) return c;
      } catch { /* reconnect below */ }
    }
    const p = Connection.open(host, port, this.opts);
    this.conns.set(k, p);
    p.catch(() => { if (this.conns.get(k) === p) this.conns.delete(k); });
    return p;
  }

  /** Any live broker: the last one used, else the bootstrap servers (then known brokers) in turn, retrying until the timeout. */
  async any(): Promise<Connection> {
    if (this.anyConn && !this.anyConn.isClosed) return this.anyConn;
    const deadline = Date.now() + (this.opts.bootstrapTimeoutMs ?? 30_000);
    let last: unknown;
    let backoff = this.opts.reconnectBackoffMs ?? 50;
    for (;;) {
      const candidates = [
        ...this.bootstrap.map((b, i) => ({ ...b, nodeId: -1 - i })),
        ...[...this.metadata.brokers.values()].map((b) => ({ host: b.host, port: b.port, nodeId: b.nodeId })),
      ];
      for (const c of candidates) {
        if (this.closed) throw new ConnectionError("Client closed");
        try {
          this.anyConn = await this.connectTo(c.host, c.port);
          return this.anyConn;
        } catch (e) {
          last = e;
          this.opts.onConnectFailure?.(c.host, c.port, c.nodeId, e as Error);
        }
      }
      if (Date.now() > deadline) throw new BrokerNotAvailableError(last);
      await new Promise((r) => setTimeout(r, backoff));
      backoff = Math.min(1000, backoff * 2); // reconnect.backoff.max.ms
    }
  }

  async broker(nodeId: number): Promise<Connection> {
    let b = this.metadata.brokers.get(nodeId);
    if (!b) {
      await this.refreshMetadata([]);
      b = this.metadata.brokers.get(nodeId);
      if (!b) throw new ConnectionError(`Broker ${nodeId} is not in the cluster metadata`);
    }
    return this.connectTo(b.host, b.port);
  }

  /**
   * Fetch metadata for `topics` (null = all topics). Merges topics into the cached view.
   * `allowAutoCreate` asks the broker to auto-create missing topics (if it is configured to).
   */
  async refreshMetadata(topics: string[] | null, allowAutoCreate = false): Promise<ClusterMetadata> {
    const conn = await this.any();
    const version = conn.versionFor(ApiKey.Metadata);
    const body = {
      topics: topics === null ? (version >= 1 ? null : []) : topics.map((name) => ({ name, topicId: "AAAAAAAAAAAAAAAAAAAAAA" })),
      allowAutoTopicCreation: allowAutoCreate,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    };
    let res: MetadataResponse;
    try {
      res = await conn.sendAt<MetadataResponse>(ApiKey.Metadata, version, body);
    } catch (e) {
      this.anyConn = undefined;
      throw e;
    }
    const brokers = new Map<number, BrokerNode>();
    for (const b of res.brokers) brokers.set(b.nodeId, { nodeId: b.nodeId, host: b.host, port: b.port, rack: b.rack });
    const md = this.metadata;
    md.brokers = brokers;
    md.clusterId = res.clusterId;
    md.controllerId = res.controllerId;
    if (topics === null) md.topics = new Map();
    for (const t of res.topics) {
      if (t.name === null) continue;
      const tm: TopicMetadata = {
        name: t.name,
        topicId: t.topicId,
        errorCode: t.errorCode,
        isInternal: t.isInternal,
        partitions: t.partitions.map((p) => ({ partition: p.partitionIndex, errorCode: p.errorCode, leader: p.leaderId, leaderEpoch: p.leaderEpoch, replicas: p.replicaNodes, isr: p.isrNodes }))
          .sort((a, b) => a.partition - b.partition),
      };
      md.topics.set(t.name, tm);
    }
    return md;
  }

  /**
   * Metadata for one topic with a leader for every partition, waiting (and retrying retriable
   * errors such as LEADER_NOT_AVAILABLE right after creation) up to timeoutMs.
   */
  async topicMetadata(topic: string, opts: { allowAutoCreate?: boolean; timeoutMs?: number } = {}): Promise<TopicMetadata> {
    const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
    for (;;) {
      const md = await this.refreshMetadata([topic], opts.allowAutoCreate ?? false);
      const t = md.topics.get(topic);
      const err = t ? t.errorCode : 3;
      const ready = t && err === 0 && t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0 && md.brokers.has(p.leader));
      if (ready) return t;
      const info = errorByCode(err);
      if (err !== 0 && !info.retriable) throw errorFor(err);
      if (Date.now() > deadline) throw err !== 0 ? errorFor(err) : new KafkaError("LEADER_NOT_AVAILABLE");
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The controller (falls back to any broker when the metadata names none). */
  async controller(): Promise<Connection> {
    if (this.metadata.controllerId < 0) await this.refreshMetadata([]);
    const id = this.metadata.controllerId;
    return id >= 0 ? this.broker(id) : this.any();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.conns.values()) {
      try { (await p).close(); } catch { /* never connected */ }
    }
    this.conns.clear();
  }
}
