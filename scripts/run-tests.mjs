#!/usr/bin/env node
// Runs the vitest suite with its JSON reporter beside the default one and ends with
// a plain "N passed, M failed" line (CI reads that line). Exit status follows vitest's.
import { spawn } from "node:child_process";
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dir = mkdtempSync(join(tmpdir(), "kts-report-"));
const out = join(dir, "report.json");
const args = ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`, ...process.argv.slice(2)];
const child = spawn("npx", args, { stdio: "inherit" });
const hardLimit = setTimeout(() => { console.error("test run exceeded 30 minutes; stopping"); child.kill("SIGKILL"); }, 30 * 60_000);
child.on("exit", (code, signal) => {
  clearTimeout(hardLimit);
  let passed = 0, failed = 0;
  try {
    const r = JSON.parse(readFileSync(out, "utf8"));
    passed = r.numPassedTests ?? 0;
    failed = (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0) + (r.numFailedTestSuites && !r.numFailedTests ? r.numFailedTestSuites : 0);
  } catch {
    failed = Math.max(failed, 1);
  }
  rmSync(dir, { recursive: true, force: true });
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code ?? (signal ? 1 : 0));
});
