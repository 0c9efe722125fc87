/**
 * Debian's Java zkCli (Apache ZooKeeper 3.8's own client) against OUR coordinator:
 * one-shot create / ls / get -s / set / getAcl / delete, and one piped session for the rest.
 * JVM start-up is slow, so only a handful of invocations.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apacheZooKeeperInstalled, startApacheZooKeeper, ZKCLI } from "../../helpers/apache-zookeeper.js";
import { coordinatorBuilt, startCoordinator, type Coordinator } from "../../helpers/coordinator.js";
import { removeTempDirs, run, stopAll } from "../../helpers/procs.js";

const JAVA_ENV = { JVMFLAGS: "-Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC" };
const STAT_LINES = [
  /^cZxid = 0x[0-9a-f]+$/, /^ctime = \w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} \w+ \d{4}$/, /^mZxid = 0x[0-9a-f]+$/,
  /^mtime = \w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} \w+ \d{4}$/, /^pZxid = 0x[0-9a-f]+$/, /^cversion = 0$/,
  /^dataVersion = 0$/, /^aclVersion = 0$/, /^ephemeralOwner = 0x0$/, /^dataLength = 5$/, /^numChildren = 0$/,
];

/** ZKCLI_INTEROP_TARGET=apache runs the same checks against Apache ZooKeeper (proves the test itself). */
const againstApache = process.env.ZKCLI_INTEROP_TARGET === "apache";
/** zkCli prints watch events from another thread, anywhere in its output: take them out. */
const withoutEvents = (s: string) => s.replace(/\n\nWATCHER::\n\nWatchedEvent [^\n]*/g, "");

const ready = apacheZooKeeperInstalled() && (againstApache || coordinatorBuilt());

describe.skipIf(!ready)(`zkCli (Java, ZooKeeper 3.8) against our coordinator${ready ? "" : " (SKIPPED: needs Debian zookeeper and dist/coordinator/main.js)"}`, () => {
  let ours: Pick<Coordinator, "connectString">;
  const zkcli = (args: string[], input = "") => run(ZKCLI, ["-server", ours.connectString, ...args], { input, env: JAVA_ENV, timeoutMs: 40_000 });

  beforeAll(async () => { ours = againstApache ? await startApacheZooKeeper() : await startCoordinator(); }, 60_000);
  afterAll(async () => { await stopAll(); removeTempDirs(); });

  it("create, ls, get -s, set, getAcl, delete (one-shot)", async () => {
    const created = await zkcli(["create", "/zk", "hello"]);
    expect(created.code).toBe(0);
    expect(created.stderr).toContain("Created /zk");

    const [ls, get, dup] = await Promise.all([zkcli(["ls", "/"]), zkcli(["get", "-s", "/zk"]), zkcli(["create", "/zk"])]);
    expect(ls.code).toBe(0);
    expect(withoutEvents(ls.stdout).trim().split("\n").at(-1)).toBe("[zk, zookeeper]");
    expect(get.code).toBe(0);
    const lines = withoutEvents(get.stdout).trim().split("\n");
    const at = lines.indexOf("hello");
    expect(at).toBeGreaterThan(0);
    const stat = lines.slice(at + 1);
    expect(stat).toHaveLength(STAT_LINES.length);
    stat.forEach((l, i) => expect(l).toMatch(STAT_LINES[i]!));
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain("Node already exists: /zk");

    const session = await zkcli([], [
      "set /zk world", "get /zk", "getAcl /zk", "create -e /zk/eph x", "create -s /zk/seq- x", "ls /zk",
      "create /zk/eph/child", "delete /zk", "delete /zk/eph", "delete /zk/seq-0000000001", "delete /zk", "get /zk", "ls /", "quit", "",
    ].join("\n"));
    expect(session.stdout).toContain("world\n");
    expect(session.stdout).toContain("'world,'anyone\n: cdrwa\n");
    expect(session.stdout).toContain("[eph, seq-0000000001]\n");
    expect(withoutEvents(session.stdout).trim().split("\n")).toContain("[zookeeper]");
    const err = session.stderr.split("\n").filter((l) => l && !l.startsWith("SLF4J"));
    expect(err).toEqual([
      "Created /zk/eph", "Created /zk/seq-0000000001", "Ephemerals cannot have children: /zk/eph/child",
      "Node not empty: /zk", "Node does not exist: /zk",
    ]);
  }, 60_000);
});
