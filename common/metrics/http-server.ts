/**
 * The /metrics HTTP endpoint (Prometheus scrapes it): GET /metrics answers the text exposition
 * format (see exposition.ts); other paths in `paths` (the JMX exporter agent also answers "/")
 * answer the same; anything else is 404. Listens on one or more hosts, one port.
 */
import { createServer, type Server } from "node:http";
import { CONTENT_TYPE } from "./exposition.js";

export class MetricsHttpServer {
  private readonly servers: Server[] = [];
  /** the port actually bound (useful with port 0) */
  port = -1;

  constructor(private readonly scrape: () => string, private readonly paths: readonly string[] = ["/metrics"]) {}

  /** Binds `port` on every host ("" or "0.0.0.0" = all interfaces, which covers the others). */
  async start(port: number, hosts: string[]): Promise<void> {
    const all = hosts.some((h) => h === "" || h === "0.0.0.0" || h === "::");
    const list = all ? [undefined] : [...new Set(hosts.map((h) => h.replace(/^\[|\]$/g, "")))];
    for (const host of list) {
      const srv = createServer((req, res) => {
        const path = (req.url ?? "/").split("?")[0];
        if (req.method !== "GET" && req.method !== "HEAD") {
          res.writeHead(405, { Allow: "GET, HEAD" }).end();
          return;
        }
        if (path === undefined || !this.paths.includes(path)) {
          res.writeHead(404, { "Content-Type": "text/plain" }).end("Not Found\n");
          return;
        }
        let body: string;
        try {
          body = this.scrape();
        } catch (e) {
          res.writeHead(500, { "Content-Type": "text/plain" }).end(`${e instanceof Error ? e.message : String(e)}\n`);
          return;
        }
        res.writeHead(200, { "Content-Type": CONTENT_TYPE, "Content-Length": Buffer.byteLength(body) });
        res.end(req.method === "HEAD" ? undefined : body);
      });
      srv.keepAliveTimeout = 5000;
      await new Promise<void>((res, rej) => {
        srv.once("error", rej);
        srv.listen({ port: this.port > 0 ? this.port : port, host }, () => { srv.off("error", rej); res(); });
      }).catch(async (e: NodeJS.ErrnoException) => {
        await this.close();
        throw new Error(`Failed to bind metrics HTTP server to ${host ?? "0.0.0.0"}:${port}: ${e.code === "EADDRINUSE" ? "Address already in use" : e.message}`);
      });
      this.port = (srv.address() as { port: number }).port;
      this.servers.push(srv);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.servers.splice(0).map((s) => new Promise<void>((res) => { s.close(() => res()); s.closeAllConnections(); })));
  }
}
