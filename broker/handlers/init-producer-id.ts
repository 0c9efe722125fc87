/**
 * InitProducerId (22): idempotent producers get a fresh producer id (epoch 0) from the
 * /latest_producer_id_block allocator. Transactional ids need the transaction coordinator,
 * which comes with a later issue: they are refused with COORDINATOR_NOT_AVAILABLE.
 */
import { Errors } from "../protocol/errors.js";
import type { InitProducerIdRequest, InitProducerIdResponse } from "../protocol/schemas/init-producer-id.js";
import { defineHandler } from "./handler.js";

export const initProducerIdHandler = defineHandler<InitProducerIdRequest, InitProducerIdResponse>({
  apiKey: 22,
  minVersion: 0,
  maxVersion: 4,
  async handle(req, ctx) {
    if (req.transactionalId !== null && req.transactionalId !== "") {
      return { throttleTimeMs: 0, errorCode: Errors.COORDINATOR_NOT_AVAILABLE.code, producerId: -1n, producerEpoch: -1 };
    }
    const producerId = await ctx.broker.producerIds.generateProducerId();
    return { throttleTimeMs: 0, errorCode: 0, producerId, producerEpoch: 0 };
  },
  errorResponse: (_req, errorCode) => ({ throttleTimeMs: 0, errorCode, producerId: -1n, producerEpoch: -1 }),
});
