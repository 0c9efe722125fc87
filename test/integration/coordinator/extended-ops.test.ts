/**
 * Operations beyond the classic client API, over a raw jute connection: addWatch (persistent and
 * recursive), checkWatches/removeWatches, getEphemerals, getAllChildrenNumber, multiRead, whoAmI,
 * containers and TTL nodes being reaped, the super digest, maxClientCnxns.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { eventually, removeTempDirs, stopAll } from "../../helpers/procs.js";
import { call, connectClient, errorCode, startCoordinator, zookeeper, type Client, type Coordinator } from "./coordinator-harness.js";
import { RawClient } from "./raw-client.js";
import { JuteReader } from "../../../coordinator/jute/codec.js";
import {
  AddWatchRequest, CheckWatchesRequest, CreateRequest, CreateTTLRequest, ExistsRequest, GetAllChildrenNumberRequest, GetAllChildrenNumberResponse,
  GetChildrenResponse, GetDataRequest, GetDataResponse, GetEphemeralsRequest, GetEphemeralsResponse, GetChildrenRequest, MultiHeader,
  RemoveWatchesRequest, ReplyHeader, WatcherEvent, ErrorResponse,
} from "../../../coordinator/jute/records.js";

const OPEN = [{ perms: 31, id: { scheme: "world", id: "anyone" } }];
let zk: Coordinator;
let c: Client;
const raws: RawClient[] = [];

async function raw(): Promise<RawClient> {
  const r = await RawClient.open(zk.port);
  raws.push(r);
  await r.handshake({ timeOut: 10000 });
  return r;
}
const mk = (r: RawClient, xid: number, path: string, flags = 0, type = 1) =>
  r.request(xid, type, (w) => CreateRequest.write(w, { path, data: Buffer.from("d"), acl: OPEN, flags }));

/** Read notifications that arrive within ms. */
async function events(r: RawClient, ms = 300): Promise<string[]> {
  const out: string[] = [];
  const end = Date.now() + ms;
  for (;;) {
    const left = end - Date.now();
    if (left <= 0) return out;
    let f: Buffer | undefined;
    try { f = await r.frame(left); } catch { return out; }
    if (!f) return out;
    const rd = new JuteReader(f);
    const h = ReplyHeader.read(rd);
    if (h.xid === -1) { const e = WatcherEvent.read(rd); out.push(`${e.type}:${e.path}`); }
  }
}

beforeAll(async () => {
  zk = await startCoordinator({
    "zookeeper.extendedTypesEnabled": "true",
    "znode.container.checkIntervalMs": 200,
    "zookeeper.DigestAuthenticationProvider.superDigest": "super:D/InIHSb7yEEbrWz8b9l71RjZJU=",
  });
  c = await connectClient(zk.connectString);
});
afterAll(async () => {
  c.close();
  for (const r of raws) r.close();
  await stopAll();
  removeTempDirs();
});

it("persistent and persistent-recursive watches fire repeatedly, as in ZooKeeper 3.8", async () => {
  const a = await raw();
  const b = await raw();
  expect((await mk(a, 1, "/pw"))!.hdr.err).toBe(0);
  expect((await a.request(2, 106, (w) => AddWatchRequest.write(w, { path: "/pw", mode: 1 })))!.hdr.err).toBe(0);
  expect((await a.request(3, 106, (w) => AddWatchRequest.write(w, { path: "/pw/p", mode: 0 })))!.hdr.err).toBe(0);
  await mk(b, 1, "/pw/p");
  expect(await events(a)).toEqual(["1:/pw/p"]);
  await mk(b, 2, "/pw/p/q");
  await b.request(3, 5, (w) => { w.ustring("/pw/p"); w.buffer(Buffer.from("x")); w.int(-1); });
  await b.request(4, 2, (w) => { w.ustring("/pw/p/q"); w.int(-1); });
  // recursive on /pw: created q, changed p, deleted q; persistent on /pw/p: children changed (twice), data changed
  expect(await events(a)).toEqual(["1:/pw/p/q", "4:/pw/p", "3:/pw/p", "2:/pw/p/q", "4:/pw/p"]);
  expect((await a.request(5, 17, (w) => CheckWatchesRequest.write(w, { path: "/pw/p", type: 1 })))!.hdr.err).toBe(0);
  expect((await a.request(6, 18, (w) => RemoveWatchesRequest.write(w, { path: "/pw/p", type: 3 })))!.hdr.err).toBe(0);
  expect((await a.request(7, 18, (w) => RemoveWatchesRequest.write(w, { path: "/pw/p", type: 3 })))!.hdr.err).toBe(-121);
  expect((await a.request(8, 17, (w) => CheckWatchesRequest.write(w, { path: "/nowhere", type: 2 })))!.hdr.err).toBe(-121);
});

it("re-registers watches with setWatches after a reconnect and reports missed changes", async () => {
  // node-zookeeper-client re-sends its watches on reconnect; a change while away arrives as an event
  const watcherClient = await connectClient(zk.connectString, { sessionTimeout: 10000 });
  await call((cb) => c.create("/sw", Buffer.from("0"), cb));
  const seen: string[] = [];
  await call((cb) => watcherClient.getData("/sw", (e) => seen.push(e.getName()), cb));
  const cm = (watcherClient as unknown as { connectionManager: { socket: { destroy(): void } } }).connectionManager;
  cm.socket.destroy();
  await call((cb) => c.setData("/sw", Buffer.from("1"), -1, cb));
  await eventually(() => seen.length === 1, 10_000);
  expect(seen).toEqual(["NODE_DATA_CHANGED"]);
  watcherClient.close();
});

it("getEphemerals, getAllChildrenNumber, multiRead and whoAmI", async () => {
  const a = await raw();
  await mk(a, 1, "/x");
  await mk(a, 2, "/x/e1", 1);
  await mk(a, 3, "/x/p");
  await mk(a, 4, "/x/p/e2", 1);
  const eph = await a.request(5, 103, (w) => GetEphemeralsRequest.write(w, { prefixPath: "/x" }));
  expect(GetEphemeralsResponse.read(eph!.r).ephemerals.sort()).toEqual(["/x/e1", "/x/p/e2"]);
  const n = await a.request(6, 104, (w) => GetAllChildrenNumberRequest.write(w, { path: "/x" }));
  expect(GetAllChildrenNumberResponse.read(n!.r).totalNumber).toBe(3);
  const mr = await a.request(7, 22, (w) => {
    MultiHeader.write(w, { type: 8, done: false, err: -1 });
    GetChildrenRequest.write(w, { path: "/x/p", watch: false });
    MultiHeader.write(w, { type: 4, done: false, err: -1 });
    GetDataRequest.write(w, { path: "/x/none", watch: false });
    MultiHeader.write(w, { type: 4, done: false, err: -1 });
    GetDataRequest.write(w, { path: "/x/e1", watch: false });
    MultiHeader.write(w, { type: -1, done: true, err: -1 });
  });
  const r = mr!.r;
  expect(MultiHeader.read(r)).toEqual({ type: 8, done: false, err: 0 });
  expect(GetChildrenResponse.read(r).children).toEqual(["e2"]);
  expect(MultiHeader.read(r)).toEqual({ type: -1, done: false, err: -101 });
  expect(ErrorResponse.read(r).err).toBe(-101);
  expect(MultiHeader.read(r)).toEqual({ type: 4, done: false, err: 0 });
  expect(GetDataResponse.read(r).data!.toString()).toBe("d");
  expect(MultiHeader.read(r).done).toBe(true);
  const who = await a.request(8, 107);
  const rd = who!.r;
  const count = rd.int();
  const ids = Array.from({ length: count }, () => `${rd.ustring()}:${rd.ustring()}`);
  expect(ids).toEqual(["ip:127.0.0.1"]);
});

it("reaps empty containers and expired TTL nodes; TTL needs extended types", async () => {
  const a = await raw();
  expect((await mk(a, 1, "/cont", 4, 19))!.hdr.err).toBe(0);
  expect((await mk(a, 2, "/cont/kid"))!.hdr.err).toBe(0);
  const ttl = await a.request(3, 21, (w) => CreateTTLRequest.write(w, { path: "/ttl", data: null, acl: OPEN, flags: 5, ttl: 300n }));
  expect(ttl!.hdr.err).toBe(0);
  const never = await mk(a, 4, "/empty-cont", 4, 19); // never had children: kept
  expect(never!.hdr.err).toBe(0);
  await a.request(5, 2, (w) => { w.ustring("/cont/kid"); w.int(-1); });
  const exists = async (p: string) => (await a.request(9, 3, (w) => ExistsRequest.write(w, { path: p, watch: false })))!.hdr.err === 0;
  await eventually(async () => !(await exists("/cont")) && !(await exists("/ttl")), 10_000);
  expect(await exists("/empty-cont")).toBe(true);
});

it("lets the configured super user past every ACL", async () => {
  await call((cb) => c.create("/locked", Buffer.from("s"), [new zookeeper.ACL(31, new zookeeper.Id("digest", "nobody:AAAAAAAAAAAAAAAAAAAAAAAAAAA="))], zookeeper.CreateMode.PERSISTENT, cb));
  expect(await errorCode(call((cb) => c.getData("/locked", cb)))).toBe(zookeeper.Exception.NO_AUTH);
  const su = await connectClient(zk.connectString);
  su.addAuthInfo("digest", Buffer.from("super:test"));
  const [data] = await call<[Buffer]>((cb) => su.getData("/locked", cb));
  expect(data.toString()).toBe("s");
  su.close();
});

it("limits connections per client IP with maxClientCnxns", async () => {
  const limited = await startCoordinator({ maxClientCnxns: 2 });
  const a = await RawClient.open(limited.port);
  const b = await RawClient.open(limited.port);
  raws.push(a, b);
  await a.handshake();
  await b.handshake();
  const third = await RawClient.open(limited.port);
  expect(await third.waitClosed()).toBe(true);
  await eventually(() => /Too many connections from \/127\.0\.0\.1 - max is 2/.test(limited.proc.output()));
  await limited.stop();
});

it("answers SASL packets like a ZooKeeper without SASL configured (empty token) and keeps the connection", async () => {
  const a = await raw();
  const rep = await a.request(4, 102, (w) => w.buffer(Buffer.from("token")));
  expect(rep!.hdr.err).toBe(0);
  expect(rep!.r.buffer()).toBeNull();
  const after = await a.request(5, 3, (w) => ExistsRequest.write(w, { path: "/", watch: false }));
  expect(after!.hdr.err).toBe(0);
});
