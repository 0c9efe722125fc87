/** Handshake, session reconnect with id + password, SESSION_EXPIRED, sessions surviving a restart. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { removeTempDirs, stopAll } from "../../helpers/procs.js";
import { call, connectClient, errorCode, startCoordinator, zookeeper, type Client, type Coordinator } from "./coordinator-harness.js";
import { RawClient } from "./raw-client.js";
import { CreateRequest, GetDataRequest, GetDataResponse } from "../../../coordinator/jute/records.js";

let zk: Coordinator;
const clients: Client[] = [];
const raws: RawClient[] = [];

beforeAll(async () => {
  zk = await startCoordinator({ tickTime: 500, maxSessionTimeout: 30000 });
});
afterAll(async () => {
  for (const c of clients) c.close();
  for (const r of raws) r.close();
  await stopAll();
  removeTempDirs();
});

it("negotiates the timeout within min/max and answers with a 16-byte password", async () => {
  const raw = await RawClient.open(zk.port);
  raws.push(raw);
  const low = await raw.handshake({ timeOut: 10 });
  expect(low.timeOut).toBe(1000); // 2 x tickTime
  expect(low.passwd!.length).toBe(16);
  expect(low.sessionId).not.toBe(0n);
  expect(low.sessionId >> 56n).toBe(1n);
  expect(low.readOnly).toBeUndefined();
  const raw2 = await RawClient.open(zk.port);
  raws.push(raw2);
  const high = await raw2.handshake({ timeOut: 999_999, readOnly: false });
  expect(high.timeOut).toBe(30000);
  expect(high.readOnly).toBe(false);
  // ping
  const ping = await raw2.request(-2, 11);
  expect(ping!.hdr.xid).toBe(-2);
  expect(ping!.hdr.err).toBe(0);
  // a request answered in order with its xid
  const rep = await raw2.request(7, 4, (w) => GetDataRequest.write(w, { path: "/zookeeper", watch: false }));
  expect(rep!.hdr.xid).toBe(7);
  expect(GetDataResponse.read(rep!.r).stat.numChildren).toBe(2);
});

it("reconnects to a session with id + password and keeps its ephemerals; a wrong password is refused", async () => {
  const raw = await RawClient.open(zk.port);
  const s = await raw.handshake({ timeOut: 6000 });
  const c = await connectClient(zk.connectString, { sessionTimeout: 6000 });
  clients.push(c);
  raw.close();
  const again = await RawClient.open(zk.port);
  raws.push(again);
  const r = await again.handshake({ sessionId: s.sessionId, passwd: s.passwd!, timeOut: 6000 });
  expect(r.sessionId).toBe(s.sessionId);
  expect(r.timeOut).toBe(6000);
  const bad = await RawClient.open(zk.port);
  const rb = await bad.handshake({ sessionId: s.sessionId, passwd: Buffer.alloc(16, 7), timeOut: 6000 });
  expect(rb.timeOut).toBe(0);
  expect(rb.sessionId).toBe(0n);
  expect(await bad.waitClosed()).toBe(true);
  // node-zookeeper-client keeps its ephemeral across a reconnect with the same credentials
  await call((cb) => c.create("/keep", null, zookeeper.ACL.OPEN_ACL_UNSAFE, zookeeper.CreateMode.EPHEMERAL, cb));
  const c2 = await connectClient(zk.connectString, { sessionId: c.getSessionId(), sessionPassword: c.getSessionPassword(), sessionTimeout: 6000 } as Partial<zookeeper.Option>);
  clients.push(c2);
  expect(c2.getSessionId().toString("hex")).toBe(c.getSessionId().toString("hex"));
  const [st] = await call<[zookeeper.Stat | null]>((cb) => c2.exists("/keep", cb));
  expect(st).not.toBeNull();
});

it("answers an expired session with timeout 0 and the client reports SESSION_EXPIRED", async () => {
  const raw = await RawClient.open(zk.port);
  const s = await raw.handshake({ timeOut: 1000 });
  raw.close();
  await new Promise((r) => setTimeout(r, 2500));
  const again = await RawClient.open(zk.port);
  const r = await again.handshake({ sessionId: s.sessionId, passwd: s.passwd!, timeOut: 1000 });
  expect(r.timeOut).toBe(0);
  expect(await again.waitClosed()).toBe(true);
  expect(zk.proc.output()).toMatch(/Invalid session 0x[0-9a-f]+ for client \/127\.0\.0\.1:\d+, probably expired/);
  const c = zookeeper.createClient(zk.connectString, { sessionId: Buffer.from(s.sessionId.toString(16).padStart(16, "0"), "hex"), sessionPassword: s.passwd!, sessionTimeout: 1000 } as Partial<zookeeper.Option>);
  const state = await new Promise<string>((res) => {
    c.on("state", (st: { name: string }) => { if (st.name === "EXPIRED") res(st.name); });
    c.connect();
    setTimeout(() => res("none"), 8000);
  });
  c.close();
  expect(state).toBe("EXPIRED");
});

it("keeps sessions and their ephemerals across a restart on the same dataDir", async () => {
  const raw = await RawClient.open(zk.port);
  const s = await raw.handshake({ timeOut: 20000 });
  const mk = (path: string, flags: number) => raw.request(1, 1, (w) => CreateRequest.write(w, { path, data: Buffer.from("x"), acl: [{ perms: 31, id: { scheme: "world", id: "anyone" } }], flags }));
  expect((await mk("/survivor", 1))!.hdr.err).toBe(0);
  expect((await mk("/persisted", 0))!.hdr.err).toBe(0);
  raw.close(); // drop the connection without closing the session
  await zk.restart();
  const sid = Buffer.from(s.sessionId.toString(16).padStart(16, "0"), "hex");
  const c2 = await connectClient(zk.connectString, { sessionId: sid, sessionPassword: s.passwd!, sessionTimeout: 20000 } as Partial<zookeeper.Option>);
  clients.push(c2);
  expect(c2.getSessionId().toString("hex")).toBe(sid.toString("hex"));
  const [data, st] = await call<[Buffer, zookeeper.Stat]>((cb) => c2.getData("/survivor", cb));
  expect(data.toString()).toBe("x");
  expect(st.ephemeralOwner.toString("hex")).toBe(sid.toString("hex"));
  expect((await call<[Buffer]>((cb) => c2.getData("/persisted", cb)))[0].toString()).toBe("x");
  expect(await errorCode(call((cb) => c2.create("/persisted", cb)))).toBe(zookeeper.Exception.NODE_EXISTS);
  // closing the session after the restart removes the ephemeral
  c2.close();
  const c3 = await connectClient(zk.connectString);
  clients.push(c3);
  const { eventually } = await import("../../helpers/procs.js");
  await eventually(async () => (await call<[unknown]>((cb) => c3.exists("/survivor", cb)))[0] === null, 10_000);
});
