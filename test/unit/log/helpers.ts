/** Shared helpers for the log unit tests: quiet logger, temp dirs, batch builders. */
import pino from "pino";
import { setRootLogger } from "../../../common/logger.js";
import { buildRecordBatch, type RecordInput } from "../../../broker/protocol/record-set.js";
import { defaultLogConfig, type LogConfig } from "../../../broker/log/log-config.js";

setRootLogger(pino({ level: process.env.LOG_LEVEL ?? "silent" }));

export { tempDir, removeTempDirs } from "../../helpers/procs.js";

/** One batch of string values (key = "k<i>" unless given), baseOffset 0 as a producer sends it. */
export function batch(values: (string | null)[], opts: { keys?: (string | null)[]; timestamp?: number; timestamps?: number[]; producerId?: bigint; producerEpoch?: number; baseSequence?: number; compression?: number } = {}): Buffer {
  const records: RecordInput[] = values.map((v, i) => ({
    key: opts.keys ? opts.keys[i] ?? null : `k${i}`,
    value: v,
    timestamp: opts.timestamps?.[i] ?? opts.timestamp ?? 1_700_000_000_000,
  }));
  return buildRecordBatch({ records, producerId: opts.producerId, producerEpoch: opts.producerEpoch, baseSequence: opts.baseSequence, compression: opts.compression, timestamp: opts.timestamp });
}

export function config(o: Partial<LogConfig> = {}): LogConfig {
  return defaultLogConfig(o);
}
