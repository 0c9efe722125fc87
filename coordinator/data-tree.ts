/**
 * The in-memory znode tree (ZooKeeper's DataTree): znodes by full path with their persisted
 * stat, children, ephemerals by session, containers and TTL nodes, the ACL cache, and the
 * watch tables. Applying a txn (processTxn) is the only way writes change it.
 *
 * Snapshot body (written by serialize(), framed and checksummed by the persistence layer),
 * as ZooKeeper's SerializeUtils.serializeSnapshot + DataTree.serialize lay it out, jute:
 *   int sessionCount; { long sessionId; int timeout } * sessionCount
 *   int aclCount; { long index; vector<ACL> acls } * aclCount
 *   { ustring path; DataNode { buffer data; long acl; StatPersisted stat } } * nodes (preorder, root is "")
 *   ustring "/"   (terminator)
 */
import { JuteReader, JuteWriter, type Decoded, type Encodable } from "./jute/codec.js";
import {
  ACL as AclDef, CheckVersionTxn, CloseSessionTxn, CreateContainerTxn, CreateSessionTxn, CreateTTLTxn, CreateTxn, DeleteTxn,
  ErrorTxn, MultiTxn, SetACLTxn, SetDataTxn, SnapAclEntry, SnapNodeData, SnapSession, Stat, TxnHeader,
} from "./jute/records.js";
import { Code, KeeperError } from "./jute/errors.js";
import { EventType, OpCode } from "./jute/op-codes.js";
import { WatchManager, type Watcher } from "./watch-manager.js";
import { JavaHashSet } from "./java-hash-set.js";
import { LIMIT_NODE, QUOTA_ROOT, QuotaRoots, STAT_NODE, StatsTrack, limitPath, statPath, warnIfExceeded } from "./quotas.js";

export type Acl = Decoded<typeof AclDef>;
export type StatValue = Encodable<typeof Stat>;

/** EphemeralType: containers and TTL nodes are marked in ephemeralOwner. */
export const CONTAINER_EPHEMERAL_OWNER = -0x8000000000000000n;
const EXTENDED_MASK = 0xff00000000000000n;
const TTL_MASK = 0x000000ffffffffffn;
export function ttlEphemeralOwner(ttl: bigint): bigint {
  return BigInt.asIntN(64, EXTENDED_MASK | ttl);
}
export function isTtlOwner(owner: bigint): boolean {
  return owner !== CONTAINER_EPHEMERAL_OWNER && (BigInt.asUintN(64, owner) & EXTENDED_MASK) === EXTENDED_MASK;
}
export function ttlOf(owner: bigint): bigint {
  return BigInt.asUintN(64, owner) & TTL_MASK;
}

/**
 * A znode. As in ZooKeeper, the stored `cversion` counts child creations only (it also names
 * sequential children); the Stat a client sees reports 2 * cversion - numChildren, i.e. the
 * number of child creations plus deletions (DataNode.copyStat).
 */
export class ZNode {
  /** DataNode's children: a java.util.HashSet created with capacity 8 on the first child. */
  children: JavaHashSet | null = null;
  constructor(
    public data: Buffer | null,
    public acl: number,
    public czxid: number,
    public mzxid: number,
    public ctime: number,
    public mtime: number,
    public version: number,
    public cversion: number,
    public aversion: number,
    public ephemeralOwner: bigint,
    public pzxid: number,
  ) {}
  numChildren(): number {
    return this.children ? this.children.size : 0;
  }
  addChild(name: string): boolean {
    return (this.children ??= new JavaHashSet(8)).add(name);
  }
  removeChild(name: string): void {
    this.children?.delete(name);
  }
  /** Children in the order Apache ZooKeeper lists them (its HashSet's iteration order). */
  childList(): string[] {
    return this.children ? this.children.values() : [];
  }
  stat(): StatValue {
    return {
      czxid: this.czxid, mzxid: this.mzxid, ctime: this.ctime, mtime: this.mtime, version: this.version,
      cversion: this.cversion * 2 - this.numChildren(), aversion: this.aversion,
      // containers and TTL nodes report 0 (DataNode.getClientEphemeralOwner)
      ephemeralOwner: this.ephemeralOwner === CONTAINER_EPHEMERAL_OWNER || isTtlOwner(this.ephemeralOwner) ? 0n : this.ephemeralOwner,
      dataLength: this.data ? this.data.length : 0, numChildren: this.numChildren(), pzxid: this.pzxid,
    };
  }
}

/** ReferenceCountedACLCache: ACL lists interned as longs; world:anyone ALL is -1. */
export class AclCache {
  static readonly OPEN_UNSAFE = -1;
  private readonly byIndex = new Map<number, Acl[]>();
  private readonly byKey = new Map<string, number>();
  private next = 0;
  private static key(acl: readonly Acl[]): string {
    return acl.map((a) => `${a.perms}:${a.id.scheme}:${a.id.id}`).join(",");
  }
  convert(acl: readonly Acl[] | null): number {
    if (!acl || acl.length === 0) return AclCache.OPEN_UNSAFE;
    if (acl.length === 1 && acl[0]!.perms === 31 && acl[0]!.id.scheme === "world" && acl[0]!.id.id === "anyone") return AclCache.OPEN_UNSAFE;
    const k = AclCache.key(acl);
    const hit = this.byKey.get(k);
    if (hit !== undefined) return hit;
    const idx = ++this.next;
    this.byKey.set(k, idx);
    this.byIndex.set(idx, acl.map((a) => ({ perms: a.perms, id: { scheme: a.id.scheme, id: a.id.id } })));
    return idx;
  }
  get(idx: number): Acl[] {
    if (idx === AclCache.OPEN_UNSAFE) return [{ perms: 31, id: { scheme: "world", id: "anyone" } }];
    return this.byIndex.get(idx) ?? [];
  }
  entries(): [number, Acl[]][] {
    return [...this.byIndex];
  }
  load(idx: number, acl: Acl[]): void {
    this.byIndex.set(idx, acl);
    this.byKey.set(AclCache.key(acl), idx);
    if (idx > this.next) this.next = idx;
  }
  size(): number {
    return this.byIndex.size;
  }
}

/** The result of applying one txn: what the final stage needs to answer. */
export interface TxnResult {
  type: number;
  err: number;
  path?: string;
  stat?: StatValue;
  multi?: TxnResult[];
}

export type TxnHeaderValue = Decoded<typeof TxnHeader>;

export function parentOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i === 0 ? "/" : path.slice(0, i);
}

export class DataTree {
  readonly nodes = new Map<string, ZNode>();
  /** Session id -> its ephemeral paths (java.util.HashSet order, as ZooKeeper's). */
  readonly ephemerals = new Map<bigint, JavaHashSet>();
  readonly containers = new Set<string>();
  readonly ttls = new Set<string>();
  readonly aclCache = new AclCache();
  readonly dataWatches = new WatchManager();
  readonly childWatches = new WatchManager();
  readonly quotaRoots = new QuotaRoots();
  lastProcessedZxid = 0;

  constructor() {
    // ZooKeeper 3.8's initial tree: "/", /zookeeper, /zookeeper/quota, /zookeeper/config (READ for world)
    const root = new ZNode(Buffer.alloc(0), AclCache.OPEN_UNSAFE, 0, 0, 0, 0, 0, 0, 0, 0n, 0);
    const zk = new ZNode(Buffer.alloc(0), AclCache.OPEN_UNSAFE, 0, 0, 0, 0, 0, 0, 0, 0n, 0);
    const quota = new ZNode(Buffer.alloc(0), AclCache.OPEN_UNSAFE, 0, 0, 0, 0, 0, 0, 0, 0n, 0);
    const configAcl = this.aclCache.convert([{ perms: 1, id: { scheme: "world", id: "anyone" } }]);
    const config = new ZNode(Buffer.alloc(0), configAcl, 0, 0, 0, 0, 0, 0, -1, 0n, 0);
    root.addChild("zookeeper");
    zk.addChild("quota");
    zk.addChild("config");
    this.nodes.set("/", root);
    this.nodes.set("/zookeeper", zk);
    this.nodes.set("/zookeeper/quota", quota);
    this.nodes.set("/zookeeper/config", config);
  }

  /** The node at path; "" is the root too, as in ZooKeeper's node map. */
  getNode(path: string): ZNode | undefined {
    return this.nodes.get(path === "" ? "/" : path);
  }

  nodeCount(): number {
    return this.nodes.size;
  }

  approximateDataSize(): number {
    let n = 0;
    for (const [p, node] of this.nodes) n += p.length + (node.data ? node.data.length : 0);
    return n;
  }

  ephemeralCount(): number {
    let n = 0;
    for (const s of this.ephemerals.values()) n += s.size;
    return n;
  }

  getAcl(node: ZNode): Acl[] {
    return this.aclCache.get(node.acl);
  }

  /** Total number of descendants of path (getAllChildrenNumber). */
  allChildrenNumber(path: string): number {
    const prefix = path === "/" ? "/" : path + "/";
    let n = 0;
    for (const p of this.nodes.keys()) if (p.startsWith(prefix) && p !== path) n++;
    return path === "/" ? n - 0 : n;
  }

  /** DataTree.getEphemerals: a clone of the session's set (a clone re-sizes its table, so its order can differ). */
  ephemeralSetOf(sessionId: bigint): JavaHashSet {
    return this.ephemerals.get(sessionId)?.clone() ?? new JavaHashSet();
  }

  ephemeralsOf(sessionId: bigint): string[] {
    return this.ephemeralSetOf(sessionId).values();
  }

  createNode(path: string, data: Buffer | null, acl: readonly Acl[] | null, ephemeralOwner: bigint, parentCVersion: number, zxid: number, time: number): ZNode {
    const parentPath = parentOf(path);
    const childName = path.slice(path.lastIndexOf("/") + 1);
    const parent = this.nodes.get(parentPath);
    if (!parent) throw new KeeperError(Code.NONODE, path);
    if (parent.children?.has(childName)) throw new KeeperError(Code.NODEEXISTS, path);
    const aclIdx = this.aclCache.convert(acl);
    if (parentCVersion === -1) parentCVersion = parent.cversion + 1;
    if (parentCVersion > parent.cversion) {
      parent.cversion = parentCVersion;
      parent.pzxid = zxid;
    }
    const node = new ZNode(data, aclIdx, zxid, zxid, time, time, 0, 0, 0, ephemeralOwner, zxid);
    parent.addChild(childName);
    this.nodes.set(path, node);
    if (ephemeralOwner === CONTAINER_EPHEMERAL_OWNER) this.containers.add(path);
    else if (ephemeralOwner !== 0n && isTtlOwner(ephemeralOwner)) this.ttls.add(path);
    else if (ephemeralOwner !== 0n) {
      let s = this.ephemerals.get(ephemeralOwner);
      if (!s) this.ephemerals.set(ephemeralOwner, (s = new JavaHashSet()));
      s.add(path);
    }
    if (parentPath.startsWith(QUOTA_ROOT)) {
      if (childName === LIMIT_NODE) this.quotaRoots.add(parentPath.slice(QUOTA_ROOT.length));
      if (childName === STAT_NODE) this.updateQuotaForPath(parentPath.slice(QUOTA_ROOT.length));
    }
    this.updateQuotaStat(path, data ? data.length : 0, 1);
    this.dataWatches.triggerWatch(path, EventType.NodeCreated);
    this.childWatches.triggerWatch(parentPath, EventType.NodeChildrenChanged);
    return node;
  }

  deleteNode(path: string, zxid: number): void {
    const node = this.nodes.get(path);
    if (!node) throw new KeeperError(Code.NONODE, path);
    const parentPath = parentOf(path);
    const parent = this.nodes.get(parentPath);
    if (!parent) throw new KeeperError(Code.NONODE, path);
    this.nodes.delete(path);
    parent.removeChild(path.slice(path.lastIndexOf("/") + 1));
    if (zxid > parent.pzxid) parent.pzxid = zxid;
    if (parentPath.startsWith(QUOTA_ROOT) && path.endsWith(`/${LIMIT_NODE}`)) this.quotaRoots.delete(parentPath.slice(QUOTA_ROOT.length));
    this.updateQuotaStat(path, -(node.data ? node.data.length : 0), -1);
    const owner = node.ephemeralOwner;
    if (owner === CONTAINER_EPHEMERAL_OWNER) this.containers.delete(path);
    else if (owner !== 0n && isTtlOwner(owner)) this.ttls.delete(path);
    else if (owner !== 0n) this.ephemerals.get(owner)?.delete(path);
    const processed = this.dataWatches.triggerWatch(path, EventType.NodeDeleted);
    this.childWatches.triggerWatch(path, EventType.NodeDeleted, processed);
    this.childWatches.triggerWatch(parentPath, EventType.NodeChildrenChanged);
  }

  setData(path: string, data: Buffer | null, version: number, zxid: number, time: number): ZNode {
    const node = this.nodes.get(path);
    if (!node) throw new KeeperError(Code.NONODE, path);
    const before = node.data ? node.data.length : 0;
    node.data = data;
    this.updateQuotaStat(path, (data ? data.length : 0) - before, 0);
    node.mtime = time;
    node.mzxid = zxid;
    node.version = version;
    this.dataWatches.triggerWatch(path, EventType.NodeDataChanged);
    return node;
  }

  setACL(path: string, acl: readonly Acl[], version: number): ZNode {
    const node = this.nodes.get(path);
    if (!node) throw new KeeperError(Code.NONODE, path);
    node.acl = this.aclCache.convert(acl);
    node.aversion = version;
    return node;
  }

  /** Children names, in the order Apache ZooKeeper returns them (its HashSet's). */
  getChildren(node: ZNode): string[] {
    return node.childList();
  }

  // ---- quotas (tracked, not enforced) ---------------------------------------------------
  private updateQuotaStat(path: string, bytesDiff: number, countDiff: number): void {
    const root = this.quotaRoots.maxPrefix(path);
    if (root === undefined) return;
    const statNode = this.nodes.get(statPath(root));
    if (!statNode) return;
    const st = new StatsTrack(statNode.data?.toString("utf8"));
    st.count = st.count + countDiff;
    st.bytes = st.bytes + bytesDiff;
    statNode.data = Buffer.from(st.toString());
    const limits = this.nodes.get(limitPath(root));
    if (limits) warnIfExceeded(root, new StatsTrack(limits.data?.toString("utf8")), st);
  }

  /** Recount a quota root into its stats node (DataTree.updateQuotaForPath). */
  private updateQuotaForPath(root: string): void {
    let count = 0;
    let bytes = 0;
    const walk = (p: string) => {
      const n = this.nodes.get(p);
      if (!n) return;
      count++;
      bytes += n.data ? n.data.length : 0;
      if (n.children) for (const c of n.children) walk(p === "/" ? `/${c}` : `${p}/${c}`);
    };
    walk(root);
    const statNode = this.nodes.get(statPath(root));
    if (!statNode) return;
    const st = new StatsTrack();
    st.count = count;
    st.bytes = bytes;
    statNode.data = Buffer.from(st.toString());
  }

  /** After loading a snapshot: find quota roots and recount them (DataTree.setupQuota). */
  private setupQuota(): void {
    for (const p of this.nodes.keys()) {
      if (p.startsWith(`${QUOTA_ROOT}/`) && p.endsWith(`/${LIMIT_NODE}`)) {
        const root = p.slice(QUOTA_ROOT.length, -(LIMIT_NODE.length + 1));
        this.quotaRoots.add(root);
        this.updateQuotaForPath(root);
      }
    }
  }

  // ---- watches -------------------------------------------------------------------------
  removeWatcher(w: Watcher): void {
    this.dataWatches.removeAll(w);
    this.childWatches.removeAll(w);
  }

  setWatches(relativeZxid: number, data: string[], exist: string[], child: string[], persistent: string[], recursive: string[], w: Watcher): void {
    for (const p of data) {
      const n = this.nodes.get(p);
      if (!n) w.process(EventType.NodeDeleted, p);
      else if (n.mzxid > relativeZxid) w.process(EventType.NodeDataChanged, p);
      else this.dataWatches.addWatch(p, w);
    }
    for (const p of exist) {
      if (this.nodes.has(p)) w.process(EventType.NodeCreated, p);
      else this.dataWatches.addWatch(p, w);
    }
    for (const p of child) {
      const n = this.nodes.get(p);
      if (!n) w.process(EventType.NodeDeleted, p);
      else if (n.pzxid > relativeZxid) w.process(EventType.NodeChildrenChanged, p);
      else this.childWatches.addWatch(p, w);
    }
    for (const p of persistent) this.addWatch(p, w, 0);
    for (const p of recursive) this.addWatch(p, w, 1);
  }

  /** addWatch: mode 0 PERSISTENT (data + child tables), 1 PERSISTENT_RECURSIVE (data table). */
  addWatch(path: string, w: Watcher, mode: number): void {
    if (mode === 1) {
      this.dataWatches.addWatch(path, w, 2);
    } else {
      this.dataWatches.addWatch(path, w, 1);
      this.childWatches.addWatch(path, w, 1);
    }
  }

  // ---- txns ----------------------------------------------------------------------------
  /**
   * Apply one txn (header + decoded body from the log or from prep). Errors that the txn
   * itself records (ErrorTxn) or that replay hits (NODEEXISTS on a replayed create) are
   * reported in the result, never thrown.
   */
  processTxn(hdr: TxnHeaderValue, body: Buffer): TxnResult {
    const zxid = Number(hdr.zxid);
    const time = Number(hdr.time);
    const res = this.apply(hdr.type, body, hdr.clientId, zxid, time);
    if (zxid > this.lastProcessedZxid) this.lastProcessedZxid = zxid;
    return res;
  }

  private apply(type: number, body: Buffer, clientId: bigint, zxid: number, time: number): TxnResult {
    const r = new JuteReader(body);
    try {
      switch (type) {
        case OpCode.create:
        case OpCode.create2: {
          const t = CreateTxn.read(r);
          const node = this.createNode(t.path, t.data, t.acl, t.ephemeral ? clientId : 0n, t.parentCVersion, zxid, time);
          return { type, err: 0, path: t.path, stat: node.stat() };
        }
        case OpCode.createContainer: {
          const t = CreateContainerTxn.read(r);
          const node = this.createNode(t.path, t.data, t.acl, CONTAINER_EPHEMERAL_OWNER, t.parentCVersion, zxid, time);
          return { type, err: 0, path: t.path, stat: node.stat() };
        }
        case OpCode.createTTL: {
          const t = CreateTTLTxn.read(r);
          const node = this.createNode(t.path, t.data, t.acl, ttlEphemeralOwner(t.ttl), t.parentCVersion, zxid, time);
          return { type, err: 0, path: t.path, stat: node.stat() };
        }
        case OpCode.delete:
        case OpCode.deleteContainer: {
          const t = DeleteTxn.read(r);
          this.deleteNode(t.path, zxid);
          return { type, err: 0, path: t.path };
        }
        case OpCode.setData: {
          const t = SetDataTxn.read(r);
          const node = this.setData(t.path, t.data, t.version, zxid, time);
          return { type, err: 0, path: t.path, stat: node.stat() };
        }
        case OpCode.setACL: {
          const t = SetACLTxn.read(r);
          const node = this.setACL(t.path, t.acl, t.version);
          return { type, err: 0, path: t.path, stat: node.stat() };
        }
        case OpCode.check: {
          const t = CheckVersionTxn.read(r);
          return { type, err: 0, path: t.path };
        }
        case OpCode.createSession:
          CreateSessionTxn.read(r);
          return { type, err: 0 };
        case OpCode.closeSession: {
          const paths = body.length > 0 ? CloseSessionTxn.read(r).paths2Delete : [...(this.ephemerals.get(clientId)?.values() ?? [])];
          this.killSession(clientId, paths, zxid);
          return { type, err: 0 };
        }
        case OpCode.error: {
          const t = ErrorTxn.read(r);
          return { type, err: t.err };
        }
        case OpCode.multi: {
          const txns = MultiTxn.read(r).txns;
          const failed = txns.some((t) => t.type === OpCode.error);
          const results: TxnResult[] = [];
          let postFailed = false;
          for (const t of txns) {
            if (t.type === OpCode.error) {
              postFailed = true;
              results.push(this.apply(OpCode.error, t.data ?? Buffer.alloc(0), clientId, zxid, time));
            } else if (failed) {
              results.push({ type: OpCode.error, err: postFailed ? Code.RUNTIMEINCONSISTENCY : Code.OK });
            } else {
              results.push(this.apply(t.type, t.data ?? Buffer.alloc(0), clientId, zxid, time));
            }
          }
          return { type, err: 0, multi: results };
        }
        default:
          return { type, err: 0 };
      }
    } catch (e) {
      if (e instanceof KeeperError) return { type, err: e.code };
      throw e;
    }
  }

  private killSession(sessionId: bigint, paths: string[], zxid: number): void {
    for (const p of paths) {
      try {
        this.deleteNode(p, zxid);
      } catch {
        /* already gone */
      }
    }
    this.ephemerals.delete(sessionId);
  }

  // ---- snapshots -----------------------------------------------------------------------
  serialize(sessions: Map<bigint, number>): Buffer {
    const w = new JuteWriter(64 * 1024);
    w.int(sessions.size);
    for (const [id, timeout] of sessions) SnapSession.write(w, { id, timeout });
    const acls = this.aclCache.entries();
    w.int(acls.length);
    for (const [index, list] of acls) SnapAclEntry.write(w, { index, acls: list });
    const walk = (path: string, node: ZNode) => {
      w.ustring(path === "/" ? "" : path);
      SnapNodeData.write(w, {
        data: node.data, acl: node.acl,
        stat: { czxid: node.czxid, mzxid: node.mzxid, ctime: node.ctime, mtime: node.mtime, version: node.version, cversion: node.cversion, aversion: node.aversion, ephemeralOwner: node.ephemeralOwner, pzxid: node.pzxid },
      });
      if (node.children) {
        for (const c of node.childList()) {
          const cp = path === "/" ? `/${c}` : `${path}/${c}`;
          const child = this.nodes.get(cp);
          if (child) walk(cp, child);
        }
      }
    };
    walk("/", this.nodes.get("/")!);
    w.ustring("/");
    return w.bytes();
  }

  /** Replace this tree's contents from a snapshot body; returns the sessions it held. */
  deserialize(body: Buffer): Map<bigint, number> {
    const r = new JuteReader(body);
    const sessions = new Map<bigint, number>();
    const ns = r.int();
    for (let i = 0; i < ns; i++) {
      const s = SnapSession.read(r);
      sessions.set(s.id, s.timeout);
    }
    const na = r.int();
    for (let i = 0; i < na; i++) {
      const e = SnapAclEntry.read(r);
      this.aclCache.load(Number(e.index), e.acls);
    }
    this.nodes.clear();
    this.ephemerals.clear();
    this.containers.clear();
    this.ttls.clear();
    for (;;) {
      let path = r.ustring();
      if (path === "/") break;
      if (path === "") path = "/";
      const d = SnapNodeData.read(r);
      const s = d.stat;
      const node = new ZNode(d.data, Number(d.acl), Number(s.czxid), Number(s.mzxid), Number(s.ctime), Number(s.mtime), s.version, s.cversion, s.aversion, s.ephemeralOwner, Number(s.pzxid));
      this.nodes.set(path, node);
      if (path !== "/") {
        const parent = this.nodes.get(parentOf(path));
        if (parent) parent.addChild(path.slice(path.lastIndexOf("/") + 1));
        const owner = s.ephemeralOwner;
        if (owner === CONTAINER_EPHEMERAL_OWNER) this.containers.add(path);
        else if (owner !== 0n && isTtlOwner(owner)) this.ttls.add(path);
        else if (owner !== 0n) {
          let set = this.ephemerals.get(owner);
          if (!set) this.ephemerals.set(owner, (set = new JavaHashSet()));
          set.add(path);
        }
      }
    }
    this.setupQuota();
    return sessions;
  }
}
