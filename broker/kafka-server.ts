/**
 * KafkaServer: the broker's startup and shutdown sequence, as Kafka's KafkaServer (ZooKeeper mode):
 *
 *   startup   connect to ZooKeeper (zookeeper.connection.timeout.ms) → persistent paths →
 *             cluster id (/cluster/id, created if absent) → broker id (broker.id, or generated
 *             from /brokers/seqid above reserved.broker.max.id; meta.properties keeps it) →
 *             load logs (LogManager) → socket server bound → register /brokers/ids/<id> →
 *             controller election + watches → "[KafkaServer id=N] started".
 *   shutdown  stop accepting → controller watches off → close ZooKeeper session (the ephemeral
 *             registration goes at once) → LogManager.shutdown (flush, clean-shutdown marker).
 */
import { logger } from "../common/logger.js";
import { AdminManager } from "./admin-manager.js";
import { ConfigManager } from "./config-manager.js";
import type { KafkaConfig } from "./config.js";
import { Connection } from "./client/connection.js";
import { Controller } from "./controller/controller.js";
import { ApiKey } from "./protocol/api-keys.js";
import type { ControlledShutdownResponse } from "./protocol/schemas/controlled-shutdown.js";
import { RequestDispatcher } from "./handlers/index.js";
import { MetadataCache } from "./metadata-cache.js";
import { SocketServer } from "./network/server.js";
import { ProducerIdManager } from "./producer-id-manager.js";
import { ReplicaManager } from "./replication/replica-manager.js";
import type { BrokerServices } from "./services.js";
import { KafkaZkClient } from "./zk/kafka-zk-client.js";
import type { MetricsHttpServer } from "../common/metrics/http-server.js";
import { bindBrokerMetrics, jmxPortFromEnv, startBrokerMetricsServer } from "./metrics/metrics-reporter.js";
import { brokerMetrics } from "./metrics/broker-metrics.js";
import { randomUuid, type EndPoint } from "./zk/zk-data.js";

export class KafkaServer {
  private readonly log;
  private zk!: KafkaZkClient;
  private socketServer: SocketServer | null = null;
  private controller: Controller | null = null;
  private replicaManager: ReplicaManager | null = null;
  private metadata: MetadataCache | null = null;
  private metricsServer: MetricsHttpServer | null = null;
  brokerId = -1;
  private shuttingDown = false;

  constructor(readonly config: KafkaConfig) {
    this.log = logger("kafka-server");
  }

  async startup(): Promise<void> {
    const cfg = this.config;
    this.log.info(`Connecting to zookeeper on ${cfg.zkConnect}`);
    this.zk = await KafkaZkClient.connect(cfg.zkConnect, { sessionTimeoutMs: cfg.zkSessionTimeoutMs, connectionTimeoutMs: cfg.zkConnectionTimeoutMs });
    this.log.info(`[ZooKeeperClient Kafka server] Connected.`);
    await this.zk.ensurePersistentPaths();
    const metadata = new MetadataCache();
    this.metadata = metadata;
    metadata.clusterId = await this.zk.getOrCreateClusterId(randomUuid());
    this.log.info(`Cluster ID = ${metadata.clusterId}`);

    const replicaManager = new ReplicaManager(cfg, metadata);
    this.replicaManager = replicaManager;
    const topicConfigs = new Map<string, Record<string, string>>();
    for (const t of await this.zk.getChildren("/config/topics")) topicConfigs.set(t, await this.zk.getEntityConfig("topics", t));
    const metaProps = await replicaManager.loadLogs(metadata.clusterId, (t) => topicConfigs.get(t) ?? {});
    this.brokerId = await this.resolveBrokerId(metaProps);
    replicaManager.setBrokerId(this.brokerId, metadata.clusterId);
    this.log.info(`[KafkaServer id=${this.brokerId}] starting`);

    const configs = new ConfigManager(this.zk, cfg, this.brokerId, (topic, overrides) => replicaManager.updateConfig(topic, overrides));
    await configs.loadBrokerConfigs();
    replicaManager.updateBrokerDefaults(configs.brokerDefaults);
    configs.onBrokerDefaultsChange = (defaults) => replicaManager.updateBrokerDefaults(defaults);
    const admin = new AdminManager(this.zk, metadata, {
      numPartitions: cfg.int("num.partitions"), replicationFactor: cfg.int("default.replication.factor"), deleteTopicEnable: cfg.bool("delete.topic.enable"),
    });
    const brokerId = this.brokerId;
    replicaManager.isrUpdater = async (part, newIsr, reason) => {
      try {
        const cur = await this.zk.getPartitionState(part.topic, part.partition);
        if (!cur || cur.value.leader !== brokerId || cur.value.leaderEpoch !== part.leaderEpoch) return false;
        const next = { leader: brokerId, leaderEpoch: cur.value.leaderEpoch, isr: newIsr, controllerEpoch: cur.value.controllerEpoch };
        if (!(await this.zk.updateLeaderAndIsr(part.topic, part.partition, next, cur.version))) return false;
        const prefix = `[Partition ${part.key} broker=${brokerId}]`;
        const leaderInfo = `Leader: (highWatermark: ${part.highWatermark}, endOffset: ${part.log.logEndOffset})`;
        if (reason === "shrink") brokerMetrics.isrShrinks++; else brokerMetrics.isrExpands++;
        if (reason === "shrink") {
          const out = cur.value.isr.filter((r) => !newIsr.includes(r));
          this.log.info(`${prefix} Shrinking ISR from ${cur.value.isr.join(",")} to ${newIsr.join(",")}. ${leaderInfo}. Out of sync replicas: ${out.map((r) => `(brokerId: ${r}, endOffset: ${part.followers.endOffsetOf(r)})`).join(" ")}.`);
        } else {
          this.log.info(`${prefix} Expanding ISR from ${cur.value.isr.join(",")} to ${newIsr.join(",")}`);
        }
        metadata.setPartitionState(part.topic, part.partition, { ...next, leaderRecoveryState: 0 });
        return true;
      } catch (e) {
        this.log.warn(`ISR update of ${part.key} failed: ${e instanceof Error ? e.message : String(e)}`);
        return false;
      }
    };
    const controller = new Controller(this.zk, brokerId, {
      onTopicMetadata: async (topic, topicId, assignment, states) => {
        if (!metadata.topics.has(topic)) await configs.loadTopic(topic);
        metadata.upsertTopic(topic, topicId, assignment);
        for (const [p, st] of states) {
          const replicas = assignment.get(p) ?? [];
          if (replicas.includes(brokerId)) await replicaManager.makeLeaderOrFollower(topic, topicId, p, st, replicas, configs.topicOverrides(topic));
          metadata.setPartitionState(topic, p, st);
        }
        // reassigned away from this broker: drop the replica
        for (const [p, replicas] of assignment) if (!replicas.includes(brokerId) && replicaManager.getPartition(topic, p)) replicaManager.stopReplica(topic, p);
      },
      onTopicDeleted: async (topic) => {
        metadata.removeTopic(topic);
        configs.forgetTopic(topic);
        await replicaManager.deleteTopic(topic);
      },
      onBrokersChanged: (brokers) => metadata.setBrokers(brokers),
      onControllerChanged: (id) => { metadata.controllerId = id; },
      onConfigChanged: (type, name) => configs.onChange(type, name),
    }, { deleteTopicEnable: cfg.bool("delete.topic.enable"), uncleanLeaderElection: cfg.bool("unclean.leader.election.enable"),
      autoLeaderRebalance: cfg.bool("auto.leader.rebalance.enable") ? { intervalMs: cfg.int("leader.imbalance.check.interval.seconds") * 1000, perBrokerPercentage: cfg.int("leader.imbalance.per.broker.percentage") } : undefined });
    this.controller = controller;

    const services: BrokerServices = {
      brokerId, config: cfg, metadata, zk: this.zk, admin, configs, replicaManager,
      producerIds: new ProducerIdManager(this.zk, brokerId), controller,
    };
    const dispatcher = new RequestDispatcher(services);
    this.socketServer = new SocketServer({
      listeners: cfg.listeners, maxRequestBytes: cfg.int("socket.request.max.bytes"), idleMs: cfg.int("connections.max.idle.ms"),
    }, dispatcher);
    await this.socketServer.start();
    bindBrokerMetrics(replicaManager, metadata, controller, this.socketServer);
    const jmxPort = jmxPortFromEnv();
    if (jmxPort >= 0) this.metricsServer = await startBrokerMetricsServer(jmxPort, cfg.listeners.map((l) => l.host));

    // advertise the ports actually bound (listeners with port 0)
    const endpoints: EndPoint[] = cfg.advertisedListeners.map((l) => {
      const bound = this.socketServer!.boundPorts.get(l.listenerName);
      const port = l.port === 0 && bound !== undefined ? bound : l.port;
      const host = l.host !== "" ? l.host : defaultHost();
      return { ...l, host, port };
    });
    const registration = { id: brokerId, endpoints, rack: cfg.str("broker.rack") || null, jmxPort: this.metricsServer?.port ?? -1 };
    let warned = false;
    await this.zk.registerBroker(registration, cfg.zkSessionTimeoutMs + 5000, (owner) => {
      if (warned) return;
      warned = true;
      this.log.warn(`/brokers/ids/${brokerId} is still held by the previous session 0x${BigInt(owner).toString(16)} of this broker (unclean shutdown?); waiting up to ${cfg.zkSessionTimeoutMs} ms for it to expire`);
    });
    this.log.info(`Registered broker ${brokerId} at path /brokers/ids/${brokerId} with addresses: ${endpoints.map((e) => `${e.listenerName}://${e.host}:${e.port}`).join(",")}`);
    this.zk.onSessionExpired(async () => {
      this.log.warn(`ZooKeeper session expired; a new session is open: re-registering broker ${brokerId} and rejoining the controller election`);
      for (let attempt = 1; !this.shuttingDown; attempt++) {
        try {
          await this.zk.registerBroker(registration, cfg.zkSessionTimeoutMs + 5000);
          await controller.onNewSession();
          return;
        } catch (e) {
          this.log.error(`Could not re-register after session expiry (attempt ${attempt}): ${e instanceof Error ? e.message : String(e)}`);
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    });
    await controller.startup();
    this.log.info(`[KafkaServer id=${brokerId}] started (kafka.server.KafkaServer)`);
  }

  boundPort(listenerName = "PLAINTEXT"): number | undefined {
    return this.socketServer?.boundPorts.get(listenerName);
  }

  private async resolveBrokerId(metaProps: { brokerId: number | null }): Promise<number> {
    const configured = this.config.brokerIdConfigured;
    const stored = metaProps.brokerId;
    if (configured >= 0 && stored !== null && stored !== configured) {
      throw new Error(`Configured broker.id ${configured} doesn't match stored broker.id Some(${stored}) in meta.properties. If you moved your data, make sure your configured broker.id matches. If you intend to create a new broker, you should remove all data in your data directories (log.dirs).`);
    }
    if (configured >= 0) return configured;
    if (stored !== null) return stored;
    if (!this.config.bool("broker.id.generation.enable")) throw new Error("broker.id is not set and broker.id.generation.enable is false");
    const seq = await this.zk.generateBrokerSequenceId();
    return seq + this.config.int("reserved.broker.max.id");
  }

  /**
   * Kafka's controlled shutdown: ask the active controller to move leadership (and ISR
   * membership) away from this broker before it stops, so clients switch leaders without
   * waiting for the session to expire. Skipped when this broker is alone; bounded in time.
   */
  private async controlledShutdown(): Promise<void> {
    const metadata = this.metadata;
    if (!metadata || !this.controller || metadata.aliveBrokerIds().filter((b) => b !== this.brokerId).length === 0) return;
    this.log.info(`[KafkaServer id=${this.brokerId}] Starting controlled shutdown`);
    const deadline = Date.now() + CONTROLLED_SHUTDOWN_TIMEOUT_MS;
    const maxRetries = this.config.int("controlled.shutdown.max.retries");
    for (let attempt = 0; attempt <= maxRetries && Date.now() < deadline; attempt++) {
      try {
        let remaining: Array<{ topic: string; partition: number }>;
        if (this.controller.isActive()) {
          remaining = await this.controller.controlledShutdown(this.brokerId);
        } else {
          const b = metadata.brokers.get(metadata.controllerId);
          const ep = b?.endpoints.find((e) => e.listenerName === (this.config.str("inter.broker.listener.name") || "PLAINTEXT")) ?? b?.endpoints[0];
          if (!ep) throw new Error("no controller known");
          const conn = await Connection.open(ep.host, ep.port, { clientId: `broker-${this.brokerId}-controlled-shutdown`, requestTimeoutMs: Math.max(1000, deadline - Date.now()) });
          try {
            const res = await conn.send<ControlledShutdownResponse>(ApiKey.ControlledShutdown, { brokerId: this.brokerId, brokerEpoch: -1n });
            if (res.errorCode !== 0) throw new Error(`error code ${res.errorCode}`);
            remaining = res.remainingPartitions.map((r) => ({ topic: r.topicName, partition: r.partitionIndex }));
          } finally {
            conn.close();
          }
        }
        if (remaining.length > 0) this.log.info(`[KafkaServer id=${this.brokerId}] Remaining partitions to move: ${remaining.map((r) => `${r.topic}-${r.partition}`).join(",")}`);
        this.log.info(`[KafkaServer id=${this.brokerId}] Controlled shutdown request returned successfully after ${attempt + 1} attempt(s)`);
        return;
      } catch (e) {
        this.log.warn(`[KafkaServer id=${this.brokerId}] Retrying controlled shutdown after the previous attempt failed: ${e instanceof Error ? e.message : String(e)}`);
        await new Promise((r) => setTimeout(r, Math.min(1000, Math.max(0, deadline - Date.now()))));
      }
    }
    this.log.warn(`[KafkaServer id=${this.brokerId}] Proceeding to do an unclean shutdown as all the controlled shutdown attempts failed`);
  }

  async shutdown(): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    this.log.info(`[KafkaServer id=${this.brokerId}] shutting down`);
    if (this.config.bool("controlled.shutdown.enable")) await this.controlledShutdown();
    await this.socketServer?.shutdown();
    await this.metricsServer?.close();
    await this.controller?.shutdown();
    this.replicaManager?.shutdownFetchWaiters();
    await this.zk?.close();
    await this.replicaManager?.shutdown();
    this.log.info(`[KafkaServer id=${this.brokerId}] shut down completed (kafka.server.KafkaServer)`);
  }
}

/** ControlledShutdown: up to controlled.shutdown.max.retries retries, all within this time (a stop is not held up longer). */
const CONTROLLED_SHUTDOWN_TIMEOUT_MS = 3_000;

function defaultHost(): string {
  // Kafka uses InetAddress.getLocalHost().getCanonicalHostName() for an empty host
  return process.env.KAFKA_ADVERTISED_HOST ?? "localhost";
}
