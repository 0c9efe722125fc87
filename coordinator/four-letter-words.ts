/**
 * Four-letter words on the client port (ZooKeeper 3.8's FourLetterCommands): the first 4 bytes
 * of a connection name the command; the answer is plain text and the connection is closed.
 * Gated by 4lw.commands.whitelist (default "srvr"; "*" = all).
 */
import { hostname, userInfo, homedir, freemem, totalmem, type as osType, arch, release } from "node:os";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Connection } from "./server/connection.js";
import { hexId } from "./server/connection.js";
import type { ZooKeeperServer } from "./server/zookeeper-server.js";

export const ZK_VERSION = "3.8.4-kafka-ts, built on 2026-01-01 00:00 UTC";

const COMMANDS = ["ruok", "stat", "srvr", "conf", "cons", "crst", "dump", "envi", "gtmk", "stmk", "srst", "wchs", "wchc", "wchp", "mntr", "isro", "hash", "dirs"] as const;
export type FourLetterCommand = (typeof COMMANDS)[number];

export function fourLetterCommand(s: string): FourLetterCommand | undefined {
  return (COMMANDS as readonly string[]).includes(s) ? (s as FourLetterCommand) : undefined;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const p2 = (n: number) => String(n).padStart(2, "0");
/** java.util.Date.toString() in UTC */
function javaDate(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** Open and maximum file descriptors of this process (Linux /proc; 0 elsewhere). */
export function fdCounts(): { open: number; max: number } {
  let open = 0;
  let max = 0;
  try { open = readdirSync("/proc/self/fd").length; } catch { /* not Linux */ }
  try {
    const m = /Max open files\s+(\d+)/.exec(readFileSync("/proc/self/limits", "utf8"));
    if (m) max = Number(m[1]);
  } catch { /* not Linux */ }
  return { open, max };
}

export function dirSize(dir: string): number {
  let n = 0;
  try {
    for (const f of readdirSync(dir)) {
      try { n += statSync(join(dir, f)).size; } catch { /* raced */ }
    }
  } catch { /* missing */ }
  return n;
}

function connLine(c: Connection, brief: boolean): string {
  const base = ` ${c.remote}[${c.established ? 1 : 0}](queued=${c.queue.length},recved=${c.recved},sent=${c.sent}`;
  if (brief || !c.established) return `${base})\n`;
  return `${base},sid=${hexId(c.sessionId)},lop=${c.lastOp},est=${c.establishedAt},to=${c.sessionTimeout},lcxid=0x${(c.lastCxid >>> 0).toString(16)},lzxid=0x${c.lastZxid < 0 ? "ffffffffffffffff" : c.lastZxid.toString(16)},lresp=${c.lastResponseTime},llat=${c.lastLatency},minlat=${c.latency.minOrZero()},avglat=${Math.round(c.latency.count ? c.latency.total / c.latency.count : 0)},maxlat=${c.latency.max})\n`;
}

function serverSummary(zk: ZooKeeperServer): string {
  const s = zk.stats;
  return `Latency min/avg/max: ${s.latency.minOrZero()}/${s.latency.avgText()}/${s.latency.max}\n` +
    `Received: ${s.packetsReceived}\nSent: ${s.packetsSent}\nConnections: ${zk.connections.size}\n` +
    `Outstanding: ${zk.outstandingRequests()}\nZxid: 0x${zk.lastProcessedZxid().toString(16)}\nMode: standalone\nNode count: ${zk.tree.nodeCount()}\n`;
}

export function runFourLetterWord(cmd: FourLetterCommand, zk: ZooKeeperServer): string {
  const cfg = zk.config;
  if (!cfg.allFourLetterWords && !cfg.fourLetterWords.has(cmd)) return `${cmd} is not executed because it is not in the whitelist.\n`;
  const tree = zk.tree;
  switch (cmd) {
    case "ruok":
      return "imok";
    case "isro":
      return "rw";
    case "gtmk":
    case "stmk":
      return "306";
    case "hash":
      return "";
    case "srvr":
      return `Zookeeper version: ${ZK_VERSION}\n${serverSummary(zk)}`;
    case "stat": {
      let out = `Zookeeper version: ${ZK_VERSION}\nClients:\n`;
      for (const c of zk.connections) out += connLine(c, true);
      return `${out}\n${serverSummary(zk)}`;
    }
    case "cons": {
      let out = "";
      for (const c of zk.connections) out += connLine(c, false);
      return `${out}\n`;
    }
    case "crst":
      for (const c of zk.connections) { c.recved = 0; c.sent = 0; c.latency.reset(); }
      return "Connection stats reset.\n";
    case "srst":
      zk.resetStats();
      return "Server stats reset.\n";
    case "conf":
      return `clientPort=${cfg.clientPort}\nsecureClientPort=-1\ndataDir=${join(cfg.dataDir, "version-2")}\ndataDirSize=${dirSize(join(cfg.dataDir, "version-2"))}\n` +
        `dataLogDir=${join(cfg.dataLogDir, "version-2")}\ndataLogSize=${dirSize(join(cfg.dataLogDir, "version-2"))}\ntickTime=${cfg.tickTime}\n` +
        `maxClientCnxns=${cfg.maxClientCnxns}\nminSessionTimeout=${cfg.minSessionTimeout}\nmaxSessionTimeout=${cfg.maxSessionTimeout}\n` +
        `clientPortListenBacklog=-1\nserverId=0\n`;
    case "dirs":
      return `datadir_size: ${dirSize(join(cfg.dataDir, "version-2"))}\nlogdir_size: ${dirSize(join(cfg.dataLogDir, "version-2"))}\n`;
    case "envi": {
      const u = (() => { try { return userInfo().username; } catch { return "?"; } })();
      return "Environment:\n" +
        `zookeeper.version=${ZK_VERSION}\nhost.name=${hostname()}\njava.version=${process.versions.node}\njava.vendor=Node.js\n` +
        `java.home=${process.execPath}\njava.class.path=${process.argv[1] ?? ""}\njava.library.path=\njava.io.tmpdir=${process.env.TMPDIR ?? "/tmp"}\n` +
        `java.compiler=<NA>\nos.name=${osType()}\nos.arch=${arch() === "x64" ? "amd64" : arch()}\nos.version=${release()}\nuser.name=${u}\n` +
        `user.home=${homedir()}\nuser.dir=${process.cwd()}\nos.memory.free=${Math.floor(freemem() / 1048576)}MB\n` +
        `os.memory.max=${Math.floor(totalmem() / 1048576)}MB\nos.memory.total=${Math.floor(process.memoryUsage().rss / 1048576)}MB\n`;
    }
    case "wchs": {
      const watchers = new Set([...tree.dataWatches.bySession().keys(), ...tree.childWatches.bySession().keys()]);
      const paths = new Set([...tree.dataWatches.byPath().keys(), ...tree.childWatches.byPath().keys()]);
      const total = tree.dataWatches.size() + tree.childWatches.size();
      return `${watchers.size} connections watching ${paths.size} paths\nTotal watches:${total}\n`;
    }
    case "wchc": {
      const m = new Map<bigint, Set<string>>();
      for (const wm of [tree.dataWatches, tree.childWatches]) {
        for (const [id, ps] of wm.bySession()) {
          const s = m.get(id) ?? new Set();
          for (const p of ps) s.add(p);
          m.set(id, s);
        }
      }
      let out = "";
      for (const [id, ps] of m) out += `${hexId(id)}\n${[...ps].map((p) => `\t${p}\n`).join("")}`;
      return `${out}\n`;
    }
    case "wchp": {
      const m = new Map<string, Set<bigint>>();
      for (const wm of [tree.dataWatches, tree.childWatches]) {
        for (const [p, ids] of wm.byPath()) {
          const s = m.get(p) ?? new Set();
          for (const id of ids) s.add(id);
          m.set(p, s);
        }
      }
      let out = "";
      for (const [p, ids] of m) out += `${p}\n${[...ids].map((id) => `\t${hexId(id)}\n`).join("")}`;
      return `${out}\n`;
    }
    case "dump": {
      const buckets = zk.tracker.dumpBuckets();
      let out = `SessionTracker dump:\nSession Sets (${buckets.length})/(${zk.sessionCount()}):\n`;
      for (const [t, ids] of buckets) out += `${ids.length} expire at ${javaDate(t)}:\n${ids.map((id) => `\t${hexId(id)}\n`).join("")}`;
      const eph = [...tree.ephemerals].filter(([, s]) => s.size > 0);
      out += `ephemeral nodes dump:\nSessions with Ephemerals (${eph.length}):\n`;
      for (const [id, s] of eph) out += `${hexId(id)}:\n${[...s].map((p) => `\t${p}\n`).join("")}`;
      const conns = [...zk.connections];
      out += `Connections dump:\nConnections Sets (1)/(${conns.length}):\n${conns.length} expire at ${javaDate(Date.now() + cfg.tickTime)}:\n`;
      for (const c of conns) out += `\tip: ${c.remote} sessionId: ${hexId(c.sessionId)}\n`;
      return out;
    }
    case "mntr": {
      const s = zk.stats;
      const fds = fdCounts();
      const lines: [string, string | number][] = [
        ["zk_version", ZK_VERSION],
        ["zk_server_state", "standalone"],
        ["zk_ephemerals_count", tree.ephemeralCount()],
        ["zk_num_alive_connections", zk.connections.size],
        ["zk_avg_latency", s.latency.avgText()],
        ["zk_outstanding_requests", zk.outstandingRequests()],
        ["zk_znode_count", tree.nodeCount()],
        ["zk_global_sessions", zk.sessionCount()],
        ["zk_non_mtls_remote_conn_count", 0],
        ["zk_last_client_response_size", s.lastResponseSize],
        ["zk_packets_sent", s.packetsSent],
        ["zk_packets_received", s.packetsReceived],
        ["zk_max_client_response_size", s.maxResponseSize],
        ["zk_connection_drop_probability", "0.0"],
        ["zk_watch_count", tree.dataWatches.size() + tree.childWatches.size()],
        ["zk_auth_failed_count", s.authFailed],
        ["zk_min_latency", s.latency.minOrZero()],
        ["zk_max_file_descriptor_count", fds.max],
        ["zk_approximate_data_size", tree.approximateDataSize()],
        ["zk_open_file_descriptor_count", fds.open],
        ["zk_local_sessions", 0],
        ["zk_uptime", Date.now() - s.startedAt],
        ["zk_max_latency", s.latency.max],
        ["zk_outstanding_tls_handshake", 0],
        ["zk_min_client_response_size", s.minResponseSize === Number.MAX_SAFE_INTEGER ? -1 : s.minResponseSize],
        ["zk_non_mtls_local_conn_count", 0],
        ["zk_proposal_count", 0],
        ["zk_watch_bytes", 0],
        ["zk_throttled_ops", 0],
        ["zk_connection_rejected", 0],
      ];
      return lines.map(([k, v]) => `${k}\t${v}\n`).join("");
    }
  }
}
