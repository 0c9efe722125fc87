/**
 * `npm start` — package.json's start script, `node dist/scripts/start-all.js` — with the two
 * properties files it accepts as arguments (`npm start -- zk.properties server.properties`):
 * temp copies of config/zookeeper.properties and config/server.properties pointed at free ports
 * on 127.0.0.1 and temp dirs. It comes up with both children labelled, a console producer /
 * consumer round trip works against it, and SIGINT stops the broker cleanly and then the
 * coordinator, with exit code 0 and nothing left listening.
 *
 * Two ways: the script itself getting SIGINT, and `npm start -- ...` in its own process group
 * getting SIGINT on the whole group, which is what Ctrl-C in a terminal does.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, eventually, freePort, removeTempDirs, run, startProcess, stopAll, tempDir, type Proc } from "../../helpers/procs.js";
import { alive, listeningPids, rewriteProperties, terminate } from "../../helpers/workshop.js";

const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const c of cleanups) await c();
  await stopAll();
  removeTempDirs();
}, 30_000);

it("npm start is node dist/scripts/start-all.js", () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
  expect(pkg.scripts.start).toBe("node dist/scripts/start-all.js");
});

function startAll(how: "script" | "npm", zkProps: string, serverProps: string): Proc {
  if (how === "script") return startProcess(process.execPath, [join(ROOT, "dist/scripts/start-all.js"), zkProps, serverProps]);
  // its own process group (detached), so the group can get a terminal's Ctrl-C
  const p = startProcess("setsid", ["npm", "start", "--", zkProps, serverProps]);
  return p;
}

function processGroup(pid: number): number {
  const r = spawnSync("ps", ["-o", "pgid=", "-p", String(pid)], { encoding: "utf8" });
  return Number(r.stdout.trim());
}

describe.each(["script", "npm"] as const)("npm start (%s)", (how) => {
  let dir = "";
  let zkPort = 0;
  let kafkaPort = 0;
  let proc: Proc | undefined;
  let servers: number[] = [];

  it("starts the coordinator and a broker, labelled, on the given properties files", async () => {
    dir = tempDir("kts-npm-start-");
    zkPort = await freePort();
    do kafkaPort = await freePort(); while (kafkaPort === zkPort);
    cleanups.push(async () => {
      await terminate(servers, 5000);
      await terminate(listeningPids([zkPort, kafkaPort]), 5000);
    });
    const zkProps = join(dir, "zookeeper.properties");
    const serverProps = join(dir, "server.properties");
    writeFileSync(zkProps, rewriteProperties(readFileSync(join(ROOT, "config/zookeeper.properties"), "utf8"), {
      dataDir: join(dir, "zookeeper"), clientPort: String(zkPort), clientPortAddress: "127.0.0.1",
    }));
    writeFileSync(serverProps, rewriteProperties(readFileSync(join(ROOT, "config/server.properties"), "utf8"), {
      listeners: `PLAINTEXT://127.0.0.1:${kafkaPort}`, "log.dirs": join(dir, "kafka-logs"), "zookeeper.connect": `127.0.0.1:${zkPort}`,
    }));
    proc = startAll(how, zkProps, serverProps);
    await proc.waitFor(/\[kafka\] .*started \(kafka\.server\.KafkaServer\)/, 45_000);
    expect(proc.output()).toMatch(/^\[zookeeper\] /m);
    servers = (await eventually(() => {
      const zk = listeningPids([zkPort]);
      const kafka = listeningPids([kafkaPort]);
      return zk.length === 1 && kafka.length === 1 ? [zk[0]!, kafka[0]!] : undefined;
    }, 10_000))!;
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

  it(how === "script" ? "stops the broker, then the coordinator, on SIGINT" : "stops the broker, then the coordinator, on Ctrl-C (SIGINT to the process group)", async () => {
    if (how === "script") process.kill(proc!.pid, "SIGINT");
    else process.kill(-processGroup(proc!.pid), "SIGINT");
    const timer = setTimeout(() => { try { process.kill(proc!.pid, "SIGKILL"); } catch { /* gone */ } }, 40_000);
    const code = await proc!.exited;
    clearTimeout(timer);
    // npm itself dies of the SIGINT (as in a terminal); start-all.js, which it ran, exits 0
    // once both children are down (checked in the "script" case)
    if (how === "script") expect(code).toBe(0);
    await eventually(() => servers.every((p) => !alive(p)), 40_000);
    await eventually(() => /\[zookeeper\] .*shutdown of request processor complete/.test(proc!.output()), 5000);
    const out = proc!.output();
    expect(out).toContain("[start-all] stopping kafka, then zookeeper");
    const kafkaDone = out.search(/\[kafka\] .*shut down completed \(kafka\.server\.KafkaServer\)/);
    expect(kafkaDone).toBeGreaterThan(-1);
    const zkDone = out.search(/\[zookeeper\] .*shutdown of request processor complete/);
    expect(zkDone).toBeGreaterThan(kafkaDone);
    expect(listeningPids([zkPort, kafkaPort])).toEqual([]);
  }, 60_000);
});
