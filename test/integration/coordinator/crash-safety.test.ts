/**
 * Crash safety of our coordinator: a stream of writes through node-zookeeper-client, the server
 * SIGKILLed mid-stream, restarted on the same dataDir: every write that was acknowledged is
 * there. Several kill/restart rounds on one dataDir also exercise torn-tail recovery followed
 * by more appends, and (with a low snapCount) snapshots taken mid-stream.
 */
import zookeeper from "node-zookeeper-client";
import { afterAll, describe, expect, it } from "vitest";
import { coordinatorBuilt, startCoordinator } from "../../helpers/coordinator.js";
import { connect, create, setData, type Client } from "../../helpers/zk-client.js";
import { removeTempDirs, stopAll } from "../../helpers/procs.js";

afterAll(async () => {
  await stopAll();
  removeTempDirs();
});

const getData = (c: Client, path: string) =>
  new Promise<string | undefined>((res, rej) =>
    c.getData(path, (e, d) => (e ? ("getCode" in e && e.getCode() === zookeeper.Exception.NO_NODE ? res(undefined) : rej(e)) : res(d ? d.toString() : ""))));
const getChildren = (c: Client, path: string) =>
  new Promise<string[]>((res, rej) => c.getChildren(path, (e, ch) => (e ? rej(e) : res(ch))));

/** What the clients were told succeeded. */
interface Acked {
  created: Map<string, string>;
  /** node -> highest counter whose setData was acknowledged */
  sets: Map<string, number>;
}

/**
 * `writers` concurrent loops of create + setData until `stop()`; failures after the kill are
 * expected (connection loss) and simply not recorded.
 */
function streamWrites(c: Client, round: number, writers: number, acked: Acked) {
  let stopped = false;
  const loops = Array.from({ length: writers }, async (_, w) => {
    const counter = `/crash/counter-${w}`;
    for (let i = 0; !stopped; i++) {
      const path = `/crash/r${round}-w${w}-${i}`;
      const data = `round ${round} writer ${w} seq ${i}`;
      try {
        await create(c, path, data);
        acked.created.set(path, data);
        await setData(c, counter, String(round * 1_000_000 + i));
        acked.sets.set(counter, round * 1_000_000 + i);
      } catch {
        return;
      }
    }
  });
  return { stop: () => { stopped = true; }, done: Promise.all(loops) };
}

async function verify(connectString: string, acked: Acked): Promise<void> {
  const c = await connect(connectString);
  try {
    const children = new Set(await getChildren(c, "/crash"));
    const missing = [...acked.created.keys()].filter((p) => !children.has(p.slice("/crash/".length)));
    expect(missing, `acknowledged creates missing after restart`).toEqual([]);
    for (const [path, data] of [...acked.created].filter((_, i) => i % 7 === 0)) expect(await getData(c, path)).toBe(data);
    for (const [path, n] of acked.sets) {
      const v = Number(await getData(c, path));
      // A later set may have been applied without its reply reaching us, never an earlier value.
      expect(v, path).toBeGreaterThanOrEqual(n);
    }
  } finally {
    c.close();
  }
}

const waitUntil = async (cond: () => boolean, timeoutMs: number) => {
  const end = Date.now() + timeoutMs;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
};

describe.skipIf(!coordinatorBuilt())("coordinator crash safety (SIGKILL during acknowledged writes)", () => {
  for (const { snapCount, writers } of [{ snapCount: 100_000, writers: 8 }, { snapCount: 10, writers: 48 }]) {
    it(`every acknowledged write survives SIGKILL, over 3 kill/restart rounds (${writers} writers, snapCount=${snapCount})`, async () => {
      const zk = await startCoordinator({ extraConfig: { snapCount, forceSync: "yes" } });
      const acked: Acked = { created: new Map(), sets: new Map() };
      let c = await connect(zk.connectString);
      await create(c, "/crash", "");
      for (let w = 0; w < writers; w++) await create(c, `/crash/counter-${w}`, "0");
      c.close();
      for (let round = 1; round <= 3; round++) {
        c = await connect(zk.connectString);
        const before = acked.created.size;
        const s = streamWrites(c, round, writers, acked);
        // Kill mid-stream, once some writes of this round were acknowledged.
        await waitUntil(() => acked.created.size >= before + 300 + round * 137, 15_000);
        await zk.kill9();
        s.stop();
        c.close();
        await s.done;
        expect(acked.created.size).toBeGreaterThan(before);
        await zk.restart();
        await verify(zk.connectString, acked);
      }
      await zk.stop();
    });
  }
});
