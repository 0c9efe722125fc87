/**
 * What the group API handlers share: the broker's coordinator, the client host string Kafka
 * records for members ("/127.0.0.1"), and creation of __consumer_offsets on first use (as
 * Kafka's FindCoordinator does: compacted, offsets.topic.num.partitions partitions,
 * offsets.topic.replication.factor replicas).
 */
import { logger } from "../../common/logger.js";
import type { BrokerServices } from "../services.js";
import { KafkaError } from "../protocol/errors.js";
import { groupCoordinatorFor, type GroupCoordinator } from "./group-coordinator.js";
import { OFFSETS_TOPIC } from "./partition-for-group.js";

const log = logger("group-coordinator");

export function coordinator(broker: BrokerServices): GroupCoordinator {
  return groupCoordinatorFor(broker);
}

/** Kafka's member clientHost: InetAddress.toString() of the peer, e.g. "/127.0.0.1". */
export function clientHost(clientAddress: string): string {
  let host = clientAddress;
  const m = /^(.*):(\d+)$/.exec(host);
  if (m) host = m[1]!;
  host = host.replace(/^::ffff:/, "").replace(/^\[|\]$/g, "");
  return `/${host}`;
}

const creating = new WeakMap<object, Promise<void>>();

/** Creates __consumer_offsets if missing; resolves when its partitions have leaders (or after a short wait). */
export async function ensureOffsetsTopic(broker: BrokerServices, waitMs = 3000): Promise<void> {
  if (broker.metadata.topics.has(OFFSETS_TOPIC)) {
    await broker.admin.awaitTopicsReady([OFFSETS_TOPIC], 0);
    return;
  }
  let p = creating.get(broker);
  if (!p) {
    const cfg = broker.config;
    p = (async () => {
      try {
        await broker.admin.createTopic({
          name: OFFSETS_TOPIC,
          numPartitions: cfg.int("offsets.topic.num.partitions"),
          replicationFactor: cfg.int("offsets.topic.replication.factor"),
          assignments: [],
          configs: { "cleanup.policy": "compact", "compression.type": "producer", "segment.bytes": String(cfg.int("offsets.topic.segment.bytes")) },
        }, false);
        log.info(`Created internal topic ${OFFSETS_TOPIC}`);
      } catch (e) {
        if (!(e instanceof KafkaError && e.code === 36)) {
          log.warn(`Could not create internal topic ${OFFSETS_TOPIC}: ${e instanceof Error ? e.message : String(e)}`);
        }
      } finally {
        creating.delete(broker);
      }
    })();
    creating.set(broker, p);
  }
  await p;
  await broker.admin.awaitTopicsReady([OFFSETS_TOPIC], waitMs);
}
