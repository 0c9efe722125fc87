/** A raw TCP client speaking jute frames, for handshake and bad-input tests. */
import { connect, type Socket } from "node:net";
import { JuteReader, JuteWriter } from "../../../coordinator/jute/codec.js";
import { ConnectRequest, ConnectResponse, ReplyHeader, RequestHeader } from "../../../coordinator/jute/records.js";

export class RawClient {
  private buf = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  closed = false;
  private constructor(readonly socket: Socket) {
    socket.on("data", (b) => { this.buf = Buffer.concat([this.buf, b]); this.wake(); });
    socket.on("close", () => { this.closed = true; this.wake(); });
    socket.on("error", () => undefined);
  }
  private wake() { for (const w of this.waiters.splice(0)) w(); }

  static open(port: number): Promise<RawClient> {
    return new Promise((res, rej) => {
      const s = connect({ host: "127.0.0.1", port }, () => res(new RawClient(s)));
      s.once("error", rej);
    });
  }

  write(b: Buffer): void {
    this.socket.write(b);
  }

  /** Wait for one length-prefixed frame (undefined if the server closed the connection). */
  async frame(timeoutMs = 5000): Promise<Buffer | undefined> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      if (this.buf.length >= 4) {
        const len = this.buf.readInt32BE(0);
        if (this.buf.length >= 4 + len) {
          const f = this.buf.subarray(4, 4 + len);
          this.buf = this.buf.subarray(4 + len);
          return f;
        }
      }
      if (this.closed) return undefined;
      if (Date.now() > end) throw new Error("timeout waiting for a frame");
      await new Promise<void>((r) => { this.waiters.push(r); setTimeout(r, 50); });
    }
  }

  /** Resolves true once the server has closed the connection. */
  async waitClosed(timeoutMs = 5000): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    return this.closed;
  }

  /** Raw text the server sent (4lw). */
  async text(timeoutMs = 5000): Promise<string> {
    await this.waitClosed(timeoutMs);
    return this.buf.toString("utf8");
  }

  async handshake(opts: { sessionId?: bigint; passwd?: Buffer; timeOut?: number; readOnly?: boolean } = {}) {
    const w = new JuteWriter();
    const at = w.beginFrame();
    ConnectRequest.write(w, { protocolVersion: 0, lastZxidSeen: 0, timeOut: opts.timeOut ?? 4000, sessionId: opts.sessionId ?? 0n, passwd: opts.passwd ?? Buffer.alloc(16) });
    if (opts.readOnly !== undefined) w.boolean(opts.readOnly);
    w.endFrame(at);
    this.write(w.bytes());
    const f = await this.frame();
    if (!f) throw new Error("closed during handshake");
    const r = new JuteReader(f);
    const resp = ConnectResponse.read(r);
    return { ...resp, readOnly: r.remaining() > 0 ? r.boolean() : undefined };
  }

  /** Send RequestHeader + body; returns the reply header and body reader. */
  async request(xid: number, type: number, body: (w: JuteWriter) => void = () => undefined) {
    const w = new JuteWriter();
    const at = w.beginFrame();
    RequestHeader.write(w, { xid, type });
    body(w);
    w.endFrame(at);
    this.write(w.bytes());
    const f = await this.frame();
    if (!f) return undefined;
    const r = new JuteReader(f);
    return { hdr: ReplyHeader.read(r), r };
  }

  close(): void {
    this.socket.destroy();
  }
}
