/** DataTree: stats as ZooKeeper reports them, ephemerals, txn application, multi, snapshots. */
import { describe, expect, it } from "vitest";
import { DataTree, CONTAINER_EPHEMERAL_OWNER } from "../../../coordinator/data-tree.js";
import { JuteWriter } from "../../../coordinator/jute/codec.js";
import { CloseSessionTxn, CreateTxn, ErrorTxn, MultiTxn, SetDataTxn } from "../../../coordinator/jute/records.js";
import { OpCode } from "../../../coordinator/jute/op-codes.js";
import type { Watcher } from "../../../coordinator/watch-manager.js";

const OPEN = [{ perms: 31, id: { scheme: "world", id: "anyone" } }];

function bytes(write: (w: JuteWriter) => void): Buffer {
  const w = new JuteWriter(256);
  write(w);
  return w.bytes();
}
const hdr = (type: number, zxid: number, clientId = 5n) => ({ clientId, cxid: 1, zxid: BigInt(zxid), time: 1000n + BigInt(zxid), type });

describe("DataTree", () => {
  it("starts with ZooKeeper 3.8's system nodes and their reported stats", () => {
    const t = new DataTree();
    expect(t.getNode("/")!.stat().cversion).toBe(-1);
    expect(t.getNode("/zookeeper")!.stat().cversion).toBe(-2);
    expect(t.getAcl(t.getNode("/zookeeper/config")!)).toEqual([{ perms: 1, id: { scheme: "world", id: "anyone" } }]);
    expect(t.getNode("/zookeeper/config")!.aversion).toBe(-1);
    expect(t.nodeCount()).toBe(4);
  });

  it("reports cversion as child creations plus deletions, pzxid as the last child change", () => {
    const t = new DataTree();
    t.createNode("/p", null, OPEN, 0n, -1, 1, 10);
    t.createNode("/p/a", null, OPEN, 0n, -1, 2, 11);
    t.createNode("/p/b", null, OPEN, 0n, -1, 3, 12);
    t.deleteNode("/p/a", 4);
    const s = t.getNode("/p")!.stat();
    expect(s.cversion).toBe(3);
    expect(s.numChildren).toBe(1);
    expect(s.pzxid).toBe(4);
    expect(t.getNode("/p")!.cversion).toBe(2); // stored: creations only (names sequential children)
  });

  it("tracks ephemerals per session and deletes them on closeSession", () => {
    const t = new DataTree();
    t.processTxn(hdr(OpCode.create, 1), bytes((w) => CreateTxn.write(w, { path: "/e", data: null, acl: OPEN, ephemeral: true, parentCVersion: 1 })));
    expect(t.ephemeralsOf(5n)).toEqual(["/e"]);
    expect(t.getNode("/e")!.ephemeralOwner).toBe(5n);
    t.processTxn(hdr(OpCode.closeSession, 2), bytes((w) => CloseSessionTxn.write(w, { paths2Delete: ["/e"] })));
    expect(t.getNode("/e")).toBeUndefined();
    expect(t.ephemeralsOf(5n)).toEqual([]);
    expect(t.lastProcessedZxid).toBe(2);
  });

  it("applies a failed multi as errors: OK before the failure, RUNTIMEINCONSISTENCY after", () => {
    const t = new DataTree();
    const create = bytes((w) => CreateTxn.write(w, { path: "/m", data: null, acl: OPEN, ephemeral: false, parentCVersion: 1 }));
    const txns = [
      { type: OpCode.create, data: create },
      { type: OpCode.error, data: bytes((w) => ErrorTxn.write(w, { err: -103 })) },
      { type: OpCode.error, data: bytes((w) => ErrorTxn.write(w, { err: -2 })) },
    ];
    const res = t.processTxn(hdr(OpCode.multi, 1), bytes((w) => MultiTxn.write(w, { txns })));
    expect(res.multi!.map((r) => [r.type, r.err])).toEqual([[-1, 0], [-1, -103], [-1, -2]]);
    expect(t.getNode("/m")).toBeUndefined();
  });

  it("setData bumps version/mzxid and fires the data watch once", () => {
    const t = new DataTree();
    t.createNode("/d", Buffer.from("a"), OPEN, 0n, -1, 1, 10);
    const events: [number, string][] = [];
    const w: Watcher = { sessionId: 1n, process: (type, path) => events.push([type, path]) };
    t.dataWatches.addWatch("/d", w);
    t.processTxn(hdr(OpCode.setData, 2), bytes((wr) => SetDataTxn.write(wr, { path: "/d", data: Buffer.from("bb"), version: 1 })));
    t.processTxn(hdr(OpCode.setData, 3), bytes((wr) => SetDataTxn.write(wr, { path: "/d", data: Buffer.from("c"), version: 2 })));
    expect(events).toEqual([[3, "/d"]]);
    const s = t.getNode("/d")!.stat();
    expect([s.version, s.mzxid, s.dataLength]).toEqual([2, 3, 1]);
  });

  it("serializes and restores a snapshot (nodes, ACLs, sessions, ephemerals, containers)", () => {
    const t = new DataTree();
    t.createNode("/a", Buffer.from("x"), [{ perms: 1, id: { scheme: "digest", id: "u:h" } }], 0n, -1, 1, 10);
    t.createNode("/a/e", null, OPEN, 77n, -1, 2, 11);
    t.createNode("/c", null, OPEN, CONTAINER_EPHEMERAL_OWNER, -1, 3, 12);
    const body = t.serialize(new Map([[77n, 4000]]));
    const u = new DataTree();
    const sessions = u.deserialize(body);
    expect(sessions).toEqual(new Map([[77n, 4000]]));
    expect(u.getNode("/a")!.data!.toString()).toBe("x");
    expect(u.getAcl(u.getNode("/a")!)).toEqual([{ perms: 1, id: { scheme: "digest", id: "u:h" } }]);
    expect(u.ephemeralsOf(77n)).toEqual(["/a/e"]);
    expect([...u.containers]).toEqual(["/c"]);
    expect(u.getNode("/")!.stat()).toEqual(t.getNode("/")!.stat());
    expect(u.getChildren(u.getNode("/")!).sort()).toEqual(["a", "c", "zookeeper"]);
  });

  it("counts all descendants", () => {
    const t = new DataTree();
    t.createNode("/x", null, OPEN, 0n, -1, 1, 1);
    t.createNode("/x/y", null, OPEN, 0n, -1, 2, 1);
    t.createNode("/x/y/z", null, OPEN, 0n, -1, 3, 1);
    expect(t.allChildrenNumber("/x")).toBe(2);
  });
});

describe("children order", () => {
  it("lists children in the order Apache ZooKeeper's HashSet does (fixture captured from ZooKeeper 3.8)", () => {
    const t = new DataTree();
    t.createNode("/b", null, OPEN, 0n, -1, 1, 1);
    const names = ["broker0", "broker1", "broker2", "broker3", "broker4", "broker5", "broker6", "broker7", "broker8", "broker9", "broker10", "broker11", "topic-a", "n7", "zeta", "alpha"];
    let z = 2;
    for (const n of names) t.createNode(`/b/${n}`, null, OPEN, 0n, -1, z++, 1);
    expect(t.getChildren(t.getNode("/b")!)).toEqual(["broker2", "zeta", "broker1", "broker4", "broker3", "broker6", "broker5", "broker8", "broker7", "n7", "broker0", "broker10", "broker11", "alpha", "broker9", "topic-a"]);
    for (const n of names.slice(0, 5)) t.deleteNode(`/b/${n}`, z++);
    t.createNode("/b/broker3", null, OPEN, 0n, -1, z++, 1);
    expect(t.getChildren(t.getNode("/b")!)).toEqual(["zeta", "broker3", "broker6", "broker5", "broker8", "broker7", "n7", "broker10", "broker11", "alpha", "broker9", "topic-a"]);
    expect(t.getChildren(t.getNode("/zookeeper")!)).toEqual(["config", "quota"]);
  });
});
