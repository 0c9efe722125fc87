/** Bad input closes only the offending connection, with a log line; other clients keep working. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { eventually, removeTempDirs, stopAll } from "../../helpers/procs.js";
import { call, connectClient, startCoordinator, type Client, type Coordinator } from "./coordinator-harness.js";
import { RawClient } from "./raw-client.js";
import { GetDataRequest, MultiHeader } from "../../../coordinator/jute/records.js";

let zk: Coordinator;
let good: Client;

beforeAll(async () => {
  zk = await startCoordinator({ "jute.maxbuffer": 4096 });
  good = await connectClient(zk.connectString);
  await call((cb) => good.create("/alive", Buffer.from("yes"), cb));
});
afterAll(async () => {
  good.close();
  await stopAll();
  removeTempDirs();
});

async function stillWorks() {
  const [data] = await call<[Buffer]>((cb) => good.getData("/alive", cb));
  expect(data.toString()).toBe("yes");
}

it("closes a connection that sends garbage bytes", async () => {
  const raw = await RawClient.open(zk.port);
  raw.write(Buffer.from("\x00\x00\x00\x10this is garbage!"));
  expect(await raw.waitClosed()).toBe(true);
  await eventually(() => /malformed/.test(zk.proc.output()));
  await stillWorks();
});

it("closes a connection whose length prefix exceeds jute.maxbuffer, or is negative", async () => {
  const raw = await RawClient.open(zk.port);
  raw.write(Buffer.from([0x00, 0x10, 0x00, 0x00, 1, 2, 3]));
  expect(await raw.waitClosed()).toBe(true);
  await eventually(() => /Len error.*advertised length of 1048576/.test(zk.proc.output()));
  const neg = await RawClient.open(zk.port);
  neg.write(Buffer.from([0xff, 0xff, 0xff, 0xf0]));
  expect(await neg.waitClosed()).toBe(true);
  await stillWorks();
});

it("closes a connected client that sends an oversize request", async () => {
  const raw = await RawClient.open(zk.port);
  await raw.handshake();
  const big = Buffer.alloc(8192 + 4);
  big.writeInt32BE(8192, 0);
  raw.write(big);
  expect(await raw.waitClosed()).toBe(true);
  await stillWorks();
});

it("answers an unknown opcode with UNIMPLEMENTED and closes that connection", async () => {
  const raw = await RawClient.open(zk.port);
  await raw.handshake();
  const rep = await raw.request(5, 999, (w) => w.int(1));
  expect(rep!.hdr.err).toBe(-6);
  expect(await raw.waitClosed()).toBe(true);
  await eventually(() => /unknown type 999/.test(zk.proc.output()));
  await stillWorks();
});

it("closes a connection that sends a request before connecting", async () => {
  const raw = await RawClient.open(zk.port);
  const rep = await raw.request(1, 4, (w) => GetDataRequest.write(w, { path: "/alive", watch: false }));
  expect(rep).toBeUndefined();
  expect(await raw.waitClosed()).toBe(true);
  await eventually(() => /Refusing session request|malformed/.test(zk.proc.output()));
  await stillWorks();
});

it("answers a truncated request body with MARSHALLINGERROR and keeps the connection, as ZooKeeper does", async () => {
  const raw = await RawClient.open(zk.port);
  await raw.handshake();
  // getData whose path length claims 100 bytes but carries 3; then a setData likewise
  const rep = await raw.request(9, 4, (w) => { w.int(100); w.raw(Buffer.from("abc")); });
  expect(rep!.hdr.err).toBe(-5);
  const rep2 = await raw.request(10, 5, (w) => { w.int(100); w.raw(Buffer.from("abc")); });
  expect(rep2!.hdr.err).toBe(-5);
  const ok = await raw.request(11, 4, (w) => GetDataRequest.write(w, { path: "/alive", watch: false }));
  expect(ok!.hdr.err).toBe(0);
  raw.close();
  await stillWorks();
});

it("answers a multi containing a read op with MARSHALLINGERROR", async () => {
  const raw = await RawClient.open(zk.port);
  await raw.handshake();
  const rep = await raw.request(3, 14, (w) => {
    MultiHeader.write(w, { type: 4, done: false, err: -1 });
    GetDataRequest.write(w, { path: "/alive", watch: false });
    MultiHeader.write(w, { type: -1, done: true, err: -1 });
  });
  expect(rep!.hdr.err).toBe(-5);
  raw.close();
});
