/**
 * kafka-topics `--bootstrap-server` (Kafka 3.x's AdminClientTopicService): everything through the
 * Admin API of the broker (Metadata, CreateTopics, CreatePartitions, DeleteTopics, DescribeConfigs).
 */
import { Admin, javaExceptionClass } from "../broker/client/admin.js";
import { BrokerNotAvailableError } from "../broker/client/cluster.js";
import { log4jLine } from "./args.js";
import { KafkaError } from "../broker/protocol/errors.js";
import {
  TopicCommandError, ensureTopicExists, printDescriptions, selectTopics,
  type TopicInfo, type TopicRequest, type TopicService,
} from "./topic-service.js";

function rethrow(e: KafkaError): never {
  throw new TopicCommandError(e.message, javaExceptionClass(e.errorName));
}

export class AdminTopicService implements TopicService {
  private constructor(private readonly admin: Admin, private readonly out: (s: string) => void) {}

  static async connect(bootstrap: string, props: Map<string, string>, out: (s: string) => void): Promise<AdminTopicService> {
    const timeout = Number(props.get("default.api.timeout.ms") ?? 60_000);
    const clientId = props.get("client.id") ?? "adminclient-1";
    const admin = new Admin(bootstrap, {
      clientId,
      bootstrapTimeoutMs: timeout,
      requestTimeoutMs: Number(props.get("request.timeout.ms") ?? 30_000),
      onConnectFailure: (host, port, nodeId) => process.stderr.write(log4jLine("WARN", `[AdminClient clientId=${clientId}] Connection to node ${nodeId} (/${host}:${port}) could not be established. Broker may not be available.`, "org.apache.kafka.clients.NetworkClient")),
    });
    return new AdminTopicService(admin, out);
  }

  /** Kafka's AdminClient gives up on an unreachable cluster with this TimeoutException. */
  private async call<T>(name: string, f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      if (e instanceof BrokerNotAvailableError) throw new TopicCommandError(`Timed out waiting for a node assignment. Call: ${name}`, "org.apache.kafka.common.errors.TimeoutException");
      throw e;
    }
  }

  close(): Promise<void> {
    return this.admin.close();
  }

  private async topics(r: TopicRequest): Promise<string[]> {
    return selectTopics(await this.call("listTopics", () => this.admin.listTopics(true)), r.topic, r.excludeInternal);
  }

  async createTopic(r: TopicRequest): Promise<void> {
    const name = r.topic!;
    const res = await this.call("createTopics", () => this.admin.createTopics([{ name, numPartitions: r.partitions, replicationFactor: r.replicationFactor, assignments: r.assignment, configs: r.configs }]));
    const err = res.get(name) ?? null;
    if (err) {
      if (err.errorName === "TOPIC_ALREADY_EXISTS" && r.ifNotExists) return;
      rethrow(err);
    }
    this.out(`Created topic ${name}.\n`);
  }

  async listTopics(r: TopicRequest): Promise<void> {
    this.out((await this.topics(r)).join("\n") + "\n");
  }

  async alterTopic(r: TopicRequest): Promise<void> {
    const names = await this.topics(r);
    ensureTopicExists(names, r.topic, !r.ifExists);
    if (names.length === 0) return;
    const infos = await this.admin.describeTopics(names);
    const req = new Map<string, { count: number; assignments?: number[][] }>();
    for (const n of names) {
      const info = infos.get(n)!;
      if (info instanceof KafkaError) rethrow(info);
      const assignments = r.assignment ? [...r.assignment].filter(([p]) => p >= info.partitions.length).map(([, b]) => b) : undefined;
      req.set(n, { count: r.partitions!, assignments });
    }
    const res = await this.admin.createPartitions(req);
    for (const e of res.values()) if (e) rethrow(e);
  }

  async describeTopic(r: TopicRequest): Promise<void> {
    const names = await this.topics(r);
    ensureTopicExists(names, r.topic, !r.ifExists);
    if (names.length === 0) return;
    const descs = await this.admin.describeTopics(names);
    const configs = await this.admin.describeTopicConfigs(names);
    const live = new Set(await this.admin.liveBrokers());
    const infos: TopicInfo[] = [];
    const minIsr = new Map<string, number>();
    for (const n of names) {
      const d = descs.get(n)!;
      if (d instanceof KafkaError) rethrow(d);
      const c = configs.get(n);
      if (c instanceof KafkaError) rethrow(c);
      const entries = c ?? [];
      minIsr.set(n, Number(entries.find((e) => e.name === "min.insync.replicas")?.value ?? 1));
      infos.push({
        name: n,
        topicId: d.topicId,
        partitions: d.partitions.map((p) => ({ partition: p.partition, leader: p.leader >= 0 ? p.leader : null, replicas: p.replicas, isr: p.isr })),
        configs: entries.filter((e) => !e.isDefault).map((e): [string, string] => [e.name, e.isSensitive ? "null" : e.value ?? "null"]),
        markedForDeletion: false,
      });
    }
    printDescriptions(this.out, r, infos, live, (t) => minIsr.get(t.name) ?? 1);
  }

  async deleteTopic(r: TopicRequest): Promise<void> {
    const names = await this.topics(r);
    ensureTopicExists(names, r.topic, !r.ifExists);
    if (names.length === 0) return;
    const res = await this.admin.deleteTopics(names);
    for (const e of res.values()) if (e) rethrow(e);
  }
}
