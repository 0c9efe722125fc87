/**
 * The standalone server (ZooKeeper's ZooKeeperServer + ZKDatabase): recovery from snapshot +
 * txn log, sessions, and the request pipeline: prep (synchronous, in arrival order) -> sync
 * (TxnLog.append, group-committed; promises resolve in zxid order) -> final (apply to the
 * tree, fire watches, reply). Replies on a connection go out in request order: a read waits
 * behind that connection's earlier writes.
 */
import { JuteReader } from "../jute/codec.js";
import { CreateSessionTxn, TxnHeader } from "../jute/records.js";
import { Code } from "../jute/errors.js";
import { OpCode } from "../jute/op-codes.js";
import { DataTree, isTtlOwner, ttlOf, type TxnHeaderValue } from "../data-tree.js";
import { SessionTracker, sessionPassword, type Session } from "../session-tracker.js";
import { generateDigest, type AuthId } from "../auth/acl.js";
import { ChangeRecords } from "../pipeline/change-records.js";
import { PrepProcessor, TXN_HEADER_SIZE, isWriteOp } from "../pipeline/prep.js";
import { executeRead, isReadOp } from "../pipeline/reads.js";
import { writeReply } from "../pipeline/final.js";
import { encodeReply, type Request } from "../pipeline/request.js";
import type { SnapshotStore, TxnLog } from "../persistence/types.js";
import type { ZkConfig } from "../config.js";
import { ServerStats } from "./stats.js";
import { Connection, encodeHeaderOnly, hexId } from "./connection.js";
import { runFourLetterWord, type FourLetterCommand } from "../four-letter-words.js";
import { logger } from "../../common/logger.js";
import type { Decoded } from "../jute/codec.js";
import type { ConnectRequest } from "../jute/records.js";

const log = logger("zookeeper-server");
const SUPER: AuthId[] = [{ scheme: "super", id: "" }];

interface WatchLists {
  dataWatches: string[];
  existWatches: string[];
  childWatches: string[];
  persistentWatches: string[];
  persistentRecursiveWatches: string[];
}

export class ZooKeeperServer {
  readonly tree = new DataTree();
  readonly changes = new ChangeRecords(this.tree);
  readonly prep: PrepProcessor;
  readonly tracker: SessionTracker;
  readonly stats = new ServerStats();
  readonly connections = new Set<Connection>();
  private readonly bySession = new Map<bigint, Connection>();
  /** Live sessions as the txns say (snapshot content): id -> timeout. */
  private readonly sessions = new Map<bigint, number>();
  private lastZxid = 0;
  private outstanding = 0;
  private txnsSinceSnap = 0;
  private snapThreshold: number;
  private snapshotting: Promise<void> | undefined;
  private timers: NodeJS.Timeout[] = [];
  private running = false;
  private lastSnap = { zxid: 0, at: Date.now() };

  constructor(
    readonly config: ZkConfig,
    private readonly txnLog: TxnLog,
    private readonly snaps: SnapshotStore,
  ) {
    this.prep = new PrepProcessor(this.tree, this.changes, { extendedTypesEnabled: config.extendedTypesEnabled });
    this.tracker = new SessionTracker(config.tickTime, (s) => this.expire(s), config.serverId);
    this.snapThreshold = this.rollSnapThreshold();
  }

  private rollSnapThreshold(): number {
    const half = Math.max(1, Math.floor(this.config.snapCount / 2));
    return half + Math.floor(Math.random() * half);
  }

  // ---- startup / shutdown ------------------------------------------------------------------
  /** Load the newest valid snapshot, replay the log after it, snapshot, start session expiry. */
  async startup(): Promise<void> {
    const t0 = Date.now();
    const snap = this.snaps.loadNewestValid();
    if (snap) {
      const sessions = this.tree.deserialize(snap.body);
      for (const [id, to] of sessions) this.sessions.set(id, to);
      this.tree.lastProcessedZxid = Number(snap.zxid);
      log.info(`Snapshot loaded in ${Date.now() - t0} ms, highest zxid is 0x${snap.zxid.toString(16)}`);
    }
    let replayed = 0;
    for (const e of this.txnLog.readFrom(BigInt(this.tree.lastProcessedZxid))) {
      const r = new JuteReader(e.bytes);
      const hdr = TxnHeader.read(r);
      this.applyTxn(hdr, e.bytes.subarray(r.pos));
      replayed++;
    }
    this.lastZxid = this.tree.lastProcessedZxid;
    if (replayed > 0) log.info(`${replayed} txns loaded from the txn log, last zxid 0x${this.lastZxid.toString(16)}`);
    await this.takeSnapshot();
    for (const [id, to] of this.sessions) this.tracker.add(id, to);
    this.tracker.start();
    this.running = true;
    if (this.config.purgeIntervalHours > 0) {
      log.info(`Purge task is scheduled every ${this.config.purgeIntervalHours} hours, retaining ${this.config.snapRetainCount} snapshots`);
      this.purge(); // DatadirCleanupManager runs the first purge at startup
      const t = setInterval(() => this.purge(), this.config.purgeIntervalHours * 3600_000);
      t.unref();
      this.timers.push(t);
    }
    const ct = setInterval(() => this.checkContainers(), this.config.containerCheckIntervalMs);
    ct.unref();
    this.timers.push(ct);
  }

  purge(): void {
    try {
      this.snaps.purge(this.config.snapRetainCount);
      log.info("Purge task completed.");
    } catch (e) {
      log.error(`Error purging old snapshots and logs: ${(e as Error).message}`);
    }
  }

  async shutdown(): Promise<void> {
    this.running = false;
    this.tracker.stop();
    for (const t of this.timers) clearInterval(t);
    for (const c of this.connections) c.abort("");
    if (this.snapshotting) await this.snapshotting.catch(() => undefined);
    await this.txnLog.close();
  }

  private async takeSnapshot(): Promise<void> {
    const zxid = this.tree.lastProcessedZxid;
    const body = this.tree.serialize(this.sessions);
    this.txnLog.roll();
    this.lastSnap = { zxid, at: Date.now() };
    await this.snaps.write(BigInt(zxid), body);
  }

  private maybeSnapshot(): void {
    if (++this.txnsSinceSnap < this.snapThreshold || this.snapshotting) return;
    this.txnsSinceSnap = 0;
    this.snapThreshold = this.rollSnapThreshold();
    this.snapshotting = this.takeSnapshot()
      .catch((e: Error) => log.error(`Severe unrecoverable error, unable to take snapshot: ${e.message}`))
      .finally(() => { this.snapshotting = undefined; });
  }

  // ---- txns --------------------------------------------------------------------------------
  /** Apply one txn to the tree and the session table (live and replay). */
  private applyTxn(hdr: TxnHeaderValue, body: Buffer) {
    const res = this.tree.processTxn(hdr, body);
    if (hdr.type === OpCode.createSession) {
      this.sessions.set(hdr.clientId, CreateSessionTxn.read(new JuteReader(body)).timeOut);
    } else if (hdr.type === OpCode.closeSession) {
      this.sessions.delete(hdr.clientId);
    }
    return res;
  }

  private submitWrite(req: Request, timeout = 0): void {
    const zxid = ++this.lastZxid;
    const { hdr, txn } = this.prep.prep(req.type, req.body, req.sessionId, req.xid, zxid, Date.now(), req.cnxn ? req.cnxn.authInfo : SUPER, timeout);
    req.hdr = hdr;
    req.txn = txn;
    req.pending = true;
    this.outstanding++;
    this.txnLog.append({ zxid: BigInt(zxid), bytes: txn }).then(
      () => this.commit(req, zxid),
      (e: Error) => {
        log.error(`Severe unrecoverable error, exiting: txn log append failed: ${e.message}`);
        process.exit(1);
      },
    );
  }

  private commit(req: Request, zxid: number): void {
    this.outstanding--;
    const hdr = req.hdr!;
    const res = this.applyTxn(hdr, req.txn!.subarray(TXN_HEADER_SIZE));
    this.changes.applied(zxid);
    req.txn = undefined;
    req.pending = false;
    this.maybeSnapshot();
    const c = req.cnxn as Connection | null;
    switch (req.type) {
      case OpCode.createSession:
        if (c && !c.isClosed()) {
          this.bySession.set(c.sessionId, c);
          c.finishSessionInit(true, sessionPassword(c.sessionId));
        }
        return;
      case OpCode.closeSession: {
        this.tracker.remove(req.sessionId);
        log.info(`Processed session termination for sessionid: ${hexId(req.sessionId)}`);
        const owner = this.bySession.get(req.sessionId);
        if (c) {
          req.reply = writeReply(req.type, req.xid, zxid, res);
          this.drain(c);
          c.closeAfterFlush(`Closed socket connection for client ${c.remote} which had sessionid ${hexId(req.sessionId)}`);
        } else if (owner) {
          owner.closeAfterFlush(`Closed socket connection for client ${owner.remote} which had sessionid ${hexId(req.sessionId)}`);
        }
        this.bySession.delete(req.sessionId);
        return;
      }
    }
    if (!c) return;
    req.reply = writeReply(req.type, req.xid, zxid, res);
    c.lastZxid = zxid;
    this.drain(c);
  }

  /** Send every answer that is ready, in request order. */
  private drain(c: Connection): void {
    const q = c.queue;
    for (let r = q.peek(); r !== undefined; r = q.peek()) {
      if (r.pending) return;
      q.shift();
      if (r.reply === undefined) r.reply = this.read(c, r.xid, r.type, r.body);
      this.respond(c, r);
    }
  }

  private respond(c: Connection, r: Request): void {
    const now = Date.now();
    const lat = now - r.receivedAt;
    this.stats.latency.add(lat);
    c.latency.add(lat);
    c.lastLatency = lat;
    c.lastResponseTime = now;
    this.stats.lastResponseSize = r.reply!.length;
    if (r.reply!.length > this.stats.maxResponseSize) this.stats.maxResponseSize = r.reply!.length;
    if (r.reply!.length < this.stats.minResponseSize) this.stats.minResponseSize = r.reply!.length;
    c.send(r.reply!);
    if (r.closeAfter) c.closeAfterFlush(`Closing connection ${c.remote} (session ${hexId(c.sessionId)}) after an unknown request type ${r.type}`);
  }

  private read(c: Connection, xid: number, type: number, body: Buffer): Buffer {
    return executeRead({ tree: this.tree, watcher: c, sessionId: c.sessionId, ids: c.authInfo }, xid, type, body);
  }

  // ---- connection-facing -------------------------------------------------------------------
  touch(c: Connection): boolean {
    return this.tracker.touchSession(c.sessionId);
  }

  processConnectRequest(c: Connection, req: Decoded<typeof ConnectRequest>): void {
    const lastSeen = Number(req.lastZxidSeen);
    if (lastSeen > this.tree.lastProcessedZxid) {
      c.closeAfterFlush(`Refusing session request for client ${c.remote} as it has seen zxid 0x${lastSeen.toString(16)} our last zxid is 0x${this.tree.lastProcessedZxid.toString(16)} client must try another server`);
      return;
    }
    let timeout = req.timeOut;
    if (timeout < this.config.minSessionTimeout) timeout = this.config.minSessionTimeout;
    if (timeout > this.config.maxSessionTimeout) timeout = this.config.maxSessionTimeout;
    c.sessionTimeout = timeout;
    if (req.sessionId === 0n) {
      const id = this.tracker.newSessionId();
      c.sessionId = id;
      this.tracker.add(id, timeout);
      const r: Request = { cnxn: c, sessionId: id, xid: 0, type: OpCode.createSession, body: Buffer.alloc(0), pending: true, receivedAt: Date.now() };
      this.submitWrite(r, timeout);
      return;
    }
    const id = req.sessionId;
    c.sessionId = id;
    const prev = this.bySession.get(id);
    if (prev && prev !== c) {
      prev.closeAfterFlush(`Closing previous connection ${prev.remote} of session ${hexId(id)}: client reconnected`);
    }
    const pw = sessionPassword(id);
    const passOk = req.passwd !== null && req.passwd.equals(pw);
    const s = this.tracker.sessions.get(id);
    const valid = passOk && !!s && !s.closing;
    if (valid) {
      s!.timeout = timeout;
      this.tracker.touch(s!);
      this.bySession.set(id, c);
    }
    c.finishSessionInit(valid, pw);
  }

  submit(c: Connection, xid: number, type: number, body: Buffer): void {
    const req: Request = { cnxn: c, sessionId: c.sessionId, xid, type, body, pending: false, receivedAt: Date.now() };
    c.lastOp = OP_ABBREV[type] ?? "NA";
    if (isWriteOp(type) && type !== OpCode.createSession) {
      if (type === OpCode.closeSession) this.tracker.setClosing(c.sessionId);
      this.submitWrite(req);
      c.queue.push(req);
      return;
    }
    if (isReadOp(type)) {
      if (c.queue.length === 0) {
        req.reply = this.read(c, xid, type, body);
        this.respond(c, req);
      } else {
        c.queue.push(req);
      }
      return;
    }
    log.warn(`Received packet at server of unknown type ${type}`);
    req.reply = encodeReply(xid, 0, Code.UNIMPLEMENTED);
    req.closeAfter = true;
    c.queue.push(req);
    this.drain(c);
  }

  setWatches(c: Connection, xid: number, relativeZxid: number, w: WatchLists): void {
    this.tree.setWatches(relativeZxid, w.dataWatches, w.existWatches, w.childWatches, w.persistentWatches, w.persistentRecursiveWatches, c);
    c.send(encodeHeaderOnly(xid, this.tree.lastProcessedZxid, 0));
  }

  addAuth(c: Connection, scheme: string, auth: Buffer): boolean {
    if (scheme !== "digest") {
      log.warn(`No authentication provider for scheme: ${scheme} has ${[...new Set(["digest", "ip"])].join(", ")}`);
      return false;
    }
    const digest = generateDigest(auth.toString("utf8"));
    if (this.config.superDigest && digest === this.config.superDigest) c.authInfo.push({ scheme: "super", id: "" });
    if (!c.authInfo.some((a) => a.scheme === "digest" && a.id === digest)) c.authInfo.push({ scheme: "digest", id: digest });
    return true;
  }

  connectionClosed(c: Connection): void {
    this.connections.delete(c);
    this.tree.removeWatcher(c);
    if (this.bySession.get(c.sessionId) === c) this.bySession.delete(c.sessionId);
  }

  // ---- expiry ------------------------------------------------------------------------------
  private expire(s: Session): void {
    if (!this.running) return;
    log.info(`Expiring session ${hexId(s.id)}, timeout of ${s.timeout}ms exceeded`);
    const req: Request = { cnxn: null, sessionId: s.id, xid: 0, type: OpCode.closeSession, body: Buffer.alloc(0), pending: true, receivedAt: Date.now() };
    this.submitWrite(req);
  }

  /** ContainerManager: delete empty containers that once had children and expired TTL nodes. */
  checkContainers(): void {
    if (!this.running) return;
    const now = Date.now();
    const doomed: string[] = [];
    for (const p of this.tree.containers) {
      const n = this.tree.getNode(p);
      if (n && n.numChildren() === 0 && n.cversion > 0) doomed.push(p);
    }
    for (const p of this.tree.ttls) {
      const n = this.tree.getNode(p);
      if (n && n.numChildren() === 0 && isTtlOwner(n.ephemeralOwner) && now - n.mtime > Number(ttlOf(n.ephemeralOwner))) doomed.push(p);
    }
    for (const path of doomed) {
      if (!this.changes.exists(path)) continue;
      const req: Request = { cnxn: null, sessionId: 0n, xid: 0, type: OpCode.deleteContainer, body: Buffer.from(path, "utf8"), pending: true, receivedAt: now };
      this.submitWrite(req);
    }
  }

  // ---- 4lw -----------------------------------------------------------------------------------
  fourLetterWord(cmd: FourLetterCommand, c: Connection): void {
    const out = runFourLetterWord(cmd, this);
    c.socket.end(out);
    setTimeout(() => c.socket.destroy(), 1000).unref();
  }

  isRunning(): boolean {
    return this.running;
  }

  lastSnapshot(): { zxid: number; at: number } {
    return this.lastSnap;
  }

  outstandingRequests(): number {
    return this.outstanding;
  }

  lastProcessedZxid(): number {
    return this.tree.lastProcessedZxid;
  }

  sessionCount(): number {
    return this.tracker.sessions.size;
  }

  resetStats(): void {
    this.stats.reset();
  }

  attach(c: Connection): void {
    this.connections.add(c);
  }
}

const OP_ABBREV: Record<number, string> = {
  [OpCode.create]: "CREA", [OpCode.create2]: "CREA", [OpCode.createContainer]: "CREA", [OpCode.createTTL]: "CREA",
  [OpCode.delete]: "DELE", [OpCode.exists]: "EXIS", [OpCode.getData]: "GETD", [OpCode.setData]: "SETD",
  [OpCode.getACL]: "GETA", [OpCode.setACL]: "SETA", [OpCode.getChildren]: "GETC", [OpCode.getChildren2]: "GETC",
  [OpCode.sync]: "SYNC", [OpCode.check]: "CHEC", [OpCode.multi]: "MULT", [OpCode.multiRead]: "MLTR",
  [OpCode.closeSession]: "CLOS", [OpCode.addWatch]: "ADDW", [OpCode.removeWatches]: "REMW", [OpCode.checkWatches]: "CHKW",
  [OpCode.getEphemerals]: "GETE", [OpCode.getAllChildrenNumber]: "GETACN", [OpCode.whoAmI]: "HOMI",
};
