/**
 * Producer ids for InitProducerId (Kafka's ZkProducerIdManager): ids are handed out from a block
 * of 1000 claimed in /latest_producer_id_block; a new block is claimed when one runs out.
 */
import { logger } from "../common/logger.js";
import type { KafkaZkClient } from "./zk/kafka-zk-client.js";
import type { ProducerIdsBlock } from "./zk/zk-data.js";

const log = logger("producer-id-manager");

export class ProducerIdManager {
  private block: ProducerIdsBlock | null = null;
  private next = 0n;
  private pending: Promise<void> | null = null;

  constructor(private readonly zk: KafkaZkClient, private readonly brokerId: number) {}

  async generateProducerId(): Promise<bigint> {
    for (;;) {
      if (this.block && this.next < this.block.firstProducerId + BigInt(this.block.size)) return this.next++;
      this.pending ??= this.zk.allocateProducerIdBlock(this.brokerId).then((b) => {
        this.block = b;
        this.next = b.firstProducerId;
        log.info(`[ZK ProducerId Manager ${this.brokerId}]: Acquired new producerId block ${JSON.stringify({ brokerId: b.brokerId, firstProducerId: b.firstProducerId.toString(), size: b.size })}`);
      }).finally(() => { this.pending = null; });
      await this.pending;
    }
  }
}
