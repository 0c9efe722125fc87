/**
 * Produce (0): each partition's records buffer (a zero-copy slice of the request frame) goes to
 * the partition leader's log in one append. acks 0 → no response at all (and, as Kafka does,
 * the connection is closed if any partition failed, so the client notices); acks 1 and -1 are
 * answered once the append returns (with an ISR of one the high watermark moves at once).
 */
import { CloseConnection } from "../network/connection.js";
import { Errors, KafkaError } from "../protocol/errors.js";
import type { PartitionProduceResponse, ProduceRequest, ProduceResponse } from "../protocol/schemas/produce.js";
import { errorCodeOf } from "../replication/replica-manager.js";
import { defineHandler } from "./handler.js";

/** Clients may not write to Kafka's internal topics (the coordinators append directly). */
const INTERNAL_TOPICS = new Set(["__consumer_offsets", "__transaction_state"]);

const failed = (index: number, errorCode: number, errorMessage: string | null): PartitionProduceResponse =>
  ({ index, errorCode, baseOffset: -1n, logAppendTimeMs: -1n, logStartOffset: -1n, recordErrors: [], errorMessage });

export const produceHandler = defineHandler<ProduceRequest, ProduceResponse>({
  apiKey: 0,
  minVersion: 0,
  maxVersion: 9,
  handle(req, ctx) {
    const rm = ctx.broker.replicaManager;
    const acks = req.acks;
    const badAcks = acks !== 0 && acks !== 1 && acks !== -1;
    let anyError = false;
    const responses = req.topicData.map((t) => ({
      name: t.name,
      partitionResponses: t.partitionData.map((pd): PartitionProduceResponse => {
        if (badAcks) { anyError = true; return failed(pd.index, Errors.INVALID_REQUIRED_ACKS.code, null); }
        try {
          if (INTERNAL_TOPICS.has(t.name)) throw new KafkaError("INVALID_TOPIC_EXCEPTION", `Cannot append to internal topic ${t.name}`);
          if (pd.records === null || pd.records.length === 0) throw new KafkaError("INVALID_RECORD", "Produce request contained no records");
          const r = rm.appendRecords(t.name, pd.index, pd.records, acks);
          return { index: pd.index, errorCode: 0, baseOffset: r.baseOffset, logAppendTimeMs: r.logAppendTime, logStartOffset: r.logStartOffset, recordErrors: [], errorMessage: null };
        } catch (e) {
          anyError = true;
          return failed(pd.index, errorCodeOf(e), e instanceof Error ? e.message : null);
        }
      }),
    }));
    if (acks === 0) {
      if (anyError) throw new CloseConnection("Closing connection due to error during produce request with acks=0");
      return null;
    }
    return { responses, throttleTimeMs: 0 };
  },
  errorResponse: (req, errorCode, message) => ({
    responses: req.topicData.map((t) => ({ name: t.name, partitionResponses: t.partitionData.map((pd) => failed(pd.index, errorCode, message)) })),
    throttleTimeMs: 0,
  }),
});
