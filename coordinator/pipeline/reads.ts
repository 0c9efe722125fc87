/**
 * Read-side of the final stage (ZooKeeper's FinalRequestProcessor for non-txn requests):
 * exists, getData, getChildren(2), getACL, getAllChildrenNumber, getEphemerals, sync,
 * addWatch, checkWatches/removeWatches, whoAmI, multiRead. Watches are registered here, on
 * the connection, after the ACL check (as ZooKeeper does).
 */
import { JuteError, JuteReader, type JuteWriter } from "../jute/codec.js";
import {
  AddWatchRequest, CheckWatchesRequest, ErrorResponse, ExistsRequest, ExistsResponse, GetACLRequest, GetACLResponse,
  GetAllChildrenNumberRequest, GetAllChildrenNumberResponse, GetChildren2Request, GetChildren2Response, GetChildrenRequest,
  GetChildrenResponse, GetDataRequest, GetDataResponse, GetEphemeralsRequest, GetEphemeralsResponse, MultiHeader, RemoveWatchesRequest,
  SyncRequest, SyncResponse,
} from "../jute/records.js";
import { record, vector } from "../jute/codec.js";
import { Code, KeeperError } from "../jute/errors.js";
import { OpCode, Perms, WatcherType } from "../jute/op-codes.js";
import { checkAcl, redactDigests, type AuthId } from "../auth/acl.js";
import type { DataTree } from "../data-tree.js";
import type { Watcher } from "../watch-manager.js";
import { encodeReply, encodeReplyWith } from "./request.js";

const ClientInfo = record("ClientInfo", [["authScheme", "ustring"], ["user", "ustring"]]);
const WhoAmIResponse = record("WhoAmIResponse", [["clientInfo", vector(ClientInfo)]]);

export function isReadOp(type: number): boolean {
  switch (type) {
    case OpCode.exists: case OpCode.getData: case OpCode.getChildren: case OpCode.getChildren2: case OpCode.getACL:
    case OpCode.getAllChildrenNumber: case OpCode.getEphemerals: case OpCode.sync: case OpCode.addWatch:
    case OpCode.checkWatches: case OpCode.removeWatches: case OpCode.whoAmI: case OpCode.multiRead:
      return true;
  }
  return false;
}

export interface ReadContext {
  tree: DataTree;
  watcher: Watcher;
  sessionId: bigint;
  ids: readonly AuthId[];
}

function nodeOrThrow(tree: DataTree, path: string) {
  const n = tree.getNode(path);
  if (!n) throw new KeeperError(Code.NONODE, path);
  return n;
}

/** Execute a read; returns the reply frame. KeeperErrors become the reply's err. */
export function executeRead(ctx: ReadContext, xid: number, type: number, body: Buffer): Buffer {
  const { tree } = ctx;
  const zxid = tree.lastProcessedZxid;
  const r = new JuteReader(body);
  try {
    switch (type) {
      case OpCode.exists: {
        const req = ExistsRequest.read(r);
        if (req.path.includes("\0")) throw new KeeperError(Code.BADARGUMENTS, req.path);
        const n = tree.getNode(req.path);
        if (req.watch) tree.dataWatches.addWatch(req.path, ctx.watcher);
        if (!n) throw new KeeperError(Code.NONODE, req.path);
        return encodeReply(xid, zxid, 0, ExistsResponse, { stat: n.stat() });
      }
      case OpCode.getData: {
        const req = GetDataRequest.read(r);
        const n = nodeOrThrow(tree, req.path);
        checkAcl(tree.getAcl(n), Perms.READ, ctx.ids, req.path);
        if (req.watch) tree.dataWatches.addWatch(req.path, ctx.watcher);
        return encodeReply(xid, zxid, 0, GetDataResponse, { data: n.data, stat: n.stat() });
      }
      case OpCode.getChildren: {
        const req = GetChildrenRequest.read(r);
        const n = nodeOrThrow(tree, req.path);
        checkAcl(tree.getAcl(n), Perms.READ, ctx.ids, req.path);
        if (req.watch) tree.childWatches.addWatch(req.path, ctx.watcher);
        return encodeReply(xid, zxid, 0, GetChildrenResponse, { children: tree.getChildren(n) });
      }
      case OpCode.getChildren2: {
        const req = GetChildren2Request.read(r);
        const n = nodeOrThrow(tree, req.path);
        checkAcl(tree.getAcl(n), Perms.READ, ctx.ids, req.path);
        if (req.watch) tree.childWatches.addWatch(req.path, ctx.watcher);
        return encodeReply(xid, zxid, 0, GetChildren2Response, { children: tree.getChildren(n), stat: n.stat() });
      }
      case OpCode.getACL: {
        const req = GetACLRequest.read(r);
        const n = nodeOrThrow(tree, req.path);
        const acl = tree.getAcl(n);
        checkAcl(acl, Perms.READ | Perms.ADMIN, ctx.ids, req.path);
        let out = acl;
        try {
          checkAcl(acl, Perms.ADMIN, ctx.ids, req.path);
        } catch {
          out = redactDigests(acl);
        }
        return encodeReply(xid, zxid, 0, GetACLResponse, { acl: out, stat: n.stat() });
      }
      case OpCode.getAllChildrenNumber: {
        const req = GetAllChildrenNumberRequest.read(r);
        const n = nodeOrThrow(tree, req.path);
        checkAcl(tree.getAcl(n), Perms.READ, ctx.ids, req.path);
        return encodeReply(xid, zxid, 0, GetAllChildrenNumberResponse, { totalNumber: tree.allChildrenNumber(req.path) });
      }
      case OpCode.getEphemerals: {
        const req = GetEphemeralsRequest.read(r);
        const prefix = req.prefixPath;
        const all = tree.ephemeralsOf(ctx.sessionId);
        const list = prefix === "" || prefix.trim() === "/" ? all : all.filter((p) => p.startsWith(prefix));
        return encodeReply(xid, zxid, 0, GetEphemeralsResponse, { ephemerals: list });
      }
      case OpCode.sync: {
        const req = SyncRequest.read(r);
        return encodeReply(xid, zxid, 0, SyncResponse, { path: req.path });
      }
      case OpCode.addWatch: {
        const req = AddWatchRequest.read(r);
        if (req.mode !== 0 && req.mode !== 1) throw new KeeperError(Code.BADARGUMENTS, req.path);
        tree.addWatch(req.path, ctx.watcher, req.mode);
        return encodeReply(xid, zxid, 0, ErrorResponse, { err: 0 });
      }
      case OpCode.checkWatches:
      case OpCode.removeWatches: {
        const req = type === OpCode.checkWatches ? CheckWatchesRequest.read(r) : RemoveWatchesRequest.read(r);
        const remove = type === OpCode.removeWatches;
        const data = req.type === WatcherType.Data || req.type === WatcherType.Any;
        const child = req.type === WatcherType.Children || req.type === WatcherType.Any;
        let found = false;
        if (child) found = (remove ? tree.childWatches.removeWatcher(req.path, ctx.watcher) : tree.childWatches.containsWatcher(req.path, ctx.watcher)) || found;
        if (data) found = (remove ? tree.dataWatches.removeWatcher(req.path, ctx.watcher) : tree.dataWatches.containsWatcher(req.path, ctx.watcher)) || found;
        if (!found) throw new KeeperError(Code.NOWATCHER, req.path);
        return encodeReply(xid, zxid, 0);
      }
      case OpCode.whoAmI: {
        // provider.getUserName: digest shows the user name only
        const info = ctx.ids.map((i) => ({ authScheme: i.scheme, user: i.scheme === "digest" ? i.id.split(":")[0]! : i.id }));
        return encodeReply(xid, zxid, 0, WhoAmIResponse, { clientInfo: info });
      }
      case OpCode.multiRead:
        return multiRead(ctx, xid, zxid, r);
    }
    throw new KeeperError(Code.UNIMPLEMENTED);
  } catch (e) {
    if (e instanceof KeeperError) return encodeReply(xid, zxid, e.code);
    if (e instanceof JuteError) return encodeReply(xid, zxid, Code.MARSHALLINGERROR);
    throw e;
  }
}

function multiRead(ctx: ReadContext, xid: number, zxid: number, r: JuteReader): Buffer {
  const { tree } = ctx;
  const results: ((w: JuteWriter) => void)[] = [];
  for (;;) {
    const mh = MultiHeader.read(r);
    if (mh.done) break;
    try {
      if (mh.type === OpCode.getChildren) {
        const req = GetChildrenRequest.read(r);
        const n = nodeOrThrow(tree, req.path);
        checkAcl(tree.getAcl(n), Perms.READ, ctx.ids, req.path);
        if (req.watch) tree.childWatches.addWatch(req.path, ctx.watcher);
        const children = tree.getChildren(n);
        results.push((w) => { MultiHeader.write(w, { type: OpCode.getChildren, done: false, err: 0 }); GetChildrenResponse.write(w, { children }); });
      } else if (mh.type === OpCode.getData) {
        const req = GetDataRequest.read(r);
        const n = nodeOrThrow(tree, req.path);
        checkAcl(tree.getAcl(n), Perms.READ, ctx.ids, req.path);
        if (req.watch) tree.dataWatches.addWatch(req.path, ctx.watcher);
        const data = n.data;
        const stat = n.stat();
        results.push((w) => { MultiHeader.write(w, { type: OpCode.getData, done: false, err: 0 }); GetDataResponse.write(w, { data, stat }); });
      } else {
        // ZooKeeper's MultiOperationRecord refuses a write in a read-only multi while decoding it:
        // the whole request fails with MARSHALLINGERROR and an empty result list
        return encodeReplyWith(xid, zxid, Code.MARSHALLINGERROR, (w) => MultiHeader.write(w, { type: -1, done: true, err: -1 }));
      }
    } catch (e) {
      if (!(e instanceof KeeperError)) throw e;
      const err = e.code;
      results.push((w) => { MultiHeader.write(w, { type: OpCode.error, done: false, err }); ErrorResponse.write(w, { err }); });
    }
  }
  return encodeReplyWith(xid, zxid, 0, (w) => {
    for (const f of results) f(w);
    MultiHeader.write(w, { type: -1, done: true, err: -1 });
  });
}
