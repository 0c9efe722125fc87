/**
 * LeaveGroup (13), v0-5. v0-2 name one member (its error is the top-level error); v3+ a batch
 * of members (by member id, or by group.instance.id with an empty member id), each answered.
 */
import type { LeaveGroupRequest, LeaveGroupResponse } from "../protocol/schemas/leave-group.js";
import { coordinator } from "../group/broker-access.js";
import { defineHandler } from "./handler.js";

export const leaveGroupHandler = defineHandler<LeaveGroupRequest, LeaveGroupResponse>({
  apiKey: 13,
  minVersion: 0,
  maxVersion: 5,
  handle(req, ctx) {
    const c = coordinator(ctx.broker);
    if (ctx.version < 3) {
      const r = c.leaveGroup(req.groupId, [{ memberId: req.memberId, groupInstanceId: null }]);
      return { throttleTimeMs: 0, errorCode: r.error !== 0 ? r.error : r.memberErrors[0]!, members: [] };
    }
    const members = req.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId }));
    const reason = req.members.find((m) => m.reason)?.reason ?? undefined;
    const r = c.leaveGroup(req.groupId, members, reason);
    if (r.error !== 0) return { throttleTimeMs: 0, errorCode: r.error, members: [] };
    return { throttleTimeMs: 0, errorCode: 0, members: members.map((m, i) => ({ ...m, errorCode: r.memberErrors[i]! })) };
  },
  errorResponse: (_req, errorCode) => ({ throttleTimeMs: 0, errorCode, members: [] }),
});
