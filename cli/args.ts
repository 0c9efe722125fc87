/**
 * Kafka-style command-line handling shared by every Kafka tool: one option table per tool, parsed
 * the way Kafka's tools parse with joptsimple (`--option value`, `--option=value`, single-dash long
 * names, no abbreviations, repeated options collect values), help printed in joptsimple's
 * BuiltinHelpFormatter layout (80 columns, two columns of at most 39 characters, options sorted,
 * continuation lines indented by two) and Kafka's CommandLineUtils messages and exit codes:
 *
 *   - no arguments / --help            message + help table on stderr, exit 1 (Kafka 3.x)
 *   - --version                        version on stdout, exit 0
 *   - unknown option                   "<name> is not a recognized option"            (OptionError)
 *   - option without its argument      "Option <name> requires an argument"           (OptionError)
 *   - argument of the wrong type       "Cannot parse argument '<v>' of option <name>" (OptionError)
 *   - missing required option          "Missing required argument \"[<name>]\"" + help, exit 1
 *   - forbidden combination            "Option \"[<a>]\" can't be used with option \"[<b>]\"" + help, exit 1
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

/** The Kafka release whose tools we mirror (printed by --version, with our own version). */
export const KAFKA_VERSION = "3.7.0";

export function toolVersion(): string {
  let ours = "0.0.0";
  try {
    const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, "../../package.json"), "utf8")) as { version?: string };
    ours = pkg.version ?? ours;
  } catch { /* running from an unusual layout: keep the placeholder */ }
  return `${KAFKA_VERSION} (kafka-ts ${ours})`;
}

export type ArgType = "String" | "Integer" | "Long" | "Double";

export interface OptionDef {
  /** Long name without dashes, e.g. "bootstrap-server". */
  name: string;
  description: string;
  /** Present when the option takes an argument (joptsimple withRequiredArg). */
  arg?: { type: ArgType; describedAs?: string; optional?: boolean };
  /** Shown as "(default: x)" and returned by value() when the option is absent. */
  defaultValue?: string;
}

/** A joptsimple-style parse failure (Kafka's tools let these escape as joptsimple exceptions). */
export class OptionError extends Error {
  constructor(readonly kind: "UnrecognizedOptionException" | "OptionMissingRequiredArgumentException" | "OptionArgumentConversionException" | "MultipleArgumentsForOptionException", message: string) {
    super(message);
    this.name = `joptsimple.${kind}`;
  }
}

/** Thrown by tool code to stop with an exit code after output has been written. */
export class ExitError extends Error {
  constructor(readonly code: number, message = `exit ${code}`) {
    super(message);
  }
}

export const HELP_OPTION: OptionDef = { name: "help", description: "Print usage information." };
export const VERSION_OPTION: OptionDef = { name: "version", description: "Display Kafka version." };

export class ParsedOptions {
  constructor(readonly defs: Map<string, OptionDef>, private readonly vals: Map<string, string[]>, private readonly seen: Set<string>, readonly nonOptions: string[], readonly argCount: number) {}

  has(name: string): boolean {
    return this.seen.has(name);
  }
  /** The value given (joptsimple valueOf: more than one is an error), else the default. */
  value(name: string): string | undefined {
    const v = this.vals.get(name);
    if (v && v.length > 1) throw new OptionError("MultipleArgumentsForOptionException", `Found multiple arguments for option ${name}, but you asked for only one`);
    if (v && v.length > 0) return v[0];
    return this.defs.get(name)?.defaultValue;
  }
  values(name: string): string[] {
    return this.vals.get(name) ?? [];
  }
  int(name: string): number | undefined {
    const v = this.value(name);
    return v === undefined ? undefined : Number(v);
  }
}

function checkType(def: OptionDef, raw: string): void {
  const t = def.arg!.type;
  const ok =
    t === "String" ? true
    : t === "Integer" ? /^[-+]?\d+$/.test(raw) && Math.abs(Number(raw)) <= 2147483648 && Number(raw) <= 2147483647
    : t === "Long" ? /^[-+]?\d+$/.test(raw) && BigInt(raw) <= 9223372036854775807n && BigInt(raw) >= -9223372036854775808n
    : raw.trim() !== "" && !Number.isNaN(Number(raw));
  if (!ok) throw new OptionError("OptionArgumentConversionException", `Cannot parse argument '${raw}' of option ${def.name}`);
}

/** Parse argv against the tool's option table (help and version are added by the caller's table). */
export function parseArgs(defsList: readonly OptionDef[], argv: readonly string[]): ParsedOptions {
  const defs = new Map(defsList.map((d) => [d.name, d]));
  const values = new Map<string, string[]>();
  const seen = new Set<string>();
  const nonOptions: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i]!;
    if (tok === "--") {
      nonOptions.push(...argv.slice(i + 1));
      break;
    }
    if (!tok.startsWith("-") || tok === "-") {
      nonOptions.push(tok);
      continue;
    }
    const body = tok.startsWith("--") ? tok.slice(2) : tok.slice(1);
    const eq = body.indexOf("=");
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const def = defs.get(name);
    if (!def) throw new OptionError("UnrecognizedOptionException", `${name} is not a recognized option`);
    seen.add(name);
    if (!def.arg) {
      if (eq >= 0) throw new OptionError("UnrecognizedOptionException", `${name} is not a recognized option`);
      continue;
    }
    let raw: string;
    if (eq >= 0) raw = body.slice(eq + 1);
    else if (def.arg.optional) {
      // joptsimple withOptionalArg: the next token is the argument unless it looks like an option
      if (i + 1 < argv.length && !argv[i + 1]!.startsWith("-")) raw = argv[++i]!;
      else continue;
    } else if (i + 1 < argv.length) raw = argv[++i]!;
    else throw new OptionError("OptionMissingRequiredArgumentException", `Option ${name} requires an argument`);
    checkType(def, raw);
    const list = values.get(name) ?? [];
    list.push(raw);
    values.set(name, list);
  }
  return new ParsedOptions(defs, values, seen, nonOptions, argv.length);
}

// ---- help: joptsimple BuiltinHelpFormatter(80, 2) --------------------------------------------

const OVERALL = 80;
const SEP = 2;

function optionCell(d: OptionDef): string {
  let s = `--${d.name}`;
  if (d.arg) {
    const inner = `${d.arg.type}${d.arg.describedAs ? `: ${d.arg.describedAs}` : ""}`;
    s += d.arg.optional ? ` [${inner}]` : ` <${inner}>`;
  }
  return s;
}
function descriptionCell(d: OptionDef): string {
  let s = d.description;
  if (d.defaultValue !== undefined) s += `${s ? " " : ""}(default: ${d.defaultValue})`;
  return s;
}

/** Break a line at spaces (as java.text.BreakIterator's line instance does for plain text). */
function pieces(raw: string, width: number): string[] {
  const out: string[] = [];
  for (const line of raw.trim().split("\n")) {
    const words = line.match(/\S+\s*|\s+/g) ?? [""];
    let next = "";
    for (const w of words) {
      if (next.length + w.length > width) {
        out.push(next.replace(/\s+$/, ""));
        next = "  " + w;
      } else next += w;
    }
    if (next.length > 0) out.push(next);
  }
  return out;
}

export function formatHelp(defsList: readonly OptionDef[]): string {
  const sorted = [...defsList].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const rows: [string, string][] = [["Option", "Description"], ["------", "-----------"], ...sorted.map((d): [string, string] => [optionCell(d), descriptionCell(d)])];
  const half = Math.floor((OVERALL - SEP) / 2);
  const optW = Math.min(half, Math.max(...rows.map((r) => r[0].length)));
  const descW = Math.min(half, Math.max(...rows.map((r) => r[1].length)));
  const fitted: [string, string][] = [];
  for (const [o, d] of rows) {
    const os = pieces(o, optW);
    const ds = pieces(d, descW);
    for (let i = 0; i < Math.max(os.length, ds.length); i++) fitted.push([os[i] ?? "", ds[i] ?? ""]);
  }
  // Rows.render pads both columns to the capped widths (longer pieces simply overflow)
  return fitted.map(([o, d]) => o.padEnd(optW) + " ".repeat(SEP) + d.padEnd(descW) + "\n").join("");
}

// ---- Kafka's CommandLineUtils ------------------------------------------------------------------

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}
export const stdio: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
};

/** Message and help table on stderr, then exit 1 (Kafka's printUsageAndDie). */
export function usageAndDie(defs: readonly OptionDef[], message: string, io: Io = stdio): never {
  io.err(message + "\n");
  io.err(formatHelp(defs));
  throw new ExitError(1, message);
}

/** Kafka's maybePrintHelpOrVersion: no args or --help → usage (exit 1), --version → version (exit 0). */
export function maybeHelpOrVersion(defs: readonly OptionDef[], opts: ParsedOptions, message: string, io: Io = stdio): void {
  if (opts.argCount === 0 || opts.has("help")) usageAndDie(defs, message, io);
  if (opts.has("version")) {
    io.out(toolVersion() + "\n");
    throw new ExitError(0, "version");
  }
}

export function checkRequiredArgs(defs: readonly OptionDef[], opts: ParsedOptions, ...required: string[]): void {
  for (const r of required) if (!opts.has(r)) usageAndDie(defs, `Missing required argument "[${r}]"`);
}

export function checkInvalidArgs(defs: readonly OptionDef[], opts: ParsedOptions, used: string, invalid: readonly string[]): void {
  if (!opts.has(used)) return;
  for (const i of invalid) if (opts.has(i)) usageAndDie(defs, `Option "[${used}]" can't be used with option "[${i}]"`);
}

/** Kafka's parseKeyValueArgs: "k=v" (value may contain '='); a missing value becomes "". */
export function parseKeyValueArgs(args: readonly string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const a of args) {
    const i = a.indexOf("=");
    if (i < 0) m.set(a, "");
    else m.set(a.slice(0, i), a.slice(i + 1));
  }
  return m;
}

/** A log4j-like line as Kafka's tools print through their default tools-log4j.properties (stderr). */
export function log4jLine(level: "ERROR" | "WARN" | "INFO", message: string, clazz: string): string {
  const d = new Date();
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const ts = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())},${p(d.getMilliseconds(), 3)}`;
  return `[${ts}] ${level} ${message} (${clazz})\n`;
}

/**
 * Run a tool's main: maps OptionError to the JVM's uncaught-exception text (or the plain message when
 * `plainOptionErrors`, as ConsoleProducer prints it) and ExitError to its exit code.
 */
export async function runTool(main: () => Promise<number | void>, plainOptionErrors = false): Promise<never> {
  let code = 0;
  try {
    code = (await main()) ?? 0;
  } catch (e) {
    if (e instanceof ExitError) code = e.code;
    else if (e instanceof OptionError) {
      process.stderr.write(plainOptionErrors ? `${e.message}\n` : `Exception in thread "main" ${e.name}: ${e.message}\n`);
      code = 1;
    } else {
      const err = e as Error;
      process.stderr.write(`Exception in thread "main" ${err?.stack ?? String(e)}\n`);
      code = 1;
    }
  }
  await new Promise<void>((r) => process.stdout.write("", () => r()));
  process.exit(code);
}
