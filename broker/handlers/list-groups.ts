/** ListGroups (16), v0-4: the groups this broker coordinates (v4: filtered by state). */
import type { ListGroupsRequest, ListGroupsResponse } from "../protocol/schemas/list-groups.js";
import { coordinator } from "../group/broker-access.js";
import { defineHandler } from "./handler.js";

export const listGroupsHandler = defineHandler<ListGroupsRequest, ListGroupsResponse>({
  apiKey: 16,
  minVersion: 0,
  maxVersion: 4,
  handle(req, ctx) {
    const r = coordinator(ctx.broker).listGroups(ctx.version >= 4 ? req.statesFilter : []);
    return { throttleTimeMs: 0, errorCode: r.error, groups: r.groups.map((g) => ({ groupId: g.groupId, protocolType: g.protocolType, groupState: g.state })) };
  },
  errorResponse: (_req, errorCode) => ({ throttleTimeMs: 0, errorCode, groups: [] }),
});
