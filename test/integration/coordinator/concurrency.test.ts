/**
 * Many clients with many requests in flight: sequential names stay unique and gap-free,
 * optimistic (versioned) updates never lose an increment, and each client's answers come back
 * in request order.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { removeTempDirs, stopAll } from "../../helpers/procs.js";
import { call, connectClient, startCoordinator, type Client, type Coordinator } from "./coordinator-harness.js";

let zk: Coordinator;
const clients: Client[] = [];

beforeAll(async () => {
  zk = await startCoordinator();
  for (let i = 0; i < 6; i++) clients.push(await connectClient(zk.connectString));
  await call((cb) => clients[0]!.create("/seqs", cb));
  await call((cb) => clients[0]!.create("/counter", Buffer.from("0"), cb));
});
afterAll(async () => {
  for (const c of clients) c.close();
  await stopAll();
  removeTempDirs();
});

it("hands out unique, consecutive sequence numbers to concurrent creators", async () => {
  const per = 60;
  const names = await Promise.all(clients.map((c) =>
    Promise.all(Array.from({ length: per }, () => call<[string]>((cb) => c.create("/seqs/n-", null, 2 /* PERSISTENT_SEQUENTIAL */, cb)).then((r) => r[0])))));
  const all = names.flat().map((p) => Number(p.slice("/seqs/n-".length))).sort((a, b) => a - b);
  expect(all).toEqual(Array.from({ length: clients.length * per }, (_, i) => i));
  // each client's own creations were answered in the order it sent them
  for (const list of names) {
    const nums = list.map((p) => Number(p.slice("/seqs/n-".length)));
    expect([...nums].sort((a, b) => a - b)).toEqual(nums);
  }
});

it("never loses an increment under versioned compare-and-set from many clients", async () => {
  const perClient = 15;
  const incr = async (c: Client) => {
    for (let done = 0; done < perClient; ) {
      const [data, stat] = await call<[Buffer, { version: number }]>((cb) => c.getData("/counter", cb));
      try {
        await call((cb) => c.setData("/counter", Buffer.from(String(Number(data.toString()) + 1)), stat.version, cb));
        done++;
      } catch (e) {
        if ((e as { code?: number }).code !== -103) throw e; // BADVERSION: someone else won, retry
      }
    }
  };
  await Promise.all(clients.map(incr));
  const [data, stat] = await call<[Buffer, { version: number }]>((cb) => clients[0]!.getData("/counter", cb));
  expect(Number(data.toString())).toBe(clients.length * perClient);
  expect(stat.version).toBe(clients.length * perClient);
});
