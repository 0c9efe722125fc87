/**
 * Dynamic configuration (Kafka's ConfigHandler/ZkAdminManager config paths): topic overrides
 * live in /config/topics/<t>; changes are written there plus a /config/changes notification,
 * and every broker re-reads the entity when notified. DescribeConfigs rows (value, source,
 * synonyms) come from the log config definitions (topics) and KafkaConfig (brokers).
 */
import { ConfigException, convert } from "../common/config-def.js";
import { logger } from "../common/logger.js";
import type { KafkaConfig } from "./config.js";
import { KAFKA_CONFIG_DEFS } from "./config.js";
import { TOPIC_CONFIG_DEFS, configValueString, describeTopicConfig, logConfigFrom, validateTopicConfig, type LogConfig, type TopicConfigEntry } from "./log/log-config.js";
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

/** One DescribeConfigs row (topic rows come from the log config table; broker rows add dynamic sources). */
export type RowSource = TopicConfigEntry["source"] | "DYNAMIC_BROKER_CONFIG" | "DYNAMIC_DEFAULT_BROKER_CONFIG";
export interface ConfigRow extends Omit<TopicConfigEntry, "source" | "synonyms"> {
  source: RowSource;
  synonyms: { name: string; value: string | null; source: RowSource }[];
}

/** The entity name of the cluster-wide dynamic broker default (/config/brokers/<default>). */
export const DEFAULT_ENTITY = "<default>";

/**
 * Broker keys that can change without a restart (a subset of Kafka's DynamicBrokerConfig): the
 * broker-level synonym of every topic config (log.retention.ms, log.segment.bytes, ...), which
 * the LogManager applies to the logs at once.
 */
export function dynamicBrokerConfigNames(): Set<string> {
  const names = new Set<string>();
  for (const d of TOPIC_CONFIG_DEFS) if (d.synonyms[0]) names.add(d.synonyms[0].name);
  return names;
}

export class ConfigManager {
  private readonly overrides = new Map<string, Record<string, string>>();
  /** server.properties overlaid with the dynamic cluster default and per-broker configs */
  brokerDefaults: ReadonlyMap<string, unknown>;
  private dynamicDefault: Record<string, string> = {};
  private dynamicBroker: Record<string, string> = {};
  /** called when the effective broker defaults change (dynamic broker configs) */
  onBrokerDefaultsChange: ((defaults: ReadonlyMap<string, unknown>) => void) | undefined;

  constructor(private readonly zk: KafkaZkClient, private readonly config: KafkaConfig, private readonly brokerId: number,
    private readonly onTopicConfigChange: (topic: string, overrides: Record<string, string>) => void) {
    this.brokerDefaults = new Map(config.originals);
  }

  /** Reads /config/brokers/<default> and /config/brokers/<id> (dynamic broker configs). */
  async loadBrokerConfigs(): Promise<void> {
    this.dynamicDefault = await this.zk.getEntityConfig("brokers", DEFAULT_ENTITY);
    this.dynamicBroker = await this.zk.getEntityConfig("brokers", String(this.brokerId));
    const m = new Map<string, unknown>(this.config.originals);
    for (const [k, v] of Object.entries(this.dynamicDefault)) m.set(k, v);
    for (const [k, v] of Object.entries(this.dynamicBroker)) m.set(k, v);
    this.brokerDefaults = m;
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
    if (entityType === "brokers" && (entityName === DEFAULT_ENTITY || entityName === String(this.brokerId))) {
      await this.loadBrokerConfigs();
      this.onBrokerDefaultsChange?.(this.brokerDefaults);
      return;
    }
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

  /** Broker resource rows: every known key: dynamic (per broker, cluster default), static or default. */
  describeBroker(): ConfigRow[] {
    const rows: ConfigRow[] = [];
    const dynamic = dynamicBrokerConfigNames();
    for (const d of [...KAFKA_CONFIG_DEFS].sort((a, b) => a.name.localeCompare(b.name))) {
      const sensitive = d.type === "password";
      const synonyms: ConfigRow["synonyms"] = [];
      const show = (v: unknown) => (sensitive ? null : configValueString(v));
      if (this.dynamicBroker[d.name] !== undefined) synonyms.push({ name: d.name, value: show(this.dynamicBroker[d.name]), source: "DYNAMIC_BROKER_CONFIG" });
      if (this.dynamicDefault[d.name] !== undefined) synonyms.push({ name: d.name, value: show(this.dynamicDefault[d.name]), source: "DYNAMIC_DEFAULT_BROKER_CONFIG" });
      if (this.config.originals.has(d.name)) synonyms.push({ name: d.name, value: show(this.config.get(d.name)), source: "STATIC_BROKER_CONFIG" });
      if (d.default !== undefined) synonyms.push({ name: d.name, value: show(d.default), source: "DEFAULT_CONFIG" });
      const top = synonyms[0];
      rows.push({
        name: d.name, value: top ? top.value : null, source: top ? top.source : "DEFAULT_CONFIG", isSensitive: sensitive, readOnly: !dynamic.has(d.name),
        synonyms, doc: d.doc, type: d.type,
      });
    }
    return rows;
  }

  /**
   * AlterConfigs (replace = true: the set becomes the entity's dynamic config) and
   * IncrementalAlterConfigs (SET / DELETE) on a broker resource: "" = the cluster default
   * (/config/brokers/<default>), else this broker's id. Only dynamically updatable keys.
   */
  async alterBroker(resourceName: string, ops: Array<{ name: string; op: number; value: string | null }>, replace: boolean, validateOnly: boolean): Promise<void> {
    this.checkBrokerResource(resourceName);
    const entity = resourceName === "" ? DEFAULT_ENTITY : resourceName;
    const resource = `ConfigResource(type=BROKER, name='${resourceName}')`;
    const cur = replace ? {} : { ...(await this.zk.getEntityConfig("brokers", entity)) };
    for (const { name, op, value } of ops) {
      if (op === 0) cur[name] = value ?? "";
      else if (op === 1) delete cur[name];
      else throw new KafkaError("INVALID_REQUEST", `Invalid config value for resource ${resource}: Config value append is not allowed for config key: ${name}`);
    }
    const dynamic = dynamicBrokerConfigNames();
    const refused = Object.keys(cur).filter((k) => !dynamic.has(k));
    if (refused.length > 0) throw new KafkaError("INVALID_REQUEST", `Invalid config value for resource ${resource}: Cannot update these configs dynamically: Set(${refused.join(", ")})`);
    try {
      const byName = new Map(KAFKA_CONFIG_DEFS.map((d) => [d.name, d]));
      for (const [k, v] of Object.entries(cur)) {
        const d = byName.get(k)!;
        const converted = convert(d, v);
        const err = d.validate?.(converted as never);
        if (err) throw new ConfigException(`Invalid value ${v} for configuration ${k}: ${err}`);
      }
    } catch (e) {
      if (e instanceof ConfigException) throw new KafkaError("INVALID_REQUEST", `Invalid config value for resource ${resource}: ${e.message}`);
      throw e;
    }
    if (validateOnly) return;
    await this.zk.changeEntityConfig("brokers", entity, cur);
    log.info(`Updated broker entity ${entity} with new configuration : ${JSON.stringify(cur)}`);
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
