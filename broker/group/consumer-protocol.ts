/**
 * The "consumer" embedded protocol: what Kafka consumers put in JoinGroup metadata and SyncGroup
 * assignments (ConsumerProtocolSubscription / ConsumerProtocolAssignment, versions 0-3, never
 * flexible). Only the prefix every version shares is read:
 *
 *   Subscription  version int16, topics [string], userData bytes?, (v1+) ownedPartitions, ...
 *   Assignment    version int16, assignedPartitions [topic string, partitions [int32]], userData bytes?
 *
 * string = int16 length + UTF-8, arrays = int32 count. Used for OffsetDelete's
 * GROUP_SUBSCRIBED_TO_TOPIC, offset expiry of unsubscribed topics, and kafka-consumer-groups.
 */

function readString(b: Buffer, pos: number): [string, number] {
  const n = b.readInt16BE(pos);
  if (n < 0) return ["", pos + 2];
  return [b.toString("utf8", pos + 2, pos + 2 + n), pos + 2 + n];
}

/** Subscribed topics, or undefined if the bytes are not a consumer subscription. */
export function decodeSubscriptionTopics(b: Buffer): string[] | undefined {
  try {
    let pos = 2;
    const n = b.readInt32BE(pos);
    pos += 4;
    if (n < 0 || n > 1_000_000) return undefined;
    const topics: string[] = [];
    for (let i = 0; i < n; i++) {
      const [t, next] = readString(b, pos);
      topics.push(t);
      pos = next;
    }
    return topics;
  } catch {
    return undefined;
  }
}

/** Assigned partitions per topic, or undefined if not a consumer assignment (empty → []). */
export function decodeAssignment(b: Buffer): { topic: string; partitions: number[] }[] | undefined {
  if (b.length === 0) return [];
  try {
    let pos = 2;
    const n = b.readInt32BE(pos);
    pos += 4;
    if (n < 0 || n > 1_000_000) return undefined;
    const out: { topic: string; partitions: number[] }[] = [];
    for (let i = 0; i < n; i++) {
      const [topic, next] = readString(b, pos);
      pos = next;
      const m = b.readInt32BE(pos);
      pos += 4;
      const partitions: number[] = [];
      for (let j = 0; j < m; j++) { partitions.push(b.readInt32BE(pos)); pos += 4; }
      out.push({ topic, partitions });
    }
    return out;
  } catch {
    return undefined;
  }
}

/** A version-0 assignment (for tests and tools). */
export function encodeAssignment(parts: { topic: string; partitions: number[] }[]): Buffer {
  const chunks: Buffer[] = [];
  const head = Buffer.alloc(6);
  head.writeInt16BE(0, 0);
  head.writeInt32BE(parts.length, 2);
  chunks.push(head);
  for (const p of parts) {
    const t = Buffer.from(p.topic, "utf8");
    const b = Buffer.alloc(2 + t.length + 4 + 4 * p.partitions.length);
    b.writeInt16BE(t.length, 0);
    t.copy(b, 2);
    b.writeInt32BE(p.partitions.length, 2 + t.length);
    p.partitions.forEach((x, i) => b.writeInt32BE(x, 6 + t.length + 4 * i));
    chunks.push(b);
  }
  const tail = Buffer.alloc(4);
  tail.writeInt32BE(-1, 0); // userData null
  chunks.push(tail);
  return Buffer.concat(chunks);
}

/** A version-0 subscription (for tests and tools). */
export function encodeSubscription(topics: string[]): Buffer {
  const chunks: Buffer[] = [];
  const head = Buffer.alloc(6);
  head.writeInt16BE(0, 0);
  head.writeInt32BE(topics.length, 2);
  chunks.push(head);
  for (const t of topics) {
    const s = Buffer.from(t, "utf8");
    const b = Buffer.alloc(2 + s.length);
    b.writeInt16BE(s.length, 0);
    s.copy(b, 2);
    chunks.push(b);
  }
  const tail = Buffer.alloc(4);
  tail.writeInt32BE(-1, 0);
  chunks.push(tail);
  return Buffer.concat(chunks);
}
