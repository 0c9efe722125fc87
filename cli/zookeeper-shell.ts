/**
 * zookeeper-shell: Kafka's `bin/zookeeper-shell.sh host:port[/chroot] [command args...]`, i.e.
 * ZooKeeper 3.8's zkCli (ZooKeeperMain) with Kafka's usage line.
 *
 * Same commands, output streams (results on stdout, "Created /x" and errors on stderr), messages
 * and exit codes as zkCli: 0 on success, 1 for a failed command, 127 for an unknown command
 * (one-shot: the exit status of the command; interactive: of the last command). Interactive mode
 * reads lines from stdin (piped input works) and, like Kafka's shell without JLine, prints no
 * prompt unless stdin is a terminal. Watch notifications print as "WATCHER::" blocks.
 */
import { realpathSync } from "node:fs";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import {
  CreateFlags, Err, EventTypeNames, KeeperError, KeeperStateNames, OPEN_ACL_UNSAFE, ShellClient,
  formatStat, type Acl, type Stat, type WatchEvent,
} from "./zookeeper-shell-client.js";
import { delQuota, listQuota, QuotaError, setQuota, type QuotaContext } from "./zookeeper-shell-quotas.js";

const QUOTA_OPTION_LIST = "-n num soft quota, -b bytes soft quota, -N num hard quota, -B bytes hard quota";

const VERSION_LINE = "ZooKeeper CLI version: 3.8.0 (kafka-ts zookeeper-shell)";

/** zkCli's command table (name -> option string), printed sorted by usage(). */
const COMMANDS: Record<string, string> = {
  addWatch: "[-m mode] path # optional mode is one of [PERSISTENT, PERSISTENT_RECURSIVE] - default is PERSISTENT_RECURSIVE",
  addauth: "scheme auth",
  close: "",
  config: "[-c] [-w] [-s]",
  connect: "host:port",
  create: "[-s] [-e] [-c] [-t ttl] path [data] [acl]",
  delete: "[-v version] path",
  deleteall: "path [-b batch size]",
  delquota: "[-n|-b|-N|-B] path",
  get: "[-s] [-w] path",
  getAcl: "[-s] path",
  getAllChildrenNumber: "path",
  getEphemerals: "path",
  history: "",
  listquota: "path",
  ls: "[-s] [-w] [-R] path",
  printwatches: "on|off",
  quit: "",
  reconfig: "[-s] [-v version] [[-file path] | [-members serverID=host:port1:port2;port3[,...]*]] | [-add serverId=host:port1:port2;port3[,...]]* [-remove serverId[,...]*]",
  redo: "cmdno",
  removewatches: "path [-c|-d|-a] [-l]",
  set: "[-s] [-v version] path data",
  setAcl: "[-s] [-v version] [-R] path acl",
  setquota: "-n|-b|-N|-B val path",
  stat: "[-w] path",
  sync: "path",
  version: "",
  whoami: "",
};

/** Java client's KeeperException.Code messages. */
const CODE_MESSAGES: Record<number, string> = {
  0: "ok", [-1]: "SystemError", [-2]: "RuntimeInconsistency", [-3]: "DataInconsistency", [-4]: "ConnectionLoss",
  [-5]: "MarshallingError", [-6]: "Unimplemented", [-7]: "OperationTimeout", [-8]: "BadArguments",
  [-13]: "NewConfigNoQuorum", [-14]: "ReconfigInProgress", [-15]: "Unknown session", [-100]: "APIError",
  [-101]: "NoNode", [-102]: "NoAuth", [-103]: "BadVersion", [-108]: "NoChildrenForEphemerals",
  [-110]: "NodeExists", [-111]: "Directory not empty", [-112]: "Session expired", [-113]: "Invalid callback",
  [-114]: "InvalidACL", [-115]: "AuthFailed", [-118]: "Session moved", [-119]: "Not a read-only call",
  [-120]: "Ephemeral node on local session", [-121]: "No such watcher", [-122]: "Request timeout",
  [-123]: "Reconfig is disabled", [-124]: "Session closed because client failed to authenticate",
  [-125]: "Quota has exceeded", [-127]: "Op throttled due to high load",
};

/** A failed command: its message goes to stderr and its exit code becomes the shell's. */
class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) { super(message); }
}
/** An exception zkCli does not catch (e.g. NumberFormatException): the JVM prints it and exits 1. */
class FatalError extends Error {}

function keeperMessage(code: number, path: string | null): string {
  return `KeeperErrorCode = ${CODE_MESSAGES[code] ?? `Unknown error ${code}`}${path !== null ? ` for ${path}` : ""}`;
}

/** CliWrapperException's message for a KeeperException. */
function wrapKeeper(e: unknown, path: string | null, rel: (p: string) => string = (p) => p): CliError {
  if (!(e instanceof KeeperError)) return new CliError(String((e as Error)?.message ?? e));
  const p = e.path !== undefined ? rel(e.path) : path;
  switch (e.code) {
    case Err.noNode: return new CliError(`Node does not exist: ${p}`);
    case Err.noChildrenForEphemerals: return new CliError(`Ephemerals cannot have children: ${p}`);
    case Err.nodeExists: return new CliError(`Node already exists: ${p}`);
    case Err.notEmpty: return new CliError(`Node not empty: ${p}`);
    case -119: return new CliError(`Not a read-only call: ${p}`);
    case Err.invalidAcl: return new CliError(`Acl is not valid : ${p}`);
    case Err.noAuth: return new CliError(`Insufficient permission : ${p}`);
    case Err.badArguments: return new CliError(`Arguments are not valid : ${p}`);
    case Err.badVersion: return new CliError(`version No is not valid : ${p}`);
    case -125: return new CliError(`Quota has exceeded : ${p}`);
    default: return new CliError(keeperMessage(e.code, p));
  }
}

/** PathUtils.validatePath, as the Java client runs it before sending (IllegalArgumentException message). */
export function validatePath(path: string): string | null {
  if (path.length === 0) return "Path length must be > 0";
  if (path[0] !== "/") return "Path must start with / character";
  if (path.length === 1) return null;
  if (path.endsWith("/")) return "Path must not end with / character";
  let reason: string | null = null;
  let last = "/";
  for (let i = 1; i < path.length; last = path[i]!, i++) {
    const c = path[i]!;
    const code = c.charCodeAt(0);
    if (code === 0) { reason = `null character not allowed @${i}`; break; }
    if (c === "/" && last === "/") { reason = `empty node name specified @${i}`; break; }
    if (c === "." && last === ".") {
      if (path[i - 2] === "/" && (i + 1 === path.length || path[i + 1] === "/")) { reason = `relative paths not allowed @${i}`; break; }
    } else if (c === ".") {
      if (path[i - 1] === "/" && (i + 1 === path.length || path[i + 1] === "/")) { reason = `relative paths not allowed @${i}`; break; }
    } else if ((code > 0 && code <= 0x1f) || (code >= 0x7f && code <= 0x9f) || (code >= 0xd800 && code <= 0xf8ff) || code >= 0xfff0) {
      reason = `invalid character @${i}`; break;
    }
  }
  return reason === null ? null : `Invalid path string "${path}" caused by ${reason}`;
}

function checkPath(path: string): void {
  const why = validatePath(path);
  if (why !== null) throw new CliError(why);
}

/** commons-cli DefaultParser, for the options zkCli declares: flags and options taking a value. */
interface Parsed { args: string[]; flags: Set<string>; values: Map<string, string> }
function parseOptions(tokens: string[], flags: string, valued: string): Parsed {
  const out: Parsed = { args: [], flags: new Set(), values: new Map() };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === "-" || !t.startsWith("-")) { out.args.push(t); continue; }
    if (t.startsWith("--")) throw new CliError(`org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: ${t}`);
    const name = t.slice(1);
    if (valued.includes(name[0]!) ) {
      const o = name[0]!;
      if (name.length > 1) { out.values.set(o, name.slice(1)); continue; }
      const v = tokens[i + 1];
      if (v === undefined) throw new CliError(`org.apache.commons.cli.MissingArgumentException: Missing argument for option: ${o}`);
      out.values.set(o, v); i++; continue;
    }
    for (let k = 0; k < name.length; k++) {
      const o = name[k]!;
      if (flags.includes(o)) { out.flags.add(o); continue; }
      if (valued.includes(o)) {
        const rest = name.slice(k + 1);
        if (rest) out.values.set(o, rest);
        else {
          const v = tokens[i + 1];
          if (v === undefined) throw new CliError(`org.apache.commons.cli.MissingArgumentException: Missing argument for option: ${o}`);
          out.values.set(o, v); i++;
        }
        break;
      }
      throw new CliError(`org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: ${k === 0 ? t : `-${name.slice(k)}`}`);
    }
  }
  return out;
}

function parseJavaInt(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new FatalError(`Exception in thread "main" java.lang.NumberFormatException: For input string: "${s}"`);
  const v = Number(s);
  if (v > 2147483647 || v < -2147483648) throw new FatalError(`Exception in thread "main" java.lang.NumberFormatException: For input string: "${s}"`);
  return v;
}

/** AclParser.parse: "scheme:id:perm,..." (bad entries are reported and skipped). */
function parseAcl(s: string, err: (l: string) => void): Acl[] {
  const out: Acl[] = [];
  for (const a of s.split(",")) {
    const first = a.indexOf(":"); const last = a.lastIndexOf(":");
    if (first === -1 || first === last) { err(`${a} does not have the form scheme:id:perm`); continue; }
    let perms = 0;
    for (const ch of a.slice(last + 1)) {
      const bit = ({ r: 1, w: 2, c: 4, d: 8, a: 16 } as Record<string, number>)[ch];
      if (bit === undefined) err(`Unknown perm type: ${ch}`); else perms |= bit;
    }
    out.push({ perms, scheme: a.slice(0, first), id: a.slice(first + 1, last) });
  }
  return out;
}

function permString(p: number): string {
  return (p & 4 ? "c" : "") + (p & 8 ? "d" : "") + (p & 1 ? "r" : "") + (p & 2 ? "w" : "") + (p & 16 ? "a" : "");
}
/** jute's CSV toString of an Id: 'scheme,'id followed by a newline. */
function csvId(scheme: string, id: string): string {
  const esc = (v: string) => "'" + v.replace(/[%,\n\r}\0]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
  return `${esc(scheme)},${esc(id)}\n`;
}

/** ZooKeeperMain's command-line tokenizer (quotes group words and are stripped). */
export function tokenize(line: string): string[] {
  const re = /\s*([^"'\s]\S*|"[^"]*"|'[^']*')\s*/g;
  const out: string[] = [];
  for (let m = re.exec(line); m; m = re.exec(line)) {
    let v = m[1]!;
    const q = /^(['"])(.*)\1$/s.exec(v);
    if (q) v = q[2]!;
    out.push(v);
  }
  return out;
}

export class Shell {
  private client: ShellClient | null = null;
  private host = "";
  private chroot = "";
  private printWatches = true;
  private history = new Map<number, string>();
  commandCount = 0;
  exitCode = 0;
  private connected: Promise<void> | null = null;
  /** The client's view of its watches (Java's ZKWatchManager), for removewatches. */
  private watches = { data: new Set<string>(), exist: new Set<string>(), child: new Set<string>(), persistent: new Set<string>(), recursive: new Set<string>() };
  private closed = false;

  constructor(private timeoutMs: number, private out: (s: string) => void, private err: (s: string) => void, private print: (s: string) => void = (t) => { process.stdout.write(t); }) {}

  private printMessage(msg: string): void { this.out(`\n${msg}`); }
  private printEvent(state: string, type: string, path: string | null): void {
    if (!this.printWatches) return;
    this.printMessage("WATCHER::");
    this.printMessage(`WatchedEvent state:${state} type:${type} path:${path}`);
  }

  /** Start connecting (ZooKeeperMain.connectToZK); requests wait for the session. */
  connect(hostString: string): void {
    if (this.client && !this.closed) void this.closeClient();
    this.host = hostString;
    const slash = hostString.indexOf("/");
    this.chroot = slash >= 0 ? hostString.slice(slash).replace(/\/$/, "") : "";
    const servers = slash >= 0 ? hostString.slice(0, slash) : hostString;
    const c = new ShellClient(servers, { sessionTimeout: this.timeoutMs, connectTimeoutMs: this.timeoutMs, retries: 0 });
    this.client = c;
    this.closed = false;
    c.on("watch", (ev: WatchEvent) => {
      if (c !== this.client) return;
      // ZKWatchManager.materialize: an event reaches the watcher only through a watch the client
      // still holds (a watch removed with `removewatches -l` stays on the server but is not shown).
      const p = this.rel(ev.path);
      const w = this.watches;
      const recursive = [...w.recursive].some((r) => p === r || p.startsWith(r === "/" ? "/" : r + "/"));
      let deliver = w.persistent.has(p);
      if (ev.type === 1 || ev.type === 3) { deliver = deliver || w.data.has(p) || w.exist.has(p) || recursive; w.data.delete(p); w.exist.delete(p); }
      if (ev.type === 4) { deliver = deliver || w.child.has(p); w.child.delete(p); }
      if (ev.type === 2) { deliver = deliver || w.data.has(p) || w.exist.has(p) || w.child.has(p) || recursive; w.data.delete(p); w.exist.delete(p); w.child.delete(p); }
      if (ev.type >= 1 && ev.type <= 4 && !deliver) return;
      this.printEvent(KeeperStateNames[ev.state] ?? String(ev.state), EventTypeNames[ev.type] ?? String(ev.type), this.rel(ev.path));
    });
    c.on("auth", (code: number) => { if (code === Err.authFailed && c === this.client) this.printEvent("AuthFailed", "None", null); });
    let first = true;
    c.lib.on("state", (s: { name: string }) => {
      if (c !== this.client || this.closed) return;
      const name = s.name === "SYNC_CONNECTED" ? "SyncConnected" : s.name === "DISCONNECTED" ? "Disconnected"
        : s.name === "EXPIRED" ? "Expired" : s.name === "AUTH_FAILED" ? "AuthFailed" : s.name === "CONNECTED_READ_ONLY" ? "ConnectedReadOnly" : null;
      if (name === "SyncConnected" && !first) return this.printEvent(name, "None", null);
      first = false;
      if (name) this.printEvent(name, "None", null);
    });
    this.connected = c.open(this.timeoutMs).catch(() => undefined);
  }

  private async closeClient(): Promise<void> {
    const c = this.client;
    if (!c || this.closed) return;
    this.closed = true;
    await c.close();
    this.printEvent("Closed", "None", null);
  }

  private quotaContext(zk: ShellClient): QuotaContext {
    return { zk, abs: (p) => this.abs(p), out: (l) => this.out(l), err: (l) => this.err(l) };
  }

  private wrap(e: unknown, path: string | null): CliError { return wrapKeeper(e, path, (p) => this.rel(p)); }

  /** Absolute server path for a user path (chroot prefix). */
  private abs(p: string): string { return this.chroot ? (p === "/" ? this.chroot : this.chroot + p) : p; }
  /** User path for a server path (chroot stripped). */
  private rel(p: string): string {
    if (!this.chroot) return p;
    if (p === this.chroot) return "/";
    return p.startsWith(this.chroot + "/") ? p.slice(this.chroot.length) : p;
  }

  private async zk(): Promise<ShellClient> {
    if (this.connected) await this.connected;
    return this.client!;
  }

  /** ZooKeeperMain.executeLine. */
  async executeLine(line: string): Promise<void> {
    if (line === "") return;
    const args = tokenize(line);
    this.history.set(this.commandCount, line);
    await this.processCmd(args);
    this.commandCount++;
  }

  /** ZooKeeperMain.processCmd: run, set exitCode, print a CliException's message. */
  async processCmd(args: string[]): Promise<void> {
    try {
      await this.processZKCmd(args);
      this.exitCode = 0;
    } catch (e) {
      if (e instanceof CliError) { this.exitCode = e.exitCode; this.err(e.message); }
      else throw e;
    }
  }

  private usage(): void {
    this.err("ZooKeeper -server host:port [-zk-tls-config-file <file>] cmd args");
    for (const c of Object.keys(COMMANDS).sort()) this.err(`\t${c} ${COMMANDS[c]}`);
  }

  private async processZKCmd(args: string[]): Promise<void> {
    const cmd = args[0];
    if (cmd === undefined) { this.usage(); throw new CliError("No command entered"); }
    if (!(cmd in COMMANDS)) { this.usage(); throw new CliError(`Command not found: Command not found ${cmd}`, 127); }
    switch (cmd) {
      case "quit": await this.closeClient(); throw new QuitSignal();
      case "redo": {
        if (args.length < 2) break;
        const i = parseJavaInt(args[1]!);
        if (this.commandCount <= i || i < 0) throw new CliError("Command index out of range");
        const line = this.history.get(i)!;
        const again = tokenize(line);
        if (again[0] === "redo") throw new CliError("No redoing redos");
        this.history.set(this.commandCount, line);
        await this.processCmd(again);
        return;
      }
      case "history":
        for (let i = this.commandCount - 10; i <= this.commandCount; ++i) if (i >= 0) this.out(`${i} - ${this.history.get(i) ?? "null"}`);
        return;
      case "printwatches":
        if (args.length === 1) this.out(`printwatches is ${this.printWatches ? "on" : "off"}`);
        else this.printWatches = args[1] === "on";
        return;
      case "connect":
        this.connect(args.length >= 2 ? args[1]! : this.host);
        return;
      case "version":
        this.out(VERSION_LINE);
        return;
    }
    if (!this.client || this.closed) { this.out("Not connected"); return; }
    try {
      await this.zkCommand(cmd, args);
    } catch (e) {
      if (e instanceof KeeperError) throw wrapKeeper(e, null, (p) => this.rel(p));
      throw e;
    }
  }

  private async zkCommand(cmd: string, tokens: string[]): Promise<void> {
    const err = (l: string) => this.err(l);
    const usage = () => new CliError(`${cmd} ${COMMANDS[cmd]}`);
    switch (cmd) {
      case "close": await this.closeClient(); return;
      case "ls": {
        const o = parseOptions(tokens, "?swR", "");
        if (o.args.length > 2) { err("'ls path [watch]' has been deprecated. Please use 'ls [-w] path' instead."); o.flags.add("w"); }
        if (o.args.length < 2) throw usage();
        const path = o.args[1]!; const watch = o.flags.has("w");
        checkPath(path);
        const zk = await this.zk();
        if (o.flags.has("R")) {
          try { await zk.getData(this.abs(path), watch); } catch (e) { throw this.wrap(e, path); }
          if (watch) this.watches.data.add(path);
          this.out(path);
          await this.visitDFS(zk, path, watch, (p) => this.out(p));
          return;
        }
        let r: { children: string[]; stat: Stat };
        try { r = await zk.getChildren(this.abs(path), watch); } catch (e) { throw this.wrap(e, path); }
        if (watch) this.watches.child.add(path);
        this.out(`[${[...r.children].sort(javaCompare).join(", ")}]`);
        if (o.flags.has("s")) this.out(formatStat(r.stat));
        return;
      }
      case "get": {
        const o = parseOptions(tokens, "sw", "");
        if (o.args.length < 2) throw usage();
        if (o.args.length > 2) { err("'get path [watch]' has been deprecated. Please use 'get [-s] [-w] path' instead."); o.flags.add("w"); }
        const path = o.args[1]!; checkPath(path);
        const zk = await this.zk();
        let r: { data: Buffer | null; stat: Stat };
        try { r = await zk.getData(this.abs(path), o.flags.has("w")); } catch (e) { throw this.wrap(e, path); }
        if (o.flags.has("w")) this.watches.data.add(path);
        this.out(r.data === null ? "null" : r.data.toString("utf8"));
        if (o.flags.has("s")) this.out(formatStat(r.stat));
        return;
      }
      case "stat": {
        const o = parseOptions(tokens, "w", "");
        if (o.args.length < 2) throw usage();
        if (o.args.length > 2) { err("'stat path [watch]' has been deprecated. Please use 'stat [-w] path' instead."); o.flags.add("w"); }
        const path = o.args[1]!; checkPath(path);
        const zk = await this.zk();
        let s: Stat | null;
        try { s = await zk.exists(this.abs(path), o.flags.has("w")); } catch (e) { throw this.wrap(e, path); }
        if (o.flags.has("w")) (s === null ? this.watches.exist : this.watches.data).add(path);
        if (s === null) throw new CliError(`Node does not exist: ${path}`);
        this.out(formatStat(s));
        return;
      }
      case "create": {
        const o = parseOptions(tokens, "esc", "t");
        if (o.args.length < 2) throw usage();
        const e = o.flags.has("e"), s = o.flags.has("s"), c = o.flags.has("c"), t = o.values.has("t");
        if (c && (e || s)) throw new CliError("-c cannot be combined with -s or -e. Containers cannot be ephemeral or sequential.");
        let ttl = 0n;
        if (t) {
          const v = o.values.get("t")!;
          if (!/^[+-]?\d+$/.test(v)) throw new CliError("-t argument must be a long value");
          ttl = BigInt(v);
        }
        if (t && e) throw new CliError("TTLs cannot be used with Ephemeral znodes");
        if (t && c) throw new CliError("TTLs cannot be used with Container znodes");
        let flags: number = CreateFlags.persistent;
        if (e && s) flags = CreateFlags.ephemeralSequential;
        else if (e) flags = CreateFlags.ephemeral;
        else if (s) flags = t ? CreateFlags.ttlSequential : CreateFlags.sequential;
        else if (c) flags = CreateFlags.container;
        else if (t) flags = CreateFlags.ttl;
        if (t && (ttl <= 0n || ttl > 0xffffffffffn)) throw new CliError(`ttl must be positive and cannot be larger than: ${0xffffffffffn}`);
        const path = o.args[1]!;
        const data = o.args.length > 2 ? Buffer.from(o.args[2]!, "utf8") : null;
        let acl: Acl[] = OPEN_ACL_UNSAFE;
        if (o.args.length > 3) acl = parseAcl(o.args[3]!, err);
        checkPath(s ? path + "1" : path);
        if (acl.length === 0) { err(keeperMessage(Err.invalidAcl, null)); throw new CliError("Acl is not valid : null"); }
        const zk = await this.zk();
        try {
          const r = await zk.create(this.abs(path), data, acl, flags, t ? ttl : undefined);
          err(`Created ${this.rel(r.path)}`);
        } catch (ex) {
          if (ex instanceof KeeperError && ex.code === Err.invalidAcl) err(keeperMessage(Err.invalidAcl, path));
          if (ex instanceof KeeperError && ex.code === -120) err("Unable to create ephemeral node on a local session");
          throw this.wrap(ex, path);
        }
        return;
      }
      case "set": {
        const o = parseOptions(tokens, "s", "v");
        if (o.args.length < 3) throw usage();
        const path = o.args[1]!; const data = Buffer.from(o.args[2]!, "utf8");
        const version = o.values.has("v") ? parseJavaInt(o.values.get("v")!) : -1;
        checkPath(path);
        const zk = await this.zk();
        let s: Stat;
        try { s = await zk.setData(this.abs(path), data, version); } catch (e) { throw this.wrap(e, path); }
        if (o.flags.has("s")) this.out(formatStat(s));
        return;
      }
      case "delete": {
        const o = parseOptions(tokens, "", "v");
        if (o.args.length < 2) throw usage();
        if (o.args.length > 2) err("'delete path [version]' has been deprecated. Please use 'delete [-v version] path' instead.");
        const path = o.args[1]!;
        const version = o.values.has("v") ? parseJavaInt(o.values.get("v")!) : -1;
        checkPath(path);
        const zk = await this.zk();
        try { await zk.delete(this.abs(path), version); } catch (e) { throw this.wrap(e, path); }
        return;
      }
      case "deleteall": {
        const o = parseOptions(tokens, "", "b");
        if (o.args.length < 2) throw usage();
        let batch = 1000;
        if (o.values.has("b")) {
          const v = o.values.get("b")!;
          if (!/^[+-]?\d+$/.test(v)) throw new CliError("-b argument must be an int value");
          batch = Number(v);
        }
        const path = o.args[1]!; checkPath(path);
        const zk = await this.zk();
        let ok = true;
        try {
          const tree = await this.listSubTreeBFS(zk, path);
          let ops: string[] = [];
          for (let i = tree.length - 1; i >= 0; --i) {
            ops.push(tree[i]!);
            if (ops.length === batch || i === 0) {
              const r = await zk.multi(ops.map((p) => ({ op: "delete" as const, path: this.abs(p) })));
              if (r.err !== 0 || r.results.some((x) => x.err !== 0)) { ok = false; break; }
              ops = [];
            }
          }
        } catch (e) { throw this.wrap(e, path); }
        if (!ok) err("Failed to delete some node(s) in the subtree!");
        return;
      }
      case "getAcl": {
        const o = parseOptions(tokens, "s", "");
        if (o.args.length < 2) throw usage();
        const path = o.args[1]!; checkPath(path);
        const zk = await this.zk();
        let r: { acl: Acl[]; stat: Stat };
        try { r = await zk.getACL(this.abs(path)); } catch (e) { throw this.wrap(e, path); }
        for (const a of r.acl) this.out(`${csvId(a.scheme, a.id)}: ${permString(a.perms)}`);
        if (o.flags.has("s")) this.out(formatStat(r.stat));
        return;
      }
      case "setAcl": {
        const o = parseOptions(tokens, "sR", "v");
        if (o.args.length < 3) throw usage();
        const path = o.args[1]!;
        const acl = parseAcl(o.args[2]!, err);
        const version = o.values.has("v") ? parseJavaInt(o.values.get("v")!) : -1;
        checkPath(path);
        if (acl.length === 0) throw new CliError("Acl is not valid : null");
        const zk = await this.zk();
        try {
          if (o.flags.has("R")) {
            await zk.getData(this.abs(path), false);
            const visit = async (p: string) => {
              // zkCli prints a failed node's message with out.print (no newline) and goes on
              try { await zk.setACL(this.abs(p), acl, version); } catch (e) { if (e instanceof KeeperError) this.print(keeperMessage(e.code, p)); else throw e; }
            };
            await visit(path);
            const all: string[] = [];
            await this.visitDFS(zk, path, false, (p) => all.push(p));
            for (const p of all) await visit(p);
          } else {
            const s = await zk.setACL(this.abs(path), acl, version);
            if (o.flags.has("s")) this.out(formatStat(s));
          }
        } catch (e) { throw this.wrap(e, path); }
        return;
      }
      case "addauth": {
        const o = parseOptions(tokens, "", "");
        if (o.args.length < 2) throw usage();
        const zk = await this.zk();
        await zk.addAuth(o.args[1]!, o.args[2] ?? "");
        return;
      }
      case "sync": {
        const o = parseOptions(tokens, "", "");
        if (o.args.length < 2) throw usage();
        const path = o.args[1]!; checkPath(path);
        const zk = await this.zk();
        const r = await zk.raw(9, syncBody(this.abs(path)));
        this.out(r.err === 0 ? "Sync is OK" : `Sync has failed. rc=${r.err}`);
        return;
      }
      case "getEphemerals": {
        const o = parseOptions(tokens, "", "");
        const path = o.args.length < 2 ? "/" : o.args[1]!;
        checkPath(path);
        const zk = await this.zk();
        let l: string[];
        // As the Java client does: the chroot is neither added to the prefix nor stripped from results.
        try { l = await zk.getEphemerals(path); } catch (e) { throw this.wrap(e, path); }
        this.out(`[${l.join(", ")}]`);
        return;
      }
      case "getAllChildrenNumber": {
        const o = parseOptions(tokens, "", "");
        if (o.args.length < 2) throw usage();
        const path = o.args[1]!; checkPath(path);
        const zk = await this.zk();
        let n: number;
        try { n = await zk.getAllChildrenNumber(this.abs(path)); } catch (e) { throw this.wrap(e, path); }
        this.out(String(n));
        return;
      }
      case "whoami": {
        const zk = await this.zk();
        let ids: { scheme: string; id: string }[];
        try { ids = await zk.whoAmI(); } catch (e) { throw this.wrap(e, null); }
        this.out("Auth scheme: User");
        for (const i of ids) this.out(`${i.scheme}: ${i.id}`);
        return;
      }
      case "addWatch": {
        const o = parseOptions(tokens, "", "m");
        if (o.args.length !== 2) throw usage();
        const m = (o.values.get("m") ?? "PERSISTENT_RECURSIVE").toUpperCase();
        if (m !== "PERSISTENT" && m !== "PERSISTENT_RECURSIVE") throw usage();
        const path = o.args[1]!;
        const why = validatePath(path);
        if (why !== null) throw new FatalError(`Exception in thread "main" java.lang.IllegalArgumentException: ${why}`);
        const zk = await this.zk();
        try { await zk.addWatch(this.abs(path), m === "PERSISTENT" ? 0 : 1); } catch (e) { throw this.wrap(e, path); }
        (m === "PERSISTENT" ? this.watches.persistent : this.watches.recursive).add(path);
        return;
      }
      case "removewatches": {
        const o = parseOptions(tokens, "cdal", "");
        if (o.args.length < 2) throw usage();
        const path = o.args[1]!; checkPath(path);
        const type = o.flags.has("c") ? 1 : o.flags.has("d") ? 2 : 3;
        const w = this.watches;
        // ZKWatchManager.containsWatcher: checked locally before asking the server
        const has = (set: Set<string>) => set.has(path);
        const persistentAny = has(w.persistent) || has(w.recursive);
        const known = type === 1 ? has(w.child) || persistentAny : type === 2 ? has(w.data) || has(w.exist) || persistentAny
          : has(w.child) || has(w.data) || has(w.exist) || persistentAny;
        if (!known) throw new CliError(keeperMessage(Err.noWatcher, path));
        if (!o.flags.has("l")) {
          const zk = await this.zk();
          try { await zk.removeWatches(this.abs(path), type as 1 | 2 | 3); } catch (e) { throw this.wrap(e, path); }
        }
        // ZKWatchManager.removeWatcher: drop local watches, tell the watcher, or NOWATCHER
        const child = (type === 1 || type === 3) && w.child.delete(path);
        const data = (type === 2 || type === 3) && [w.data.delete(path), w.exist.delete(path)].some(Boolean);
        const persistent = type === 3 && [w.persistent.delete(path), w.recursive.delete(path)].some(Boolean);
        if (!child && !data && !persistent) throw new CliError(keeperMessage(Err.noWatcher, path));
        if (child) this.printEvent("SyncConnected", "ChildWatchRemoved", path);
        if (data) this.printEvent("SyncConnected", "DataWatchRemoved", path);
        if (persistent) this.printEvent("SyncConnected", "PersistentWatchRemoved", path);
        return;
      }
      case "config": {
        const o = parseOptions(tokens, "cws", "");
        const zk = await this.zk();
        let r: { data: Buffer | null; stat: Stat };
        try { r = await zk.getData("/zookeeper/config", o.flags.has("w")); } catch (e) { throw this.wrap(e, "/zookeeper/config"); }
        this.out(r.data === null ? "null" : r.data.toString("utf8"));
        if (o.flags.has("s")) this.out(formatStat(r.stat));
        return;
      }
      case "setquota": {
        const o = parseOptions(tokens, "", "nbNB");
        const given = ["n", "b", "N", "B"].filter((k) => o.values.has(k));
        if (given.length === 0) throw new CliError(`org.apache.commons.cli.MissingOptionException: Missing required option: [${QUOTA_OPTION_LIST}]`);
        if (given.length > 1) throw new CliError(`org.apache.commons.cli.AlreadySelectedException: The option '${given[1]}' was specified but an option from this group has already been selected: '${given[0]}'`);
        if (o.args.length < 2) throw usage();
        const zk = await this.zk();
        const path = o.args[1]!;
        try {
          await setQuota(this.quotaContext(zk), path, { n: o.values.get("n"), b: o.values.get("b"), N: o.values.get("N"), B: o.values.get("B") });
        } catch (e) {
          if (e instanceof QuotaError) throw new CliError(e.message);
          throw this.wrap(e, path);
        }
        return;
      }
      case "delquota": {
        const o = parseOptions(tokens, "nbNB", "");
        if (o.flags.size > 1) {
          const [a, b] = ["n", "b", "N", "B"].filter((k) => o.flags.has(k));
          throw new CliError(`org.apache.commons.cli.AlreadySelectedException: The option '${b}' was specified but an option from this group has already been selected: '${a}'`);
        }
        if (o.args.length < 2) throw usage();
        const zk = await this.zk();
        try { await delQuota(this.quotaContext(zk), o.args[1]!, o.flags); } catch (e) { throw this.wrap(e, o.args[1]!); }
        return;
      }
      case "listquota": {
        const o = parseOptions(tokens, "", "");
        if (o.args.length < 2) throw usage();
        const zk = await this.zk();
        try { await listQuota(this.quotaContext(zk), o.args[1]!); } catch (e) { throw this.wrap(e, o.args[1]!); }
        return;
      }
      default:
        throw new CliError(`${cmd}: not supported by this zookeeper-shell (reconfig needs a quorum; kafka-ts runs standalone)`);
    }
  }

  /** ZKUtil.visitSubTreeDFS's helper: each level's children (sorted) first, then recurse. */
  private async visitDFS(zk: ShellClient, path: string, watch: boolean, cb: (p: string) => void): Promise<void> {
    let children: string[];
    try { children = (await zk.getChildren(this.abs(path), watch)).children.sort(javaCompare); } catch (e) {
      if (e instanceof KeeperError && e.code === Err.noNode) return;
      throw e;
    }
    if (watch) this.watches.child.add(path);
    const prefix = path === "/" ? "/" : path + "/";
    for (const c of children) cb(prefix + c);
    for (const c of children) await this.visitDFS(zk, prefix + c, watch, cb);
  }

  /** ZKUtil.listSubTreeBFS (children in server order, as Java does). */
  private async listSubTreeBFS(zk: ShellClient, root: string): Promise<string[]> {
    const queue = [root]; const tree = [root];
    for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
      const { children } = await zk.getChildren(this.abs(node), false);
      for (const c of children) { const p = `${node}/${c}`; queue.push(p); tree.push(p); }
    }
    return tree;
  }

  /** ZooKeeperMain.getPrompt's parts: the connect string and ZooKeeper.States of the session. */
  get promptHost(): string { return this.host; }
  get promptState(): string {
    if (!this.client || this.closed) return "CLOSED";
    const s = this.client.stateName;
    return s === "SYNC_CONNECTED" ? "CONNECTED" : s === "CONNECTED_READ_ONLY" ? "CONNECTEDREADONLY" : s === "AUTH_FAILED" ? "AUTH_FAILED" : s === "EXPIRED" ? "CLOSED" : "CONNECTING";
  }


}

class QuitSignal extends Error {}

function syncBody(path: string): Buffer {
  const b = Buffer.from(path, "utf8");
  const out = Buffer.alloc(4 + b.length);
  out.writeInt32BE(b.length, 0); b.copy(out, 4);
  return out;
}

/** Java String.compareTo (UTF-16 code units), which Collections.sort uses. */
function javaCompare(a: string, b: string): number { return a < b ? -1 : a > b ? 1 : 0; }


function writeLine(stream: NodeJS.WriteStream) { return (s: string) => { stream.write(s + "\n"); }; }

async function main(argv: string[]): Promise<number> {
  // ZooKeeperMain.MyCommandOptions.parseOptions, plus Kafka's -zk-tls-config-file.
  let server = "localhost:2181"; let timeout = 30_000; let command: string[] | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-zk-tls-config-file") {
      if (i === argv.length - 1) { process.stderr.write("Error: no filename provided with option -zk-tls-config-file\n"); return 1; }
      process.stderr.write("zookeeper-shell: TLS to ZooKeeper is not supported by kafka-ts; connecting in plaintext\n");
      i++; continue;
    }
    if (a === "-server" || a === "-timeout") {
      const v = argv[++i];
      if (v === undefined) { process.stderr.write(`Error: no argument found for option ${a}\n`); break; }
      if (a === "-server") server = v; else timeout = Number(v);
      continue;
    }
    if (a === "-r") continue;
    if (!a.startsWith("-")) { command = argv.slice(i); break; }
  }
  const out = writeLine(process.stdout); const err = writeLine(process.stderr);
  const shell = new Shell(timeout, out, err);
  out(`Connecting to ${server}`);
  try {
    if (command) {
      shell.connect(server);
      await shell.processCmd(command);
      return shell.exitCode;
    }
    out("Welcome to ZooKeeper!");
    out("JLine support is disabled");
    shell.connect(server);
    const tty = process.stdin.isTTY === true;
    const rl = createInterface({ input: process.stdin, terminal: tty });
    const prompt = () => { if (tty) process.stdout.write(`[zk: ${shell.promptHost}(${shell.promptState}) ${shell.commandCount}] `); };
    prompt();
    for await (const line of rl) {
      await shell.executeLine(line);
      prompt();
    }
    return shell.exitCode;
  } catch (e) {
    if (e instanceof QuitSignal) return shell.exitCode;
    if (e instanceof FatalError) { err(e.message); return 1; }
    throw e;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  const code = await main(process.argv.slice(2));
  // Like zkCli's System.exit: flush output, do not close the session (ephemerals live until it times out).
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}
