/** bin/zookeeper-server-start.sh: usage, and a foreground start on a properties file (stopped by PID). */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { freePort, removeTempDirs, run, startProcess, stopAll, tempDir } from "../../helpers/procs.js";
import { RawClient } from "./raw-client.js";

afterAll(async () => {
  await stopAll();
  removeTempDirs();
});

it("prints Kafka's usage line and exits 1 without arguments", async () => {
  const r = await run("bin/zookeeper-server-start.sh", [], { timeoutMs: 10_000 });
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/^USAGE: .*zookeeper-server-start\.sh \[-daemon\] zookeeper\.properties/);
});

it("starts in the foreground on a properties file, logs 'binding to port', and stops cleanly on SIGTERM", async () => {
  const dir = tempDir("kts-zkbin-");
  const port = await freePort();
  const cfg = join(dir, "zookeeper.properties");
  writeFileSync(cfg, `dataDir=${dir}/data\nclientPort=${port}\nclientPortAddress=127.0.0.1\nmaxClientCnxns=0\nadmin.enableServer=false\n4lw.commands.whitelist=ruok\n`);
  const p = startProcess("bin/zookeeper-server-start.sh", [cfg]);
  await p.waitFor(/binding to port \/127\.0\.0\.1:\d+/);
  await p.waitFor(/standalone server started/);
  const raw = await RawClient.open(port);
  raw.write(Buffer.from("ruok"));
  expect(await raw.text()).toBe("imok");
  await p.stop();
  expect(await p.exited).toBe(0);
});
