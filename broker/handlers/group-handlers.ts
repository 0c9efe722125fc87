/** The group coordinator APIs (issue 4), registered by all.ts. */
import type { Handler } from "./handler.js";
import { deleteGroupsHandler } from "./delete-groups.js";
import { describeGroupsHandler } from "./describe-groups.js";
import { findCoordinatorHandler } from "./find-coordinator.js";
import { heartbeatHandler } from "./heartbeat.js";
import { joinGroupHandler } from "./join-group.js";
import { leaveGroupHandler } from "./leave-group.js";
import { listGroupsHandler } from "./list-groups.js";
import { offsetCommitHandler } from "./offset-commit.js";
import { offsetDeleteHandler } from "./offset-delete.js";
import { offsetFetchHandler } from "./offset-fetch.js";
import { syncGroupHandler } from "./sync-group.js";

export const GROUP_HANDLERS: readonly Handler[] = [
  offsetCommitHandler, offsetFetchHandler, findCoordinatorHandler, joinGroupHandler, heartbeatHandler,
  leaveGroupHandler, syncGroupHandler, describeGroupsHandler, listGroupsHandler, deleteGroupsHandler, offsetDeleteHandler,
] as readonly Handler[];
