/** The jute codec against byte fixtures built from zookeeper.jute's layouts. */
import { describe, expect, it } from "vitest";
import { JuteError, JuteReader, JuteWriter, deserialize, serialize } from "../../../coordinator/jute/codec.js";
import { ACL, ConnectRequest, CreateRequest, GetDataResponse, MultiHeader, ReplyHeader, Stat, TxnHeader, WatcherEvent } from "../../../coordinator/jute/records.js";
import { Code, KeeperError, codeName } from "../../../coordinator/jute/errors.js";
import { OpCode } from "../../../coordinator/jute/op-codes.js";

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ""), "hex");

describe("jute codec", () => {
  it("encodes a ConnectRequest as clients send it", () => {
    const b = serialize(ConnectRequest, { protocolVersion: 0, lastZxidSeen: 0, timeOut: 30000, sessionId: 0n, passwd: Buffer.alloc(16) });
    expect(b).toEqual(hex("00000000 0000000000000000 00007530 0000000000000000 00000010" + "00".repeat(16)));
    const d = deserialize(ConnectRequest, b);
    expect(d.timeOut).toBe(30000);
    expect(d.sessionId).toBe(0n);
    expect(d.passwd!.length).toBe(16);
  });

  it("encodes ReplyHeader with a negative error code and a 64-bit zxid", () => {
    const b = serialize(ReplyHeader, { xid: 1, zxid: 0x1_0000_0010n, err: Code.NONODE });
    expect(b).toEqual(hex("00000001 0000000100000010 ffffff9b"));
    expect(deserialize(ReplyHeader, b)).toEqual({ xid: 1, zxid: 0x1_0000_0010n, err: -101 });
  });

  it("writes longs given as numbers or bigints identically (including negatives)", () => {
    const a = new JuteWriter(16), b = new JuteWriter(16);
    a.long(-2); b.long(-2n);
    expect(a.bytes()).toEqual(b.bytes());
    a.reset(); a.long(0x1234_5678_9abc); expect(new JuteReader(a.bytes()).long()).toBe(0x1234_5678_9abcn);
    a.reset(); a.long(0x1234_5678_9abc); expect(new JuteReader(a.bytes()).longNumber()).toBe(0x1234_5678_9abc);
  });

  it("encodes null buffers, strings and vectors as length -1", () => {
    const w = new JuteWriter(16);
    w.buffer(null); w.ustring(null);
    expect(w.bytes()).toEqual(hex("ffffffff ffffffff"));
    const r = new JuteReader(w.bytes());
    expect(r.buffer()).toBeNull();
    expect(r.ustring()).toBe("");
  });

  it("round-trips nested records (CreateRequest with ACLs, GetDataResponse with Stat)", () => {
    const req = { path: "/a/b", data: Buffer.from("xyz"), acl: [{ perms: 31, id: { scheme: "world", id: "anyone" } }], flags: 3 };
    const b = serialize(CreateRequest, req);
    expect(b).toEqual(hex("00000004 2f612f62 00000003 78797a 00000001 0000001f 00000005 776f726c64 00000006 616e796f6e65 00000003"));
    expect(deserialize(CreateRequest, b)).toEqual(req);
    const stat = { czxid: 1n, mzxid: 2n, ctime: 3n, mtime: 4n, version: 5, cversion: 6, aversion: 7, ephemeralOwner: -1n, dataLength: 3, numChildren: 0, pzxid: 9n };
    const gd = serialize(GetDataResponse, { data: Buffer.from("abc"), stat });
    expect(gd.length).toBe(4 + 3 + 68);
    expect(deserialize(GetDataResponse, gd).stat).toEqual(stat);
    expect(serialize(Stat, stat).length).toBe(68);
  });

  it("has the fixed sizes the pipeline relies on", () => {
    expect(serialize(TxnHeader, { clientId: 1n, cxid: 2, zxid: 3n, time: 4n, type: OpCode.create }).length).toBe(32);
    expect(serialize(MultiHeader, { type: -1, done: true, err: -1 })).toEqual(hex("ffffffff 01 ffffffff"));
    expect(serialize(WatcherEvent, { type: 3, state: 3, path: "/w" })).toEqual(hex("00000003 00000003 00000002 2f77"));
    expect(serialize(ACL, { perms: 1, id: { scheme: "ip", id: "1.2.3.4" } }).length).toBe(4 + 4 + 2 + 4 + 7);
  });

  it("throws JuteError on truncated input and absurd vector counts", () => {
    expect(() => deserialize(ReplyHeader, hex("00000001 00"))).toThrow(JuteError);
    expect(() => deserialize(CreateRequest, hex("00000002 2f61 ffffffff 7fffffff"))).toThrow(JuteError);
  });
});

describe("error catalogue", () => {
  it("carries ZooKeeper's codes and names", () => {
    expect(Code.NONODE).toBe(-101);
    expect(Code.NODEEXISTS).toBe(-110);
    expect(Code.SESSIONEXPIRED).toBe(-112);
    expect(codeName(-103)).toBe("BADVERSION");
    const e = new KeeperError(Code.NOTEMPTY, "/x");
    expect(e.message).toBe("KeeperErrorCode = Directory not empty for /x");
    expect(e.code).toBe(-111);
  });
});
