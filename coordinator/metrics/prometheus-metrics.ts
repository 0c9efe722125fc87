/**
 * The coordinator's metrics in the Prometheus text format, as ZooKeeper 3.8's
 * PrometheusMetricsProvider serves them (zoo.cfg / zookeeper.properties:
 *   metricsProvider.className=org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider
 *   metricsProvider.httpPort=7000   metricsProvider.httpHost=0.0.0.0   metricsProvider.exportJvmInfo=true)
 * at http://host:port/metrics: mntr's figures as gauges under mntr's names without the "zk_"
 * prefix (znode_count, watch_count, num_alive_connections, outstanding_requests, avg_latency,
 * ...), values in Java's double format ("5.0"), and the process metrics (exportJvmInfo).
 *
 * Also served, whatever the properties say, on $JMX_PORT when zookeeper-server-start.sh runs with
 * JMX_PORT set (Kafka's scripts turn JMX_PORT into a JMX agent port).
 */
import { logger } from "../../common/logger.js";
import { javaDouble, render, type MetricFamily } from "../../common/metrics/exposition.js";
import { MetricsHttpServer } from "../../common/metrics/http-server.js";
import { processMetrics } from "../../common/metrics/process-metrics.js";
import { fdCounts } from "../four-letter-words.js";
import type { ZooKeeperServer } from "../server/zookeeper-server.js";

const log = logger("metrics");

export const PROMETHEUS_PROVIDER = "org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider";

export function coordinatorFamilies(zk: ZooKeeperServer): MetricFamily[] {
  const s = zk.stats;
  const tree = zk.tree;
  const fds = fdCounts();
  const figures: [string, number][] = [
    ["znode_count", tree.nodeCount()],
    ["watch_count", tree.dataWatches.size() + tree.childWatches.size()],
    ["ephemerals_count", tree.ephemeralCount()],
    ["approximate_data_size", tree.approximateDataSize()],
    ["num_alive_connections", zk.connections.size],
    ["outstanding_requests", zk.outstandingRequests()],
    ["global_sessions", zk.sessionCount()],
    ["local_sessions", 0],
    ["avg_latency", Number(s.latency.avgText())],
    ["min_latency", s.latency.minOrZero()],
    ["max_latency", s.latency.max],
    ["packets_received", s.packetsReceived],
    ["packets_sent", s.packetsSent],
    ["auth_failed_count", s.authFailed],
    ["last_client_response_size", s.lastResponseSize || -1],
    ["max_client_response_size", s.maxResponseSize || -1],
    ["min_client_response_size", s.minResponseSize === Number.MAX_SAFE_INTEGER ? -1 : s.minResponseSize],
    ["open_file_descriptor_count", fds.open],
    ["max_file_descriptor_count", fds.max],
    ["uptime", Date.now() - s.startedAt],
    ["connection_drop_probability", 0],
    ["non_mtls_remote_conn_count", 0],
    ["non_mtls_local_conn_count", 0],
    ["outstanding_tls_handshake", 0],
  ];
  return figures.map(([name, value]) => ({ name, help: name, type: "gauge", samples: [{ labels: "", value }] }));
}

export function scrapeCoordinator(zk: ZooKeeperServer, exportProcessInfo: boolean): string {
  return render(exportProcessInfo ? [...coordinatorFamilies(zk), ...processMetrics()] : coordinatorFamilies(zk), javaDouble);
}

export async function startCoordinatorMetrics(zk: ZooKeeperServer, port: number, hosts: string[], exportProcessInfo: boolean): Promise<MetricsHttpServer> {
  const srv = new MetricsHttpServer(() => scrapeCoordinator(zk, exportProcessInfo));
  await srv.start(port, hosts);
  log.info(`Started Prometheus metrics on ${hosts.join(",")}:${srv.port} (/metrics)`);
  return srv;
}
