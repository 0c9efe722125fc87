/**
 * One client request as it moves through the pipeline, and the reply encoder every stage uses.
 * Wire frame of a reply: int length; ReplyHeader { int xid; long zxid; int err }; body record.
 */
import { JuteWriter, type Field, type RecordDef } from "../jute/codec.js";
import { ReplyHeader } from "../jute/records.js";
import type { AuthId } from "../auth/acl.js";
import type { TxnHeaderValue } from "../data-tree.js";

/** What the pipeline needs from a connection. */
export interface ClientConnection {
  readonly sessionId: bigint;
  readonly authInfo: AuthId[];
  readonly remote: string;
  /** Queue a fully framed buffer for the socket. */
  send(frame: Buffer): void;
  /** Send what is queued, then close. */
  closeAfterFlush(reason: string): void;
  /** Requests of this connection awaiting their turn (answered in order). */
  readonly queue: RequestQueue;
}

export interface Request {
  cnxn: ClientConnection | null;
  sessionId: bigint;
  xid: number;
  type: number;
  body: Buffer;
  /** Set by prep for writes. */
  hdr?: TxnHeaderValue;
  /** TxnHeader + txn bytes (what the log stores). */
  txn?: Buffer;
  /** Reply frame, once computed (writes: after the final stage). */
  reply?: Buffer;
  /** True for writes whose txn is in flight. */
  pending: boolean;
  receivedAt: number;
  /** Close the connection once this answer is sent (unknown request types). */
  closeAfter?: boolean;
}

/** FIFO with O(1) shift (a connection may pipeline thousands of requests). */
export class RequestQueue {
  private items: Request[] = [];
  private head = 0;
  get length(): number {
    return this.items.length - this.head;
  }
  push(r: Request): void {
    this.items.push(r);
  }
  peek(): Request | undefined {
    return this.items[this.head];
  }
  shift(): Request | undefined {
    const r = this.items[this.head];
    if (r === undefined) return undefined;
    this.items[this.head++] = undefined as unknown as Request;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return r;
  }
}

const scratch = new JuteWriter(64 * 1024);

/** Encode one reply frame: header + optional body. */
export function encodeReply<F extends readonly Field[]>(xid: number, zxid: number, err: number, def?: RecordDef<F>, body?: Parameters<RecordDef<F>["write"]>[1]): Buffer {
  const w = scratch.reset();
  const at = w.beginFrame();
  ReplyHeader.write(w, { xid, zxid, err });
  if (def && body) def.write(w, body);
  w.endFrame(at);
  return w.bytes();
}

/** Encode a reply frame whose body is written by `fn` (multi responses). */
export function encodeReplyWith(xid: number, zxid: number, err: number, fn: (w: JuteWriter) => void): Buffer {
  const w = scratch.reset();
  const at = w.beginFrame();
  ReplyHeader.write(w, { xid, zxid, err });
  fn(w);
  w.endFrame(at);
  return w.bytes();
}
