/** Configuration errors: invalid value -> exit 1 with a clear message; unknown key -> warning; port in use. */
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { freePort, removeTempDirs, run, stopAll, tempDir } from "../../helpers/procs.js";
import { startCoordinator } from "./coordinator-harness.js";

afterAll(async () => {
  await stopAll();
  removeTempDirs();
});

function writeConfig(lines: string[]): string {
  const dir = tempDir("kts-zkcfg-");
  const p = join(dir, "zookeeper.properties");
  writeFileSync(p, [`dataDir=${dir}`, "admin.enableServer=false", ...lines].join("\n") + "\n");
  return p;
}

it("exits 1 with a clear message on an invalid value", async () => {
  const port = await freePort();
  const r = await run("node", ["dist/coordinator/main.js", writeConfig([`clientPort=${port}`, "clientPortAddress=127.0.0.1", "tickTime=abc"])], { timeoutMs: 15_000 });
  expect(r.code).toBe(1);
  expect(r.stderr + r.stdout).toMatch(/Invalid config, exiting abnormally: Invalid value abc for configuration tickTime/);
});

it("exits 1 on a missing config file and prints usage without arguments", async () => {
  const r = await run("node", ["dist/coordinator/main.js", "/nonexistent/zoo.properties"], { timeoutMs: 15_000 });
  expect(r.code).toBe(1);
  expect(r.stderr + r.stdout).toMatch(/Invalid config.*\/nonexistent\/zoo\.properties/);
  const u = await run("node", ["dist/coordinator/main.js"], { timeoutMs: 15_000 });
  expect(u.code).toBe(1);
  expect(u.stderr).toMatch(/Usage: ZooKeeperServerMain configfile/);
});

it("warns about an unknown key and starts anyway", async () => {
  const zk = await startCoordinator({ "no.such.key": "42" });
  expect(zk.proc.output()).toMatch(/Unknown configuration key no\.such\.key=42 ignored/);
  await zk.stop();
  expect(await zk.proc.exited).toBe(0);
});

it("fails with 'Address already in use' when the port is taken", async () => {
  const port = await freePort();
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(port, "127.0.0.1", () => r()));
  try {
    const r = await run("node", ["dist/coordinator/main.js", writeConfig([`clientPort=${port}`, "clientPortAddress=127.0.0.1"])], { timeoutMs: 15_000 });
    expect(r.code).not.toBe(0);
    expect(r.stderr + r.stdout).toMatch(/Address already in use/);
  } finally {
    blocker.close();
  }
});

it("takes -D system properties from KAFKA_OPTS (e.g. zookeeper.4lw.commands.whitelist), the file winning over them", async () => {
  const { startProcess } = await import("../../helpers/procs.js");
  const { RawClient } = await import("./raw-client.js");
  const port = await freePort();
  const cfg = writeConfig([`clientPort=${port}`, "clientPortAddress=127.0.0.1", "snapCount=5000"]);
  const p = startProcess("node", ["dist/coordinator/main.js", cfg], { env: { KAFKA_OPTS: "-Xmx1G -Dzookeeper.4lw.commands.whitelist=ruok,conf -Dzookeeper.snapCount=7 -Dother.prop=x" } });
  await p.waitFor(/standalone server started/);
  expect(p.output()).toMatch(/zookeeper\.snapCount=5000 /);
  const ask = async (cmd: string) => { const r = await RawClient.open(port); r.write(Buffer.from(cmd)); return r.text(); };
  expect(await ask("ruok")).toBe("imok");
  expect(await ask("srvr")).toBe("srvr is not executed because it is not in the whitelist.\n");
  await p.stop();
});
