/**
 * The ZooKeeper client behind zookeeper-shell and the coordinator's differential tests:
 * node-zookeeper-client (connection, handshake, pings, session, reconnect, auth) plus the
 * requests that library does not have (create2/container/TTL, sync, getEphemerals,
 * getAllChildrenNumber, addWatch, removeWatches, multiRead) and an unvalidated path, so the
 * server's own validation is what answers.
 *
 * How: every request goes through the library's queue as a packet whose header claims a
 * bodiless op (delete), so the library keeps xids, ordering and retries; its `toBuffer()`
 * writes the real frame. A tap in front of the library's socket reader sees every whole frame:
 * for our xids it keeps the reply's error code and body (and hands the library err=0, so codes
 * it does not know cannot crash it); for xid -1 it records the watch notification.
 *
 * Wire format (jute, big-endian), as in zookeeper.jute:
 *   request  = int32 len | int32 xid | int32 opcode | body
 *   reply    = int32 len | int32 xid | int64 zxid | int32 err | body (only when err == 0)
 *   notification = reply with xid -1, body WatcherEvent { int32 type; int32 state; ustring path }
 *   ustring/buffer = int32 length (-1 = null) + bytes; vector = int32 count + items
 *   Stat = czxid mzxid ctime mtime (int64) version cversion aversion (int32) ephemeralOwner (int64)
 *          dataLength numChildren (int32) pzxid (int64)
 */
import { createRequire } from "node:module";
import { EventEmitter } from "node:events";
import type * as Zk from "node-zookeeper-client";

const require = createRequire(import.meta.url);
const zookeeper = require("node-zookeeper-client") as typeof Zk;

export const Op = {
  create: 1, delete: 2, exists: 3, getData: 4, setData: 5, getACL: 6, setACL: 7, getChildren: 8,
  sync: 9, getChildren2: 12, check: 13, multi: 14, create2: 15, reconfig: 16, checkWatches: 17,
  removeWatches: 18, createContainer: 19, deleteContainer: 20, createTTL: 21, multiRead: 22,
  getEphemerals: 103, getAllChildrenNumber: 104, addWatch: 106, whoAmI: 107, error: -1,
} as const;

export const CreateFlags = { persistent: 0, ephemeral: 1, sequential: 2, ephemeralSequential: 3, container: 4, ttl: 5, ttlSequential: 6 } as const;

/** KeeperException.Code values and names as the Java client spells them. */
export const ErrorNames: Record<number, string> = {
  0: "OK", [-1]: "SYSTEMERROR", [-2]: "RUNTIMEINCONSISTENCY", [-3]: "DATAINCONSISTENCY", [-4]: "CONNECTIONLOSS",
  [-5]: "MARSHALLINGERROR", [-6]: "UNIMPLEMENTED", [-7]: "OPERATIONTIMEOUT", [-8]: "BADARGUMENTS",
  [-13]: "NEWCONFIGNOQUORUM", [-14]: "RECONFIGINPROGRESS", [-15]: "UNKNOWNSESSION", [-100]: "APIERROR",
  [-101]: "NONODE", [-102]: "NOAUTH", [-103]: "BADVERSION", [-108]: "NOCHILDRENFOREPHEMERALS",
  [-110]: "NODEEXISTS", [-111]: "NOTEMPTY", [-112]: "SESSIONEXPIRED", [-113]: "INVALIDCALLBACK",
  [-114]: "INVALIDACL", [-115]: "AUTHFAILED", [-118]: "SESSIONMOVED", [-119]: "NOTREADONLY",
  [-120]: "EPHEMERALONLOCALSESSION", [-121]: "NOWATCHER", [-122]: "REQUESTTIMEOUT",
  [-123]: "RECONFIGDISABLED", [-124]: "SESSIONCLOSEDREQUIRESASLAUTH", [-125]: "QUOTAEXCEEDED",
  [-127]: "THROTTLEDOP",
};
export const Err = {
  ok: 0, connectionLoss: -4, unimplemented: -6, badArguments: -8, noNode: -101, noAuth: -102, badVersion: -103,
  noChildrenForEphemerals: -108, nodeExists: -110, notEmpty: -111, sessionExpired: -112, invalidAcl: -114,
  authFailed: -115, noWatcher: -121,
} as const;

export interface Stat {
  czxid: bigint; mzxid: bigint; ctime: bigint; mtime: bigint; version: number; cversion: number;
  aversion: number; ephemeralOwner: bigint; dataLength: number; numChildren: number; pzxid: bigint;
}
export interface Acl { perms: number; scheme: string; id: string }
export interface WatchEvent { type: number; state: number; path: string }

export const EventTypeNames: Record<number, string> = {
  [-1]: "None", 1: "NodeCreated", 2: "NodeDeleted", 3: "NodeDataChanged", 4: "NodeChildrenChanged",
  5: "DataWatchRemoved", 6: "ChildWatchRemoved", 7: "PersistentWatchRemoved",
};
export const KeeperStateNames: Record<number, string> = {
  0: "Disconnected", 3: "SyncConnected", 4: "AuthFailed", 5: "ConnectedReadOnly", 6: "SaslAuthenticated", [-112]: "Expired", 7: "Closed",
};

export const OPEN_ACL_UNSAFE: Acl[] = [{ perms: 31, scheme: "world", id: "anyone" }];

// ---------------------------------------------------------------------------------------------
// jute writer / reader

export class JuteWriter {
  private parts: Buffer[] = [];
  int(v: number): this { const b = Buffer.alloc(4); b.writeInt32BE(v); this.parts.push(b); return this; }
  long(v: bigint): this { const b = Buffer.alloc(8); b.writeBigInt64BE(v); this.parts.push(b); return this; }
  bool(v: boolean): this { this.parts.push(Buffer.from([v ? 1 : 0])); return this; }
  buffer(v: Buffer | null): this {
    if (v === null) return this.int(-1);
    this.int(v.length); this.parts.push(v); return this;
  }
  ustring(v: string | null): this { return this.buffer(v === null ? null : Buffer.from(v, "utf8")); }
  strings(v: string[]): this { this.int(v.length); for (const s of v) this.ustring(s); return this; }
  acls(v: Acl[]): this {
    this.int(v.length);
    for (const a of v) this.int(a.perms).ustring(a.scheme).ustring(a.id);
    return this;
  }
  raw(b: Buffer): this { this.parts.push(b); return this; }
  toBuffer(): Buffer { return Buffer.concat(this.parts); }
}

export class JuteReader {
  constructor(private b: Buffer, public pos = 0) {}
  get remaining(): number { return this.b.length - this.pos; }
  int(): number { const v = this.b.readInt32BE(this.pos); this.pos += 4; return v; }
  long(): bigint { const v = this.b.readBigInt64BE(this.pos); this.pos += 8; return v; }
  bool(): boolean { return this.b[this.pos++] !== 0; }
  buffer(): Buffer | null {
    const n = this.int();
    if (n < 0) return null;
    const v = this.b.subarray(this.pos, this.pos + n); this.pos += n; return v;
  }
  ustring(): string | null { const v = this.buffer(); return v === null ? null : v.toString("utf8"); }
  strings(): string[] { const n = this.int(); const out: string[] = []; for (let i = 0; i < n; i++) out.push(this.ustring() ?? ""); return out; }
  acls(): Acl[] {
    const n = this.int(); const out: Acl[] = [];
    for (let i = 0; i < n; i++) out.push({ perms: this.int(), scheme: this.ustring() ?? "", id: this.ustring() ?? "" });
    return out;
  }
  stat(): Stat {
    return {
      czxid: this.long(), mzxid: this.long(), ctime: this.long(), mtime: this.long(), version: this.int(),
      cversion: this.int(), aversion: this.int(), ephemeralOwner: this.long(), dataLength: this.int(),
      numChildren: this.int(), pzxid: this.long(),
    };
  }
}

/** A failed request: carries the server's error code (KeeperException.Code). */
export class KeeperError extends Error {
  constructor(public readonly code: number, public readonly path?: string) {
    super(`KeeperErrorCode = ${ErrorNames[code] ?? code}${path !== undefined ? ` for ${path}` : ""}`);
  }
}

export interface Reply { err: number; zxid: bigint; body: JuteReader }

/** A multi/multiRead sub-op as sent. */
export type MultiOp =
  | { op: "create"; path: string; data?: Buffer | null; acl?: Acl[]; flags?: number }
  | { op: "create2"; path: string; data?: Buffer | null; acl?: Acl[]; flags?: number }
  | { op: "delete"; path: string; version?: number }
  | { op: "setData"; path: string; data: Buffer | null; version?: number }
  | { op: "check"; path: string; version: number }
  | { op: "getChildren"; path: string }
  | { op: "getData"; path: string };
export interface MultiResult { type: number; err: number; path?: string; stat?: Stat; data?: Buffer | null; children?: string[] }

interface PendingRaw { resolve: (r: Reply) => void }

// node-zookeeper-client internals this module relies on (stable since 1.0).
interface LibHeader { xid: number; type: number }
interface LibPacketRequest { header: LibHeader; payload: null; toBuffer(): Buffer }
interface LibConnectionManager {
  state: number;
  onSocketData(b: Buffer): void;
  onSocketConnected(): void;
  queue(req: LibPacketRequest, cb: (err: Error | null) => void): void;
}

export interface ConnectOptions {
  sessionTimeout?: number;
  sessionId?: Buffer;
  sessionPassword?: Buffer;
  /** How long to wait for the first connection (default 15 s). */
  connectTimeoutMs?: number;
  /** Reconnect attempts per request on connection loss (the library's `retries`, default 0). */
  retries?: number;
}

/** node-zookeeper-client with a raw-request side door; see the file comment. */
export class ShellClient extends EventEmitter {
  readonly lib: Zk.Client;
  readonly events: WatchEvent[] = [];
  negotiatedTimeout = 0;
  private cm: LibConnectionManager;
  private rawPending = new Map<number, PendingRaw>();
  private acc: Buffer = Buffer.alloc(0);
  private expectConnectResponse = true;

  constructor(readonly connectString: string, opts: ConnectOptions = {}) {
    super();
    this.lib = zookeeper.createClient(connectString, {
      sessionTimeout: opts.sessionTimeout ?? 30_000,
      spinDelay: 200,
      retries: opts.retries ?? 0,
      ...(opts.sessionId ? { sessionId: opts.sessionId, sessionPassword: opts.sessionPassword } : {}),
    } as Partial<Zk.Option>);
    this.cm = (this.lib as unknown as { connectionManager: LibConnectionManager }).connectionManager;
    const libOnData = this.cm.onSocketData.bind(this.cm);
    const libOnConnected = this.cm.onSocketConnected.bind(this.cm);
    this.cm.onSocketConnected = () => { this.acc = Buffer.alloc(0); this.expectConnectResponse = true; libOnConnected(); };
    this.cm.onSocketData = (chunk: Buffer) => {
      const frames = this.tap(chunk);
      if (frames.length > 0) libOnData(Buffer.concat(frames));
    };
  }

  /** Connect and wait for SyncConnected (rejects on expiry, auth failure or timeout). */
  static async connect(connectString: string, opts: ConnectOptions = {}): Promise<ShellClient> {
    const c = new ShellClient(connectString, opts);
    await c.open(opts.connectTimeoutMs ?? 15_000);
    return c;
  }

  open(timeoutMs = 15_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => { this.lib.removeListener("state", onState); reject(new Error(`could not connect to ${this.connectString} within ${timeoutMs} ms`)); }, timeoutMs);
      const onState = (s: Zk.State) => {
        if (s === zookeeper.State.SYNC_CONNECTED || s === zookeeper.State.CONNECTED_READ_ONLY) {
          clearTimeout(t); this.lib.removeListener("state", onState); resolve();
        } else if (s === zookeeper.State.EXPIRED) {
          clearTimeout(t); this.lib.removeListener("state", onState); reject(new KeeperError(Err.sessionExpired));
        }
      };
      this.lib.on("state", onState);
      this.lib.connect();
    });
  }

  get sessionId(): bigint { return this.lib.getSessionId().readBigInt64BE(0); }
  get sessionPassword(): Buffer { return this.lib.getSessionPassword(); }
  get stateName(): string { return String(this.lib.getState().name); }

  close(): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, 3000);
      this.lib.once("disconnected", () => { clearTimeout(t); resolve(); });
      this.lib.close();
    });
  }

  /** Split the byte stream into whole frames; record our replies and every notification. */
  private tap(chunk: Buffer): Buffer[] {
    try {
      return this.tapFrames(chunk);
    } catch {
      // never let an unexpected frame kill the library's reader: hand the bytes over untouched
      const rest = this.acc;
      this.acc = Buffer.alloc(0);
      return rest.length ? [rest] : [];
    }
  }

  private tapFrames(chunk: Buffer): Buffer[] {
    this.acc = this.acc.length === 0 ? chunk : Buffer.concat([this.acc, chunk]);
    const out: Buffer[] = [];
    while (this.acc.length >= 4) {
      const len = this.acc.readInt32BE(0);
      if (this.acc.length < 4 + len) break;
      let frame = this.acc.subarray(0, 4 + len);
      this.acc = this.acc.subarray(4 + len);
      if (this.expectConnectResponse) {
        this.expectConnectResponse = false;
        if (len >= 8) this.negotiatedTimeout = frame.readInt32BE(8);
      } else if (len >= 16) {
        const xid = frame.readInt32BE(4);
        if (xid === -1 && len >= 16 + 12) {
          const r = new JuteReader(frame, 20);
          const ev = { type: r.int(), state: r.int(), path: r.ustring() ?? "" };
          this.events.push(ev);
          this.emit("watch", ev);
        } else if (xid === -4) {
          this.emit("auth", frame.readInt32BE(16));
        } else {
          const p = this.rawPending.get(xid);
          if (p) {
            this.rawPending.delete(xid);
            const err = frame.readInt32BE(16);
            p.resolve({ err, zxid: frame.readBigInt64BE(8), body: new JuteReader(Buffer.from(frame.subarray(20))) });
            if (err !== 0) { frame = Buffer.from(frame); frame.writeInt32BE(0, 16); }
          }
        }
      }
      out.push(frame);
    }
    return out;
  }

  /** Send one request; resolves with the reply's error code and body (never rejects on a server error). */
  raw(opcode: number, body: Buffer): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const header: LibHeader = { xid: 0, type: 2 /* the library parses a delete reply: no body */ };
      const req: LibPacketRequest = {
        header,
        payload: null,
        toBuffer: () => {
          const b = new JuteWriter().int(0).int(header.xid).int(opcode).raw(body).toBuffer();
          b.writeInt32BE(b.length - 4, 0);
          this.rawPending.set(header.xid, { resolve });
          return b;
        },
      };
      this.cm.queue(req, (error) => {
        // The library calls back after our tap resolved the promise; an error here is a
        // connection loss / closed session before any reply.
        if (error) {
          this.rawPending.delete(header.xid);
          const code = (error as Error & { code?: number }).code;
          reject(new KeeperError(typeof code === "number" ? code : Err.connectionLoss));
        }
      });
    });
  }

  private async call(opcode: number, body: Buffer, path?: string): Promise<JuteReader> {
    const r = await this.raw(opcode, body);
    if (r.err !== 0) throw new KeeperError(r.err, path);
    return r.body;
  }

  // --- operations ------------------------------------------------------------------------

  async create(path: string, data: Buffer | null, acl: Acl[] = OPEN_ACL_UNSAFE, flags = 0, ttl?: bigint): Promise<{ path: string; stat: Stat }> {
    const w = new JuteWriter().ustring(path).buffer(data).acls(acl).int(flags);
    let opcode: number = Op.create2;
    if (flags === CreateFlags.container) opcode = Op.createContainer;
    if (flags === CreateFlags.ttl || flags === CreateFlags.ttlSequential || ttl !== undefined) { opcode = Op.createTTL; w.long(ttl ?? -1n); }
    const r = await this.call(opcode, w.toBuffer(), path);
    return { path: r.ustring() ?? "", stat: r.stat() };
  }
  /** Plain create (op 1), as old clients send it: reply is only the path. */
  async createV1(path: string, data: Buffer | null, acl: Acl[] = OPEN_ACL_UNSAFE, flags = 0): Promise<string> {
    const r = await this.call(Op.create, new JuteWriter().ustring(path).buffer(data).acls(acl).int(flags).toBuffer(), path);
    return r.ustring() ?? "";
  }
  async delete(path: string, version = -1): Promise<void> {
    await this.call(Op.delete, new JuteWriter().ustring(path).int(version).toBuffer(), path);
  }
  /** Stat, or null when the node does not exist. */
  async exists(path: string, watch = false): Promise<Stat | null> {
    const r = await this.raw(Op.exists, new JuteWriter().ustring(path).bool(watch).toBuffer());
    if (r.err === Err.noNode) return null;
    if (r.err !== 0) throw new KeeperError(r.err, path);
    return r.body.stat();
  }
  async getData(path: string, watch = false): Promise<{ data: Buffer | null; stat: Stat }> {
    const r = await this.call(Op.getData, new JuteWriter().ustring(path).bool(watch).toBuffer(), path);
    return { data: r.buffer(), stat: r.stat() };
  }
  async setData(path: string, data: Buffer | null, version = -1): Promise<Stat> {
    return (await this.call(Op.setData, new JuteWriter().ustring(path).buffer(data).int(version).toBuffer(), path)).stat();
  }
  async getACL(path: string): Promise<{ acl: Acl[]; stat: Stat }> {
    const r = await this.call(Op.getACL, new JuteWriter().ustring(path).toBuffer(), path);
    return { acl: r.acls(), stat: r.stat() };
  }
  async setACL(path: string, acl: Acl[], version = -1): Promise<Stat> {
    return (await this.call(Op.setACL, new JuteWriter().ustring(path).acls(acl).int(version).toBuffer(), path)).stat();
  }
  async getChildren(path: string, watch = false): Promise<{ children: string[]; stat: Stat }> {
    const r = await this.call(Op.getChildren2, new JuteWriter().ustring(path).bool(watch).toBuffer(), path);
    return { children: r.strings(), stat: r.stat() };
  }
  async sync(path: string): Promise<string> {
    return (await this.call(Op.sync, new JuteWriter().ustring(path).toBuffer(), path)).ustring() ?? "";
  }
  async getEphemerals(prefix: string): Promise<string[]> {
    return (await this.call(Op.getEphemerals, new JuteWriter().ustring(prefix).toBuffer(), prefix)).strings();
  }
  async getAllChildrenNumber(path: string): Promise<number> {
    return (await this.call(Op.getAllChildrenNumber, new JuteWriter().ustring(path).toBuffer(), path)).int();
  }
  /** mode 0 = PERSISTENT, 1 = PERSISTENT_RECURSIVE. */
  async addWatch(path: string, mode: 0 | 1): Promise<void> {
    await this.call(Op.addWatch, new JuteWriter().ustring(path).int(mode).toBuffer(), path);
  }
  /** type: 1 children, 2 data, 3 any (WatcherType). */
  async removeWatches(path: string, type: 1 | 2 | 3, check = false): Promise<void> {
    await this.call(check ? Op.checkWatches : Op.removeWatches, new JuteWriter().ustring(path).int(type).toBuffer(), path);
  }
  async whoAmI(): Promise<{ scheme: string; id: string }[]> {
    const r = await this.call(Op.whoAmI, Buffer.alloc(0));
    const n = r.int(); const out: { scheme: string; id: string }[] = [];
    for (let i = 0; i < n; i++) out.push({ scheme: r.ustring() ?? "", id: r.ustring() ?? "" });
    return out;
  }
  /** Add credentials; resolves with the auth reply's error code (0, or -115 AUTHFAILED). */
  addAuth(scheme: string, auth: string): Promise<number> {
    return new Promise((resolve) => {
      const t = setTimeout(() => { this.removeListener("auth", onAuth); resolve(0); }, 10_000);
      const onAuth = (code: number) => { clearTimeout(t); resolve(code); };
      this.once("auth", onAuth);
      this.lib.addAuthInfo(scheme, Buffer.from(auth));
      // The server answers an accepted auth packet with xid -4 err 0 too; a sync round trip
      // guarantees the auth reply has been read before the next request is answered.
    });
  }

  /** multi (op 14) or multiRead (op 22); every sub-op's result, errors included. */
  async multi(ops: MultiOp[], read = false): Promise<{ err: number; results: MultiResult[] }> {
    const w = new JuteWriter();
    for (const o of ops) {
      switch (o.op) {
        case "create": w.int(Op.create).bool(false).int(-1).ustring(o.path).buffer(o.data ?? null).acls(o.acl ?? OPEN_ACL_UNSAFE).int(o.flags ?? 0); break;
        case "create2": w.int(Op.create2).bool(false).int(-1).ustring(o.path).buffer(o.data ?? null).acls(o.acl ?? OPEN_ACL_UNSAFE).int(o.flags ?? 0); break;
        case "delete": w.int(Op.delete).bool(false).int(-1).ustring(o.path).int(o.version ?? -1); break;
        case "setData": w.int(Op.setData).bool(false).int(-1).ustring(o.path).buffer(o.data).int(o.version ?? -1); break;
        case "check": w.int(Op.check).bool(false).int(-1).ustring(o.path).int(o.version); break;
        case "getChildren": w.int(Op.getChildren).bool(false).int(-1).ustring(o.path).bool(false); break;
        case "getData": w.int(Op.getData).bool(false).int(-1).ustring(o.path).bool(false); break;
      }
    }
    w.int(-1).bool(true).int(-1);
    const reply = await this.raw(read ? Op.multiRead : Op.multi, w.toBuffer());
    const results: MultiResult[] = [];
    if (reply.err !== 0 && reply.body.remaining === 0) return { err: reply.err, results };
    const r = reply.body;
    for (;;) {
      const type = r.int(); const done = r.bool(); const err = r.int();
      if (done) break;
      switch (type) {
        case Op.create: results.push({ type, err: 0, path: r.ustring() ?? "" }); break;
        case Op.create2: results.push({ type, err: 0, path: r.ustring() ?? "", stat: r.stat() }); break;
        case Op.delete: case Op.check: results.push({ type, err: 0 }); break;
        case Op.setData: results.push({ type, err: 0, stat: r.stat() }); break;
        case Op.getChildren: results.push({ type, err: 0, children: r.strings() }); break;
        case Op.getData: results.push({ type, err: 0, data: r.buffer(), stat: r.stat() }); break;
        case Op.error: results.push({ type, err: r.int() }); break;
        default: results.push({ type, err }); return { err: reply.err, results };
      }
    }
    return { err: reply.err, results };
  }
}

/** Java's Date.toString(): "Tue Nov 24 06:50:04 UTC 2026" (local time zone, as zkCli prints). */
export function javaDate(ms: bigint | number): string {
  const d = new Date(Number(ms));
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const p = (n: number) => String(n).padStart(2, "0");
  // Java prints the zone's short name (UTC, CET, EST, JST); Intl knows some names only per locale.
  const zoneName = (locale: string) => Intl.DateTimeFormat(locale, { timeZoneName: "short" }).formatToParts(d).find((x) => x.type === "timeZoneName")?.value ?? "UTC";
  let tz = zoneName("en-US");
  if (/^GMT[+-]/.test(tz)) tz = zoneName("en-GB");
  return `${days[d.getDay()]} ${months[d.getMonth()]} ${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${tz} ${d.getFullYear()}`;
}

/** zkCli's Stat print (StatPrinter). */
export function formatStat(s: Stat): string {
  const hex = (v: bigint) => `0x${v.toString(16)}`;
  return [
    `cZxid = ${hex(s.czxid)}`, `ctime = ${javaDate(s.ctime)}`, `mZxid = ${hex(s.mzxid)}`, `mtime = ${javaDate(s.mtime)}`,
    `pZxid = ${hex(s.pzxid)}`, `cversion = ${s.cversion}`, `dataVersion = ${s.version}`, `aclVersion = ${s.aversion}`,
    `ephemeralOwner = ${hex(BigInt.asUintN(64, s.ephemeralOwner))}`, `dataLength = ${s.dataLength}`, `numChildren = ${s.numChildren}`,
  ].join("\n");
}
