/**
 * `npm start` — package.json's start script, `node dist/scripts/start-all.js` — with the two
 * properties files it accepts as arguments (`npm start -- zk.properties server.properties`):
 * temp copies of config/zookeeper.properties and config/server.properties pointed at free ports
 * on 127.0.0.1 and temp dirs. It comes up with both children labelled, a console producer /
 * consumer round trip works against it, and SIGINT (Ctrl-C) stops the broker cleanly and then
 * the coordinator, with exit code 0 and nothing left listening.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, eventually, freePort, removeTempDirs, run, startProcess, stopAll, tempDir, type Proc } from "../../helpers/procs.js";
import { alive, listeningPids, rewriteProperties, terminate } from "../../helpers/workshop.js";

let dir = "";
let zkPort = 0;
let kafkaPort = 0;
let proc: Proc | undefined;
let children: number[] = [];

beforeAll(async () => {
  dir = tempDir("kts-npm-start-");
  zkPort = await freePort();
  do kafkaPort = await freePort(); while (kafkaPort === zkPort);
  writeFileSync(join(dir, "zookeeper.properties"), rewriteProperties(readFileSync(join(ROOT, "config/zookeeper.properties"), "utf8"), {
    dataDir: join(dir, "zookeeper"), clientPort: String(zkPort), clientPortAddress: "127.0.0.1",
  }));
  writeFileSync(join(dir, "server.properties"), rewriteProperties(readFileSync(join(ROOT, "config/server.properties"), "utf8"), {
    listeners: `PLAINTEXT://127.0.0.1:${kafkaPort}`, "log.dirs": join(dir, "kafka-logs"), "zookeeper.connect": `127.0.0.1:${zkPort}`,
  }));
});

afterAll(async () => {
  await stopAll();
  await terminate(children, 5000);
  await terminate(listeningPids([zkPort, kafkaPort]), 5000);
  removeTempDirs();
}, 30_000);

function childPids(pid: number): number[] {
  const r = spawnSync("ps", ["-o", "pid=", "--ppid", String(pid)], { encoding: "utf8" });
  return r.stdout.split("\n").map((s) => Number(s.trim())).filter((n) => n > 0);
}

describe("npm start", () => {
  it("is node dist/scripts/start-all.js", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe("node dist/scripts/start-all.js");
  });

  it("starts the coordinator and a broker, labelled, on the given properties files", async () => {
    proc = startProcess(process.execPath, [join(ROOT, "dist/scripts/start-all.js"), join(dir, "zookeeper.properties"), join(dir, "server.properties")]);
    await proc.waitFor(/\[kafka\] .*started \(kafka\.server\.KafkaServer\)/, 45_000);
    expect(proc.output()).toMatch(/^\[zookeeper\] /m);
    children = (await eventually(() => { const c = childPids(proc!.pid); return c.length === 2 ? c : undefined; }, 10_000))!;
    expect(listeningPids([zkPort]).length).toBe(1);
    expect(listeningPids([kafkaPort]).length).toBe(1);
  }, 60_000);

  it("serves a console producer / consumer round trip", async () => {
    const bootstrap = `127.0.0.1:${kafkaPort}`;
    const created = await run("bin/kafka-topics.sh", ["--bootstrap-server", bootstrap, "--create", "--topic", "quickstart-events", "--partitions", "1", "--replication-factor", "1"]);
    expect(created.stdout).toContain("Created topic quickstart-events.");
    const produced = await run("bin/kafka-console-producer.sh", ["--bootstrap-server", bootstrap, "--topic", "quickstart-events"], { input: "This is my first event\nThis is my second event\n" });
    expect(produced.code).toBe(0);
    const consumed = await run("bin/kafka-console-consumer.sh", ["--bootstrap-server", bootstrap, "--topic", "quickstart-events", "--from-beginning", "--max-messages", "2", "--timeout-ms", "20000"]);
    expect(consumed.code).toBe(0);
    expect(consumed.stdout).toBe("This is my first event\nThis is my second event\n");
    expect(consumed.stderr).toContain("Processed a total of 2 messages");
  }, 60_000);

  it("stops the broker, then the coordinator, on SIGINT", async () => {
    process.kill(proc!.pid, "SIGINT");
    const timer = setTimeout(() => { try { process.kill(proc!.pid, "SIGKILL"); } catch { /* gone */ } }, 40_000);
    const code = await proc!.exited;
    clearTimeout(timer);
    expect(code).toBe(0);
    const out = proc!.output();
    expect(out).toContain("[start-all] stopping kafka, then zookeeper");
    const kafkaDone = out.search(/\[kafka\] .*shut down completed \(kafka\.server\.KafkaServer\)/);
    expect(kafkaDone).toBeGreaterThan(-1);
    const zkDone = out.search(/\[zookeeper\] .*shutdown of request processor complete/);
    expect(zkDone).toBeGreaterThan(kafkaDone);
    for (const c of children) expect(alive(c)).toBe(false);
    expect(listeningPids([zkPort, kafkaPort])).toEqual([]);
  }, 60_000);
});
