/** Heartbeat (12), v0-4: keeps a member's session; REBALANCE_IN_PROGRESS tells it to rejoin. */
import type { HeartbeatRequest, HeartbeatResponse } from "../protocol/schemas/heartbeat.js";
import { coordinator } from "../group/broker-access.js";
import { defineHandler } from "./handler.js";

export const heartbeatHandler = defineHandler<HeartbeatRequest, HeartbeatResponse>({
  apiKey: 12,
  minVersion: 0,
  maxVersion: 4,
  handle(req, ctx) {
    const errorCode = coordinator(ctx.broker).heartbeat(req.groupId, req.memberId, ctx.version >= 3 ? req.groupInstanceId : null, req.generationId);
    return { throttleTimeMs: 0, errorCode };
  },
  errorResponse: (_req, errorCode) => ({ throttleTimeMs: 0, errorCode }),
});
