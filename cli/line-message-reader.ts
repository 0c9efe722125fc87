/**
 * Kafka's ConsoleProducer LineMessageReader: one record per input line; with parse.headers and/or
 * parse.key the line is "h1:v1,h2:v2<headers.delimiter>key<key.separator>value"; fields equal
 * to null.marker become null; a missing separator is an error unless ignore.error=true.
 */
export class LineReader {
  private lineNumber = 0;
  readonly parseKey: boolean;
  readonly parseHeaders: boolean;
  readonly ignoreError: boolean;
  readonly keySeparator: string;
  readonly headersDelimiter: string;
  readonly headersSeparator: string;
  readonly headersKeySeparator: string;
  readonly nullMarker: string | undefined;

  constructor(props: Map<string, string>) {
    const b = (k: string) => (props.get(k) ?? "false").trim().toLowerCase() === "true";
    this.parseKey = b("parse.key");
    this.parseHeaders = b("parse.headers");
    this.ignoreError = b("ignore.error");
    this.keySeparator = props.get("key.separator") ?? "\t";
    this.headersDelimiter = props.get("headers.delimiter") ?? "\t";
    this.headersSeparator = props.get("headers.separator") ?? ",";
    this.headersKeySeparator = props.get("headers.key.separator") ?? ":";
    this.nullMarker = props.get("null.marker");
  }

  private field(enabled: boolean, line: string, start: number, demarcation: string, name: string): string | null {
    if (!enabled) return null;
    const i = line.indexOf(demarcation, start);
    if (i < 0) {
      if (this.ignoreError) return null;
      throw new Error(`No ${name} found on line number ${this.lineNumber}: '${line}'`);
    }
    return line.slice(start, i);
  }

  private orNull(s: string): Buffer | null {
    return this.nullMarker !== undefined && s === this.nullMarker ? null : Buffer.from(s, "utf8");
  }

  read(line: string): { key: Buffer | null; value: Buffer | null; headers: { key: string; value: Buffer | null }[] } {
    this.lineNumber++;
    const headersStr = this.field(this.parseHeaders, line, 0, this.headersDelimiter, "headers delimiter");
    const headerOffset = headersStr === null ? 0 : headersStr.length + this.headersDelimiter.length;
    const keyStr = this.field(this.parseKey, line, headerOffset, this.keySeparator, "key separator");
    const keyOffset = keyStr === null ? 0 : keyStr.length + this.keySeparator.length;
    const valueStr = line.slice(headerOffset + keyOffset);
    const headers: { key: string; value: Buffer | null }[] = [];
    if (headersStr !== null && headersStr !== "") {
      for (const h of headersStr.split(this.headersSeparator)) {
        const i = h.indexOf(this.headersKeySeparator);
        const k = i < 0 ? h : h.slice(0, i);
        if (this.nullMarker !== undefined && k === this.nullMarker) throw new Error(`Header keys should not be equal to the null marker '${this.nullMarker}' as they can't be null`);
        headers.push({ key: k, value: i < 0 ? null : this.orNull(h.slice(i + this.headersKeySeparator.length)) });
      }
    }
    return { key: keyStr === null ? null : this.orNull(keyStr), value: this.orNull(valueStr), headers };
  }
}

