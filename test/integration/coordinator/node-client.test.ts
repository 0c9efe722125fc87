/** node-zookeeper-client against our coordinator: CRUD, create modes, Stat, errors, watches, multi, ACLs. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, removeTempDirs, stopAll } from "../../helpers/procs.js";
import { call, connectClient, errorCode, startCoordinator, zookeeper, type Client, type Coordinator } from "./coordinator-harness.js";

const { CreateMode, ACL, Id, Exception } = zookeeper;
let zk: Coordinator;
let c: Client;
const clients: Client[] = [];

const create = (cl: Client, path: string, data?: Buffer | null, mode = CreateMode.PERSISTENT, acl = zookeeper.ACL.OPEN_ACL_UNSAFE) =>
  call<[string]>((cb) => cl.create(path, data ?? null, acl, mode, cb)).then((r) => r[0]);
const get = (cl: Client, path: string, watcher?: (e: zookeeper.Event) => void) =>
  call<[Buffer, zookeeper.Stat]>((cb) => (watcher ? cl.getData(path, watcher, cb) : cl.getData(path, cb)));
const num = (b: Buffer) => Number(b.readBigInt64BE(0));

beforeAll(async () => {
  zk = await startCoordinator();
  c = await connectClient(zk.connectString);
  clients.push(c);
});
afterAll(async () => {
  for (const cl of clients) cl.close();
  await stopAll();
  removeTempDirs();
});

describe("CRUD and Stat", () => {
  it("creates, reads, updates and deletes with full Stat", async () => {
    expect(await create(c, "/crud", Buffer.from("v1"))).toBe("/crud");
    const [data, stat] = await get(c, "/crud");
    expect(data.toString()).toBe("v1");
    expect(stat.version).toBe(0);
    expect(stat.dataLength).toBe(2);
    expect(stat.numChildren).toBe(0);
    expect(num(stat.czxid)).toBe(num(stat.mzxid));
    expect(num(stat.pzxid)).toBe(num(stat.czxid));
    expect(num(stat.ephemeralOwner)).toBe(0);
    const [s2] = await call<[zookeeper.Stat]>((cb) => c.setData("/crud", Buffer.from("v2"), 0, cb));
    expect(s2.version).toBe(1);
    expect(num(s2.mzxid)).toBeGreaterThan(num(s2.czxid));
    await create(c, "/crud/a");
    await create(c, "/crud/b");
    const [, parent] = await get(c, "/crud");
    expect(parent.numChildren).toBe(2);
    expect(parent.cversion).toBe(2);
    await call((cb) => c.remove("/crud/a", -1, cb));
    const [, parent2] = await get(c, "/crud");
    expect(parent2.cversion).toBe(3);
    expect(parent2.numChildren).toBe(1);
    const [children] = await call<[string[]]>((cb) => c.getChildren("/crud", cb));
    expect(children).toEqual(["b"]);
    expect((await call<[zookeeper.Stat]>((cb) => c.exists("/crud/nope", cb)))[0]).toBeNull();
  });

  it("returns ZooKeeper's error codes", async () => {
    await create(c, "/err");
    await create(c, "/err/child");
    expect(await errorCode(create(c, "/err"))).toBe(Exception.NODE_EXISTS);
    expect(await errorCode(create(c, "/missing/x"))).toBe(Exception.NO_NODE);
    expect(await errorCode(call((cb) => c.remove("/err", -1, cb)))).toBe(Exception.NOT_EMPTY);
    expect(await errorCode(call((cb) => c.setData("/err", Buffer.from("x"), 42, cb)))).toBe(Exception.BAD_VERSION);
    expect(await errorCode(call((cb) => c.remove("/err/child", 7, cb)))).toBe(Exception.BAD_VERSION);
    expect(await errorCode(get(c, "/nonexistent"))).toBe(Exception.NO_NODE);
    await create(c, "/err/eph", null, CreateMode.EPHEMERAL);
    expect(await errorCode(create(c, "/err/eph/kid"))).toBe(Exception.NO_CHILDREN_FOR_EPHEMERALS);
    expect(await errorCode(call((cb) => c.remove("/zookeeper", -1, cb)))).toBe(Exception.BAD_ARGUMENTS);
  });

  it("has /zookeeper, /zookeeper/quota and /zookeeper/config", async () => {
    const [kids] = await call<[string[]]>((cb) => c.getChildren("/zookeeper", cb));
    expect(kids.sort()).toEqual(["config", "quota"]);
    const [acl] = await call<[zookeeper.ACL[]]>((cb) => c.getACL("/zookeeper/config", cb));
    expect(acl[0]!.permission).toBe(1);
  });
});

describe("create modes", () => {
  it("names sequential nodes %010d from the parent's child-create count", async () => {
    await create(c, "/seq");
    expect(await create(c, "/seq/n-", null, CreateMode.PERSISTENT_SEQUENTIAL)).toBe("/seq/n-0000000000");
    expect(await create(c, "/seq/n-", null, CreateMode.EPHEMERAL_SEQUENTIAL)).toBe("/seq/n-0000000001");
    await call((cb) => c.remove("/seq/n-0000000000", -1, cb));
    expect(await create(c, "/seq/n-", null, CreateMode.PERSISTENT_SEQUENTIAL)).toBe("/seq/n-0000000002");
  });

  it("marks ephemerals with the session id", async () => {
    await create(c, "/eph", null, CreateMode.EPHEMERAL);
    const [, st] = await get(c, "/eph");
    expect(st.ephemeralOwner.toString("hex")).toBe(c.getSessionId().toString("hex"));
  });

  it("deletes a session's ephemerals on close and fires their watches", async () => {
    const other = await connectClient(zk.connectString);
    await create(other, "/gone", null, CreateMode.EPHEMERAL);
    const events: string[] = [];
    await call((cb) => c.exists("/gone", (e) => events.push(e.getName()), cb));
    other.close();
    await eventually(() => events.length === 1, 10_000);
    expect(events).toEqual(["NODE_DELETED"]);
  });
});

describe("watches", () => {
  it("fires data, exists and child watches once, event before the new data", async () => {
    await create(c, "/w", Buffer.from("0"));
    const order: string[] = [];
    await get(c, "/w", (e) => order.push(`event:${e.getName()}`));
    await call((cb) => c.getChildren("/w", (e) => order.push(`child:${e.getName()}`), cb));
    await call((cb) => c.exists("/w/new", (e) => order.push(`exists:${e.getName()}`), cb));
    const writer = await connectClient(zk.connectString);
    clients.push(writer);
    await call((cb) => writer.setData("/w", Buffer.from("1"), -1, cb));
    const [data] = await get(c, "/w");
    order.push(`data:${data.toString()}`);
    expect(order).toEqual(["event:NODE_DATA_CHANGED", "data:1"]);
    await create(writer, "/w/new");
    await eventually(() => order.length === 4);
    expect(order.slice(2).sort()).toEqual(["child:NODE_CHILDREN_CHANGED", "exists:NODE_CREATED"]);
    // one-shot: a second change fires nothing
    await call((cb) => writer.setData("/w", Buffer.from("2"), -1, cb));
    await get(c, "/w");
    expect(order.length).toBe(4);
  });
});

describe("multi", () => {
  it("commits atomically with per-op results", async () => {
    await create(c, "/m");
    const [res] = await call<[{ type: number; path?: string }[]]>((cb) =>
      c.transaction().create("/m/a", Buffer.from("a")).setData("/m", Buffer.from("x"), 0).check("/m", 1).remove("/m/a", 0).commit(cb));
    expect(res.map((r) => r.type)).toEqual([1, 5, 13, 2]);
    expect(res[0]!.path).toBe("/m/a");
  });

  it("rolls back everything when one op fails", async () => {
    let err: unknown;
    let results: { type: number; err?: number }[] = [];
    try {
      await call((cb) => c.transaction().create("/m/b").check("/m", 99).create("/m/c").commit((e: Error | null, r?: unknown) => {
        results = (r ?? []) as typeof results;
        cb(e);
      }));
    } catch (e) { err = e; }
    expect(err).toBeDefined();
    expect((err as { code: number }).code).toBe(Exception.BAD_VERSION);
    expect((await call<[zookeeper.Stat]>((cb) => c.exists("/m/b", cb)))[0]).toBeNull();
    expect((await call<[zookeeper.Stat]>((cb) => c.exists("/m/c", cb)))[0]).toBeNull();
    void results;
  });
});

describe("ACLs", () => {
  it("enforces digest ACLs, world READ, and reports NOAUTH / INVALIDACL", async () => {
    const alice = await connectClient(zk.connectString);
    clients.push(alice);
    alice.addAuthInfo("digest", Buffer.from("alice:secret"));
    await create(alice, "/secure", Buffer.from("s"), CreateMode.PERSISTENT, [new ACL(31, new Id("auth", "")), new ACL(1, new Id("world", "anyone"))]);
    const [acl] = await call<[zookeeper.ACL[]]>((cb) => alice.getACL("/secure", cb));
    expect(acl.map((a) => `${a.id.scheme}:${a.permission}`).sort()).toEqual(["digest:31", "world:1"]);
    expect(acl.find((a) => a.id.scheme === "digest")!.id.id).toMatch(/^alice:/);
    // anonymous: READ ok, WRITE/CREATE/DELETE/ADMIN denied
    expect((await get(c, "/secure"))[0].toString()).toBe("s");
    expect(await errorCode(call((cb) => c.setData("/secure", Buffer.from("x"), -1, cb)))).toBe(Exception.NO_AUTH);
    expect(await errorCode(create(c, "/secure/kid"))).toBe(Exception.NO_AUTH);
    expect(await errorCode(call((cb) => c.setACL("/secure", zookeeper.ACL.OPEN_ACL_UNSAFE, -1, cb)))).toBe(Exception.NO_AUTH);
    await create(alice, "/secure/kid");
    expect(await errorCode(call((cb) => c.remove("/secure/kid", -1, cb)))).toBe(Exception.NO_AUTH);
    await call((cb) => alice.setData("/secure", Buffer.from("t"), -1, cb));
    // "auth" without any authenticated id is an invalid ACL
    expect(await errorCode(create(c, "/badacl", null, CreateMode.PERSISTENT, [new ACL(31, new Id("auth", ""))]))).toBe(Exception.INVALID_ACL);
    // setACL bumps aversion and BADVERSION on a stale one
    const [st] = await call<[zookeeper.Stat]>((cb) => alice.setACL("/secure", zookeeper.ACL.OPEN_ACL_UNSAFE, 0, cb));
    expect(st.aversion).toBe(1);
    expect(await errorCode(call((cb) => alice.setACL("/secure", zookeeper.ACL.OPEN_ACL_UNSAFE, 0, cb)))).toBe(Exception.BAD_VERSION);
  });

  it("checks ip ACLs against the client address", async () => {
    await create(c, "/iponly", Buffer.from("ip"), CreateMode.PERSISTENT, [new ACL(31, new Id("ip", "127.0.0.1"))]);
    expect((await get(c, "/iponly"))[0].toString()).toBe("ip");
    await create(c, "/otherip", Buffer.from("no"), CreateMode.PERSISTENT, [new ACL(31, new Id("ip", "10.1.2.0/24"))]);
    expect(await errorCode(get(c, "/otherip"))).toBe(Exception.NO_AUTH);
  });
});
