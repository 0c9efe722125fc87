/** JoinGroup (11), v0-9: validate, hand to the group coordinator, answer when the join phase completes. */
import type { JoinGroupRequest, JoinGroupResponse } from "../protocol/schemas/join-group.js";
import { clientHost, coordinator } from "../group/broker-access.js";
import { defineHandler } from "./handler.js";

export const joinGroupHandler = defineHandler<JoinGroupRequest, JoinGroupResponse>({
  apiKey: 11,
  minVersion: 0,
  maxVersion: 9,
  async handle(req, ctx) {
    const r = await coordinator(ctx.broker).joinGroup(req.groupId, {
      memberId: req.memberId,
      groupInstanceId: ctx.version >= 5 ? req.groupInstanceId : null,
      clientId: ctx.header.clientId ?? "",
      clientHost: clientHost(ctx.conn.clientAddress),
      sessionTimeoutMs: req.sessionTimeoutMs,
      // v0 has no rebalance timeout: Kafka uses the session timeout
      rebalanceTimeoutMs: ctx.version >= 1 && req.rebalanceTimeoutMs >= 0 ? req.rebalanceTimeoutMs : req.sessionTimeoutMs,
      protocolType: req.protocolType,
      protocols: req.protocols.map((p) => ({ name: p.name, metadata: p.metadata })),
      requireKnownMemberId: ctx.version >= 4,
      reason: req.reason ?? undefined,
    });
    return {
      throttleTimeMs: 0,
      errorCode: r.error,
      generationId: r.generationId,
      protocolType: r.protocolType,
      // before v7 the protocol name is not nullable
      protocolName: ctx.version >= 7 ? r.protocolName : (r.protocolName ?? ""),
      leader: r.leader,
      skipAssignment: r.skipAssignment,
      memberId: r.memberId,
      members: r.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, metadata: m.metadata })),
    };
  },
  errorResponse: (req, errorCode, _m, ctx) => ({
    throttleTimeMs: 0, errorCode, generationId: -1, protocolType: null, protocolName: ctx.version >= 7 ? null : "", leader: "", skipAssignment: false, memberId: req.memberId, members: [],
  }),
});
