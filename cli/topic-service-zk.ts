/**
 * kafka-topics `--zookeeper` (Kafka 2.x's ZookeeperTopicService): the tool validates, assigns
 * replicas and writes the znodes itself (AdminZkClient: /config/topics/<t> first, then
 * /brokers/topics/<t>, which the controller watches); deletion writes /admin/delete_topics/<t>.
 */
import { KafkaZkClient } from "../broker/zk/kafka-zk-client.js";
import { randomUuid, validateTopicName } from "../broker/zk/zk-data.js";
import {
  TOPIC_CONFIG_NAMES, TopicCommandError, assignReplicas, ensureTopicExists, isInternal, printDescriptions, selectTopics,
  type TopicInfo, type TopicRequest, type TopicService,
} from "./topic-service.js";

export class ZkTopicService implements TopicService {
  private constructor(private readonly zk: KafkaZkClient, private readonly out: (s: string) => void) {}

  static async connect(connect: string, out: (s: string) => void): Promise<ZkTopicService> {
    return new ZkTopicService(await KafkaZkClient.connect(connect, { connectionTimeoutMs: 30_000, sessionTimeoutMs: 30_000 }), out);
  }

  close(): Promise<void> {
    return this.zk.close();
  }

  private async topics(r: TopicRequest): Promise<string[]> {
    return selectTopics(await this.zk.getAllTopics(), r.topic, r.excludeInternal);
  }

  async createTopic(r: TopicRequest): Promise<void> {
    const name = r.topic!;
    try {
      const invalid = validateTopicName(name);
      if (invalid) throw new TopicCommandError(invalid, "org.apache.kafka.common.errors.InvalidTopicException");
      const configs: Record<string, string> = {};
      for (const [k, v] of r.configs) {
        if (!(TOPIC_CONFIG_NAMES as readonly string[]).includes(k)) throw new TopicCommandError(`Unknown topic config name: ${k}`, "org.apache.kafka.common.errors.InvalidConfigurationException");
        configs[k] = v;
      }
      let assignment = r.assignment;
      if (!assignment) {
        const brokers = (await this.zk.getAllBrokers()).map((b) => ({ id: b.id, rack: b.rack }));
        assignment = assignReplicas(r.partitions!, r.replicationFactor!, brokers, -1, -1, !r.disableRackAware);
      } else {
        const keys = [...assignment.keys()].sort((a, b) => a - b);
        if (keys.some((k, i) => k !== i)) throw new TopicCommandError("partitions should be a consecutive 0-based integer sequence", "org.apache.kafka.common.errors.InvalidReplicaAssignmentException");
      }
      if (await this.zk.topicExists(name)) throw new TopicCommandError(`Topic '${name}' already exists.`, "org.apache.kafka.common.errors.TopicExistsException");
      const collide = (t: string) => t.replace(/\./g, "_");
      const collisions = (await this.zk.getAllTopics()).filter((t) => t !== name && collide(t) === collide(name));
      if (collisions.length > 0) throw new TopicCommandError(`Topic '${name}' collides with existing topics: ${collisions.join(", ")}`, "org.apache.kafka.common.errors.InvalidTopicException");
      await this.zk.createTopic(name, randomUuid(), assignment, configs);
      this.out(`Created topic ${name}.\n`);
    } catch (e) {
      const exists = (e instanceof TopicCommandError && e.javaClass.endsWith("TopicExistsException")) || (e as Error).name === "TopicExistsError";
      if (exists && r.ifNotExists) return;
      if ((e as Error).name === "TopicExistsError") throw new TopicCommandError((e as Error).message, "org.apache.kafka.common.errors.TopicExistsException");
      throw e;
    }
  }

  async listTopics(r: TopicRequest): Promise<void> {
    for (const t of await this.topics(r)) {
      this.out((await this.zk.isTopicMarkedForDeletion(t)) ? `${t} - marked for deletion\n` : `${t}\n`);
    }
  }

  async describeTopic(r: TopicRequest): Promise<void> {
    const names = await this.topics(r);
    ensureTopicExists(names, r.topic, !r.ifExists);
    const live = new Set(await this.zk.getBrokerIds());
    const infos: TopicInfo[] = [];
    for (const name of names) {
      const a = await this.zk.getTopicAssignment(name);
      if (!a) continue;
      const cfg = await this.zk.getEntityConfig("topics", name);
      const partitions = [];
      for (const [p, replicas] of [...a.value.partitions].sort((x, y) => x[0] - y[0])) {
        const st = await this.zk.getPartitionState(name, p);
        partitions.push({ partition: p, leader: st && st.value.leader >= 0 ? st.value.leader : null, replicas, isr: st ? st.value.isr : [] });
      }
      infos.push({ name, topicId: a.value.topicId, partitions, configs: Object.entries(cfg), markedForDeletion: await this.zk.isTopicMarkedForDeletion(name) });
    }
    printDescriptions(this.out, r, infos, live, (t) => Number(t.configs.find(([k]) => k === "min.insync.replicas")?.[1] ?? 1));
  }

  async alterTopic(r: TopicRequest): Promise<void> {
    const names = await this.topics(r);
    ensureTopicExists(names, r.topic, !r.ifExists);
    for (const topic of names) {
      if (r.configs.size > 0 || r.deleteConfigs.length > 0) {
        this.out("WARNING: Altering topic configuration from this script has been deprecated and may be removed in future releases.\n");
        this.out("         Going forward, please use kafka-configs.sh for this functionality\n");
        const cfg = await this.zk.getEntityConfig("topics", topic);
        for (const [k, v] of r.configs) {
          if (!(TOPIC_CONFIG_NAMES as readonly string[]).includes(k)) throw new TopicCommandError(`Unknown topic config name: ${k}`, "org.apache.kafka.common.errors.InvalidConfigurationException");
          cfg[k] = v;
        }
        for (const k of r.deleteConfigs) {
          if (!(TOPIC_CONFIG_NAMES as readonly string[]).includes(k)) throw new TopicCommandError(`Unknown topic config name: ${k}`, "org.apache.kafka.common.errors.InvalidConfigurationException");
          delete cfg[k];
        }
        await this.zk.changeEntityConfig("topics", topic, cfg);
        this.out(`Updated config for topic ${topic}.\n`);
      }
      if (r.partitions === undefined) continue;
      if (isInternal(topic)) throw new TopicCommandError(`The number of partitions for the internal topic ${topic} cannot be changed.`, "java.lang.IllegalArgumentException");
      this.out("WARNING: If partitions are increased for a topic that has a key, the partition logic or ordering of the messages will be affected\n");
      const cur = await this.zk.getTopicAssignment(topic);
      if (!cur || cur.value.partitions.size === 0) throw new TopicCommandError(`The topic ${topic} does not exist`, "org.apache.kafka.common.errors.InvalidTopicException");
      const existing = cur.value.partitions;
      const have = existing.size;
      const want = r.partitions;
      if (want <= have) throw new TopicCommandError(`The number of partitions for a topic can only be increased. Topic ${topic} currently has ${have} partitions, ${want} would not be an increase.`, "org.apache.kafka.common.errors.InvalidPartitionsException");
      const p0 = existing.get(0) ?? [...existing.values()][0]!;
      let added: Map<number, number[]>;
      if (r.assignment && r.assignment.size > have) {
        added = new Map([...r.assignment].filter(([p]) => p >= have));
        if (added.size !== want - have) throw new TopicCommandError(`Increasing the number of partitions by ${want - have} but ${added.size} assignments provided.`, "org.apache.kafka.common.errors.InvalidReplicaAssignmentException");
      } else {
        const brokers = (await this.zk.getAllBrokers()).map((b) => ({ id: b.id, rack: b.rack })).sort((a, b) => a.id - b.id);
        const start = Math.max(0, brokers.findIndex((b) => b.id >= p0[0]!));
        added = assignReplicas(want - have, p0.length, brokers, start, have, !r.disableRackAware);
      }
      const all = new Map(existing);
      for (const [p, reps] of added) all.set(p, reps);
      await this.zk.setTopicAssignment(topic, { topicId: cur.value.topicId, partitions: all }, cur.version);
      this.out("Adding partitions succeeded!\n");
    }
  }

  async deleteTopic(r: TopicRequest): Promise<void> {
    const names = await this.topics(r);
    ensureTopicExists(names, r.topic, !r.ifExists);
    for (const topic of names) {
      if (isInternal(topic)) throw new TopicCommandError(`Topic ${topic} is a kafka internal topic and is not allowed to be marked for deletion.`, "kafka.admin.AdminOperationException");
      if (await this.zk.isTopicMarkedForDeletion(topic)) {
        this.out(`Topic ${topic} is already marked for deletion.\n`);
        continue;
      }
      await this.zk.markTopicForDeletion(topic);
      this.out(`Topic ${topic} is marked for deletion.\n`);
      this.out("Note: This will have no impact if delete.topic.enable is not set to true.\n");
    }
  }
}
