/**
 * docs/workshop.md, run as written: every ```bash block in order, in one bash session (each
 * block under `set -euo pipefail`; exported variables and the working directory carry from one
 * block to the next), from the repository root, against bin/ and dist/ (build first).
 *
 * What is not run: blocks fenced ```text (or any language other than bash), and ```bash blocks
 * preceded by a `<!-- skip -->` line (interactive or long-running commands). A
 * `<!-- timeout: N -->` line before a block gives it N seconds instead of the default 90.
 *
 * The guide's variables are pointed at free ports and a temp dir: WORKDIR, ZK_PORT, KAFKA_PORT,
 * ZK2_PORT, KAFKA2_PORT, METRICS_PORT, BROKER1_PORT, BROKER2_PORT. The guide records the PID of everything it starts in $WORKDIR/**\/*.pid
 * and stops them itself in its last section; afterAll stops whatever is still running from
 * those PID files, then anything still listening on the test's ports, then kills the process
 * groups of the blocks' shells (every process the guide started is in one of them).
 * A failing block fails its test with the block text, its output and the last lines of the
 * broker's log; the blocks after it are skipped. WORKSHOP_KEEP=1 keeps the temp dirs.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { ROOT, freePort, removeTempDirs, tempDir } from "../../helpers/procs.js";
import { alive, extractBashBlocks, listeningPids, pidFiles, runBlock, terminate } from "../../helpers/workshop.js";

const DEFAULT_TIMEOUT_SEC = 90;
const blocks = extractBashBlocks(readFileSync(join(ROOT, "docs/workshop.md"), "utf8"));

let workDir = "";
let stateDir = "";
let ports: number[] = [];
let env: Record<string, string> = {};
const groups: number[] = [];
let failed = false;

beforeAll(async () => {
  workDir = join(tempDir("kts-workshop-"), "work");
  stateDir = tempDir("kts-workshop-state-");
  const seven = async () => { const p: number[] = []; for (let i = 0; i < 7; i++) p.push(await freePort()); return p; };
  ports = await seven();
  while (new Set(ports).size < ports.length) ports = await seven();
  const [zk, kafka, zk2, kafka2, metrics, broker1, broker2] = ports.map(String) as [string, string, string, string, string, string, string];
  env = {
    ...(process.env as Record<string, string>),
    WORKDIR: workDir, ZK_PORT: zk, KAFKA_PORT: kafka, ZK2_PORT: zk2, KAFKA2_PORT: kafka2, METRICS_PORT: metrics, BROKER1_PORT: broker1, BROKER2_PORT: broker2,
    KAFKAJS_NO_PARTITIONER_WARNING: "1",
  };
  // as in a user's shell: the tools' own log format and level
  delete env.LOG_FORMAT;
  delete env.LOG_LEVEL;
  delete env.JMX_PORT;
});

afterAll(async () => {
  await terminate(pidFiles(workDir), 10_000);
  await terminate(listeningPids(ports), 5000);
  for (const g of groups) { try { process.kill(-g, "SIGKILL"); } catch { /* group gone */ } }
  if (process.env.WORKSHOP_KEEP) process.stdout.write(`workshop: kept ${workDir} and ${stateDir}\n`);
  else removeTempDirs();
}, 30_000);

function logTail(file: string, lines: number): string {
  if (!existsSync(file)) return "";
  return `--- last lines of ${file} ---\n` + readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n") + "\n";
}

describe("docs/workshop.md", () => {
  it("has runnable blocks", () => {
    if (blocks.length < 20) throw new Error(`only ${blocks.length} bash blocks found`);
  });

  blocks.forEach((block, i) => {
    const timeoutMs = (block.timeoutSec ?? DEFAULT_TIMEOUT_SEC) * 1000;
    const title = `block ${i + 1} (line ${block.line}, ${block.heading}): ${block.text.split("\n")[0]!.slice(0, 60)}`;
    it(title, async (ctx) => {
      if (failed) ctx.skip();
      const r = await runBlock(block, i + 1, stateDir, { cwd: ROOT, env, timeoutMs });
      groups.push(r.pgid);
      if (r.code !== 0) {
        failed = true;
        const why = r.timedOut ? `timed out after ${timeoutMs / 1000} s` : `exit code ${r.code}`;
        throw new Error(`docs/workshop.md line ${block.line}: block ${why}\n--- block ---\n${block.text}--- output ---\n${r.output.slice(-6000)}${logTail(join(workDir, "kafka.log"), 25)}`);
      }
    }, timeoutMs + 10_000);
  });

  it("left nothing running", () => {
    if (failed) return;
    const left = pidFiles(workDir).filter(alive);
    if (left.length) throw new Error(`still running after the guide's last section: ${left.join(", ")}`);
  });
});
