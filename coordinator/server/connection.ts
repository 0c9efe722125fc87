/**
 * One client connection (ZooKeeper's ServerCnxn). Wire format, both directions:
 *   int length; payload (length bytes, length <= jute.maxbuffer)
 * The first frame is a ConnectRequest { int protocolVersion; long lastZxidSeen; int timeOut;
 * long sessionId; buffer passwd } optionally followed by boolean readOnly; every later frame is
 * RequestHeader { int xid; int type } + the request record. Special xids: -2 ping, -4 auth,
 * -8 setWatches. If the first 4 bytes of a connection spell a four-letter word (ruok, srvr...)
 * the connection is a 4lw query instead. Replies are gathered and written as one buffer once per tick.
 */
import type { Socket } from "node:net";
import { JuteError, JuteReader, JuteWriter } from "../jute/codec.js";
import { AuthPacket, ConnectRequest, ConnectResponse, ReplyHeader, RequestHeader, SetWatches, SetWatches2, WatcherEvent } from "../jute/records.js";
import { Code } from "../jute/errors.js";
import { KeeperState, OpCode, Xid } from "../jute/op-codes.js";
import type { AuthId } from "../auth/acl.js";
import type { Watcher } from "../watch-manager.js";
import { RequestQueue, type ClientConnection } from "../pipeline/request.js";
import { LatencyStats } from "./stats.js";
import type { ZooKeeperServer } from "./zookeeper-server.js";
import { fourLetterCommand } from "../four-letter-words.js";
import type { Logger } from "../../common/logger.js";

const notifyWriter = new JuteWriter(4096);
const SESSIONLESS_TIMEOUT_MS = 10_000;
const OUTPUT_HIGH_WATER = 4 * 1024 * 1024;

export function hexId(id: bigint): string {
  return `0x${BigInt.asUintN(64, id).toString(16)}`;
}

export class Connection implements ClientConnection, Watcher {
  sessionId = 0n;
  sessionTimeout = 0;
  readonly authInfo: AuthId[] = [];
  readonly queue = new RequestQueue();
  readonly remote: string;
  readonly ip: string;
  /** Set once the ConnectResponse went out. */
  established = false;
  private awaitingConnect = true;
  private paused = false;
  private closed = false;
  private closing = false;
  private rest: Buffer | null = null;
  readOnlyClient = false;
  // stats (cons)
  recved = 0;
  sent = 0;
  lastOp = "NA";
  lastCxid = -1;
  lastZxid = -1;
  lastResponseTime = 0;
  lastLatency = 0;
  readonly establishedAt = Date.now();
  readonly latency = new LatencyStats();

  constructor(
    readonly socket: Socket,
    private readonly server: ZooKeeperServer,
    private readonly log: Logger,
    private readonly onClose: (c: Connection) => void,
  ) {
    const addr = socket.remoteAddress ?? "unknown";
    this.ip = addr.startsWith("::ffff:") ? addr.slice(7) : addr;
    this.remote = `/${this.ip}:${socket.remotePort ?? 0}`;
    this.authInfo.push({ scheme: "ip", id: this.ip });
    socket.setNoDelay(true);
    socket.on("data", (b: Buffer) => this.onData(b));
    socket.on("error", (e) => this.log.debug(`Socket error for client ${this.remote}: ${e.message}`));
    socket.on("close", () => this.cleanup());
    // a connection that never completes the handshake is dropped (zookeeper.nio.sessionlessCnxnTimeout)
    this.handshakeTimer = setTimeout(() => {
      if (this.awaitingConnect && !this.closed) this.abort(`Closing sessionless connection ${this.remote}: no ConnectRequest within ${SESSIONLESS_TIMEOUT_MS} ms`);
    }, SESSIONLESS_TIMEOUT_MS);
    this.handshakeTimer.unref();
  }
  private readonly handshakeTimer: NodeJS.Timeout;

  // ---- output ------------------------------------------------------------------------------
  /** Frames queued this tick; written as one buffer once the current batch of work is done. */
  private outq: Buffer[] = [];
  private outBytes = 0;

  send(frame: Buffer): void {
    if (this.closed || this.closing) return;
    if (this.outq.length === 0) process.nextTick(this.flushOut);
    this.outq.push(frame);
    this.outBytes += frame.length;
    this.sent++;
    this.server.stats.packetsSent++;
  }

  private readonly flushOut = (): void => {
    const q = this.outq;
    if (q.length === 0) return;
    const buf = q.length === 1 ? q[0]! : Buffer.concat(q, this.outBytes);
    this.outq = [];
    this.outBytes = 0;
    if (this.socket.destroyed) return;
    this.socket.write(buf);
    // a client that does not read its replies stops being read from until they drain
    if (this.socket.writableLength > OUTPUT_HIGH_WATER && !this.throttled) {
      this.throttled = true;
      this.socket.pause();
      this.socket.once("drain", () => {
        this.throttled = false;
        this.socket.resume();
      });
    }
  };
  private throttled = false;

  /** Watcher: deliver a WatchedEvent as a notification (xid -1). */
  process(type: number, path: string): void {
    const w = notifyWriter.reset();
    const at = w.beginFrame();
    ReplyHeader.write(w, { xid: Xid.notification, zxid: -1, err: 0 });
    WatcherEvent.write(w, { type, state: KeeperState.SyncConnected, path });
    w.endFrame(at);
    this.send(w.bytes());
  }

  closeAfterFlush(reason: string): void {
    if (this.closed || this.closing) return;
    this.flushOut();
    this.closing = true;
    if (reason) this.log.info(reason);
    this.paused = true;
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  /** Close at once (bad input, shutdown). */
  abort(reason: string): void {
    if (this.closed) return;
    if (reason) this.log.warn(reason);
    this.paused = true;
    this.socket.destroy();
  }

  private cleanup(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.handshakeTimer);
    this.onClose(this);
  }

  isClosed(): boolean {
    return this.closed || this.closing;
  }

  // ---- input -------------------------------------------------------------------------------
  private onData(chunk: Buffer): void {
    this.rest = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    this.processInput();
  }

  resume(): void {
    setImmediate(() => {
      if (this.closed || this.closing) return;
      this.paused = false;
      this.processInput();
    });
  }

  private processInput(): void {
    const buf = this.rest;
    if (!buf) return;
    let off = 0;
    const max = this.server.config.juteMaxBuffer;
    try {
      while (!this.paused && !this.closed && buf.length - off >= 4) {
        const len = buf.readInt32BE(off);
        if (this.awaitingConnect && off === 0 && this.recved === 0) {
          const cmd = fourLetterCommand(buf.toString("latin1", 0, 4));
          if (cmd) {
            this.paused = true;
            this.rest = null;
            this.recved++; // counted like any packet (cons shows recved=1 for the asking connection)
            this.server.fourLetterWord(cmd, this);
            return;
          }
        }
        if (len < 0 || len > max) {
          this.abort(`Len error. A message from ${this.remote} with advertised length of ${len} is either a malformed message or too large to process (length is greater than jute.maxbuffer=${max}); closing connection${this.sessionId ? ` for session ${hexId(this.sessionId)}` : ""}`);
          return;
        }
        if (buf.length - off - 4 < len) break;
        const frame = buf.subarray(off + 4, off + 4 + len);
        off += 4 + len;
        this.recved++;
        this.server.stats.packetsReceived++;
        if (this.awaitingConnect) this.handleConnect(frame);
        else this.handleRequest(frame);
      }
    } catch (e) {
      if (e instanceof JuteError) {
        this.abort(`Closing connection to client ${this.remote}${this.sessionId ? ` (session ${hexId(this.sessionId)})` : ""}: malformed request: ${e.message}`);
        return;
      }
      throw e;
    }
    this.rest = off < buf.length ? buf.subarray(off) : null;
  }

  private handleConnect(frame: Buffer): void {
    const r = new JuteReader(frame);
    const req = ConnectRequest.read(r);
    if (r.remaining() >= 1) {
      this.readOnlyClient = true;
      r.boolean();
    }
    this.awaitingConnect = false;
    this.paused = true; // until the session is established
    this.server.processConnectRequest(this, req);
  }

  /** ConnectResponse; valid=false tells the client its session expired (timeout 0) and closes. */
  finishSessionInit(valid: boolean, passwd: Buffer): void {
    const w = new JuteWriter(64);
    const at = w.beginFrame();
    ConnectResponse.write(w, {
      protocolVersion: 0,
      timeOut: valid ? this.sessionTimeout : 0,
      sessionId: valid ? this.sessionId : 0n,
      passwd: valid ? passwd : Buffer.alloc(16),
    });
    if (this.readOnlyClient) w.boolean(false);
    w.endFrame(at);
    this.send(w.bytes());
    if (valid) {
      this.established = true;
      this.log.info(`Established session ${hexId(this.sessionId)} with negotiated timeout ${this.sessionTimeout} for client ${this.remote}`);
      this.resume();
    } else {
      this.closeAfterFlush(`Invalid session ${hexId(this.sessionId)} for client ${this.remote}, probably expired`);
    }
  }

  private handleRequest(frame: Buffer): void {
    const r = new JuteReader(frame);
    const h = RequestHeader.read(r);
    const body = frame.subarray(r.pos);
    if (!this.server.touch(this)) {
      this.abort(`No session with sessionid ${hexId(this.sessionId)} exists, probably expired and removed; closing connection ${this.remote}`);
      return;
    }
    this.lastCxid = h.xid;
    if (h.type === OpCode.ping) {
      this.lastOp = "PING";
      this.send(encodeHeaderOnly(Xid.ping, this.server.tree.lastProcessedZxid, 0));
      return;
    }
    if (h.type === OpCode.auth) {
      this.lastOp = "AUTH";
      const p = AuthPacket.read(r);
      const ok = this.server.addAuth(this, p.scheme, p.auth ?? Buffer.alloc(0));
      if (ok) {
        this.send(encodeHeaderOnly(Xid.auth, 0, 0));
      } else {
        this.server.stats.authFailed++;
        this.send(encodeHeaderOnly(Xid.auth, 0, Code.AUTHFAILED));
        this.closeAfterFlush(`Authentication failed for scheme: ${p.scheme}; closing connection ${this.remote}`);
      }
      return;
    }
    if (h.type === OpCode.setWatches || h.type === OpCode.setWatches2) {
      this.lastOp = "SETW";
      const sw = h.type === OpCode.setWatches ? { ...SetWatches.read(r), persistentWatches: [] as string[], persistentRecursiveWatches: [] as string[] } : SetWatches2.read(r);
      this.server.setWatches(this, h.xid, Number(sw.relativeZxid), sw);
      return;
    }
    if (h.type === OpCode.sasl) {
      // no SASL server is configured: ZooKeeper answers SetSASLResponse { token: null }
      this.lastOp = "SASL";
      const w = new JuteWriter(32);
      const at = w.beginFrame();
      ReplyHeader.write(w, { xid: h.xid, zxid: 0, err: 0 });
      w.buffer(null);
      w.endFrame(at);
      this.send(w.bytes());
      return;
    }
    this.server.submit(this, h.xid, h.type, body);
  }
}

const hdrWriter = new JuteWriter(32);
export function encodeHeaderOnly(xid: number, zxid: number, err: number): Buffer {
  const w = hdrWriter.reset();
  const at = w.beginFrame();
  ReplyHeader.write(w, { xid, zxid, err });
  w.endFrame(at);
  return w.bytes();
}
