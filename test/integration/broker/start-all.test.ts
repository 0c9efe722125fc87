import { afterAll, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, removeTempDirs, ROOT, run, startProcess, stopAll, tempDir } from "../../helpers/procs.js";

afterAll(async () => { await stopAll(); removeTempDirs(); });

describe("npm start (scripts/start-all)", () => {
  it("starts coordinator then broker with labelled logs; SIGINT stops broker then coordinator, exit 0", async () => {
    const dir = tempDir("start-all-");
    const zkPort = await freePort();
    const kPort = await freePort();
    const zkProps = join(dir, "zookeeper.properties");
    const kProps = join(dir, "server.properties");
    writeFileSync(zkProps, `dataDir=${join(dir, "zk")}\nclientPort=${zkPort}\nclientPortAddress=127.0.0.1\nmaxClientCnxns=0\nadmin.enableServer=false\n`);
    writeFileSync(kProps, `broker.id=0\nlisteners=PLAINTEXT://127.0.0.1:${kPort}\nlog.dirs=${join(dir, "logs")}\nzookeeper.connect=127.0.0.1:${zkPort}\nzookeeper.connection.timeout.ms=10000\n`);
    const p = startProcess("node", [join(ROOT, "dist/scripts/start-all.js"), zkProps, kProps], { env: { LOG_FORMAT: "pretty" } });
    await p.waitFor(/\[kafka\].*started \(kafka\.server\.KafkaServer\)/, 40_000);
    expect(p.output()).toMatch(/\[zookeeper\] /);
    const md = await run("kcat", ["-b", `127.0.0.1:${kPort}`, "-L"], { timeoutMs: 15_000 });
    expect(md.stdout).toContain("1 brokers:");
    process.kill(p.pid, "SIGINT");
    const code = await p.exited;
    expect(code).toBe(0);
    const out = p.output();
    const brokerDone = out.indexOf("shut down completed");
    expect(brokerDone).toBeGreaterThan(0);
    expect(out.lastIndexOf("[zookeeper]")).toBeGreaterThan(brokerDone);
  });

  it("JMX_PORT=... npm start: the broker serves /metrics on it, the coordinator leaves it alone", async () => {
    const dir = tempDir("start-all-jmx-");
    const [zkPort, kPort, jmxPort] = [await freePort(), await freePort(), await freePort()];
    const zkProps = join(dir, "zookeeper.properties");
    const kProps = join(dir, "server.properties");
    writeFileSync(zkProps, `dataDir=${join(dir, "zk")}\nclientPort=${zkPort}\nclientPortAddress=127.0.0.1\nadmin.enableServer=false\n`);
    writeFileSync(kProps, `broker.id=0\nlisteners=PLAINTEXT://127.0.0.1:${kPort}\nlog.dirs=${join(dir, "logs")}\nzookeeper.connect=127.0.0.1:${zkPort}\n`);
    const p = startProcess("node", [join(ROOT, "dist/scripts/start-all.js"), zkProps, kProps], { env: { LOG_FORMAT: "pretty", JMX_PORT: String(jmxPort) } });
    await p.waitFor(/\[kafka\].*started \(kafka\.server\.KafkaServer\)/, 40_000);
    const res = await fetch(`http://127.0.0.1:${jmxPort}/metrics`, { signal: AbortSignal.timeout(10_000) });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("kafka_controller_kafkacontroller_activecontrollercount");
    process.kill(p.pid, "SIGINT");
    expect(await p.exited).toBe(0);
  });
});
