/**
 * Kafka's default partitioner, so keys land where the Java client (and kafkajs's default
 * partitioner) put them: partition = toPositive(murmur2(keyBytes)) % numPartitions, with
 * murmur2 exactly as org.apache.kafka.common.utils.Utils.murmur2 (seed 0x9747b28c, 32-bit
 * arithmetic, little-endian 4-byte blocks). Records without a key stick to one partition per
 * batch and move on round-robin when a batch is sent (Kafka's sticky partitioning, KIP-480).
 */

export function murmur2(data: Uint8Array): number {
  const length = data.length;
  const m = 0x5bd1e995;
  const r = 24;
  let h = (0x9747b28c ^ length) | 0;
  const length4 = length >>> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k = (data[i4]! & 0xff) | ((data[i4 + 1]! & 0xff) << 8) | ((data[i4 + 2]! & 0xff) << 16) | ((data[i4 + 3]! & 0xff) << 24);
    k = Math.imul(k, m);
    k ^= k >>> r;
    k = Math.imul(k, m);
    h = Math.imul(h, m);
    h ^= k;
  }
  const tail = length & ~3;
  const rest = length % 4;
  if (rest >= 3) h ^= (data[tail + 2]! & 0xff) << 16;
  if (rest >= 2) h ^= (data[tail + 1]! & 0xff) << 8;
  if (rest >= 1) {
    h ^= data[tail]! & 0xff;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

export const toPositive = (n: number): number => n & 0x7fffffff;

/** The partition Kafka's default partitioner picks for a non-null key. */
export function partitionForKey(key: Uint8Array, numPartitions: number): number {
  return toPositive(murmur2(key)) % numPartitions;
}

/** Sticky choice for unkeyed records: one partition until `next()` is called (a batch was sent). */
export class StickyPartitioner {
  private current = new Map<string, number>();

  partition(topic: string, numPartitions: number): number {
    let p = this.current.get(topic);
    if (p === undefined || p >= numPartitions) {
      p = Math.floor(Math.random() * numPartitions);
      this.current.set(topic, p);
    }
    return p;
  }

  /** Move to another partition (round-robin) after a batch for `topic` was completed. */
  next(topic: string, numPartitions: number): void {
    const p = this.current.get(topic);
    this.current.set(topic, p === undefined ? 0 : (p + 1) % numPartitions);
  }
}
