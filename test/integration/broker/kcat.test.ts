import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, startZooKeeper, type Broker } from "../../helpers/broker.js";
import { removeTempDirs, run, stopAll } from "../../helpers/procs.js";

let broker: Broker;
beforeAll(async () => {
  const zk = await startZooKeeper();
  broker = await startBroker({ zkConnect: zk.connectString });
}, 60_000);
afterAll(async () => { await stopAll(); removeTempDirs(); });

const kcat = (args: string[], input?: string) => run("kcat", ["-b", broker.bootstrap, ...args], { input, timeoutMs: 30_000 });

describe("kcat (librdkafka) against the broker", () => {
  it("lists metadata", async () => {
    const r = await kcat(["-L"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`broker 0 at 127.0.0.1:${broker.port} (controller)`);
  });

  for (const codec of ["none", "gzip", "snappy", "lz4", "zstd"]) {
    it(`produces (${codec}, keyed, auto-created topic) and consumes back`, async () => {
      const topic = `kcat-${codec}`;
      const lines = Array.from({ length: 200 }, (_, i) => `key${i % 7}:value-${codec}-${i}`);
      const p = await kcat(["-P", "-t", topic, "-K:", "-z", codec, "-X", "topic.request.required.acks=-1"], lines.join("\n") + "\n");
      expect(p.stderr).toBe("");
      expect(p.code).toBe(0);
      const c = await kcat(["-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%k:%s\\n"]);
      expect(c.code).toBe(0);
      expect(c.stdout.trim().split("\n")).toEqual(lines);
    });
  }

  it("explicit partitions, headers, empty and 1 MB values", async () => {
    const topic = "kcat-parts";
    await kcat(["-P", "-t", topic, "-p", "0", "-H", "h1=v1", "-H", "h2=v2"], "with-headers\n");
    const big = "x".repeat(1024 * 1000);
    const w = await kcat(["-P", "-t", topic, "-p", "0", "-X", "message.max.bytes=2000000"], big + "\n");
    expect(w.code).toBe(0);
    await kcat(["-P", "-t", topic, "-p", "0", "-K:"], "emptykey:\n");
    const c = await kcat(["-C", "-t", topic, "-p", "0", "-o", "beginning", "-e", "-q", "-f", "%o|%h|%S|%k\\n"]);
    const out = c.stdout.trim().split("\n");
    expect(out[0]).toBe("0|h1=v1,h2=v2|12|");
    expect(out[1]).toBe(`1||${big.length}|`);
    expect(out[2]).toMatch(/^2\|\|(0|-1)\|emptykey$/);
  });
});
