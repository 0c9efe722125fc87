/**
 * SocketServer: one TCP server per listener (PLAINTEXT://host:port; empty host = all
 * interfaces), a Connection per client. Connections are independent: one misbehaving client is
 * closed without affecting the others.
 */
import { createServer, type Server } from "node:net";
import { logger } from "../../common/logger.js";
import type { Listener } from "../config.js";
import { Connection, type Dispatcher } from "./connection.js";

const log = logger("socket-server");

export interface SocketServerOptions {
  listeners: Listener[];
  maxRequestBytes: number;
  sendBufferBytes?: number;
  receiveBufferBytes?: number;
  /** connections.max.idle.ms */
  idleMs?: number;
}

export class SocketServer {
  private readonly servers: Server[] = [];
  private readonly connections = new Set<Connection>();
  /** listener name → bound port (useful with port 0) */
  readonly boundPorts = new Map<string, number>();

  constructor(private readonly opts: SocketServerOptions, private readonly dispatcher: Dispatcher) {}

  async start(): Promise<void> {
    for (const l of this.opts.listeners) {
      const server = createServer({ noDelay: true }, (socket) => {
        const c = new Connection(socket, l.listenerName, this.dispatcher, this.opts.maxRequestBytes, (conn) => this.connections.delete(conn), this.opts.idleMs);
        this.connections.add(c);
      });
      await new Promise<void>((res, rej) => {
        server.once("error", (e: NodeJS.ErrnoException) => rej(new Error(`Socket server failed to bind to ${l.host || "0.0.0.0"}:${l.port}: ${e.code === "EADDRINUSE" ? "Address already in use" : e.message}.`)));
        const host = l.host === "" ? undefined : l.host.replace(/^\[|\]$/g, "");
        server.listen({ port: l.port, host, backlog: 511 }, () => res());
      });
      const port = (server.address() as { port: number }).port;
      this.boundPorts.set(l.listenerName, port);
      log.info(`Awaiting socket connections on ${l.host || "0.0.0.0"}:${port}.`);
      this.servers.push(server);
    }
  }

  /** Stop accepting, then close every connection. */
  async shutdown(): Promise<void> {
    await Promise.all(this.servers.map((s) => new Promise<void>((res) => s.close(() => res()))).concat(
      [...this.connections].map(async (c) => { c.close(); }),
    ));
  }

  connectionCount(): number {
    return this.connections.size;
  }
}
