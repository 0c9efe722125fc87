import { afterAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startZooKeeper } from "../../helpers/broker.js";
import { eventually, freePort, removeTempDirs, ROOT, run, stopAll, tempDir } from "../../helpers/procs.js";

afterAll(async () => { await stopAll(); removeTempDirs(); });

const start = join(ROOT, "bin/kafka-server-start.sh");

describe("bin/kafka-server-start.sh and main", () => {
  it("prints USAGE without arguments", async () => {
    const r = await run(start, []);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^USAGE: .*kafka-server-start\.sh \[-daemon\] server\.properties \[--override property=value\]\*/);
  });

  it("a bad value is a clear error and exit 1; an unreachable ZooKeeper times out with Kafka's message", async () => {
    const dir = tempDir();
    const props = join(dir, "server.properties");
    writeFileSync(props, `zookeeper.connect=127.0.0.1:1\nnum.partitions=many\nlog.dirs=${join(dir, "logs")}\n`);
    const bad = await run(start, [props], { timeoutMs: 20_000 });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("Invalid value many for configuration num.partitions");
    const noZk = await run(start, [props, "--override", "num.partitions=2", "--override", "zookeeper.connection.timeout.ms=1000", "--override", "listeners=PLAINTEXT://127.0.0.1:0"], { timeoutMs: 20_000 });
    expect(noZk.code).toBe(1);
    expect(noZk.stdout + noZk.stderr).toContain("Timed out waiting for connection while in state: CONNECTING");
  });

  it("-daemon runs in the background (logs/kafkaServer.out); kafka-server-stop.sh stops it cleanly", async () => {
    const zk = await startZooKeeper();
    const dir = tempDir();
    const port = await freePort();
    const props = join(dir, "server.properties");
    writeFileSync(props, `broker.id=7\nlisteners=PLAINTEXT://127.0.0.1:${port}\nlog.dirs=${join(dir, "logs")}\nzookeeper.connect=${zk.connectString}\nunknown.key=1\n`);
    const r = await run(start, ["-daemon", props], { env: { LOG_DIR: join(dir, "out") }, timeoutMs: 10_000 });
    expect(r.code).toBe(0);
    const out = join(dir, "out", "kafkaServer.out");
    await eventually(() => existsSync(out) && readFileSync(out, "utf8").includes("started (kafka.server.KafkaServer)"), 30_000);
    expect(readFileSync(out, "utf8")).toContain("The configuration 'unknown.key' was supplied but isn't a known config.");
    const md = await run("kcat", ["-b", `127.0.0.1:${port}`, "-L"], { timeoutMs: 15_000 });
    expect(md.stdout).toContain("broker 7 at");
    const stop = await run(join(ROOT, "bin/kafka-server-stop.sh"), [props], { timeoutMs: 10_000 }); // only this broker: other tests run brokers too
    expect(stop.code).toBe(0);
    await eventually(() => readFileSync(out, "utf8").includes("shut down completed"), 20_000);
    await zk.stop();
  });
});

describe("broker id generation", () => {
  it("broker.id=-1 takes reserved.broker.max.id + /brokers/seqid (1001) and keeps it in meta.properties", async () => {
    const { startBroker } = await import("../../helpers/broker.js");
    const zk = await startZooKeeper();
    const b = await startBroker({ zkConnect: zk.connectString, brokerId: -1 });
    expect(b.proc.output()).toContain("[KafkaServer id=1001] started");
    const meta = readFileSync(join(b.logDir, "meta.properties"), "utf8");
    expect(meta).toMatch(/broker\.id=1001/);
    expect(meta).toMatch(/cluster\.id=[A-Za-z0-9_-]{22}/);
    await b.restart();
    expect(b.proc.output()).toContain("[KafkaServer id=1001] started");
    await b.stop();
    await zk.stop();
  });
});
