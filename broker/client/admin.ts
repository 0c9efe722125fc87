/**
 * Admin requests (what Kafka's Admin client does for the tools): list/describe topics through
 * Metadata, CreateTopics / DeleteTopics / CreatePartitions at the controller, DescribeConfigs.
 * Each per-topic failure is returned (or thrown) as a KafkaError carrying the broker's message.
 */
import { ApiKey } from "../protocol/api-keys.js";
import type { KafkaError } from "../protocol/errors.js";
import type { CreatePartitionsResponse } from "../protocol/schemas/create-partitions.js";
import type { CreateTopicsResponse } from "../protocol/schemas/create-topics.js";
import type { DeleteTopicsResponse } from "../protocol/schemas/delete-topics.js";
import type { DescribeConfigsResponse } from "../protocol/schemas/describe-configs.js";
import { Cluster, errorFor, type ClusterOptions, type TopicMetadata } from "./cluster.js";

export interface NewTopic {
  name: string;
  numPartitions?: number; // -1 / undefined: broker default
  replicationFactor?: number;
  assignments?: Map<number, number[]>;
  configs?: Map<string, string>;
}

export interface ConfigEntry {
  name: string;
  value: string | null;
  isDefault: boolean;
  readOnly: boolean;
  isSensitive: boolean;
  source: number;
}

/** ConfigSource on the wire (DescribeConfigs v1+). */
export const ConfigSource = { UNKNOWN: 0, DYNAMIC_TOPIC_CONFIG: 1, DYNAMIC_BROKER_CONFIG: 2, DYNAMIC_DEFAULT_BROKER_CONFIG: 3, STATIC_BROKER_CONFIG: 4, DEFAULT_CONFIG: 5, DYNAMIC_BROKER_LOGGER_CONFIG: 6 } as const;

const NOT_CONTROLLER = 41;

export class Admin {
  readonly cluster: Cluster;

  /**
   * Send to the controller; when it answers NOT_CONTROLLER for some entries (or the connection
   * drops), refresh metadata and resend those, as Kafka's AdminClient does, until timeoutMs.
   */
  private async atController(timeoutMs: number, attempt: () => Promise<Map<string, KafkaError | null>>): Promise<Map<string, KafkaError | null>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let res: Map<string, KafkaError | null> | undefined;
      try {
        res = await attempt();
      } catch (e) {
        if ((e as Error).name !== "ConnectionError" || Date.now() > deadline) throw e;
      }
      if (res && ![...res.values()].some((e) => e?.code === NOT_CONTROLLER)) return res;
      if (res && Date.now() > deadline) return res;
      this.cluster.metadata.controllerId = -1;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  constructor(bootstrapServers: string, opts: ClusterOptions = {}) {
    this.cluster = new Cluster(bootstrapServers, { clientId: "adminclient-1", ...opts });
  }

  /** All topic names (internal ones included unless excluded), sorted. */
  async listTopics(includeInternal = true): Promise<string[]> {
    const md = await this.cluster.refreshMetadata(null);
    return [...md.topics.values()].filter((t) => t.errorCode === 0 && (includeInternal || !t.isInternal)).map((t) => t.name).sort();
  }

  /** Topic metadata; a missing topic yields its error. */
  async describeTopics(names: string[]): Promise<Map<string, TopicMetadata | KafkaError>> {
    const md = await this.cluster.refreshMetadata(names);
    const out = new Map<string, TopicMetadata | KafkaError>();
    for (const n of names) {
      const t = md.topics.get(n);
      out.set(n, !t ? errorFor(3) : t.errorCode !== 0 ? errorFor(t.errorCode) : t);
    }
    return out;
  }

  async liveBrokers(): Promise<number[]> {
    const md = await this.cluster.refreshMetadata([]);
    return [...md.brokers.keys()].sort((a, b) => a - b);
  }

  /** CreateTopics; resolves with one error (or null) per topic. */
  async createTopics(topics: NewTopic[], timeoutMs = 30_000, validateOnly = false): Promise<Map<string, KafkaError | null>> {
    return this.atController(timeoutMs, () => this.createTopicsOnce(topics, timeoutMs, validateOnly));
  }

  private async createTopicsOnce(topics: NewTopic[], timeoutMs: number, validateOnly: boolean): Promise<Map<string, KafkaError | null>> {
    const conn = await this.cluster.controller();
    const body = {
      topics: topics.map((t) => ({
        name: t.name,
        numPartitions: t.assignments && t.assignments.size > 0 ? -1 : t.numPartitions ?? -1,
        replicationFactor: t.assignments && t.assignments.size > 0 ? -1 : t.replicationFactor ?? -1,
        assignments: [...(t.assignments ?? new Map<number, number[]>())].map(([partitionIndex, brokerIds]) => ({ partitionIndex, brokerIds })),
        configs: [...(t.configs ?? new Map<string, string>())].map(([name, value]) => ({ name, value })),
      })),
      timeoutMs,
      validateOnly,
    };
    const res = await conn.send<CreateTopicsResponse>(ApiKey.CreateTopics, body);
    const out = new Map<string, KafkaError | null>();
    for (const t of res.topics) out.set(t.name, t.errorCode === 0 ? null : errorFor(t.errorCode, t.errorMessage));
    return out;
  }

  async deleteTopics(names: string[], timeoutMs = 30_000): Promise<Map<string, KafkaError | null>> {
    return this.atController(timeoutMs, async () => {
      const conn = await this.cluster.controller();
      const body = { topicNames: names, topics: names.map((name) => ({ name, topicId: "AAAAAAAAAAAAAAAAAAAAAA" })), timeoutMs };
      const res = await conn.send<DeleteTopicsResponse>(ApiKey.DeleteTopics, body);
      const out = new Map<string, KafkaError | null>();
      for (const r of res.responses) out.set(r.name ?? "", r.errorCode === 0 ? null : errorFor(r.errorCode, r.errorMessage));
      return out;
    });
  }

  /** CreatePartitions: increase `topic` to `count` partitions (new assignments optional). */
  async createPartitions(req: Map<string, { count: number; assignments?: number[][] }>, timeoutMs = 30_000): Promise<Map<string, KafkaError | null>> {
    return this.atController(timeoutMs, async () => {
      const conn = await this.cluster.controller();
      const body = {
        topics: [...req].map(([name, r]) => ({ name, count: r.count, assignments: r.assignments ? r.assignments.map((brokerIds) => ({ brokerIds })) : null })),
        timeoutMs,
        validateOnly: false,
      };
      const res = await conn.send<CreatePartitionsResponse>(ApiKey.CreatePartitions, body);
      const out = new Map<string, KafkaError | null>();
      for (const r of res.results) out.set(r.name, r.errorCode === 0 ? null : errorFor(r.errorCode, r.errorMessage));
      return out;
    });
  }

  /** DescribeConfigs for topics (resource type 2). */
  async describeTopicConfigs(names: string[]): Promise<Map<string, ConfigEntry[] | KafkaError>> {
    const out = new Map<string, ConfigEntry[] | KafkaError>();
    if (names.length === 0) return out;
    const conn = await this.cluster.any();
    const version = conn.versionFor(ApiKey.DescribeConfigs);
    const res = await conn.sendAt<DescribeConfigsResponse>(ApiKey.DescribeConfigs, version, {
      resources: names.map((resourceName) => ({ resourceType: 2, resourceName, configurationKeys: null })),
      includeSynonyms: false,
      includeDocumentation: false,
    });
    for (const r of res.results) {
      if (r.errorCode !== 0) {
        out.set(r.resourceName, errorFor(r.errorCode, r.errorMessage));
        continue;
      }
      out.set(r.resourceName, r.configs.map((c) => {
        const source = version === 0 ? (c.isDefault ? ConfigSource.DEFAULT_CONFIG : ConfigSource.UNKNOWN) : c.configSource;
        return { name: c.name, value: c.value, isDefault: version === 0 ? c.isDefault : source === ConfigSource.DEFAULT_CONFIG, readOnly: c.readOnly, isSensitive: c.isSensitive, source };
      }));
    }
    return out;
  }

  close(): Promise<void> {
    return this.cluster.close();
  }
}

/** The Java exception class Kafka's clients raise for an error name (for tool log lines). */
export function javaExceptionClass(errorName: string): string {
  const special: Record<string, string> = {
    TOPIC_ALREADY_EXISTS: "TopicExistsException",
    UNKNOWN_TOPIC_OR_PARTITION: "UnknownTopicOrPartitionException",
    INVALID_TOPIC_EXCEPTION: "InvalidTopicException",
    INVALID_PARTITIONS: "InvalidPartitionsException",
    INVALID_REPLICATION_FACTOR: "InvalidReplicationFactorException",
    INVALID_REPLICA_ASSIGNMENT: "InvalidReplicaAssignmentException",
    INVALID_CONFIG: "InvalidConfigurationException",
    TOPIC_DELETION_DISABLED: "TopicDeletionDisabledException",
    NOT_CONTROLLER: "NotControllerException",
    REQUEST_TIMED_OUT: "TimeoutException",
    UNKNOWN_SERVER_ERROR: "UnknownServerException",
  };
  const simple = special[errorName] ?? errorName.toLowerCase().split("_").map((w) => w[0]!.toUpperCase() + w.slice(1)).join("") + "Exception";
  return `org.apache.kafka.common.errors.${simple}`;
}
