/**
 * Validation of an append and offset assignment (Kafka's LogValidator + the producer checks of
 * UnifiedLog.analyzeAndValidateProducerState), on the request's bytes:
 *
 *   - legacy message sets (magic 0/1) are up-converted to one v2 batch first (legacy-format.ts);
 *   - per batch, from the header alone: size (MESSAGE_TOO_LARGE), length/magic/CRC
 *     (CORRUPT_MESSAGE), offset range vs record count, control batches and sequences from
 *     clients (INVALID_RECORD), timestamps (INVALID_TIMESTAMP when
 *     message.timestamp.difference/before/after.max.ms is set), idempotent producer epoch/sequence
 *     (INVALID_PRODUCER_EPOCH, OUT_OF_ORDER_SEQUENCE_NUMBER) or a retried duplicate;
 *   - baseOffset and partitionLeaderEpoch are rewritten in place (not covered by the CRC); for
 *     LogAppendTime topics also maxTimestamp and the timestamp-type bit, then the CRC;
 *   - only where configured, record-level work: keys on compacted topics, and rebuilding
 *     batches in the topic's compression.type when it is not "producer".
 */
import {
  ATTR_COMPRESSION_MASK, ATTR_CONTROL, ATTR_TIMESTAMP_TYPE, ATTR_TRANSACTIONAL, BATCH_OVERHEAD, LOG_OVERHEAD, OFF_ATTRIBUTES, OFF_BASE_OFFSET,
  OFF_BASE_SEQUENCE, OFF_CRC, OFF_LAST_OFFSET_DELTA, OFF_LEADER_EPOCH, OFF_LENGTH, OFF_MAGIC, OFF_MAX_TIMESTAMP, OFF_PRODUCER_EPOCH, OFF_PRODUCER_ID,
  OFF_RECORDS_COUNT, computeBatchCrc,
} from "../protocol/records.js";
import { upConvert } from "./legacy-format.js";
import type { LogConfig } from "./log-config.js";
import { LogError } from "./log-error.js";
import { ProducerStateManager, type BatchMetadata, type ProducerBatch, type ProducerEntry } from "./producer-state.js";
import { buildBatch, decodeBatchRecords } from "./record-codec.js";

/** Who appends: a producer, a coordinator writing its own records, or a follower copying the leader. */
export type AppendOrigin = "client" | "coordinator" | "replication";

export interface ValidationContext {
  name: string;
  config: LogConfig;
  origin: AppendOrigin;
  leaderEpoch: number;
  /** The offset the first record gets (the log end offset). */
  firstOffset: bigint;
  now: number;
  producers: ProducerStateManager;
}

export type Validated =
  | { kind: "duplicate"; batch: BatchMetadata }
  | { kind: "empty" }
  | {
      kind: "valid";
      /** What to write: the request's bytes, or rebuilt batches (legacy format, compression.type). */
      records: Buffer;
      nextOffset: bigint;
      maxTimestamp: bigint;
      messages: number;
      /** Producer entries after this append, to commit once the write succeeded. */
      producers?: Map<bigint, ProducerEntry>;
    };

export function validateAndAssignOffsets(input: Buffer, ctx: ValidationContext): Validated {
  const { config: cfg, origin, name, now } = ctx;
  const records = input.length > OFF_MAGIC && input.readInt8(OFF_MAGIC) < 2 && input.readInt8(OFF_MAGIC) >= 0 ? upConvert(input) : input;
  const len = records.length;
  if (len > cfg.segmentBytes) {
    throw new LogError("RECORD_LIST_TOO_LARGE", `Message batch size is ${len} bytes in append to partition ${name} which exceeds the maximum configured segment size of ${cfg.segmentBytes}.`);
  }
  const logAppendTime = cfg.messageTimestampType === "LogAppendTime";
  const compacted = origin === "client" && cfg.cleanupPolicy.includes("compact");
  // message.timestamp.difference.max.ms (deprecated) or .before/.after.max.ms (Kafka 3.6+), on each batch's max timestamp
  const before = Math.min(cfg.messageTimestampDifferenceMaxMs, cfg.messageTimestampBeforeMaxMs);
  const after = Math.min(cfg.messageTimestampDifferenceMaxMs, cfg.messageTimestampAfterMaxMs);
  const timestampLimited = origin === "client" && (before < 9e18 || after < 9e18);
  let next = ctx.firstOffset;
  let maxTs = -1n;
  let messages = 0;
  let pending: Map<bigint, ProducerEntry> | undefined;
  let p = 0;
  while (p < len) {
    if (len - p < BATCH_OVERHEAD) throw new LogError("CORRUPT_MESSAGE", `Record batch at position ${p} in the append to ${name} is truncated (${len - p} bytes)`);
    const batchLen = records.readInt32BE(p + OFF_LENGTH);
    const size = LOG_OVERHEAD + batchLen;
    if (batchLen < BATCH_OVERHEAD - LOG_OVERHEAD || p + size > len) {
      throw new LogError("CORRUPT_MESSAGE", `Record batch at position ${p} in the append to ${name} has an invalid size ${size}`);
    }
    const magic = records.readInt8(p + OFF_MAGIC);
    if (magic !== 2) throw new LogError("CORRUPT_MESSAGE", `Invalid magic ${magic} for a record batch in the append to ${name}; only magic 2 is supported`);
    if (size > cfg.maxMessageBytes) {
      throw new LogError("MESSAGE_TOO_LARGE", `The record batch size in the append to ${name} is ${size} bytes which exceeds the maximum configured value of ${cfg.maxMessageBytes}.`);
    }
    const storedCrc = records.readUInt32BE(p + OFF_CRC);
    const computed = computeBatchCrc(records, p);
    if (storedCrc !== computed) throw new LogError("CORRUPT_MESSAGE", `Record batch is corrupt (stored crc = ${storedCrc}, computed crc = ${computed})`);
    const lastOffsetDelta = records.readInt32BE(p + OFF_LAST_OFFSET_DELTA);
    const attrs = records.readInt16BE(p + OFF_ATTRIBUTES);
    const producerId = records.readBigInt64BE(p + OFF_PRODUCER_ID);
    if (origin === "client") {
      const clientBase = records.readBigInt64BE(p + OFF_BASE_OFFSET);
      const count = records.readInt32BE(p + OFF_RECORDS_COUNT);
      if (lastOffsetDelta < 0) throw new LogError("INVALID_RECORD", `Batch has an invalid offset range: [${clientBase}, ${clientBase + BigInt(lastOffsetDelta)}]`);
      if (count <= 0) throw new LogError("INVALID_RECORD", `Invalid reported count for record batch: ${count}`);
      if (lastOffsetDelta + 1 !== count) throw new LogError("INVALID_RECORD", `Inconsistent batch offset range [${clientBase}, ${clientBase + BigInt(lastOffsetDelta)}] and count of records ${count}`);
      if (attrs & ATTR_CONTROL) throw new LogError("INVALID_RECORD", "Clients are not allowed to write control records");
      if (producerId >= 0n && records.readInt32BE(p + OFF_BASE_SEQUENCE) < 0) {
        throw new LogError("INVALID_RECORD", `Invalid sequence number ${records.readInt32BE(p + OFF_BASE_SEQUENCE)} in record batch with producerId ${producerId}`);
      }
      // the one per-record check Kafka makes that we keep: keys on compacted topics (off the common path)
      if (compacted) checkKeys(records, p, name);
    } else if (lastOffsetDelta < 0) {
      throw new LogError("CORRUPT_MESSAGE", `Batch has an invalid offset range (lastOffsetDelta ${lastOffsetDelta})`);
    }
    if (logAppendTime) {
      records.writeInt16BE(attrs | ATTR_TIMESTAMP_TYPE, p + OFF_ATTRIBUTES);
      records.writeBigInt64BE(BigInt(now), p + OFF_MAX_TIMESTAMP);
      records.writeUInt32BE(computeBatchCrc(records, p), p + OFF_CRC);
    } else if (timestampLimited && (attrs & ATTR_TIMESTAMP_TYPE) === 0) {
      const ts = Number(records.readBigInt64BE(p + OFF_MAX_TIMESTAMP));
      if (ts < now - before || ts > now + after) {
        throw new LogError("INVALID_TIMESTAMP", `Timestamp ${ts} of message with offset ${next} is out of range. The timestamp should be within [${now - before}, ${now + after}]`);
      }
    }
    const batchMaxTs = records.readBigInt64BE(p + OFF_MAX_TIMESTAMP);
    if (batchMaxTs > maxTs) maxTs = batchMaxTs;
    if (producerId >= 0n) {
      const pb: ProducerBatch = {
        producerId,
        producerEpoch: records.readInt16BE(p + OFF_PRODUCER_EPOCH),
        baseSequence: records.readInt32BE(p + OFF_BASE_SEQUENCE),
        lastOffsetDelta,
        isTransactional: (attrs & ATTR_TRANSACTIONAL) !== 0,
        isControl: (attrs & ATTR_CONTROL) !== 0,
      };
      if (origin === "client") {
        const dup = ctx.producers.checkClientBatch(pb, next, pending);
        if (dup) return { kind: "duplicate", batch: dup };
      }
      pending ??= new Map();
      pending.set(producerId, ProducerStateManager.applied(pending.get(producerId) ?? ctx.producers.lastEntry(producerId), pb, next, batchMaxTs, true));
    }
    if (origin !== "replication") {
      records.writeBigInt64BE(next, p + OFF_BASE_OFFSET);
      records.writeInt32BE(ctx.leaderEpoch, p + OFF_LEADER_EPOCH);
    }
    next += BigInt(lastOffsetDelta + 1);
    messages += lastOffsetDelta + 1;
    p += size;
  }
  if (p === 0) return { kind: "empty" };
  const target = origin === "client" ? targetCodec(cfg.compressionType) : undefined;
  return {
    kind: "valid",
    records: target === undefined ? records : recompress(records, target),
    nextOffset: next,
    maxTimestamp: maxTs,
    messages,
    producers: pending,
  };
}

function checkKeys(records: Buffer, pos: number, name: string): void {
  let decoded;
  try {
    decoded = decodeBatchRecords(records, pos).records;
  } catch (e) {
    throw new LogError("CORRUPT_MESSAGE", `Record batch in the append to ${name} cannot be decoded: ${(e as Error).message}`);
  }
  if (decoded.some((r) => r.key === null)) {
    throw new LogError("INVALID_RECORD", `Compacted topic cannot accept message without key in topic partition ${name}.`);
  }
}

/** The codec a topic's compression.type forces, or undefined for "producer" (keep what was sent). */
export function targetCodec(compressionType: string): number | undefined {
  switch (compressionType) {
    case "uncompressed": return 0;
    case "gzip": return 1;
    case "snappy": return 2;
    case "lz4": return 3;
    case "zstd": return 4;
    default: return undefined;
  }
}

/**
 * Topic compression.type other than "producer": batches in another codec are rebuilt in the
 * topic's codec (as Kafka's LogValidator does), keeping offsets, timestamps and producer fields.
 */
function recompress(records: Buffer, codec: number): Buffer {
  let p = 0;
  let changed = false;
  const parts: Buffer[] = [];
  while (p + BATCH_OVERHEAD <= records.length) {
    const size = LOG_OVERHEAD + records.readInt32BE(p + OFF_LENGTH);
    const attrs = records.readInt16BE(p + OFF_ATTRIBUTES);
    if ((attrs & ATTR_COMPRESSION_MASK) === codec || (attrs & ATTR_CONTROL) !== 0) {
      parts.push(records.subarray(p, p + size));
    } else {
      const { header, records: recs } = decodeBatchRecords(records, p);
      const logAppendTime = (attrs & ATTR_TIMESTAMP_TYPE) !== 0;
      parts.push(buildBatch(recs, {
        baseOffset: header.baseOffset,
        lastOffsetDelta: header.lastOffsetDelta,
        partitionLeaderEpoch: header.partitionLeaderEpoch,
        producerId: header.producerId,
        producerEpoch: header.producerEpoch,
        baseSequence: header.baseSequence,
        transactional: (attrs & ATTR_TRANSACTIONAL) !== 0,
        compression: codec,
        logAppendTime,
        maxTimestamp: logAppendTime ? header.maxTimestamp : undefined,
      }));
      changed = true;
    }
    p += size;
  }
  return changed ? Buffer.concat(parts) : records;
}
