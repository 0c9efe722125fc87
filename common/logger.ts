/**
 * Logging for every server and tool: pino with a component name, Kafka-like messages.
 * Human-readable (pino-pretty, synchronous) when stdout is a terminal or LOG_FORMAT=pretty;
 * JSON lines otherwise. LOG_LEVEL sets the level (default info).
 */
import pino, { type Logger } from "pino";
import pretty from "pino-pretty";

let root: Logger | undefined;

function makeRoot(): Logger {
  const level = process.env.LOG_LEVEL ?? "info";
  const wantPretty = process.env.LOG_FORMAT === "pretty" || (process.env.LOG_FORMAT !== "json" && process.stdout.isTTY);
  if (wantPretty) {
    const stream = pretty({
      colorize: process.stdout.isTTY,
      sync: true,
      translateTime: "SYS:yyyy-mm-dd HH:MM:ss,l",
      ignore: "pid,hostname,component",
      messageFormat: "[{component}] {msg}",
    });
    return pino({ level }, stream);
  }
  return pino({ level, base: { pid: process.pid } });
}

/** A child logger tagged with `component` (e.g. "controller", "txn-log"). */
export function logger(component: string, bindings: Record<string, unknown> = {}): Logger {
  root ??= makeRoot();
  return root.child({ component, ...bindings });
}

/** Replace the root logger (tests, or a process that wants a prefix such as npm start's labels). */
export function setRootLogger(l: Logger): void {
  root = l;
}

export type { Logger };
