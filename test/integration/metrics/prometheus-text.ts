/**
 * A strict reader of the Prometheus text exposition format (0.0.4) for tests: every line is a
 * `# HELP name text`, a `# TYPE name type` (once per name, before its samples), or a sample
 * `name{label="value",...} value`; a sample's name must belong to a declared family (summary
 * samples may add _sum / _count). Throws on the first line that does not parse.
 */
export interface ParsedSample { name: string; labels: Record<string, string>; value: number }
export interface Parsed { types: Map<string, string>; samples: ParsedSample[] }

const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const SAMPLE = new RegExp(`^(${NAME})(\\{(.*)\\})? (\\S+)$`);
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/y;

function parseValue(s: string): number {
  if (s === "NaN") return NaN;
  if (s === "+Inf") return Infinity;
  if (s === "-Inf") return -Infinity;
  if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) throw new Error(`bad value ${s}`);
  return Number(s);
}

export function parsePrometheusText(text: string): Parsed {
  const types = new Map<string, string>();
  const helps = new Set<string>();
  const samples: ParsedSample[] = [];
  const lines = text.split("\n");
  if (lines.at(-1) !== "") throw new Error("text must end with a newline");
  lines.forEach((line, i) => {
    const where = `line ${i + 1}: ${JSON.stringify(line)}`;
    if (line === "") {
      if (i !== lines.length - 1) throw new Error(`empty ${where}`);
      return;
    }
    if (line.startsWith("#")) {
      const m = new RegExp(`^# (HELP|TYPE) (${NAME}) (.*)$`).exec(line);
      if (!m) throw new Error(`bad comment ${where}`);
      if (m[1] === "HELP") {
        if (helps.has(m[2]!)) throw new Error(`second HELP ${where}`);
        helps.add(m[2]!);
      } else {
        if (types.has(m[2]!)) throw new Error(`second TYPE ${where}`);
        if (!["counter", "gauge", "summary", "histogram", "untyped"].includes(m[3]!)) throw new Error(`bad type ${where}`);
        types.set(m[2]!, m[3]!);
      }
      return;
    }
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`bad sample ${where}`);
    const name = m[1]!;
    const labels: Record<string, string> = {};
    if (m[3] !== undefined && m[3] !== "") {
      LABEL.lastIndex = 0;
      let pos = 0;
      while (pos < m[3].length) {
        LABEL.lastIndex = pos;
        const l = LABEL.exec(m[3]);
        if (!l) throw new Error(`bad labels ${where}`);
        labels[l[1]!] = l[2]!.replace(/\\n/g, "\n").replace(/\\"/g, '"').replace(/\\\\/g, "\\");
        pos = LABEL.lastIndex;
      }
    }
    const family = types.has(name) ? name : name.replace(/_(sum|count|bucket)$/, "");
    if (!types.has(family)) throw new Error(`sample of an undeclared family ${where}`);
    samples.push({ name, labels, value: parseValue(m[4]!) });
  });
  return { types, samples };
}

/** The value of the sample with exactly these labels (undefined when absent). */
export function valueOf(p: Parsed, name: string, labels: Record<string, string> = {}): number | undefined {
  const want = JSON.stringify(Object.entries(labels).sort());
  return p.samples.find((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === want)?.value;
}

export async function scrape(url: string): Promise<Parsed> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
  const ct = res.headers.get("content-type") ?? "";
  if (!ct.startsWith("text/plain")) throw new Error(`${url}: content-type ${ct}`);
  return parsePrometheusText(await res.text());
}
