/**
 * MetadataCache: what this broker knows about the cluster (Kafka's ZkMetadataCache): live brokers
 * with their endpoints, the controller, the cluster id, and per topic its id, replica assignment
 * and partition states (leader, leader epoch, ISR). Fed from ZooKeeper by the cluster watcher
 * and the controller; read by Metadata, DescribeCluster, CreateTopics and the produce/fetch
 * paths. Waiters (CreateTopics, auto-create) are woken when a topic's leaders are known.
 */
import type { BrokerRegistration, LeaderIsrAndControllerEpoch } from "./zk/zk-data.js";

export interface PartitionMetadata {
  partition: number;
  replicas: number[];
  state: LeaderIsrAndControllerEpoch | null;
}

export interface TopicMetadata {
  name: string;
  topicId: string;
  partitions: Map<number, PartitionMetadata>;
  markedForDeletion: boolean;
}

export class MetadataCache {
  clusterId = "";
  controllerId = -1;
  readonly brokers = new Map<number, BrokerRegistration>();
  readonly topics = new Map<string, TopicMetadata>();
  private waiters = new Set<() => void>();

  aliveBrokerIds(): number[] {
    return [...this.brokers.keys()].sort((a, b) => a - b);
  }

  setBrokers(list: BrokerRegistration[]): void {
    this.brokers.clear();
    for (const b of list) this.brokers.set(b.id, b);
    this.notify();
  }

  upsertTopic(name: string, topicId: string, assignment: Map<number, number[]>): TopicMetadata {
    let t = this.topics.get(name);
    if (!t) {
      t = { name, topicId, partitions: new Map(), markedForDeletion: false };
      this.topics.set(name, t);
    }
    t.topicId = topicId;
    for (const [p, replicas] of assignment) {
      const pm = t.partitions.get(p);
      if (pm) pm.replicas = replicas;
      else t.partitions.set(p, { partition: p, replicas, state: null });
    }
    this.notify();
    return t;
  }

  setPartitionState(topic: string, partition: number, state: LeaderIsrAndControllerEpoch): void {
    const t = this.topics.get(topic);
    const pm = t?.partitions.get(partition);
    if (pm) pm.state = state;
    this.notify();
  }

  removeTopic(name: string): void {
    this.topics.delete(name);
    this.notify();
  }

  topicById(id: string): TopicMetadata | undefined {
    for (const t of this.topics.values()) if (t.topicId === id) return t;
    return undefined;
  }

  /** True once every partition of the topic has a leader. */
  isTopicReady(name: string): boolean {
    const t = this.topics.get(name);
    if (!t || t.partitions.size === 0) return false;
    for (const p of t.partitions.values()) if (!p.state || p.state.leader < 0) return false;
    return true;
  }

  /** Resolves when `cond()` holds, or with false after timeoutMs. */
  waitFor(cond: () => boolean, timeoutMs: number): Promise<boolean> {
    if (cond()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (cond()) { done(); resolve(true); }
      };
      const timer = setTimeout(() => { done(); resolve(cond()); }, Math.max(0, timeoutMs));
      const done = () => { clearTimeout(timer); this.waiters.delete(check); };
      this.waiters.add(check);
    });
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }
}
