/**
 * Prometheus text exposition format, version 0.0.4 (what /metrics answers, Content-Type
 * `text/plain; version=0.0.4; charset=utf-8`):
 *
 *   # HELP <name> <help text, \ and newline escaped>
 *   # TYPE <name> counter|gauge|summary|untyped
 *   <name>[{label="value",...}] <value>
 *
 * One HELP/TYPE pair per family, then its samples; a summary's samples are
 * `<name>{quantile="0.99"}`, `<name>_sum` and `<name>_count`. Label values escape \, " and
 * newline; values are Go-style floats (NaN, +Inf, -Inf).
 *
 * Collectors build families only when scraped: the hot path never builds strings.
 */
export type MetricType = "counter" | "gauge" | "summary" | "untyped";

export interface Sample {
  /** appended to the family name (e.g. "_sum", "_count"); default none */
  suffix?: string;
  /** pre-rendered label set, `{topic="t"}`, or "" for none (see labels()) */
  labels: string;
  value: number;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  samples: Sample[];
}

export type Collector = () => MetricFamily[];

const escapeLabel = (v: string): string => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
const escapeHelp = (v: string): string => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");

/** `{k="v",...}` (in the order given), "" for no labels. */
export function labels(set: Record<string, string | number>): string {
  const parts = Object.entries(set).map(([k, v]) => `${k}="${escapeLabel(String(v))}"`);
  return parts.length === 0 ? "" : `{${parts.join(",")}}`;
}

/** Adds one label to a rendered label set: `{a="1"}` + b=2 → `{a="1",b="2"}`. */
export function withLabel(set: string, name: string, value: string): string {
  const l = `${name}="${escapeLabel(value)}"`;
  return set === "" ? `{${l}}` : `${set.slice(0, -1)},${l}}`;
}

export type ValueFormat = (v: number) => string;

/** Go / Prometheus client style: integers without a fraction. */
export const goFloat: ValueFormat = (v) => {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
};

/** Java's Double.toString, as the Java Prometheus client prints (5 → "5.0", 1e-7 → "1.0E-7"). */
export const javaDouble: ValueFormat = (v) => {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e7 || a < 1e-3)) {
    const [m, e] = v.toExponential().split("e");
    return `${m!.includes(".") ? m : `${m}.0`}E${Number(e)}`;
  }
  const s = String(v);
  return s.includes(".") ? s : `${s}.0`;
};

export function render(families: Iterable<MetricFamily>, fmt: ValueFormat = goFloat): string {
  let out = "";
  for (const f of families) {
    out += `# HELP ${f.name} ${escapeHelp(f.help)}\n# TYPE ${f.name} ${f.type}\n`;
    for (const s of f.samples) out += `${f.name}${s.suffix ?? ""}${s.labels} ${fmt(s.value)}\n`;
  }
  return out;
}

export function gauge(name: string, help: string, value: number, labelSet = ""): MetricFamily {
  return { name, help, type: "gauge", samples: [{ labels: labelSet, value }] };
}

export function counter(name: string, help: string, value: number, labelSet = ""): MetricFamily {
  return { name, help, type: "counter", samples: [{ labels: labelSet, value }] };
}

export const CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
