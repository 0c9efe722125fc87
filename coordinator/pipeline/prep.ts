/**
 * Prep stage (ZooKeeper's PrepRequestProcessor): validate a write request against the tree as
 * it will be once outstanding writes apply (ChangeRecords), check ACLs and versions, and turn
 * it into a txn. A write that fails validation becomes an ErrorTxn carrying the error code;
 * it still takes a zxid and goes through the log, as in ZooKeeper.
 *
 * Txn bytes (what the log stores per entry): TxnHeader { long clientId; int cxid; long zxid;
 * long time; int type } followed by the txn record for `type` (CreateTxn, DeleteTxn, ...,
 * MultiTxn { vector<Txn { int type; buffer data }> }, ErrorTxn { int err }).
 */
import { JuteReader, JuteWriter, JuteError } from "../jute/codec.js";
import {
  CheckVersionRequest, CheckVersionTxn, CloseSessionTxn, CreateContainerTxn, CreateRequest, CreateSessionTxn, CreateTTLRequest,
  CreateTTLTxn, CreateTxn, DeleteRequest, DeleteTxn, ErrorTxn, MultiHeader, MultiTxn, SetACLRequest, SetACLTxn, SetDataRequest,
  SetDataTxn, TxnHeader,
} from "../jute/records.js";
import { Code, KeeperError } from "../jute/errors.js";
import { CreateFlag, OpCode, Perms } from "../jute/op-codes.js";
import { checkAcl, fixupAcl, type AuthId } from "../auth/acl.js";
import { CONTAINER_EPHEMERAL_OWNER, isTtlOwner, ttlEphemeralOwner, type DataTree, type TxnHeaderValue } from "../data-tree.js";
import { ChangeRecords } from "./change-records.js";
import { validatePath } from "./path-validation.js";

const SPECIAL_PATHS = new Set(["/", "/zookeeper", "/zookeeper/quota", "/zookeeper/config"]);
const MAX_TTL = 0xffffffffffn;

export const TXN_HEADER_SIZE = 32;

export interface PrepOptions {
  extendedTypesEnabled: boolean;
}

interface SubTxn {
  type: number;
  write: (w: JuteWriter) => void;
}


export function isWriteOp(type: number): boolean {
  switch (type) {
    case OpCode.create: case OpCode.create2: case OpCode.createContainer: case OpCode.createTTL:
    case OpCode.delete: case OpCode.deleteContainer: case OpCode.setData: case OpCode.setACL: case OpCode.check:
    case OpCode.multi: case OpCode.closeSession: case OpCode.createSession: case OpCode.reconfig:
      return true;
  }
  return false;
}

function seqSuffix(n: number): string {
  const s = String(Math.abs(n)).padStart(n < 0 ? 9 : 10, "0");
  return n < 0 ? `-${s}` : s;
}

export class PrepProcessor {
  private readonly w = new JuteWriter(64 * 1024);

  constructor(
    private readonly tree: DataTree,
    readonly changes: ChangeRecords,
    private readonly opts: PrepOptions,
  ) {}

  /**
   * Build the txn for a write request. Returns header and entry bytes (header + body).
   * `extra` carries the session timeout for createSession.
   */
  prep(type: number, body: Buffer, sessionId: bigint, cxid: number, zxid: number, time: number, ids: readonly AuthId[], timeout = 0): { hdr: TxnHeaderValue; txn: Buffer } {
    let sub: SubTxn;
    let hdrType = type;
    try {
      switch (type) {
        case OpCode.createSession:
          sub = { type, write: (w) => CreateSessionTxn.write(w, { timeOut: timeout }) };
          break;
        case OpCode.closeSession:
          sub = this.closeSession(sessionId, zxid);
          break;
        case OpCode.multi:
          sub = this.multi(body, sessionId, zxid, ids);
          break;
        default:
          sub = this.one(type, new JuteReader(body), sessionId, zxid, ids);
      }
    } catch (e) {
      // an unparsable body becomes an ErrorTxn(MARSHALLINGERROR), answered with -5, as ZooKeeper does
      if (!(e instanceof KeeperError) && !(e instanceof JuteError)) throw e;
      const err = e instanceof KeeperError ? e.code : Code.MARSHALLINGERROR;
      hdrType = OpCode.error;
      sub = { type: OpCode.error, write: (w) => ErrorTxn.write(w, { err }) };
    }
    if (hdrType !== OpCode.error) hdrType = sub.type === OpCode.error ? OpCode.error : type;
    const hdr: TxnHeaderValue = { clientId: sessionId, cxid, zxid: BigInt(zxid), time: BigInt(time), type: hdrType };
    const w = this.w.reset();
    TxnHeader.write(w, hdr);
    sub.write(w);
    return { hdr, txn: w.bytes() };
  }

  private closeSession(sessionId: bigint, zxid: number): SubTxn {
    const es = this.changes.pendingEphemeralsOf(sessionId, this.tree.ephemeralSetOf(sessionId));
    for (const p of es) {
      const c = this.changes.get(p);
      if (c) this.changes.add({ ...c, zxid, exists: false, childCount: 0 });
    }
    return { type: OpCode.closeSession, write: (w) => CloseSessionTxn.write(w, { paths2Delete: es }) };
  }

  private multi(body: Buffer, sessionId: bigint, zxid: number, ids: readonly AuthId[]): SubTxn {
    const r = new JuteReader(body);
    const subs: { type: number; data: Buffer }[] = [];
    this.changes.begin();
    let failed = false;
    try {
      for (;;) {
        const mh = MultiHeader.read(r);
        if (mh.done) break;
        if (failed) {
          // still parse the op so the stream stays aligned
          this.parseOnly(mh.type, r);
          subs.push({ type: OpCode.error, data: errorTxnBytes(Code.RUNTIMEINCONSISTENCY) });
          continue;
        }
        try {
          const s = this.one(mh.type, r, sessionId, zxid, ids, true);
          if (s.type === OpCode.create2) s.type = OpCode.create; // MultiOperationRecord turns every create into Op.create
          const w = new JuteWriter(256);
          s.write(w);
          subs.push({ type: s.type, data: w.bytes() });
        } catch (e) {
          if (!(e instanceof KeeperError)) throw e;
          failed = true;
          subs.push({ type: OpCode.error, data: errorTxnBytes(e.code) });
          this.changes.rollback();
        }
      }
    } catch (e) {
      // unparsable multi: the whole request becomes ErrorTxn(MARSHALLINGERROR)
      if (e instanceof JuteError) this.changes.rollback();
      throw e;
    } finally {
      this.changes.end();
    }
    return { type: OpCode.multi, write: (w) => MultiTxn.write(w, { txns: subs }) };
  }

  private parseOnly(type: number, r: JuteReader): void {
    switch (type) {
      case OpCode.create: case OpCode.create2: case OpCode.createContainer: CreateRequest.read(r); break;
      case OpCode.createTTL: CreateTTLRequest.read(r); break;
      case OpCode.delete: case OpCode.deleteContainer: DeleteRequest.read(r); break;
      case OpCode.setData: SetDataRequest.read(r); break;
      case OpCode.check: CheckVersionRequest.read(r); break;
      default: throw new JuteError(`invalid type of op in multi: ${type}`);
    }
  }

  private one(type: number, r: JuteReader, sessionId: bigint, zxid: number, ids: readonly AuthId[], inMulti = false): SubTxn {
    switch (type) {
      case OpCode.create:
      case OpCode.create2:
      case OpCode.createContainer:
      case OpCode.createTTL:
        return this.create(type, r, sessionId, zxid, ids, inMulti);
      case OpCode.delete:
      case OpCode.deleteContainer: {
        // deleteContainer carries the bare UTF-8 path, no jute framing (ZooKeeper's ContainerManager
        // builds it so, and its PrepRequestProcessor reads any deleteContainer body that way)
        const req = type === OpCode.deleteContainer ? { path: r.buf.toString("utf8", r.pos, r.end), version: -1 } : DeleteRequest.read(r);
        if (type === OpCode.deleteContainer) r.pos = r.end;
        const path = req.path;
        const slash = path.lastIndexOf("/");
        if (slash === -1 || path.includes("\0") || SPECIAL_PATHS.has(path)) throw new KeeperError(Code.BADARGUMENTS, path);
        const parentPath = slash === 0 ? "/" : path.slice(0, slash);
        const parent = this.changes.require(parentPath);
        checkAcl(parent.acl, Perms.DELETE, ids, path);
        const node = this.changes.require(path);
        checkVersion(node.version, req.version, path);
        if (node.childCount > 0) throw new KeeperError(Code.NOTEMPTY, path);
        this.changes.add({ ...parent, zxid, childCount: parent.childCount - 1 });
        this.changes.add({ ...node, zxid, exists: false });
        return { type, write: (w) => DeleteTxn.write(w, { path }) };
      }
      case OpCode.setData: {
        const req = SetDataRequest.read(r);
        const path = req.path;
        validatePath(path);
        const node = this.changes.require(path);
        checkAcl(node.acl, Perms.WRITE, ids, path);
        const version = checkVersion(node.version, req.version, path);
        this.changes.add({ ...node, zxid, version });
        const data = req.data;
        return { type, write: (w) => SetDataTxn.write(w, { path, data, version }) };
      }
      case OpCode.setACL: {
        if (inMulti) throw new JuteError("invalid type of op in multi: setACL"); // MultiOperationRecord rejects it
        const req = SetACLRequest.read(r);
        const path = req.path;
        validatePath(path);
        const acl = fixupAcl(path, ids, req.acl);
        const node = this.changes.require(path);
        checkAcl(node.acl, Perms.ADMIN, ids, path);
        const version = checkVersion(node.aversion, req.version, path);
        this.changes.add({ ...node, zxid, aversion: version, acl });
        return { type, write: (w) => SetACLTxn.write(w, { path, acl, version }) };
      }
      case OpCode.check: {
        const req = CheckVersionRequest.read(r);
        const path = req.path;
        validatePath(path);
        const node = this.changes.require(path);
        checkAcl(node.acl, Perms.READ, ids, path);
        const version = checkVersion(node.version, req.version, path);
        return { type, write: (w) => CheckVersionTxn.write(w, { path, version }) };
      }
      case OpCode.reconfig:
        throw new KeeperError(Code.RECONFIGDISABLED);
      default:
        if (inMulti) throw new JuteError(`invalid type of op in multi: ${type}`);
        throw new KeeperError(Code.UNIMPLEMENTED);
    }
  }

  private create(type: number, r: JuteReader, sessionId: bigint, zxid: number, ids: readonly AuthId[], inMulti = false): SubTxn {
    let ttl = -1n;
    let req;
    if (type === OpCode.createTTL) {
      const t = CreateTTLRequest.read(r);
      ttl = t.ttl;
      req = t;
    } else {
      req = CreateRequest.read(r);
    }
    let path = req.path;
    const flags = req.flags;
    if (flags < 0 || flags > 6) throw new KeeperError(Code.BADARGUMENTS, path);
    const isTtl = flags === CreateFlag.PERSISTENT_WITH_TTL || flags === CreateFlag.PERSISTENT_SEQUENTIAL_WITH_TTL;
    const sequential = flags === CreateFlag.PERSISTENT_SEQUENTIAL || flags === CreateFlag.EPHEMERAL_SEQUENTIAL || flags === CreateFlag.PERSISTENT_SEQUENTIAL_WITH_TTL;
    const ephemeral = flags === CreateFlag.EPHEMERAL || flags === CreateFlag.EPHEMERAL_SEQUENTIAL;
    if (isTtl && !this.opts.extendedTypesEnabled) throw new KeeperError(Code.UNIMPLEMENTED);
    if (isTtl ? ttl <= 0n || ttl > MAX_TTL : ttl >= 0n) throw new KeeperError(Code.BADARGUMENTS, path);
    if ((type === OpCode.createTTL) !== isTtl) throw new KeeperError(Code.BADARGUMENTS, path);
    // in a multi, Op.create derives the opcode from the mode: CONTAINER -> createContainer
    if (inMulti && type !== OpCode.createTTL) type = flags === CreateFlag.CONTAINER ? OpCode.createContainer : OpCode.create;
    const slash = path.lastIndexOf("/");
    if (slash === -1 || path.includes("\0")) throw new KeeperError(Code.BADARGUMENTS, path);
    const acl = fixupAcl(path, ids, req.acl);
    const parentPath = slash === 0 ? "/" : path.slice(0, slash);
    const parent = this.changes.require(parentPath);
    checkAcl(parent.acl, Perms.CREATE, ids, path);
    if (sequential) path = path + seqSuffix(parent.cversion);
    validatePath(path);
    if (this.changes.exists(path)) throw new KeeperError(Code.NODEEXISTS, path);
    const po = parent.ephemeralOwner;
    if (po !== 0n && po !== CONTAINER_EPHEMERAL_OWNER && !isTtlOwner(po)) throw new KeeperError(Code.NOCHILDRENFOREPHEMERALS, path);
    const parentCVersion = parent.cversion + 1;
    // as in ZooKeeper, the op (not the flag) decides the node type: a CONTAINER flag on a plain create makes a persistent node
    const owner = ephemeral ? sessionId : type === OpCode.createContainer ? CONTAINER_EPHEMERAL_OWNER : type === OpCode.createTTL ? ttlEphemeralOwner(ttl) : 0n;
    this.changes.add({ ...parent, zxid, childCount: parent.childCount + 1, cversion: parentCVersion });
    this.changes.add({ zxid, path, exists: true, version: 0, cversion: 0, aversion: 0, ephemeralOwner: owner, childCount: 0, acl });
    const data = req.data;
    const finalPath = path;
    if (type === OpCode.createContainer) return { type, write: (w) => CreateContainerTxn.write(w, { path: finalPath, data, acl, parentCVersion }) };
    if (type === OpCode.createTTL) return { type, write: (w) => CreateTTLTxn.write(w, { path: finalPath, data, acl, parentCVersion, ttl }) };
    return { type, write: (w) => CreateTxn.write(w, { path: finalPath, data, acl, ephemeral, parentCVersion }) };
  }
}

function checkVersion(current: number, expected: number, path: string): number {
  if (expected !== -1 && expected !== current) throw new KeeperError(Code.BADVERSION, path);
  return (current + 1) | 0;
}

function errorTxnBytes(err: number): Buffer {
  const w = new JuteWriter(8);
  ErrorTxn.write(w, { err });
  return w.bytes();
}

