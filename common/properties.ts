/**
 * Java .properties files as Kafka and ZooKeeper read them: `key=value` or `key: value` or
 * `key value`, `#` and `!` comments, backslash line continuations and escapes.
 */
import { readFileSync } from "node:fs";

export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.replace(/^\s+/, "");
    if (line === "" || line.startsWith("#") || line.startsWith("!")) continue;
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < lines.length) {
      line = line.slice(0, -1) + lines[++i]!.replace(/^\s+/, "");
    }
    const m = /^((?:\\.|[^=:\s\\])*)\s*[=:\s]?\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = unescape(m[1]!);
    out.set(key, unescape(m[2]!.replace(/\s+$/, "")));
  }
  return out;
}

function unescape(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, c: string) => {
    if (c.length === 5) return String.fromCharCode(parseInt(c.slice(1), 16));
    return c === "t" ? "\t" : c === "n" ? "\n" : c === "r" ? "\r" : c === "f" ? "\f" : c;
  });
}

export function readPropertiesFile(path: string): Map<string, string> {
  return parseProperties(readFileSync(path, "utf8"));
}
