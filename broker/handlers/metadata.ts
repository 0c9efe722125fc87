/**
 * Metadata (3): brokers (their endpoint on the listener the request came in on), cluster id,
 * controller, and topics from the metadata cache. Unknown topics are auto-created (ZooKeeper
 * write, answered LEADER_NOT_AVAILABLE for now, as Kafka does) when the request allows it (v4+
 * flag, always before v4) and auto.create.topics.enable=true; otherwise UNKNOWN_TOPIC_OR_PARTITION.
 * Invalid names get INVALID_TOPIC_EXCEPTION.
 */
import { logger } from "../../common/logger.js";
import { Errors, KafkaError } from "../protocol/errors.js";
import type { MetadataRequest, MetadataResponse, MetadataResponsePartition, MetadataResponseTopic } from "../protocol/schemas/metadata.js";
import { ZERO_UUID } from "../protocol/wire.js";
import type { TopicMetadata } from "../metadata-cache.js";
import type { BrokerServices } from "../services.js";
import type { BrokerRegistration, EndPoint } from "../zk/zk-data.js";
import { validateTopicName } from "../zk/zk-data.js";
import { defineHandler } from "./handler.js";

const log = logger("metadata");
const INTERNAL = new Set(["__consumer_offsets", "__transaction_state"]);
const NO_OPS = -2147483648;

export function advertisedEndpoint(b: BrokerRegistration, listenerName: string): EndPoint | undefined {
  return b.endpoints.find((e) => e.listenerName === listenerName) ?? b.endpoints[0];
}

function topicResponse(t: TopicMetadata, broker: BrokerServices): MetadataResponseTopic {
  const alive = broker.metadata.brokers;
  const partitions: MetadataResponsePartition[] = [];
  for (const p of [...t.partitions.values()].sort((a, b) => a.partition - b.partition)) {
    const st = p.state;
    const leader = st ? st.leader : -1;
    const leaderAlive = leader >= 0 && alive.has(leader);
    partitions.push({
      errorCode: leaderAlive ? 0 : Errors.LEADER_NOT_AVAILABLE.code,
      partitionIndex: p.partition,
      leaderId: leaderAlive ? leader : -1,
      leaderEpoch: st ? st.leaderEpoch : -1,
      replicaNodes: p.replicas,
      // the ISR as the state znode has it (Kafka filters dead brokers out only for Metadata v0)
      isrNodes: st ? st.isr : [],
      offlineReplicas: p.replicas.filter((r) => !alive.has(r)),
    });
  }
  return { errorCode: 0, name: t.name, topicId: t.topicId || ZERO_UUID, isInternal: INTERNAL.has(t.name), partitions, topicAuthorizedOperations: NO_OPS };
}

const errorTopic = (name: string | null, code: number, topicId = ZERO_UUID): MetadataResponseTopic =>
  ({ errorCode: code, name, topicId, isInternal: false, partitions: [], topicAuthorizedOperations: NO_OPS });

async function autoCreate(name: string, broker: BrokerServices): Promise<number> {
  try {
    await broker.admin.createTopic({ name, numPartitions: -1, replicationFactor: -1, assignments: [], configs: {} }, false);
    log.info(`Auto-created topic ${name}`);
    return Errors.LEADER_NOT_AVAILABLE.code;
  } catch (e) {
    if (e instanceof KafkaError) {
      if (e.code === Errors.TOPIC_ALREADY_EXISTS.code) return Errors.LEADER_NOT_AVAILABLE.code;
      return e.code;
    }
    throw e;
  }
}

export function brokersFor(broker: BrokerServices, listenerName: string): MetadataResponse["brokers"] {
  const out: MetadataResponse["brokers"] = [];
  for (const b of broker.metadata.brokers.values()) {
    const ep = advertisedEndpoint(b, listenerName);
    if (ep) out.push({ nodeId: b.id, host: ep.host, port: ep.port, rack: b.rack });
  }
  return out;
}

export const metadataHandler = defineHandler<MetadataRequest, MetadataResponse>({
  apiKey: 3,
  minVersion: 0,
  maxVersion: 12,
  async handle(req, ctx) {
    const b = ctx.broker;
    const m = b.metadata;
    const topics: MetadataResponseTopic[] = [];
    const all = req.topics === null || (ctx.version === 0 && req.topics.length === 0);
    if (all) {
      for (const t of [...m.topics.values()].sort((x, y) => x.name.localeCompare(y.name))) if (!t.markedForDeletion) topics.push(topicResponse(t, b));
    } else {
      const allowAuto = (ctx.version < 4 || req.allowAutoTopicCreation) && b.config.bool("auto.create.topics.enable");
      for (const rt of req.topics ?? []) {
        let name = rt.name;
        if (name === null) {
          const byId = m.topicById(rt.topicId);
          if (!byId) { topics.push(errorTopic(null, Errors.UNKNOWN_TOPIC_ID.code, rt.topicId)); continue; }
          name = byId.name;
        }
        const t = m.topics.get(name);
        if (t && !t.markedForDeletion) { topics.push(topicResponse(t, b)); continue; }
        if (validateTopicName(name) !== undefined) { topics.push(errorTopic(name, Errors.INVALID_TOPIC_EXCEPTION.code)); continue; }
        if (allowAuto && !INTERNAL.has(name)) topics.push(errorTopic(name, await autoCreate(name, b)));
        else topics.push(errorTopic(name, Errors.UNKNOWN_TOPIC_OR_PARTITION.code));
      }
    }
    return {
      throttleTimeMs: 0,
      brokers: brokersFor(b, ctx.conn.listenerName),
      clusterId: m.clusterId,
      controllerId: m.controllerId,
      topics,
      clusterAuthorizedOperations: NO_OPS,
    };
  },
  errorResponse: (req, errorCode, _msg, ctx) => ({
    throttleTimeMs: 0,
    brokers: brokersFor(ctx.broker, ctx.conn.listenerName),
    clusterId: ctx.broker.metadata.clusterId,
    controllerId: ctx.broker.metadata.controllerId,
    topics: (req.topics ?? []).map((t) => errorTopic(t.name, errorCode)),
    clusterAuthorizedOperations: NO_OPS,
  }),
});
