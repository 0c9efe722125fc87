/**
 * Helpers for the workshop tests: pull the runnable shell blocks out of docs/workshop.md,
 * run one of them in a bash session whose exported variables and working directory carry
 * over from the previous block, rewrite a properties file, and find or kill what is left.
 *
 * Markdown rules (documented at the top of docs/workshop.md too): a block fenced ```bash is
 * runnable; ```text (or any other language) is not; a ```bash block preceded by a line
 * `<!-- skip -->` is not run either. A `<!-- timeout: N -->` line before a block sets its
 * timeout in seconds.
 */
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface ShellBlock {
  /** 1-based line of the opening fence in the markdown file. */
  line: number;
  /** The nearest heading above the block. */
  heading: string;
  text: string;
  timeoutSec?: number;
}

export function extractBashBlocks(markdown: string): ShellBlock[] {
  const lines = markdown.split("\n");
  const blocks: ShellBlock[] = [];
  let heading = "";
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (/^#{1,6} /.test(l)) heading = l.replace(/^#+ /, "");
    const open = /^```(\S*)\s*$/.exec(l);
    if (!open) continue;
    let end = i + 1;
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end++;
    const directives: string[] = [];
    for (let j = i - 1; j >= 0 && /^<!--.*-->\s*$|^\s*$/.test(lines[j]!); j--) if (lines[j]!.trim()) directives.push(lines[j]!.trim());
    const skip = directives.some((d) => /^<!--\s*skip\s*-->$/.test(d));
    const timeout = directives.map((d) => /^<!--\s*timeout:\s*(\d+)\s*-->$/.exec(d)).find((m) => m)?.[1];
    if (open[1] === "bash" && !skip) {
      blocks.push({ line: i + 1, heading, text: lines.slice(i + 1, end).join("\n") + "\n", timeoutSec: timeout ? Number(timeout) : undefined });
    }
    i = end;
  }
  return blocks;
}

export interface BlockResult {
  code: number | null;
  timedOut: boolean;
  output: string;
  /** PID of the block's bash, which is also its process group id. */
  pgid: number;
}

/**
 * Runs `block` with bash in `stateDir` terms: sources `stateDir/env.sh` (the exports left by
 * the previous block), cd's to `stateDir/cwd`, then runs the block under `set -euo pipefail`
 * and saves its exports and working directory for the next block. The bash is the leader of
 * its own process group; on timeout the whole group is killed.
 */
export function runBlock(block: ShellBlock, index: number, stateDir: string, opts: { cwd: string; env: Record<string, string>; timeoutMs: number }): Promise<BlockResult> {
  const file = join(stateDir, `block-${String(index).padStart(2, "0")}.sh`);
  writeFileSync(file, block.text);
  const envFile = join(stateDir, "env.sh");
  const cwdFile = join(stateDir, "cwd");
  if (!existsSync(envFile)) writeFileSync(envFile, "");
  if (!existsSync(cwdFile)) writeFileSync(cwdFile, opts.cwd);
  const script = [
    `source ${q(envFile)}`,
    `cd "$(cat ${q(cwdFile)})"`,
    "set -euo pipefail",
    `source ${q(file)}`,
    "set +eu",
    `export -p > ${q(envFile)}`,
    `pwd > ${q(cwdFile)}`,
  ].join("\n");
  const outFile = file.replace(/\.sh$/, ".out");
  const fd = openSync(outFile, "w");
  const child = spawn("bash", ["--noprofile", "--norc", "-c", script], { cwd: opts.cwd, env: opts.env, stdio: ["ignore", fd, fd], detached: true });
  closeSync(fd);
  return new Promise((res) => {
    let timedOut = false;
    const t = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid!, "SIGKILL"); } catch { /* gone */ }
    }, opts.timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(t);
      res({ code, timedOut, output: readFileSync(outFile, "utf8"), pgid: child.pid! });
    });
  });
}

function q(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Every *.pid file under `dir` (recursively), as numbers. */
export function pidFiles(dir: string): number[] {
  const out: number[] = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    let st;
    try { st = statSync(p); } catch { continue; }
    if (st.isDirectory()) out.push(...pidFiles(p));
    else if (name.endsWith(".pid")) {
      const n = Number(readFileSync(p, "utf8").trim());
      if (Number.isInteger(n) && n > 1) out.push(n);
    }
  }
  return out;
}

/** PIDs listening on any of `ports` (TCP), from `ss -ltnpH`. */
export function listeningPids(ports: number[]): number[] {
  const r = spawnSync("ss", ["-ltnpH"], { encoding: "utf8" });
  const pids = new Set<number>();
  for (const line of (r.stdout ?? "").split("\n")) {
    const m = /:(\d+)\s+\S+:\S+\s+users:(.*)$/.exec(line.trim());
    if (!m || !ports.includes(Number(m[1]))) continue;
    for (const p of m[2]!.matchAll(/pid=(\d+)/g)) pids.add(Number(p[1]));
  }
  return [...pids];
}

export function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/** SIGTERM each pid, wait up to graceMs for all to go, then SIGKILL the rest. */
export async function terminate(pids: number[], graceMs = 5000): Promise<void> {
  const live = pids.filter(alive);
  for (const p of live) { try { process.kill(p, "SIGTERM"); } catch { /* gone */ } }
  const end = Date.now() + graceMs;
  while (Date.now() < end && live.some(alive)) await new Promise((r) => setTimeout(r, 100));
  for (const p of live) if (alive(p)) { try { process.kill(p, "SIGKILL"); } catch { /* gone */ } }
}

/** A copy of a .properties file with some keys set (replaced in place, or appended). */
export function rewriteProperties(text: string, set: Record<string, string>): string {
  const left = new Map(Object.entries(set));
  const lines = text.split("\n").map((l) => {
    const m = /^\s*([^#!\s][^=:\s]*)\s*[=:]/.exec(l);
    if (m && left.has(m[1]!)) {
      const v = left.get(m[1]!)!;
      left.delete(m[1]!);
      return `${m[1]}=${v}`;
    }
    return l;
  });
  for (const [k, v] of left) lines.push(`${k}=${v}`);
  return lines.join("\n") + "\n";
}
