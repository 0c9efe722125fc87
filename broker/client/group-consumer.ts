/**
 * A subscribing consumer: GroupMember (membership, assignment, commits) + Consumer (fetching),
 * the way Kafka's KafkaConsumer.subscribe() behaves for the tools:
 *   - partitions come from the group; each starts at the group's committed offset, else at
 *     auto.offset.reset (resetTo);
 *   - when the group rebalances (seen by the heartbeat), poll() commits what was handed out (if
 *     auto-commit), rejoins and continues with the new assignment;
 *   - auto-commit every autoCommitIntervalMs and on close(), of the offsets after the records
 *     poll() returned (enable.auto.commit semantics);
 *   - close() commits, leaves the group and closes the connections.
 *
 * (Written by the consumer-groups work for kafka-console-consumer.sh --group; a new file, no
 * change to the rest of the client.)
 */
import type { Cluster } from "./cluster.js";
import { Consumer, EARLIEST, LATEST, type ConsumedRecord, type ConsumerOptions } from "./consumer.js";
import { GroupMember, type GroupMemberOptions, type TopicPartition } from "./group-member.js";

export interface GroupConsumerOptions {
  member: GroupMemberOptions;
  consumer?: Omit<ConsumerOptions, "resetTo">;
  /** auto.offset.reset: EARLIEST or LATEST (default LATEST, as Kafka) */
  resetTo?: bigint;
  /** enable.auto.commit (default true) */
  autoCommit?: boolean;
  /** auto.commit.interval.ms (default 5000) */
  autoCommitIntervalMs?: number;
}

const key = (tp: TopicPartition) => `${tp.topic}\u0000${tp.partition}`;

export class GroupConsumer {
  readonly member: GroupMember;
  private consumer: Consumer | undefined;
  private readonly positions = new Map<string, TopicPartition & { offset: bigint }>();
  /** What the group holds for each assigned partition (committed offset, as far as we know). */
  private readonly committedAt = new Map<string, bigint>();
  private lastCommit = Date.now();
  private stopped = false;

  constructor(readonly cluster: Cluster, readonly topics: string[], private readonly opts: GroupConsumerOptions) {
    this.member = new GroupMember(cluster, opts.member);
  }

  get assignment(): TopicPartition[] { return this.member.assignment; }

  private get autoCommit(): boolean { return this.opts.autoCommit ?? true; }

  /**
   * Commit the position of every assigned partition (after the records poll() handed out, else
   * where fetching starts), as Kafka's consumer commits allConsumed(): partitions that returned
   * nothing get their start offset committed too. Positions the group already holds are skipped.
   */
  async commit(): Promise<void> {
    const offs = [...this.positions.entries()].filter(([k, p]) => this.committedAt.get(k) !== p.offset).map(([, p]) => p);
    if (offs.length === 0) return;
    await this.member.commit(offs);
    for (const o of offs) this.committedAt.set(key(o), o.offset);
    this.lastCommit = Date.now();
  }

  private async rebalance(): Promise<void> {
    if (this.consumer) {
      this.consumer.stop();
      if (this.autoCommit) await this.commit().catch(() => undefined); // a commit after the group moved on is refused: fine
      this.consumer = undefined;
    }
    const assigned = await this.member.join(this.topics);
    const committed = assigned.length > 0 ? await this.member.committed(assigned) : new Map<string, bigint>();
    const consumer = new Consumer(this.cluster, { ...this.opts.consumer, resetTo: this.opts.resetTo ?? LATEST });
    this.positions.clear();
    this.committedAt.clear();
    for (const tp of assigned) {
      const c = committed.get(`${tp.topic}-${tp.partition}`);
      if (c !== undefined) this.committedAt.set(key(tp), c);
      await consumer.assign(tp.topic, tp.partition, c ?? (this.opts.resetTo === EARLIEST ? EARLIEST : LATEST));
    }
    for (const p of consumer.positions()) this.positions.set(key(p), { topic: p.topic, partition: p.partition, offset: p.position });
    this.consumer = consumer;
  }

  /** The next records (possibly none when the long poll expired or no partition is assigned). */
  async poll(): Promise<ConsumedRecord[]> {
    if (this.stopped) return [];
    if (!this.consumer || this.member.rebalanceNeeded) await this.rebalance();
    if (this.member.assignment.length === 0) {
      await new Promise((r) => setTimeout(r, this.opts.consumer?.maxWaitMs ?? 500));
      return [];
    }
    const recs = await this.consumer!.poll();
    for (const r of recs) {
      this.positions.set(key(r), { topic: r.topic, partition: r.partition, offset: r.offset + 1n });
    }
    if (this.autoCommit && Date.now() - this.lastCommit >= (this.opts.autoCommitIntervalMs ?? 5000)) await this.commit().catch(() => undefined);
    return recs;
  }

  /** Make a pending poll() return soon (signal handlers). */
  stop(): void {
    this.stopped = true;
    this.consumer?.stop();
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.autoCommit && this.consumer) await this.commit().catch(() => undefined);
    await this.member.close();
    if (this.consumer) await this.consumer.close();
    else await this.cluster.close();
  }
}
