/**
 * The Kafka wire protocol, one import for the broker, the client side (CLI tools, replica
 * fetchers) and tests: API keys, error catalogue, the codec, RecordBatch v2 helpers and
 * compression. Per-API body types live next to their schemas (schemas/<api>.ts); the request and
 * response interfaces are re-exported here.
 */
export * from "./api-keys.js";
export * from "./errors.js";
export * from "./codec.js";
export * from "./records.js";
export * from "./record-set.js";
export * from "./compression.js";
export * from "./legacy-records.js";
export * from "./consumer-protocol.js";
export { parseVersions, inRange, type FieldSchema, type MessageSchema, type VersionRange } from "./schema.js";
export * from "./schemas/index.js";
