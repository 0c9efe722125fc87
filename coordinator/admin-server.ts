/**
 * ZooKeeper 3.8's AdminServer (JettyAdminServer): HTTP on admin.serverAddress:admin.serverPort,
 * GET /commands lists the commands as links, GET /commands/<name or alias> answers JSON printed
 * the way Jackson's default pretty printer does ("key" : value, two-space indent, "[ ... ]").
 * Unknown commands answer 200 with {"command", "error": "Unknown command: x"}.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { readFileSync } from "node:fs";
import { hostname, type as osType, arch, release, homedir, freemem, totalmem, userInfo } from "node:os";
import { join } from "node:path";
import { logger } from "../common/logger.js";
import type { ZooKeeperServer } from "./server/zookeeper-server.js";
import { ZK_VERSION, dirSize, fdCounts } from "./four-letter-words.js";

const log = logger("admin-server");

/** A Java double: printed as Double.toString does (1.0, 0.0, 11.0513). */
export class JDouble {
  constructor(readonly v: number) {}
  toString(): string {
    return Number.isInteger(this.v) ? `${this.v}.0` : String(this.v);
  }
}
export type Json = string | number | bigint | boolean | null | JDouble | Json[] | { [k: string]: Json };

/** Jackson DefaultPrettyPrinter layout. */
export function prettyJson(v: Json, level = 0): string {
  if (v === null) return "null";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return String(v);
  if (v instanceof JDouble) return v.toString();
  if (Array.isArray(v)) return v.length === 0 ? "[ ]" : `[ ${v.map((x) => prettyJson(x, level)).join(", ")} ]`;
  const keys = Object.keys(v);
  if (keys.length === 0) return "{ }";
  const pad = "  ".repeat(level + 1);
  return `{\n${keys.map((k) => `${pad}${JSON.stringify(k)} : ${prettyJson(v[k]!, level + 1)}`).join(",\n")}\n${"  ".repeat(level)}}`;
}

const ALIASES: Record<string, string> = {
  conf: "configuration", config: "configuration", crst: "connection_stat_reset", cons: "connections", env: "environment",
  envi: "environment", gtmk: "get_trace_mask", icfg: "initial_configuration", isro: "is_read_only", lsnp: "last_snapshot",
  lead: "leader", mntr: "monitor", orst: "observer_connection_stat_reset", obsr: "observers", srvr: "server_stats",
  stmk: "set_trace_mask", srst: "stat_reset", stat: "stats", sysp: "system_properties", wchs: "watch_summary",
  wchc: "watches", wchp: "watches_by_path",
};
const COMMANDS = [
  "configuration", "connection_stat_reset", "connections", "dirs", "dump", "environment", "get_trace_mask", "hash",
  "initial_configuration", "is_read_only", "last_snapshot", "leader", "monitor", "observer_connection_stat_reset", "observers",
  "ruok", "server_stats", "set_trace_mask", "stat_reset", "stats", "system_properties", "voting_view", "watch_summary",
  "watches", "watches_by_path", "zabstate",
];

export class AdminServer {
  private server: Server | undefined;
  constructor(private readonly zk: ZooKeeperServer, private readonly configPath: string | undefined) {}

  start(port: number, address: string, urlPrefix = "/commands"): Promise<void> {
    return new Promise((res, rej) => {
      const srv = createServer((req, resp) => this.handle(req, resp, urlPrefix));
      srv.once("error", rej);
      srv.listen(port, address, () => {
        srv.off("error", rej);
        this.server = srv;
        log.info(`Started AdminServer on address ${address}, port ${port} and command URL ${urlPrefix}`);
        res();
      });
    });
  }

  close(): Promise<void> {
    return new Promise((res) => {
      if (!this.server) return res();
      this.server.close(() => res());
      this.server.closeAllConnections();
    });
  }

  private handle(req: IncomingMessage, resp: ServerResponse, prefix: string): void {
    const url = (req.url ?? "/").split("?")[0]!;
    if (url === prefix || url === `${prefix}/`) {
      resp.writeHead(200, { "Content-Type": "text/html" });
      resp.end(COMMANDS.map((c) => `<a href="${prefix}/${c}">${c}</a>\n<br/>\n`).join(""));
      return;
    }
    if (!url.startsWith(`${prefix}/`)) {
      resp.writeHead(404, { "Content-Type": "text/html;charset=iso-8859-1" });
      resp.end(`<html><body><h2>HTTP ERROR 404 Not Found</h2><p>URI: ${url}</p></body></html>\n`);
      return;
    }
    const asked = decodeURIComponent(url.slice(prefix.length + 1));
    const name = ALIASES[asked] ?? asked;
    resp.writeHead(200, { "Content-Type": "application/json" });
    resp.end(prettyJson(this.run(name, asked)));
  }

  run(name: string, asked: string): Json {
    const zk = this.zk;
    const cfg = zk.config;
    const tree = zk.tree;
    const done = (body: { [k: string]: Json }, command = name): Json => ({ ...body, command, error: null });
    if (!COMMANDS.includes(name)) return { command: asked, error: `Unknown command: ${asked}` };
    if (!zk.isRunning() && name !== "leader") return { command: name, error: "This ZooKeeper instance is not currently serving requests" };
    const s = zk.stats;
    const respStats = () => ({
      last_buffer_size: s.lastResponseSize || -1,
      min_buffer_size: s.minResponseSize === Number.MAX_SAFE_INTEGER ? -1 : s.minResponseSize,
      max_buffer_size: s.maxResponseSize || -1,
    });
    const serverStats = (): { [k: string]: Json } => ({
      version: ZK_VERSION,
      read_only: false,
      server_stats: {
        packets_sent: s.packetsSent, packets_received: s.packetsReceived, fsync_threshold_exceed_count: 0,
        client_response_stats: respStats(),
        data_dir_size: dirSize(join(cfg.dataDir, "version-2")), log_dir_size: dirSize(join(cfg.dataLogDir, "version-2")),
        provider_null: false, server_state: "standalone", last_processed_zxid: zk.lastProcessedZxid(),
        outstanding_requests: zk.outstandingRequests(), avg_latency: new JDouble(Number(s.latency.avgText())),
        max_latency: s.latency.max, min_latency: s.latency.minOrZero(), num_alive_client_connections: zk.connections.size,
        auth_failed_count: s.authFailed, non_mtlsremote_conn_count: 0, non_mtlslocal_conn_count: 0, uptime: Date.now() - s.startedAt,
      },
      client_response: respStats(),
      node_count: tree.nodeCount(),
    });
    const connBrief = () => [...zk.connections].map((c) => ({
      remote_socket_address: c.remote.slice(1), interest_ops: 1, outstanding_requests: c.queue.length, packets_received: c.recved, packets_sent: c.sent,
    }));
    switch (name) {
      case "ruok": return done({});
      case "server_stats": return done(serverStats());
      case "stats": return done({ ...serverStats(), connections: connBrief(), secure_connections: [] });
      case "configuration":
        return done({
          client_port: cfg.clientPort, data_dir: join(cfg.dataDir, "version-2"), data_log_dir: join(cfg.dataLogDir, "version-2"),
          tick_time: cfg.tickTime, max_client_cnxns: cfg.maxClientCnxns, min_session_timeout: cfg.minSessionTimeout,
          max_session_timeout: cfg.maxSessionTimeout, server_id: 0, client_port_listen_backlog: -1,
        });
      case "connections":
        return done({
          connections: [...zk.connections].map((c) => ({
            remote_socket_address: c.remote.slice(1), interest_ops: 1, outstanding_requests: c.queue.length, packets_received: c.recved,
            packets_sent: c.sent,
            ...(c.established ? {
              session_id: BigInt.asUintN(64, c.sessionId), last_operation: c.lastOp, established: c.establishedAt, session_timeout: c.sessionTimeout,
              last_cxid: c.lastCxid, last_zxid: c.lastZxid, last_response_time: c.lastResponseTime, last_latency: c.lastLatency,
              min_latency: c.latency.minOrZero(), avg_latency: Math.round(c.latency.count ? c.latency.total / c.latency.count : 0), max_latency: c.latency.max,
            } : {}),
          })),
          secure_connections: [],
        });
      case "connection_stat_reset":
        for (const c of zk.connections) { c.recved = 0; c.sent = 0; c.latency.reset(); }
        return done({});
      case "stat_reset":
        zk.resetStats();
        return done({});
      case "dirs":
        return done({ datadir_size: dirSize(join(cfg.dataDir, "version-2")), logdir_size: dirSize(join(cfg.dataLogDir, "version-2")) });
      case "dump": {
        const expiry: { [k: string]: Json } = {};
        for (const [t, ids] of zk.tracker.dumpBuckets()) expiry[String(t)] = ids.map((id) => BigInt.asUintN(64, id));
        const eph: { [k: string]: Json } = {};
        for (const [id, set] of tree.ephemerals) if (set.size > 0) eph[String(BigInt.asUintN(64, id))] = [...set];
        return done({ expiry_time_to_session_ids: expiry, session_id_to_ephemeral_paths: eph });
      }
      case "environment":
      case "system_properties": {
        const u = (() => { try { return userInfo().username; } catch { return "?"; } })();
        const env: { [k: string]: Json } = {
          "zookeeper.version": ZK_VERSION, "host.name": hostname(), "java.version": process.versions.node, "java.vendor": "Node.js",
          "java.home": process.execPath, "java.class.path": process.argv[1] ?? "", "java.library.path": "", "java.io.tmpdir": process.env.TMPDIR ?? "/tmp",
          "java.compiler": "<NA>", "os.name": osType(), "os.arch": arch() === "x64" ? "amd64" : arch(), "os.version": release(), "user.name": u,
          "user.home": homedir(), "user.dir": process.cwd(), "os.memory.free": `${Math.floor(freemem() / 1048576)}MB`,
          "os.memory.max": `${Math.floor(totalmem() / 1048576)}MB`, "os.memory.total": `${Math.floor(process.memoryUsage().rss / 1048576)}MB`,
        };
        return done(env);
      }
      case "get_trace_mask":
      case "set_trace_mask":
        return done({ tracemask: 306 });
      case "hash":
        return done({ digests: [] });
      case "initial_configuration": {
        let text = "";
        try { text = this.configPath ? readFileSync(this.configPath, "utf8") : ""; } catch { /* gone */ }
        return done({ initial_configuration: text });
      }
      case "is_read_only":
        return done({ read_only: false });
      case "last_snapshot": {
        const snap = zk.lastSnapshot();
        return done({ zxid: snap.zxid.toString(16), timestamp: Math.floor(snap.at / 1000) });
      }
      case "leader":
        return { error: "server is not initialized", command: "leader" };
      case "monitor": {
        const out: { [k: string]: Json } = {
          version: ZK_VERSION, server_state: "standalone", ephemerals_count: tree.ephemeralCount(), num_alive_connections: zk.connections.size,
          avg_latency: new JDouble(Number(s.latency.avgText())), outstanding_requests: zk.outstandingRequests(), znode_count: tree.nodeCount(),
          global_sessions: zk.sessionCount(), non_mtls_remote_conn_count: 0, last_client_response_size: s.lastResponseSize || -1,
          packets_sent: s.packetsSent, packets_received: s.packetsReceived, max_client_response_size: s.maxResponseSize || -1,
          connection_drop_probability: new JDouble(0), watch_count: tree.dataWatches.size() + tree.childWatches.size(),
          auth_failed_count: s.authFailed, min_latency: s.latency.minOrZero(), max_file_descriptor_count: fdCounts().max,
          approximate_data_size: tree.approximateDataSize(), open_file_descriptor_count: fdCounts().open,
          local_sessions: 0, uptime: Date.now() - s.startedAt, max_latency: s.latency.max,
          min_client_response_size: s.minResponseSize === Number.MAX_SAFE_INTEGER ? -1 : s.minResponseSize, proposal_count: 0,
        };
        return done(out);
      }
      case "observer_connection_stat_reset":
        return done({});
      case "observers":
        return done({ synced_observers: 0, observers: [] });
      case "voting_view":
        return done({ current_config: {} });
      case "watch_summary": {
        const watchers = new Set([...tree.dataWatches.bySession().keys(), ...tree.childWatches.bySession().keys()]);
        const paths = new Set([...tree.dataWatches.byPath().keys(), ...tree.childWatches.byPath().keys()]);
        return done({ num_connections: watchers.size, num_paths: paths.size, num_total_watches: tree.dataWatches.size() + tree.childWatches.size() });
      }
      case "watches": {
        const m: { [k: string]: Json } = {};
        for (const wm of [tree.dataWatches, tree.childWatches]) {
          for (const [id, ps] of wm.bySession()) {
            const k = String(BigInt.asUintN(64, id));
            m[k] = [...new Set([...((m[k] as string[] | undefined) ?? []), ...ps])];
          }
        }
        return done({ session_id_to_watched_paths: m });
      }
      case "watches_by_path": {
        const m = new Map<string, Set<bigint>>();
        for (const wm of [tree.dataWatches, tree.childWatches]) {
          for (const [p, ids] of wm.byPath()) {
            const set = m.get(p) ?? new Set();
            for (const id of ids) set.add(BigInt.asUintN(64, id));
            m.set(p, set);
          }
        }
        const out: { [k: string]: Json } = {};
        for (const [p, ids] of m) out[p] = [...ids];
        return done({ path_to_session_ids: out });
      }
      case "zabstate":
        return done({ voting: false, zabstate: "" });
    }
    return { command: asked, error: `Unknown command: ${asked}` };
  }
}
