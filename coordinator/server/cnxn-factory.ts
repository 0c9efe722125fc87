/**
 * The listening socket (ZooKeeper's NIOServerCnxnFactory): accepts connections on clientPort,
 * enforces maxClientCnxns per client IP, and hands each socket to a Connection.
 */
import { createServer, type Server, type Socket } from "node:net";
import { logger } from "../../common/logger.js";
import { Connection } from "./connection.js";
import type { ZooKeeperServer } from "./zookeeper-server.js";

const log = logger("cnxn-factory");

export class CnxnFactory {
  private server: Server | undefined;
  private readonly perIp = new Map<string, number>();
  /** Sockets accepted before the database is loaded wait here (startup()). */
  private waiting: Socket[] | null = [];

  constructor(private readonly zk: ZooKeeperServer) {}

  listen(port: number, host: string | undefined): Promise<number> {
    const bindHost = host ?? "0.0.0.0";
    const shown = host ? `/${host}:${port}` : `0.0.0.0/0.0.0.0:${port}`;
    log.info(`binding to port ${shown}`);
    return new Promise((res, rej) => {
      const srv = createServer({ noDelay: true }, (s) => this.accept(s));
      srv.once("error", rej);
      srv.listen({ port, host: bindHost, backlog: 511 }, () => {
        srv.off("error", rej);
        srv.on("error", (e) => log.error(`Server socket error: ${e.message}`));
        this.server = srv;
        res((srv.address() as { port: number }).port);
      });
    });
  }

  /** The database is loaded: serve connections (including those that arrived meanwhile). */
  start(): void {
    const w = this.waiting ?? [];
    this.waiting = null;
    for (const s of w) if (!s.destroyed) { this.accept(s); s.resume(); }
  }

  private accept(s: Socket): void {
    if (this.waiting) {
      s.pause();
      this.waiting.push(s);
      return;
    }
    const raw = s.remoteAddress ?? "unknown";
    const ip = raw.startsWith("::ffff:") ? raw.slice(7) : raw;
    const max = this.zk.config.maxClientCnxns;
    const n = this.perIp.get(ip) ?? 0;
    if (max > 0 && n >= max) {
      log.warn(`Too many connections from /${ip} - max is ${max}`);
      s.destroy();
      return;
    }
    this.perIp.set(ip, n + 1);
    const c = new Connection(s, this.zk, log, (closed) => {
      const left = (this.perIp.get(ip) ?? 1) - 1;
      if (left <= 0) this.perIp.delete(ip);
      else this.perIp.set(ip, left);
      this.zk.connectionClosed(closed);
    });
    this.zk.attach(c);
  }

  close(): Promise<void> {
    return new Promise((res) => {
      if (!this.server) return res();
      this.server.close(() => res());
    });
  }
}
