/**
 * What request handlers may use: the broker's subsystems, wired once by broker/main.ts.
 */
import type { AdminManager } from "./admin-manager.js";
import type { ConfigManager } from "./config-manager.js";
import type { KafkaConfig } from "./config.js";
import type { Controller } from "./controller/controller.js";
import type { MetadataCache } from "./metadata-cache.js";
import type { ProducerIdManager } from "./producer-id-manager.js";
import type { ReplicaManager } from "./replication/replica-manager.js";
import type { KafkaZkClient } from "./zk/kafka-zk-client.js";

export interface BrokerServices {
  readonly brokerId: number;
  readonly config: KafkaConfig;
  readonly metadata: MetadataCache;
  readonly zk: KafkaZkClient;
  readonly admin: AdminManager;
  readonly configs: ConfigManager;
  readonly replicaManager: ReplicaManager;
  readonly producerIds: ProducerIdManager;
  readonly controller: Controller;
}
