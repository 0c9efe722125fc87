/**
 * Dynamic configuration (Kafka's ConfigHandler/ZkAdminManager config paths): topic overrides
 * live in /config/topics/<t>; changes are written there plus a /config/changes notification,
 * and every broker re-reads the entity when notified. DescribeConfigs rows (value, source,
 * synonyms) come from the log config definitions (topics) and KafkaConfig (brokers).
 */
import { ConfigException } from "../common/config-def.js";
import { logger } from "../common/logger.js";
import type { KafkaConfig } from "./config.js";
import { KAFKA_CONFIG_DEFS } from "./config.js";
import { configValueString, describeTopicConfig, logConfigFrom, validateTopicConfig, type LogConfig, type TopicConfigEntry } from "./log/log-config.js";
import { KafkaError } from "./protocol/errors.js";
import type { KafkaZkClient } from "./zk/kafka-zk-client.js";

const log = logger("config-manager");

/** Kafka's ConfigSource ids on the wire (DescribeConfigs v1+). */
export const ConfigSourceId = {
  UNKNOWN: 0, DYNAMIC_TOPIC_CONFIG: 1, DYNAMIC_BROKER_CONFIG: 2, DYNAMIC_DEFAULT_BROKER_CONFIG: 3, STATIC_BROKER_CONFIG: 4, DEFAULT_CONFIG: 5, DYNAMIC_BROKER_LOGGER_CONFIG: 6,
} as const;
/** Kafka's ConfigType ids (DescribeConfigs v3+). */
export const ConfigTypeId: Record<string, number> = { boolean: 1, string: 2, int: 3, short: 4, long: 5, double: 6, list: 7, class: 8, password: 9 };

export type AlterOp = 0 | 1 | 2 | 3; // SET, DELETE, APPEND, SUBTRACT

export class ConfigManager {
  private readonly overrides = new Map<string, Record<string, string>>();
  readonly brokerDefaults: ReadonlyMap<string, unknown>;

  constructor(private readonly zk: KafkaZkClient, private readonly config: KafkaConfig, private readonly brokerId: number,
    private readonly onTopicConfigChange: (topic: string, overrides: Record<string, string>) => void) {
    this.brokerDefaults = new Map(config.originals);
  }

  async loadTopic(topic: string): Promise<Record<string, string>> {
    const o = await this.zk.getEntityConfig("topics", topic);
    this.overrides.set(topic, o);
    return o;
  }

  topicOverrides(topic: string): Record<string, string> {
    return this.overrides.get(topic) ?? {};
  }

  forgetTopic(topic: string): void {
    this.overrides.delete(topic);
  }

  logConfigFor(overrides: Record<string, string>): LogConfig {
    try {
      return logConfigFrom(this.brokerDefaults, overrides);
    } catch (e) {
      log.warn(`Invalid topic config ${JSON.stringify(overrides)} (${e instanceof Error ? e.message : String(e)}); using broker defaults`);
      return logConfigFrom(this.brokerDefaults, {});
    }
  }

  /** /config/changes notification for entityType/entityName. */
  async onChange(entityType: string, entityName: string): Promise<void> {
    if (entityType !== "topics") return;
    const o = await this.loadTopic(entityName);
    this.onTopicConfigChange(entityName, o);
  }

  describeTopic(topic: string): TopicConfigEntry[] {
    return describeTopicConfig(this.brokerDefaults, this.topicOverrides(topic));
  }

  describeTopicFromOverrides(overrides: Record<string, string>): TopicConfigEntry[] {
    return describeTopicConfig(this.brokerDefaults, overrides);
  }

  /** Broker resource rows: every known key, static (server.properties) or default. */
  describeBroker(): TopicConfigEntry[] {
    const rows: TopicConfigEntry[] = [];
    for (const d of [...KAFKA_CONFIG_DEFS].sort((a, b) => a.name.localeCompare(b.name))) {
      const explicit = this.config.originals.has(d.name);
      const value = configValueString(this.config.get(d.name) ?? d.default);
      const source = explicit ? "STATIC_BROKER_CONFIG" : "DEFAULT_CONFIG";
      const sensitive = d.type === "password";
      rows.push({
        name: d.name, value: sensitive ? null : value, source, isSensitive: sensitive, readOnly: true,
        synonyms: [{ name: d.name, value: sensitive ? null : value, source }], doc: d.doc, type: d.type,
      });
    }
    return rows;
  }

  /**
   * As Kafka's ZkAdminManager.alterConfigs: an unknown name is an InvalidConfigurationException
   * (INVALID_CONFIG, plain message); a bad value is a ConfigException wrapped in
   * InvalidRequestException ("Invalid config value for resource ConfigResource(...): ...").
   */
  private validate(topic: string, overrides: Record<string, string>): void {
    try {
      validateTopicConfig(overrides);
    } catch (e) {
      if (!(e instanceof ConfigException)) throw e;
      if (e.message.startsWith("Unknown topic config name")) throw new KafkaError("INVALID_CONFIG", e.message);
      throw new KafkaError("INVALID_REQUEST", `Invalid config value for resource ConfigResource(type=TOPIC, name='${topic}'): ${e.message}`);
    }
  }

  private async requireTopic(topic: string): Promise<void> {
    if (!(await this.zk.topicExists(topic))) throw new KafkaError("UNKNOWN_TOPIC_OR_PARTITION", `Topic '${topic}' does not exist.`);
  }

  /** AlterConfigs: the given set replaces all overrides. */
  async alterTopic(topic: string, configs: Record<string, string>, validateOnly: boolean): Promise<void> {
    await this.requireTopic(topic);
    this.validate(topic, configs);
    if (validateOnly) return;
    await this.zk.changeEntityConfig("topics", topic, configs);
    log.info(`Updated topic ${topic} with new configuration : ${JSON.stringify(configs)}`);
  }

  /** IncrementalAlterConfigs: SET / DELETE / APPEND / SUBTRACT on the current overrides. */
  async incrementalAlterTopic(topic: string, ops: Array<{ name: string; op: number; value: string | null }>, validateOnly: boolean): Promise<void> {
    await this.requireTopic(topic);
    const cur = { ...(await this.zk.getEntityConfig("topics", topic)) };
    for (const { name, op, value } of ops) {
      switch (op) {
        case 0: cur[name] = value ?? ""; break;
        case 1: delete cur[name]; break;
        case 2:
        case 3: {
          if (name !== "cleanup.policy") throw new KafkaError("INVALID_CONFIG", `Config value append is not allowed for config key: ${name}`);
          const base = (cur[name] ?? configValueString(this.describeTopic(topic).find((r) => r.name === name)?.value) ?? "").split(",").filter((s) => s !== "");
          const vals = (value ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");
          const next = op === 2 ? [...base, ...vals.filter((v) => !base.includes(v))] : base.filter((v) => !vals.includes(v));
          cur[name] = next.join(",");
          break;
        }
        default: throw new KafkaError("INVALID_REQUEST", `Unknown alter config operation ${op}`);
      }
    }
    this.validate(topic, cur);
    if (validateOnly) return;
    await this.zk.changeEntityConfig("topics", topic, cur);
    log.info(`Updated topic ${topic} with new configuration : ${JSON.stringify(cur)}`);
  }

  checkBrokerResource(name: string): void {
    if (name !== "" && name !== String(this.brokerId)) throw new KafkaError("INVALID_REQUEST", `Unexpected broker id, expected ${this.brokerId} or empty string, but received ${name}`);
  }
}
