/**
 * ControlledShutdown (7): a broker about to stop asks the active controller to move leadership
 * away from it first (see Controller.controlledShutdown); the answer lists the partitions it
 * still leads. Sent by KafkaServer.shutdown when controlled.shutdown.enable is true.
 */
import { Errors } from "../protocol/errors.js";
import type { ControlledShutdownRequest, ControlledShutdownResponse } from "../protocol/schemas/controlled-shutdown.js";
import { defineHandler } from "./handler.js";

export const controlledShutdownHandler = defineHandler<ControlledShutdownRequest, ControlledShutdownResponse>({
  apiKey: 7,
  minVersion: 0,
  maxVersion: 3,
  async handle(req, ctx) {
    const controller = ctx.broker.controller;
    if (!controller.isActive()) return { errorCode: Errors.NOT_CONTROLLER.code, remainingPartitions: [] };
    if (!ctx.broker.metadata.brokers.has(req.brokerId)) return { errorCode: Errors.BROKER_NOT_AVAILABLE.code, remainingPartitions: [] };
    const remaining = await controller.controlledShutdown(req.brokerId);
    return { errorCode: 0, remainingPartitions: remaining.map((r) => ({ topicName: r.topic, partitionIndex: r.partition })) };
  },
  errorResponse: (_req, errorCode) => ({ errorCode, remainingPartitions: [] }),
});
