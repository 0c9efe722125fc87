/**
 * A small consumer without a group: partitions are assigned explicitly, start positions come from
 * ListOffsets (earliest / latest / by timestamp) or are given, and one Fetch loop per leader
 * long-polls (maxWaitMs / minBytes) and hands decoded records to the caller in offset order per
 * partition. Control records (transaction markers) are skipped; the position moves past every
 * complete batch, so compacted gaps are crossed.
 */
import { ApiKey } from "../protocol/api-keys.js";
import { KafkaError } from "../protocol/errors.js";
import { iterateBatches } from "../protocol/records.js";
import { decodeBatch, type DecodedRecord } from "../protocol/record-set.js";
import type { FetchResponse } from "../protocol/schemas/fetch.js";
import type { ListOffsetsResponse } from "../protocol/schemas/list-offsets.js";
import { Cluster, errorFor } from "./cluster.js";

export const EARLIEST = -2n;
export const LATEST = -1n;

export interface ConsumedRecord extends DecodedRecord {
  topic: string;
  partition: number;
}

export interface ConsumerOptions {
  maxWaitMs?: number;
  minBytes?: number;
  maxBytes?: number;
  partitionMaxBytes?: number;
  isolationLevel?: number;
  /** Where to go when a position is out of range: EARLIEST or LATEST. */
  resetTo?: bigint;
}

interface Assigned { topic: string; partition: number; position: bigint }

export class Consumer {
  private readonly assigned: Assigned[] = [];
  private readonly opts: Required<ConsumerOptions>;
  private stopped = false;
  /** Records fetched but not yet handed out. */
  private buffer: ConsumedRecord[] = [];
  private bufferPos = 0;

  constructor(readonly cluster: Cluster, opts: ConsumerOptions = {}) {
    this.opts = {
      maxWaitMs: opts.maxWaitMs ?? 500,
      minBytes: opts.minBytes ?? 1,
      maxBytes: opts.maxBytes ?? 52428800,
      partitionMaxBytes: opts.partitionMaxBytes ?? 1048576,
      isolationLevel: opts.isolationLevel ?? 0,
      resetTo: opts.resetTo ?? LATEST,
    };
  }

  /** ListOffsets for one partition at `timestamp` (EARLIEST, LATEST or ms). */
  async listOffset(topic: string, partition: number, timestamp: bigint): Promise<bigint> {
    const md = await this.cluster.topicMetadata(topic, { timeoutMs: 30_000 });
    const leader = md.partitions[partition]?.leader ?? -1;
    if (leader < 0) throw new KafkaError("LEADER_NOT_AVAILABLE");
    const conn = await this.cluster.broker(leader);
    const res = await conn.send<ListOffsetsResponse>(ApiKey.ListOffsets, {
      replicaId: -1,
      isolationLevel: this.opts.isolationLevel,
      topics: [{ name: topic, partitions: [{ partitionIndex: partition, currentLeaderEpoch: -1, timestamp, maxNumOffsets: 1 }] }],
    });
    const p = res.topics[0]?.partitions[0];
    if (!p) throw new KafkaError("UNKNOWN_SERVER_ERROR", "Empty ListOffsets response");
    if (p.errorCode !== 0) throw errorFor(p.errorCode);
    return p.oldStyleOffsets && p.oldStyleOffsets.length > 0 && p.offset === -1n ? p.oldStyleOffsets[0]! : p.offset;
  }

  /** Assign a partition starting at `position` (an offset, or EARLIEST / LATEST). */
  async assign(topic: string, partition: number, position: bigint): Promise<void> {
    const pos = position < 0n ? await this.listOffset(topic, partition, position) : position;
    this.assigned.push({ topic, partition, position: pos });
  }

  positions(): Assigned[] {
    return this.assigned.map((a) => ({ ...a }));
  }

  stop(): void {
    this.stopped = true;
  }

  /**
   * The next batch of records (possibly empty when the long poll expired). Fetches from every
   * leader concurrently; per partition the records come in offset order.
   */
  async poll(): Promise<ConsumedRecord[]> {
    if (this.bufferPos < this.buffer.length) {
      const out = this.buffer.slice(this.bufferPos);
      this.buffer = [];
      this.bufferPos = 0;
      return out;
    }
    if (this.stopped || this.assigned.length === 0) return [];
    const byLeader = new Map<number, Assigned[]>();
    for (const a of this.assigned) {
      const md = this.cluster.metadata.topics.get(a.topic) ?? (await this.cluster.topicMetadata(a.topic, { timeoutMs: 30_000 }));
      const leader = md.partitions[a.partition]?.leader ?? -1;
      const list = byLeader.get(leader) ?? [];
      list.push(a);
      byLeader.set(leader, list);
    }
    const results = await Promise.all([...byLeader].map(([leader, parts]) => this.fetchFrom(leader, parts)));
    return results.flat();
  }

  private async fetchFrom(leader: number, parts: Assigned[]): Promise<ConsumedRecord[]> {
    const out: ConsumedRecord[] = [];
    try {
      if (leader < 0) throw new KafkaError("LEADER_NOT_AVAILABLE");
      const conn = await this.cluster.broker(leader);
      const topics = new Map<string, Assigned[]>();
      for (const p of parts) {
        const l = topics.get(p.topic) ?? [];
        l.push(p);
        topics.set(p.topic, l);
      }
      const res = await conn.send<FetchResponse>(ApiKey.Fetch, {
        replicaId: -1,
        maxWaitMs: this.opts.maxWaitMs,
        minBytes: this.opts.minBytes,
        maxBytes: this.opts.maxBytes,
        isolationLevel: this.opts.isolationLevel,
        sessionId: 0,
        sessionEpoch: -1,
        topics: [...topics].map(([topic, ps]) => ({
          topic,
          partitions: ps.map((p) => ({ partition: p.partition, currentLeaderEpoch: -1, fetchOffset: p.position, lastFetchedEpoch: -1, logStartOffset: -1n, partitionMaxBytes: this.opts.partitionMaxBytes })),
        })),
        forgottenTopicsData: [],
        rackId: "",
      });
      for (const t of res.responses) {
        for (const pd of t.partitions) {
          const a = parts.find((p) => p.topic === t.topic && p.partition === pd.partitionIndex);
          if (!a) continue;
          if (pd.errorCode === 1) {
            a.position = await this.listOffset(a.topic, a.partition, this.opts.resetTo);
            continue;
          }
          if (pd.errorCode !== 0) {
            const err = errorFor(pd.errorCode);
            if (err.retriable) {
              this.cluster.metadata.topics.delete(a.topic);
              continue;
            }
            throw err;
          }
          const recs = pd.records;
          if (!recs || recs.length === 0) continue;
          let sawBatch = false;
          for (const h of iterateBatches(recs)) {
            sawBatch = true;
            const last = h.baseOffset + BigInt(h.lastOffsetDelta);
            if (last < a.position) continue;
            if (h.magic === 2) {
              for (const r of decodeBatch(recs, h)) {
                if (r.offset < a.position || r.isControl) continue;
                out.push(Object.assign(r, { topic: a.topic, partition: a.partition }));
              }
            }
            a.position = last + 1n;
          }
          if (!sawBatch && recs.length > 0 && this.opts.partitionMaxBytes < this.opts.maxBytes) {
            // A batch larger than partitionMaxBytes: ask for more next time.
            this.opts.partitionMaxBytes = Math.min(this.opts.maxBytes, this.opts.partitionMaxBytes * 2);
          }
        }
      }
    } catch (e) {
      if ((e instanceof KafkaError && e.retriable) || (e as Error).name === "ConnectionError") {
        for (const p of parts) this.cluster.metadata.topics.delete(p.topic);
        await new Promise((r) => setTimeout(r, 100));
        return out;
      }
      throw e;
    }
    return out;
  }

  close(): Promise<void> {
    this.stopped = true;
    return this.cluster.close();
  }
}
