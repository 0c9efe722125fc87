/** DeleteGroups (42), v0-2: only Empty groups (else NON_EMPTY_GROUP); offsets and metadata get tombstones. */
import type { DeleteGroupsRequest, DeleteGroupsResponse } from "../protocol/schemas/delete-groups.js";
import { coordinator } from "../group/broker-access.js";
import { defineHandler } from "./handler.js";

export const deleteGroupsHandler = defineHandler<DeleteGroupsRequest, DeleteGroupsResponse>({
  apiKey: 42,
  minVersion: 0,
  maxVersion: 2,
  handle(req, ctx) {
    const errors = coordinator(ctx.broker).deleteGroups(req.groupsNames);
    return { throttleTimeMs: 0, results: req.groupsNames.map((groupId, i) => ({ groupId, errorCode: errors[i]! })) };
  },
  errorResponse: (req, errorCode) => ({ throttleTimeMs: 0, results: req.groupsNames.map((groupId) => ({ groupId, errorCode })) }),
});
