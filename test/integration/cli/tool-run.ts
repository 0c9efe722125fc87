/**
 * Run the built CLI tools for tests from a snapshot of dist/. In the shared development checkout
 * other engineers rebuild dist/ while tests run; a tool started in the middle of such a build may
 * load a half-written module. So the first call copies dist/ into a temp dir (with a package.json
 * marking it ESM and a node_modules link), retrying until no file changed during the copy, and
 * every tool runs from that copy. In CI (one build before the tests) this is just a copy.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, run, tempDir } from "../../helpers/procs.js";

let snapshot: string | undefined;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function emptyJs(dir: string): boolean {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory() ? emptyJs(p) : e.name.endsWith(".js") && statSync(p).size === 0) return true;
  }
  return false;
}

/** The directory holding a consistent copy of dist/ (cli/, broker/, common/, ...). */
export async function builtDir(): Promise<string> {
  if (snapshot) return snapshot;
  const src = join(ROOT, "dist");
  for (let attempt = 0; ; attempt++) {
    const dir = join(tempDir("kts-dist-"), "dist");
    mkdirSync(dir);
    const started = Date.now();
    for (const sub of ["cli", "broker", "common"]) if (existsSync(join(src, sub))) cpSync(join(src, sub), join(dir, sub), { recursive: true });
    // quiet for a moment and nothing half-written: a consistent build
    await new Promise((r) => setTimeout(r, 300));
    const stable = newestMtime(join(src, "cli")) < started && newestMtime(join(src, "broker")) < started && !emptyJs(dir);
    if (stable || attempt >= 20) {
      const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
      writeFileSync(join(dir, "..", "package.json"), JSON.stringify({ type: "module", version: pkg.version }));
      symlinkSync(join(ROOT, "node_modules"), join(dir, "..", "node_modules"));
      // args.ts reads ../../package.json relative to dist/cli: the temp dir's copy above
      snapshot = dir;
      return dir;
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/** node <snapshot>/cli/<tool>.js args... to completion. */
export async function runBuilt(tool: string, args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dir = await builtDir();
  return run("node", [join(dir, "cli", `${tool}.js`), ...args], { input: opts.input, timeoutMs: opts.timeoutMs ?? 30_000 });
}
