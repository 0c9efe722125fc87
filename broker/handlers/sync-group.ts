/** SyncGroup (14), v0-5: the leader's assignment is stored, then every member gets its own. */
import type { SyncGroupRequest, SyncGroupResponse } from "../protocol/schemas/sync-group.js";
import { coordinator } from "../group/broker-access.js";
import { defineHandler } from "./handler.js";

export const syncGroupHandler = defineHandler<SyncGroupRequest, SyncGroupResponse>({
  apiKey: 14,
  minVersion: 0,
  maxVersion: 5,
  async handle(req, ctx) {
    const r = await coordinator(ctx.broker).syncGroup(req.groupId, {
      memberId: req.memberId,
      groupInstanceId: ctx.version >= 3 ? req.groupInstanceId : null,
      generationId: req.generationId,
      protocolType: ctx.version >= 5 ? req.protocolType : null,
      protocolName: ctx.version >= 5 ? req.protocolName : null,
      assignments: req.assignments.map((a) => ({ memberId: a.memberId, assignment: a.assignment })),
    });
    return { throttleTimeMs: 0, errorCode: r.error, protocolType: r.protocolType, protocolName: r.protocolName, assignment: r.assignment };
  },
  errorResponse: (_req, errorCode) => ({ throttleTimeMs: 0, errorCode, protocolType: null, protocolName: null, assignment: Buffer.alloc(0) }),
});
