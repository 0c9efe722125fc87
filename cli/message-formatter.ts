/**
 * Kafka's DefaultMessageFormatter (kafka-console-consumer --property print.*=...): per record,
 * optionally "CreateTime:<ts>", "Partition:<p>", "Offset:<o>", headers "k:v,k2:v2" (or
 * NO_HEADERS), the key and the value, separated by key.separator (default tab) and ended by
 * line.separator (default newline); null keys/values print as null.literal (default "null").
 */

export interface FormattableRecord {
  partition: number;
  offset: bigint;
  timestamp: bigint;
  timestampType: number; // 0 CreateTime, 1 LogAppendTime, -1 none
  key: Buffer | null;
  value: Buffer | null;
  headers: { key: string; value: Buffer | null }[];
}

export class DefaultMessageFormatter {
  printTimestamp = false;
  printKey = false;
  printOffset = false;
  printPartition = false;
  printHeaders = false;
  printValue = true;
  keySeparator = Buffer.from("\t");
  lineSeparator = Buffer.from("\n");
  headersSeparator = Buffer.from(",");
  nullLiteral = Buffer.from("null");

  constructor(props: Map<string, string> = new Map()) {
    const b = (k: string, d: boolean) => (props.has(k) ? props.get(k)!.trim().toLowerCase() === "true" : d);
    this.printTimestamp = b("print.timestamp", false);
    this.printKey = b("print.key", false);
    this.printOffset = b("print.offset", false);
    this.printPartition = b("print.partition", false);
    this.printHeaders = b("print.headers", false);
    this.printValue = b("print.value", true);
    if (props.has("key.separator")) this.keySeparator = Buffer.from(props.get("key.separator")!);
    if (props.has("line.separator")) this.lineSeparator = Buffer.from(props.get("line.separator")!);
    if (props.has("headers.separator")) this.headersSeparator = Buffer.from(props.get("headers.separator")!);
    if (props.has("null.literal")) this.nullLiteral = Buffer.from(props.get("null.literal")!);
  }

  /** The bytes Kafka's formatter writes for one record. */
  format(r: FormattableRecord): Buffer {
    const out: Buffer[] = [];
    const sep = (column: boolean) => out.push(column ? this.keySeparator : this.lineSeparator);
    const utf = (s: string) => out.push(Buffer.from(s, "utf8"));
    if (this.printTimestamp) {
      utf(r.timestampType === 0 ? `CreateTime:${r.timestamp}` : r.timestampType === 1 ? `LogAppendTime:${r.timestamp}` : "NO_TIMESTAMP");
      sep(this.printOffset || this.printPartition || this.printHeaders || this.printKey || this.printValue);
    }
    if (this.printPartition) {
      utf(`Partition:${r.partition}`);
      sep(this.printOffset || this.printHeaders || this.printKey || this.printValue);
    }
    if (this.printOffset) {
      utf(`Offset:${r.offset}`);
      sep(this.printHeaders || this.printKey || this.printValue);
    }
    if (this.printHeaders) {
      if (r.headers.length === 0) utf("NO_HEADERS");
      r.headers.forEach((h, i) => {
        utf(`${h.key}:`);
        out.push(h.value ?? this.nullLiteral);
        if (i < r.headers.length - 1) out.push(this.headersSeparator);
      });
      sep(this.printKey || this.printValue);
    }
    if (this.printKey) {
      out.push(r.key ?? this.nullLiteral);
      sep(this.printValue);
    }
    if (this.printValue) {
      out.push(r.value ?? this.nullLiteral);
      out.push(this.lineSeparator);
    }
    return Buffer.concat(out);
  }
}
