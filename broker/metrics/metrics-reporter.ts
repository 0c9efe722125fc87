/**
 * JMX_PORT for the broker: as Kafka's kafka-run-class.sh turns JMX_PORT into a JMX agent port
 * (which tutorials then scrape through the Prometheus JMX exporter), we serve the broker's
 * metrics at http://<host>:$JMX_PORT/metrics in the Prometheus text format, on 127.0.0.1 and on
 * every listener's host, and the port goes into /brokers/ids/<id> as jmx_port.
 */
import { logger } from "../../common/logger.js";
import { render } from "../../common/metrics/exposition.js";
import { MetricsHttpServer } from "../../common/metrics/http-server.js";
import { processMetrics } from "../../common/metrics/process-metrics.js";
import type { Controller } from "../controller/controller.js";
import type { MetadataCache } from "../metadata-cache.js";
import type { SocketServer } from "../network/server.js";
import type { ReplicaManager } from "../replication/replica-manager.js";
import { brokerMetrics } from "./broker-metrics.js";

const log = logger("metrics");

export { jmxPortFromEnv } from "../../common/metrics/jmx-port.js";

/** Points the gauges at the broker's state (once the broker's subsystems exist). */
export function bindBrokerMetrics(replicaManager: ReplicaManager, metadata: MetadataCache, controller: Controller, sockets: SocketServer): void {
  brokerMetrics.source = {
    partitions: () => replicaManager.allPartitions(),
    topicExists: (t) => metadata.topics.has(t),
    isActiveController: () => controller.isActive(),
    connectionCount: () => sockets.connectionCount(),
  };
}

export function scrapeBroker(): string {
  return render([...brokerMetrics.collect(), ...processMetrics()]);
}

/** Starts the metrics endpoint; returns it (close() on shutdown). */
export async function startBrokerMetricsServer(port: number, listenerHosts: string[]): Promise<MetricsHttpServer> {
  const srv = new MetricsHttpServer(scrapeBroker, ["/metrics", "/"]);
  const hosts = ["127.0.0.1", ...listenerHosts.filter((h) => h !== "localhost")];
  await srv.start(port, hosts);
  log.info(`Serving broker metrics (Prometheus text format) at http://${hosts.includes("") || hosts.includes("0.0.0.0") ? "0.0.0.0" : hosts[0]}:${srv.port}/metrics`);
  return srv;
}
