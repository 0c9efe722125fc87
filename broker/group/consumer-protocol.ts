/**
 * The "consumer" embedded protocol as the group coordinator and the tools need it: tolerant views
 * over broker/protocol/consumer-protocol.ts (ConsumerProtocolSubscription / Assignment, versions
 * 0-3), answering undefined for bytes that are not a consumer protocol payload (a group of another
 * protocol type, e.g. connect). Used for OffsetDelete's GROUP_SUBSCRIBED_TO_TOPIC, offset expiry of
 * unsubscribed topics, kafka-consumer-groups, and our own group members (version-0 payloads).
 */
import * as wire from "../protocol/consumer-protocol.js";

/** Subscribed topics, or undefined if the bytes are not a consumer subscription. */
export function decodeSubscriptionTopics(b: Buffer): string[] | undefined {
  try {
    return wire.decodeSubscription(b).topics;
  } catch {
    return undefined;
  }
}

/** Assigned partitions per topic, or undefined if not a consumer assignment (empty → []). */
export function decodeAssignment(b: Buffer): { topic: string; partitions: number[] }[] | undefined {
  if (b.length === 0) return [];
  try {
    return wire.decodeAssignment(b).assignedPartitions;
  } catch {
    return undefined;
  }
}

/** A version-0 assignment (for tests and tools). */
export function encodeAssignment(parts: { topic: string; partitions: number[] }[]): Buffer {
  return wire.encodeAssignment({ assignedPartitions: parts });
}

/** A version-0 subscription (for tests and tools). */
export function encodeSubscription(topics: string[]): Buffer {
  return wire.encodeSubscription({ topics });
}
