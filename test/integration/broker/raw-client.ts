/** A bare Kafka protocol connection for tests: send frames (good or deliberately bad), read responses. */
import { connect, type Socket } from "node:net";
import { decodeResponse, encodeRequest } from "../../../broker/protocol/codec.js";

export class RawConnection {
  private buf = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  closed = false;
  private corr = 1;

  private constructor(readonly socket: Socket) {
    socket.on("data", (d: Buffer) => { this.buf = Buffer.concat([this.buf, d]); this.wake(); });
    socket.on("close", () => { this.closed = true; this.wake(); });
    socket.on("error", () => undefined);
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((res, rej) => {
      const s = connect(port, "127.0.0.1");
      s.once("connect", () => res(new RawConnection(s)));
      s.once("error", rej);
    });
  }

  private wake(): void { for (const w of this.waiters.splice(0)) w(); }

  write(b: Buffer): void { this.socket.write(b); }

  /** Next response frame (without size), or null if the broker closed the connection. */
  async readFrame(timeoutMs = 10_000): Promise<Buffer | null> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      if (this.buf.length >= 4) {
        const n = this.buf.readInt32BE(0);
        if (this.buf.length >= 4 + n) {
          const f = this.buf.subarray(4, 4 + n);
          this.buf = this.buf.subarray(4 + n);
          return f;
        }
      }
      if (this.closed) return null;
      const left = end - Date.now();
      if (left <= 0) throw new Error("timeout waiting for a response frame");
      await new Promise<void>((r) => { const t = setTimeout(r, left); this.waiters.push(() => { clearTimeout(t); r(); }); });
    }
  }

  async request<T>(apiKey: number, version: number, body: object): Promise<T> {
    const c = this.corr++;
    this.write(encodeRequest(apiKey, version, c, "raw-test", body));
    const f = await this.readFrame();
    if (!f) throw new Error("connection closed by broker");
    const r = decodeResponse<T>(apiKey, version, f);
    if (r.correlationId !== c) throw new Error(`correlation id ${r.correlationId} != ${c}`);
    return r.body;
  }

  /** Resolves true once the broker has closed the connection. */
  async waitClosed(timeoutMs = 5000): Promise<boolean> {
    const f = await this.readFrame(timeoutMs).catch(() => undefined);
    return f === null;
  }

  close(): void { this.socket.destroy(); }
}
