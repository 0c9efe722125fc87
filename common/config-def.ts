/**
 * One definition per configuration key (name, type, default, doc, validator), used for
 * parsing, --help and docs alike. Both servers and the CLI tools build their config from it.
 */
export type ConfigType = "int" | "long" | "double" | "boolean" | "string" | "list" | "password";

export interface ConfigKey<T = unknown> {
  name: string;
  type: ConfigType;
  default: T | undefined;
  doc: string;
  /** Extra check after type conversion; return an error text or undefined. */
  validate?: (v: T) => string | undefined;
}

export class ConfigException extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigException";
  }
}

export function convert(def: ConfigKey, raw: string): unknown {
  const v = raw.trim();
  const bad = () => new ConfigException(`Invalid value ${raw} for configuration ${def.name}: Not a number of type ${def.type.toUpperCase()}`);
  switch (def.type) {
    case "int":
    case "long": {
      if (!/^[-+]?\d+$/.test(v)) throw bad();
      const n = Number(v);
      if (def.type === "int" && (n > 2147483647 || n < -2147483648)) throw bad();
      return n;
    }
    case "double": {
      const n = Number(v);
      if (v === "" || Number.isNaN(n)) throw bad();
      return n;
    }
    case "boolean":
      if (/^(true|false)$/i.test(v)) return v.toLowerCase() === "true";
      throw new ConfigException(`Invalid value ${raw} for configuration ${def.name}: Expected value to be either true or false`);
    case "list":
      return v === "" ? [] : v.split(",").map((s) => s.trim()).filter((s) => s !== "");
    default:
      return v;
  }
}

/** Parse raw string values against definitions. Unknown keys are returned for the caller to log. */
export function parseConfig(defs: readonly ConfigKey[], raw: Map<string, string>): { values: Map<string, unknown>; unknown: string[] } {
  const byName = new Map(defs.map((d) => [d.name, d]));
  const values = new Map<string, unknown>();
  for (const d of defs) if (d.default !== undefined) values.set(d.name, d.default);
  const unknown: string[] = [];
  for (const [k, v] of raw) {
    const d = byName.get(k);
    if (!d) {
      unknown.push(k);
      values.set(k, v);
      continue;
    }
    const converted = convert(d, v);
    const err = d.validate?.(converted as never);
    if (err) throw new ConfigException(`Invalid value ${v} for configuration ${k}: ${err}`);
    values.set(k, converted);
  }
  return { values, unknown };
}
