/**
 * The wire codes the group coordinator answers with, taken from Kafka's one error catalogue
 * (broker/protocol/errors.ts) so the group logic deals in plain numbers.
 */
import { Errors } from "../protocol/errors.js";

const names = [
  "UNKNOWN_SERVER_ERROR", "NONE", "UNKNOWN_TOPIC_OR_PARTITION", "OFFSET_METADATA_TOO_LARGE",
  "COORDINATOR_LOAD_IN_PROGRESS", "COORDINATOR_NOT_AVAILABLE", "NOT_COORDINATOR", "ILLEGAL_GENERATION",
  "INCONSISTENT_GROUP_PROTOCOL", "INVALID_GROUP_ID", "UNKNOWN_MEMBER_ID", "INVALID_SESSION_TIMEOUT",
  "REBALANCE_IN_PROGRESS", "INVALID_COMMIT_OFFSET_SIZE", "INVALID_REQUEST", "NON_EMPTY_GROUP",
  "GROUP_ID_NOT_FOUND", "MEMBER_ID_REQUIRED", "GROUP_MAX_SIZE_REACHED", "FENCED_INSTANCE_ID",
  "GROUP_SUBSCRIBED_TO_TOPIC", "UNSUPPORTED_VERSION",
] as const;

export const GroupErrors = Object.fromEntries(names.map((n) => [n, Errors[n].code])) as { readonly [K in (typeof names)[number]]: number };
