/**
 * One client connection: Kafka's framing, in-order responses, batched writes.
 *
 * Wire framing (both directions):   int32 size | size bytes (request or response)
 * Request header prefix (all versions): int16 api_key | int16 api_version | int32 correlation_id | ...
 *
 * - A frame larger than socket.request.max.bytes closes the connection (Kafka's
 *   InvalidReceiveException: "Invalid receive (size = N larger than M)").
 * - Requests are handed to the dispatcher as soon as they are complete, so handlers on one
 *   connection may finish out of order (a long-polling Fetch, then a Metadata); responses are
 *   written strictly in request order. A request with no response (Produce acks=0) just frees
 *   its slot.
 * - Responses ready together are written under cork()/uncork() so Node issues one writev.
 * - While written responses wait in the socket buffer (the client is not reading), the socket
 *   stops reading new requests, so a stalled client cannot make the broker buffer without bound.
 * - The dispatcher throws CloseConnection (unknown API, unsupported version, malformed body)
 *   to drop just this connection.
 */
import type { Socket } from "node:net";
import { logger } from "../../common/logger.js";
import { brokerMetrics } from "../metrics/broker-metrics.js";
import { requestMetricKey } from "../metrics/request-key.js";

const log = logger("network");
const SCRATCH_MIN = 1 << 20;
const SCRATCH_MAX = 4 << 20; // larger frames get their own buffer (bounds what an idle connection keeps)
/** Unsent response bytes above which the connection stops reading requests until 'drain'. */
const BACKLOG_MAX = 8 << 20;

/** What a handler answers: the complete response frame (4-byte size first) as chunks, or null for none. */
export type Response = Buffer[] | null;

export class CloseConnection extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CloseConnection";
  }
}

export interface ConnectionContext {
  readonly id: string;
  readonly clientAddress: string;
  readonly listenerName: string;
  /** client.id from the most recent request header (set by the dispatcher) */
  clientId: string;
  /** true once the socket is gone (long polls may give up early) */
  readonly closed: boolean;
}

export interface Dispatcher {
  /**
   * Handle one request frame (without its size prefix). Returns the complete response frame
   * (size prefix, header, body) as chunks, or null when the request gets no response.
   */
  dispatch(frame: Buffer, ctx: ConnectionContext): Response | Promise<Response>;
}

interface Slot { done: boolean; chunks: Response; apiKey: number; start: number }

export class Connection implements ConnectionContext {
  readonly id: string;
  readonly clientAddress: string;
  clientId = "";
  closed = false;
  private readonly pending: Slot[] = [];
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private need = -1; // size of the frame being read, -1 while reading the size
  private flushScheduled = false;
  /** Reusable buffer for frames that span socket chunks (see consume/handleFrame). */
  private scratch: Buffer | null = null;
  private scratchInUse = false;

  constructor(private readonly socket: Socket, readonly listenerName: string, private readonly dispatcher: Dispatcher,
    private readonly maxRequestBytes: number, private readonly onClose: (c: Connection) => void, idleMs = 600_000) {
    const local = `${socket.localAddress}:${socket.localPort}`;
    this.clientAddress = `${socket.remoteAddress}:${socket.remotePort}`;
    this.id = `${local}-${this.clientAddress}`;
    socket.setNoDelay(true);
    // connections.max.idle.ms: Kafka's selector closes connections idle that long
    if (idleMs > 0) socket.setTimeout(idleMs, () => { if (this.pending.length === 0) this.close(`idle for more than ${idleMs} ms`); });
    socket.on("data", (d: Buffer) => this.onData(d));
    // backpressure: stop reading requests while responses wait in the socket buffer (Kafka mutes
    // a channel until its response is sent); resume when the client has read them
    socket.on("drain", () => { if (!this.closed) socket.resume(); });
    socket.on("error", (e) => log.debug({ err: e.message }, `Connection with ${this.clientAddress} failed: ${e.message}`));
    socket.on("close", () => {
      this.closed = true;
      this.onClose(this);
    });
  }

  close(reason?: string): void {
    if (this.closed) return;
    if (reason) log.info(`Closing socket connection to ${this.clientAddress}: ${reason}`);
    this.closed = true;
    this.socket.destroy();
  }

  private onData(d: Buffer): void {
    if (this.closed) return;
    this.buffered.push(d);
    this.bufferedBytes += d.length;
    for (;;) {
      if (this.need < 0) {
        if (this.bufferedBytes < 4) return;
        const size = this.peekInt32();
        if (size < 0 || size > this.maxRequestBytes) {
          log.warn(`Unexpected error from ${this.clientAddress} (channelId=${this.id}); closing connection: Invalid receive (size = ${size} larger than ${this.maxRequestBytes})`);
          this.close();
          return;
        }
        this.consume(4);
        this.need = size;
      }
      if (this.bufferedBytes < this.need) return;
      const frame = this.consume(this.need);
      this.need = -1;
      this.handleFrame(frame);
      if (this.closed) return;
    }
  }

  private peekInt32(): number {
    const first = this.buffered[0]!;
    if (first.length >= 4) return first.readInt32BE(0);
    const tmp = Buffer.concat(this.buffered, Math.min(this.bufferedBytes, 64));
    return tmp.readInt32BE(0);
  }

  /** Take n bytes off the front: a zero-copy slice when they lie in one chunk. */
  private consume(n: number): Buffer {
    const first = this.buffered[0]!;
    if (first.length >= n) {
      const out = first.subarray(0, n);
      if (first.length === n) this.buffered.shift();
      else this.buffered[0] = first.subarray(n);
      this.bufferedBytes -= n;
      return out;
    }
    // A frame spanning several socket chunks must be joined: into the scratch buffer when the
    // previous user of it is done (its handler completed synchronously), else a fresh buffer.
    let out: Buffer;
    if (!this.scratchInUse && this.scratch && this.scratch.length >= n) {
      out = this.scratch.subarray(0, n);
      this.scratchInUse = true;
    } else if (!this.scratchInUse && n <= SCRATCH_MAX) {
      this.scratch = Buffer.allocUnsafeSlow(Math.max(n, SCRATCH_MIN));
      out = this.scratch.subarray(0, n);
      this.scratchInUse = true;
    } else {
      out = Buffer.allocUnsafe(n);
    }
    let off = 0;
    while (off < n) {
      const c = this.buffered[0]!;
      const take = Math.min(c.length, n - off);
      c.copy(out, off, 0, take);
      off += take;
      if (take === c.length) this.buffered.shift();
      else this.buffered[0] = c.subarray(take);
    }
    this.bufferedBytes -= n;
    return out;
  }

  private handleFrame(frame: Buffer): void {
    const slot: Slot = { done: false, chunks: null, apiKey: requestMetricKey(frame), start: performance.now() };
    this.pending.push(slot);
    let r: Response | Promise<Response>;
    try {
      r = this.dispatcher.dispatch(frame, this);
    } catch (e) {
      this.fail(e);
      return;
    }
    if (r instanceof Promise) {
      // the handler may still reference the frame: give the scratch buffer up
      if (this.scratchInUse && this.scratch && frame.buffer === this.scratch.buffer) this.scratch = null;
      r.then((res) => this.complete(slot, res), (e) => this.fail(e));
    } else {
      // synchronous handlers have encoded their response already: the frame bytes are free
      this.complete(slot, r);
    }
    this.scratchInUse = false;
  }

  private fail(e: unknown): void {
    if (e instanceof CloseConnection) {
      log.warn(`Closing connection ${this.id} (client ${this.clientAddress}${this.clientId ? `, clientId=${this.clientId}` : ""}): ${e.message}`);
    } else {
      log.error({ err: e instanceof Error ? e.stack : String(e) }, `Unexpected error processing a request from ${this.clientAddress}; closing connection`);
    }
    this.close();
  }

  private complete(slot: Slot, chunks: Response): void {
    slot.done = true;
    slot.chunks = chunks;
    brokerMetrics.requestCompleted(slot.apiKey, performance.now() - slot.start);
    if (this.closed) return;
    if (this.pending[0] !== slot) return; // an earlier request is still running
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  /** Write every finished response at the head of the queue, in order, in one corked batch. */
  private flush(): void {
    this.flushScheduled = false;
    if (this.closed) return;
    let corked = false;
    while (this.pending.length > 0 && this.pending[0]!.done) {
      const s = this.pending.shift()!;
      if (!s.chunks) continue;
      if (!corked) { this.socket.cork(); corked = true; }
      for (const c of s.chunks) if (c.length > 0) this.socket.write(c);
    }
    if (corked) this.socket.uncork();
    if (this.socket.writableLength > BACKLOG_MAX) this.socket.pause();
  }
}
