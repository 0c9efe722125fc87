/**
 * One client connection to a Kafka broker, on the shared codec (broker/protocol/codec.ts).
 *
 * Wire: every request is a frame `int32 size | header | body`; the broker answers each request
 * on a connection in the order it received them, so pending requests are a FIFO and each
 * response's correlation id must match the head of the queue (a mismatch is a protocol error
 * and closes the connection). Produce with acks=0 gets no response and is not queued.
 *
 * On connect the client sends ApiVersions (v3, falling back to v0 when the broker answers
 * UNSUPPORTED_VERSION) and afterwards uses, per API, the highest version both sides know.
 */
import { Socket, connect as netConnect } from "node:net";
import { ApiKey } from "../protocol/api-keys.js";
import { decodeResponse, encodeRequest, versionRange } from "../protocol/codec.js";
import type { ApiVersionsResponse } from "../protocol/schemas/api-versions.js";

export class ConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConnectionError";
  }
}

/** The broker does not support any version of this API that we know. */
export class UnsupportedApiError extends Error {
  constructor(readonly apiKey: number) {
    super(`The broker does not support ${ApiKey[apiKey] ?? apiKey}`);
    this.name = "UnsupportedVersionException";
  }
}

interface Pending {
  correlationId: number;
  apiKey: number;
  version: number;
  resolve: (body: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

export interface ConnectionOptions {
  clientId?: string;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
}

export class Connection {
  private readonly queue: Pending[] = [];
  private head = 0;
  private nextCorrelationId = 1;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private closedError: Error | undefined;
  private versions = new Map<number, { min: number; max: number }>();
  readonly clientId: string;
  private readonly requestTimeoutMs: number;

  private constructor(private readonly socket: Socket, readonly host: string, readonly port: number, opts: ConnectionOptions) {
    this.clientId = opts.clientId ?? "kafka-ts-client";
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 30_000;
    socket.setNoDelay(true);
    socket.on("data", (b: Buffer) => this.onData(b));
    socket.on("error", (e) => this.fail(new ConnectionError(`Connection to ${host}:${port} failed: ${e.message}`)));
    socket.on("close", () => this.fail(new ConnectionError(`Connection to ${host}:${port} was closed`)));
  }

  static async open(host: string, port: number, opts: ConnectionOptions = {}): Promise<Connection> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = netConnect({ host, port });
      const t = setTimeout(() => { s.destroy(); reject(new ConnectionError(`Connection to ${host}:${port} timed out`)); }, opts.connectTimeoutMs ?? 10_000);
      s.once("connect", () => { clearTimeout(t); s.removeAllListeners("error"); resolve(s); });
      s.once("error", (e) => { clearTimeout(t); reject(new ConnectionError(`Connection to ${host}:${port} failed: ${e.message}`)); });
    });
    const c = new Connection(socket, host, port, opts);
    try {
      await c.negotiate();
    } catch (e) {
      c.close();
      throw e;
    }
    return c;
  }

  private async negotiate(): Promise<void> {
    let res = await this.sendAt<ApiVersionsResponse>(ApiKey.ApiVersions, 3, { clientSoftwareName: "kafka-ts", clientSoftwareVersion: "0.1.0" });
    if (res.errorCode === 35) res = await this.sendAt<ApiVersionsResponse>(ApiKey.ApiVersions, 0, {});
    if (res.errorCode !== 0) throw new ConnectionError(`ApiVersions failed with error code ${res.errorCode}`);
    for (const k of res.apiKeys) this.versions.set(k.apiKey, { min: k.minVersion, max: k.maxVersion });
  }

  /** The version we will use for `apiKey`: the highest both sides support (capped by `max`). */
  versionFor(apiKey: number, max = Infinity): number {
    const ours = versionRange(apiKey);
    const theirs = this.versions.get(apiKey);
    if (!ours || !theirs) throw new UnsupportedApiError(apiKey);
    const v = Math.min(ours.max, theirs.max, max);
    if (v < Math.max(ours.min, theirs.min)) throw new UnsupportedApiError(apiKey);
    return v;
  }

  supports(apiKey: number): boolean {
    return this.versions.has(apiKey) && versionRange(apiKey) !== undefined;
  }

  /** Send at the negotiated version (capped by maxVersion); resolves with the decoded body. */
  send<T>(apiKey: number, body: object, maxVersion = Infinity): Promise<T> {
    return this.sendAt<T>(apiKey, this.versionFor(apiKey, maxVersion), body);
  }

  /** Send a request that gets no response (Produce with acks=0). Resolves when written. */
  sendNoResponse(apiKey: number, body: object, maxVersion = Infinity): Promise<void> {
    if (this.closedError) return Promise.reject(this.closedError);
    const frame = encodeRequest(apiKey, this.versionFor(apiKey, maxVersion), this.nextCorrelationId++, this.clientId, body);
    return new Promise((resolve, reject) => this.socket.write(frame, (e) => (e ? reject(e) : resolve())));
  }

  sendAt<T>(apiKey: number, version: number, body: object): Promise<T> {
    if (this.closedError) return Promise.reject(this.closedError);
    const correlationId = this.nextCorrelationId++;
    if (this.nextCorrelationId > 0x7fffffff) this.nextCorrelationId = 1;
    const frame = encodeRequest(apiKey, version, correlationId, this.clientId, body);
    return new Promise<T>((resolve, reject) => {
      const p: Pending = { correlationId, apiKey, version, resolve: resolve as (b: unknown) => void, reject, timer: undefined };
      if (this.requestTimeoutMs > 0) {
        p.timer = setTimeout(() => this.fail(new ConnectionError(`Request ${ApiKey[apiKey] ?? apiKey} (correlation id ${correlationId}) to ${this.host}:${this.port} timed out after ${this.requestTimeoutMs} ms`)), this.requestTimeoutMs);
      }
      this.queue.push(p);
      this.socket.write(frame);
    });
  }

  get pendingCount(): number {
    return this.queue.length - this.head;
  }

  get isClosed(): boolean {
    return this.closedError !== undefined;
  }

  private onData(b: Buffer): void {
    this.chunks.push(b);
    this.buffered += b.length;
    // concatenate only once a whole frame is there (big fetch responses arrive in many chunks)
    while (this.buffered >= 4) {
      if (this.chunks[0]!.length < 4) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
      const size = this.chunks[0]!.readInt32BE(0);
      if (size < 0) return this.fail(new ConnectionError(`Invalid frame size ${size} from ${this.host}:${this.port}`));
      if (this.buffered < 4 + size) return;
      const buf = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
      const frame = buf.subarray(4, 4 + size);
      const rest = buf.subarray(4 + size);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
      this.onFrame(frame);
      if (this.closedError) return;
    }
  }

  private onFrame(frame: Buffer): void {
    const p = this.queue[this.head];
    if (!p) return this.fail(new ConnectionError(`Unexpected response from ${this.host}:${this.port}`));
    this.queue[this.head++] = undefined as unknown as Pending;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    if (p.timer) clearTimeout(p.timer);
    const cid = frame.readInt32BE(0);
    if (cid !== p.correlationId) {
      p.reject(new ConnectionError(`Correlation id mismatch: expected ${p.correlationId}, got ${cid}`));
      return this.fail(new ConnectionError(`Correlation id mismatch from ${this.host}:${this.port}`));
    }
    let body: unknown;
    try {
      // An unsupported ApiVersions request is answered with a v0 body.
      body = decodeResponse(p.apiKey, p.version, frame).body;
    } catch (e) {
      if (p.apiKey === ApiKey.ApiVersions && p.version > 0) {
        try { body = decodeResponse(ApiKey.ApiVersions, 0, frame).body; } catch { /* fall through */ }
      }
      if (body === undefined) return p.reject(e as Error);
    }
    p.resolve(body);
  }

  private fail(e: Error): void {
    if (this.closedError) return;
    this.closedError = e;
    for (let i = this.head; i < this.queue.length; i++) {
      const p = this.queue[i]!;
      if (p.timer) clearTimeout(p.timer);
      p.reject(e);
    }
    this.queue.length = 0;
    this.head = 0;
    this.socket.destroy();
  }

  close(): void {
    this.fail(new ConnectionError("Connection closed"));
  }
}
