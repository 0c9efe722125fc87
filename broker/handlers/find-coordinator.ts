/**
 * FindCoordinator (10), v0-4: the broker leading the group's __consumer_offsets partition
 * (v4: a batch of keys). Creates __consumer_offsets on first use as Kafka does; while it has no
 * leader the answer is COORDINATOR_NOT_AVAILABLE and clients retry. Key type 1 (transactions)
 * has no coordinator in this broker: COORDINATOR_NOT_AVAILABLE.
 */
import { Errors } from "../protocol/errors.js";
import type { FindCoordinatorRequest, FindCoordinatorResponse } from "../protocol/schemas/find-coordinator.js";
import { coordinator, ensureOffsetsTopic } from "../group/broker-access.js";
import { OFFSETS_TOPIC } from "../group/partition-for-group.js";
import { advertisedEndpoint } from "./metadata.js";
import { defineHandler, type RequestContext } from "./handler.js";

type Coordinator = FindCoordinatorResponse["coordinators"][number];

function answer(key: string, error: number, nodeId = -1, host = "", port = -1): Coordinator {
  return { key, nodeId, host, port, errorCode: error, errorMessage: error === 0 ? "NONE" : Errors[nameOf(error)].message };
}
function nameOf(code: number): keyof typeof Errors {
  for (const [k, v] of Object.entries(Errors)) if (v.code === code) return k as keyof typeof Errors;
  return "UNKNOWN_SERVER_ERROR";
}

async function findOne(key: string, keyType: number, ctx: RequestContext): Promise<Coordinator> {
  if (keyType === 1) return answer(key, Errors.COORDINATOR_NOT_AVAILABLE.code);
  if (keyType !== 0) return answer(key, Errors.INVALID_REQUEST.code);
  const broker = ctx.broker;
  await ensureOffsetsTopic(broker);
  const partition = coordinator(broker).partitionFor(key);
  const st = broker.metadata.topics.get(OFFSETS_TOPIC)?.partitions.get(partition)?.state;
  if (!st || st.leader < 0) return answer(key, Errors.COORDINATOR_NOT_AVAILABLE.code);
  const node = broker.metadata.brokers.get(st.leader);
  const ep = node ? advertisedEndpoint(node, ctx.conn.listenerName) : undefined;
  if (!ep) return answer(key, Errors.COORDINATOR_NOT_AVAILABLE.code);
  return answer(key, 0, st.leader, ep.host, ep.port);
}

export const findCoordinatorHandler = defineHandler<FindCoordinatorRequest, FindCoordinatorResponse>({
  apiKey: 10,
  minVersion: 0,
  maxVersion: 4,
  async handle(req, ctx) {
    if (ctx.version >= 4) {
      const coordinators = await Promise.all(req.coordinatorKeys.map((k) => findOne(k, req.keyType, ctx)));
      return { throttleTimeMs: 0, errorCode: 0, errorMessage: null, nodeId: -1, host: "", port: -1, coordinators };
    }
    const c = await findOne(req.key, ctx.version >= 1 ? req.keyType : 0, ctx);
    return { throttleTimeMs: 0, errorCode: c.errorCode, errorMessage: c.errorMessage, nodeId: c.nodeId, host: c.host, port: c.port, coordinators: [] };
  },
  errorResponse(req, errorCode, message, ctx) {
    const keys = ctx.version >= 4 ? req.coordinatorKeys : [req.key];
    const cs = keys.map((k) => ({ ...answer(k, errorCode), errorMessage: message }));
    return { throttleTimeMs: 0, errorCode, errorMessage: message, nodeId: -1, host: "", port: -1, coordinators: ctx.version >= 4 ? cs : [] };
  },
});
