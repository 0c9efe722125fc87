/**
 * Topic administration as Kafka's ZkAdminManager + AdminZkClient do it: validate, compute a
 * replica assignment, write ZooKeeper (/config/topics/<t> first, then /brokers/topics/<t>), and
 * let the controller bring the partitions online. Errors are KafkaErrors carrying Kafka's codes
 * and messages; the handlers map them to the wire.
 */
import { ConfigException } from "../common/config-def.js";
import { logger } from "../common/logger.js";
import { validateTopicConfig } from "./log/log-config.js";
import type { MetadataCache } from "./metadata-cache.js";
import { KafkaError } from "./protocol/errors.js";
import { TopicExistsError, type KafkaZkClient } from "./zk/kafka-zk-client.js";
import { randomUuid, validateTopicName } from "./zk/zk-data.js";

const log = logger("admin-manager");

export interface CreateTopicSpec {
  name: string;
  numPartitions: number; // -1 = num.partitions
  replicationFactor: number; // -1 = default.replication.factor
  assignments: Array<{ partitionIndex: number; brokerIds: number[] }>;
  configs: Record<string, string>;
}

export interface CreatedTopic { topicId: string; numPartitions: number; replicationFactor: number; configs: Record<string, string> }

export class AdminManager {
  constructor(private readonly zk: KafkaZkClient, private readonly metadata: MetadataCache,
    private readonly defaults: { numPartitions: number; replicationFactor: number; deleteTopicEnable: boolean }) {}

  /** Kafka's Topic.validate: INVALID_TOPIC_EXCEPTION with its message. */
  static validateName(name: string): void {
    const err = validateTopicName(name);
    if (err) throw new KafkaError("INVALID_TOPIC_EXCEPTION", err);
  }

  /** Replica assignment (AdminUtils.assignReplicasToBrokers, rack-unaware, fixed start). */
  private assign(numPartitions: number, rf: number, startPartition = 0): Map<number, number[]> {
    const brokers = this.metadata.aliveBrokerIds();
    if (numPartitions <= 0) throw new KafkaError("INVALID_PARTITIONS", "Number of partitions must be larger than 0.");
    if (rf <= 0) throw new KafkaError("INVALID_REPLICATION_FACTOR", "Replication factor must be larger than 0.");
    if (rf > brokers.length) throw new KafkaError("INVALID_REPLICATION_FACTOR", `Replication factor: ${rf} larger than available brokers: ${brokers.length}.`);
    const out = new Map<number, number[]>();
    const n = brokers.length;
    for (let i = 0; i < numPartitions; i++) {
      const p = startPartition + i;
      const first = p % n;
      const replicas = [brokers[first]!];
      const shift = 1 + (Math.floor(p / n) % Math.max(1, n - 1));
      for (let j = 0; j < rf - 1; j++) replicas.push(brokers[(first + 1 + ((shift - 1 + j) % Math.max(1, n - 1))) % n]!);
      out.set(p, replicas);
    }
    return out;
  }

  /** Validates and (unless validateOnly) writes the topic to ZooKeeper. */
  async createTopic(spec: CreateTopicSpec, validateOnly: boolean): Promise<CreatedTopic> {
    AdminManager.validateName(spec.name);
    if (await this.zk.topicExists(spec.name)) throw new KafkaError("TOPIC_ALREADY_EXISTS", `Topic '${spec.name}' already exists.`);
    const norm = (s: string) => s.replace(/\./g, "_");
    const collide = (await this.zk.getAllTopics()).filter((t) => t !== spec.name && norm(t) === norm(spec.name));
    if (collide.length > 0) throw new KafkaError("INVALID_TOPIC_EXCEPTION", `Topic '${spec.name}' collides with existing topics: ${collide.join(", ")}`);
    let assignment: Map<number, number[]>;
    if (spec.assignments.length > 0) {
      if (spec.numPartitions !== -1 || spec.replicationFactor !== -1) {
        throw new KafkaError("INVALID_REQUEST", "Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.");
      }
      assignment = new Map();
      const live = new Set(this.metadata.aliveBrokerIds());
      for (const a of spec.assignments) {
        if (a.brokerIds.length === 0) throw new KafkaError("INVALID_REPLICA_ASSIGNMENT", "Replica assignment must not be empty");
        if (new Set(a.brokerIds).size !== a.brokerIds.length) throw new KafkaError("INVALID_REPLICA_ASSIGNMENT", `Duplicate brokers not allowed in replica assignment: ${a.brokerIds.join(", ")} for partition id ${a.partitionIndex}.`);
        const unknown = a.brokerIds.filter((b) => !live.has(b));
        if (unknown.length > 0) throw new KafkaError("BROKER_NOT_AVAILABLE", `Some brokers specified for partition id ${a.partitionIndex} are not available. Specified brokers: ${a.brokerIds.join(", ")}, available brokers: ${[...live].join(", ")}.`);
        assignment.set(a.partitionIndex, a.brokerIds);
      }
      const ids = [...assignment.keys()].sort((x, y) => x - y);
      if (ids.some((p, i) => p !== i)) throw new KafkaError("INVALID_REPLICA_ASSIGNMENT", "Partitions should be a consecutive 0-based integer sequence");
    } else {
      const np = spec.numPartitions === -1 ? this.defaults.numPartitions : spec.numPartitions;
      const rf = spec.replicationFactor === -1 ? this.defaults.replicationFactor : spec.replicationFactor;
      assignment = this.assign(np, rf);
    }
    try {
      validateTopicConfig(spec.configs);
    } catch (e) {
      if (e instanceof ConfigException) throw new KafkaError("INVALID_CONFIG", e.message);
      throw e;
    }
    const topicId = randomUuid();
    const first = assignment.get(0) ?? [];
    const result: CreatedTopic = { topicId, numPartitions: assignment.size, replicationFactor: first.length, configs: spec.configs };
    if (validateOnly) return result;
    try {
      await this.zk.createTopic(spec.name, topicId, assignment, spec.configs);
    } catch (e) {
      if (e instanceof TopicExistsError) throw new KafkaError("TOPIC_ALREADY_EXISTS", e.message);
      throw e;
    }
    log.info(`Creating topic ${spec.name} with configuration ${JSON.stringify(spec.configs)} and initial partition assignment ${[...assignment].map(([p, r]) => `${p} -> ${JSON.stringify(r)}`).join(", ")}`);
    return result;
  }

  /** Waits (up to timeoutMs) until every partition of each topic has a leader. */
  async awaitTopicsReady(names: string[], timeoutMs: number): Promise<boolean> {
    if (names.length === 0 || timeoutMs <= 0) return names.every((n) => this.metadata.isTopicReady(n));
    return this.metadata.waitFor(() => names.every((n) => this.metadata.isTopicReady(n)), timeoutMs);
  }

  async deleteTopic(name: string): Promise<void> {
    if (!this.defaults.deleteTopicEnable) throw new KafkaError("TOPIC_DELETION_DISABLED", "Topic deletion is disabled.");
    if (!(await this.zk.topicExists(name))) throw new KafkaError("UNKNOWN_TOPIC_OR_PARTITION", "This server does not host this topic-partition.");
    await this.zk.markTopicForDeletion(name);
    log.info(`Topic ${name} marked for deletion.`);
  }

  async awaitTopicsDeleted(names: string[], timeoutMs: number): Promise<boolean> {
    const gone = async () => {
      for (const n of names) if (await this.zk.topicExists(n)) return false;
      return true;
    };
    const end = Date.now() + Math.max(0, timeoutMs);
    for (;;) {
      if (await gone()) return true;
      if (Date.now() >= end) return false;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** AdminZkClient.addPartitions: only increases, with Kafka's messages. */
  async createPartitions(name: string, count: number, assignments: number[][] | null, validateOnly: boolean): Promise<void> {
    const cur = await this.zk.getTopicAssignment(name);
    if (!cur || (await this.zk.isTopicMarkedForDeletion(name))) throw new KafkaError("UNKNOWN_TOPIC_OR_PARTITION", `The topic '${name}' does not exist.`);
    const existing = cur.value.partitions;
    const old = existing.size;
    if (count < old) throw new KafkaError("INVALID_PARTITIONS", `Topic currently has ${old} partitions, which is higher than the requested ${count}.`);
    if (count === old) throw new KafkaError("INVALID_PARTITIONS", `Topic already has ${old} partitions.`);
    const rf = (existing.get(0) ?? [0]).length;
    let added: Map<number, number[]>;
    if (assignments) {
      if (assignments.length !== count - old) throw new KafkaError("INVALID_REPLICA_ASSIGNMENT", `Increasing the number of partitions by ${count - old} but ${assignments.length} assignments provided.`);
      const live = new Set(this.metadata.aliveBrokerIds());
      added = new Map();
      assignments.forEach((brokers, i) => {
        const unknown = brokers.filter((b) => !live.has(b));
        if (unknown.length > 0) throw new KafkaError("INVALID_REPLICA_ASSIGNMENT", `Unknown broker(s) in replica assignment: ${unknown.join(", ")}.`);
        if (brokers.length !== rf) throw new KafkaError("INVALID_REPLICA_ASSIGNMENT", `Inconsistent replication factor between partitions, partition 0 has ${rf} while partitions [${old + i}] have replication factors [${brokers.length}], respectively.`);
        added.set(old + i, brokers);
      });
    } else {
      added = this.assign(count - old, rf, old);
    }
    if (validateOnly) return;
    const all = new Map(existing);
    for (const [p, r] of added) all.set(p, r);
    await this.zk.setTopicAssignment(name, { topicId: cur.value.topicId, partitions: all }, cur.version);
    log.info(`Creating ${count - old} partitions for '${name}' with the following replica assignment: ${[...added].map(([p, r]) => `${p} -> ${JSON.stringify(r)}`).join(", ")}.`);
  }

  async awaitPartitions(name: string, count: number, timeoutMs: number): Promise<boolean> {
    return this.metadata.waitFor(() => {
      const t = this.metadata.topics.get(name);
      if (!t || t.partitions.size < count) return false;
      return this.metadata.isTopicReady(name);
    }, timeoutMs);
  }
}
