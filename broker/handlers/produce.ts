/**
 * Produce (0): each partition's records buffer (a zero-copy slice of the request frame) goes to
 * the partition leader's log in one append. acks 0 → no response at all (and, as Kafka does,
 * the connection is closed if any partition failed, so the client notices); acks 1 is answered
 * once the append returns; acks -1 (all) once every ISR member has the records (the high
 * watermark passed them: Kafka's DelayedProduce), or with REQUEST_TIMED_OUT after the request's
 * timeoutMs, NOT_ENOUGH_REPLICAS_AFTER_APPEND when the ISR shrank below min.insync.replicas.
 */
import { CloseConnection } from "../network/connection.js";
import { Errors, KafkaError } from "../protocol/errors.js";
import type { PartitionProduceResponse, ProduceRequest, ProduceResponse } from "../protocol/schemas/produce.js";
import { errorCodeOf } from "../replication/replica-manager.js";
import { brokerMetrics } from "../metrics/broker-metrics.js";
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
    const waits: Array<Promise<void>> = [];
    const responses = req.topicData.map((t) => ({
      name: t.name,
      partitionResponses: t.partitionData.map((pd): PartitionProduceResponse => {
        if (badAcks) { anyError = true; return failed(pd.index, Errors.INVALID_REQUIRED_ACKS.code, null); }
        try {
          if (INTERNAL_TOPICS.has(t.name)) throw new KafkaError("INVALID_TOPIC_EXCEPTION", `Cannot append to internal topic ${t.name}`);
          if (pd.records === null || pd.records.length === 0) throw new KafkaError("INVALID_RECORD", "Produce request contained no records");
          const r = rm.appendRecords(t.name, pd.index, pd.records, acks);
          brokerMetrics.produced(t.name, r.recordsCount, pd.records.length);
          const res: PartitionProduceResponse = { index: pd.index, errorCode: 0, baseOffset: r.baseOffset, logAppendTimeMs: r.logAppendTime, logStartOffset: r.logStartOffset, recordErrors: [], errorMessage: null };
          if (acks === -1 && r.lastOffset >= 0n) {
            const part = rm.leaderPartition(t.name, pd.index);
            waits.push(part.waitForHighWatermark(r.lastOffset, req.timeoutMs).then((code) => {
              if (code !== 0) { res.errorCode = code; res.baseOffset = -1n; res.logAppendTimeMs = -1n; res.logStartOffset = -1n; }
            }));
          }
          return res;
        } catch (e) {
          anyError = true;
          brokerMetrics.produceFailed(t.name);
          return failed(pd.index, errorCodeOf(e), e instanceof Error ? e.message : null);
        }
      }),
    }));
    if (acks === 0) {
      if (anyError) throw new CloseConnection("Closing connection due to error during produce request with acks=0");
      return null;
    }
    if (waits.length === 0) return { responses, throttleTimeMs: 0 };
    return Promise.all(waits).then(() => ({ responses, throttleTimeMs: 0 }));
  },
  errorResponse: (req, errorCode, message) => ({
    responses: req.topicData.map((t) => ({ name: t.name, partitionResponses: t.partitionData.map((pd) => failed(pd.index, errorCode, message)) })),
    throttleTimeMs: 0,
  }),
});
