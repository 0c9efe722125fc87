/**
 * Test helpers shared by every integration test: free ports on 127.0.0.1, temp dirs, and
 * child processes that are waited for (with a timeout) and stopped by PID at the end.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

const dirs: string[] = [];
export function tempDir(prefix = "kts-"): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}
export function removeTempDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export interface Proc {
  child: ChildProcess;
  pid: number;
  output(): string;
  /** Resolves when `pattern` appears in stdout+stderr (rejects after timeoutMs or on exit). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** SIGTERM, then SIGKILL after graceMs; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
  kill9(): Promise<void>;
  exited: Promise<number | null>;
}

const live = new Set<Proc>();

export function startProcess(cmd: string, args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}): Proc {
  const child = spawn(cmd, args, {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, LOG_FORMAT: "json", ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const waiters = new Set<() => void>();
  const onData = (b: Buffer) => {
    out += b.toString();
    if (out.length > 4_000_000) out = out.slice(-2_000_000);
    for (const w of waiters) w();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((res) => child.on("exit", (code) => { exitCode = code; for (const w of waiters) w(); res(code); }));
  const p: Proc = {
    child,
    pid: child.pid!,
    output: () => out,
    exited,
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((res, rej) => {
        const check = () => {
          if (pattern.test(out)) { done(); res(); }
          else if (exitCode !== undefined) { done(); rej(new Error(`process exited (${exitCode}) before ${pattern}:\n${out.slice(-3000)}`)); }
        };
        const timer = setTimeout(() => { done(); rej(new Error(`timeout waiting for ${pattern}:\n${out.slice(-3000)}`)); }, timeoutMs);
        const done = () => { clearTimeout(timer); waiters.delete(check); };
        waiters.add(check);
        check();
      });
    },
    async stop(graceMs = 5000) {
      live.delete(p);
      if (exitCode !== undefined) return;
      try { process.kill(p.pid, "SIGTERM"); } catch { return; }
      const t = setTimeout(() => { try { process.kill(p.pid, "SIGKILL"); } catch { /* gone */ } }, graceMs);
      await exited;
      clearTimeout(t);
    },
    async kill9() {
      live.delete(p);
      if (exitCode !== undefined) return;
      try { process.kill(p.pid, "SIGKILL"); } catch { return; }
      await exited;
    },
  };
  live.add(p);
  return p;
}

/** Stop every process still running (call from afterAll/afterEach). */
export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((p) => p.stop()));
}

/** Run a command to completion with a timeout; resolves with exit code and output. */
export function run(cmd: string, args: string[], opts: { env?: Record<string, string>; input?: string; timeoutMs?: number; cwd?: string } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const child = spawn(cmd, args, { cwd: opts.cwd ?? ROOT, env: { ...process.env, ...opts.env }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    child.stdout.on("data", (b) => (stdout += b));
    child.stderr.on("data", (b) => (stderr += b));
    const t = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 30_000);
    child.on("exit", (code) => { clearTimeout(t); res({ code, stdout, stderr }); });
    child.stdin.on("error", () => { /* the command may exit without reading its stdin (EPIPE) */ });
    child.stdin.end(opts.input ?? "");
  });
}

/** Poll `fn` until it returns a truthy value or the timeout passes. */
export async function eventually<T>(fn: () => Promise<T> | T, timeoutMs = 15_000, intervalMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) { last = e; }
    if (Date.now() > end) throw new Error(`eventually: timed out${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
