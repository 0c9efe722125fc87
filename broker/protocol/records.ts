/**
 * RecordBatch v2 (magic 2), as Kafka puts it on the wire and on disk, byte for byte:
 *
 *   offset  size  field
 *        0     8  baseOffset             int64
 *        8     4  batchLength            int32   bytes that follow this field
 *       12     4  partitionLeaderEpoch   int32
 *       16     1  magic                  int8    = 2
 *       17     4  crc                    uint32  CRC-32C of bytes [21, 12 + batchLength)
 *       21     2  attributes             int16   bits 0-2 compression (0 none, 1 gzip, 2 snappy,
 *                                                3 lz4, 4 zstd), bit 3 timestamp type (1 = log append
 *                                                time), bit 4 transactional, bit 5 control batch
 *       23     4  lastOffsetDelta        int32
 *       27     8  baseTimestamp          int64
 *       35     8  maxTimestamp           int64
 *       43     8  producerId             int64
 *       51     2  producerEpoch          int16
 *       53     4  baseSequence           int32
 *       57     4  recordsCount           int32
 *       61     …  records (compressed as a whole when compression != 0)
 *
 * The broker never re-encodes records: it validates the header and CRC, and rewrites
 * baseOffset (and, for LogAppendTime topics, maxTimestamp + attributes, then the CRC).
 */
import { crc32c } from "@node-rs/crc32";

export const BATCH_OVERHEAD = 61;
export const LOG_OVERHEAD = 12; // baseOffset + batchLength
export const OFF_BASE_OFFSET = 0;
export const OFF_LENGTH = 8;
export const OFF_LEADER_EPOCH = 12;
export const OFF_MAGIC = 16;
export const OFF_CRC = 17;
export const OFF_ATTRIBUTES = 21;
export const OFF_LAST_OFFSET_DELTA = 23;
export const OFF_BASE_TIMESTAMP = 27;
export const OFF_MAX_TIMESTAMP = 35;
export const OFF_PRODUCER_ID = 43;
export const OFF_PRODUCER_EPOCH = 51;
export const OFF_BASE_SEQUENCE = 53;
export const OFF_RECORDS_COUNT = 57;

export const enum Compression { None = 0, Gzip = 1, Snappy = 2, Lz4 = 3, Zstd = 4 }
export const ATTR_COMPRESSION_MASK = 0x07;
export const ATTR_TIMESTAMP_TYPE = 0x08;
export const ATTR_TRANSACTIONAL = 0x10;
export const ATTR_CONTROL = 0x20;

/** A view over one batch header in a buffer; nothing is copied. */
export interface BatchHeader {
  position: number; // where the batch starts in the buffer
  baseOffset: bigint;
  batchLength: number;
  sizeInBytes: number; // LOG_OVERHEAD + batchLength
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: bigint;
  maxTimestamp: bigint;
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  recordsCount: number;
}

export function readBatchHeader(buf: Buffer, pos = 0): BatchHeader {
  const batchLength = buf.readInt32BE(pos + OFF_LENGTH);
  return {
    position: pos,
    baseOffset: buf.readBigInt64BE(pos + OFF_BASE_OFFSET),
    batchLength,
    sizeInBytes: LOG_OVERHEAD + batchLength,
    partitionLeaderEpoch: buf.readInt32BE(pos + OFF_LEADER_EPOCH),
    magic: buf.readInt8(pos + OFF_MAGIC),
    crc: buf.readUInt32BE(pos + OFF_CRC),
    attributes: buf.readInt16BE(pos + OFF_ATTRIBUTES),
    lastOffsetDelta: buf.readInt32BE(pos + OFF_LAST_OFFSET_DELTA),
    baseTimestamp: buf.readBigInt64BE(pos + OFF_BASE_TIMESTAMP),
    maxTimestamp: buf.readBigInt64BE(pos + OFF_MAX_TIMESTAMP),
    producerId: buf.readBigInt64BE(pos + OFF_PRODUCER_ID),
    producerEpoch: buf.readInt16BE(pos + OFF_PRODUCER_EPOCH),
    baseSequence: buf.readInt32BE(pos + OFF_BASE_SEQUENCE),
    recordsCount: buf.readInt32BE(pos + OFF_RECORDS_COUNT),
  };
}

/** CRC-32C over attributes..end, as stored in the crc field. */
export function computeBatchCrc(buf: Buffer, pos = 0): number {
  const len = buf.readInt32BE(pos + OFF_LENGTH);
  return crc32c(buf.subarray(pos + OFF_ATTRIBUTES, pos + LOG_OVERHEAD + len)) >>> 0;
}

export function isCrcValid(buf: Buffer, pos = 0): boolean {
  return computeBatchCrc(buf, pos) === buf.readUInt32BE(pos + OFF_CRC);
}

export function setBaseOffset(buf: Buffer, pos: number, baseOffset: bigint): void {
  buf.writeBigInt64BE(baseOffset, pos + OFF_BASE_OFFSET);
}

export function setPartitionLeaderEpoch(buf: Buffer, pos: number, epoch: number): void {
  buf.writeInt32BE(epoch, pos + OFF_LEADER_EPOCH); // not covered by the CRC
}

/** Rewrite the crc field after a change to bytes it covers (e.g. LogAppendTime). */
export function rewriteCrc(buf: Buffer, pos = 0): void {
  buf.writeUInt32BE(computeBatchCrc(buf, pos), pos + OFF_CRC);
}

/**
 * Walk the batches in `buf` (e.g. a produce request's records, a segment slice).
 * Yields headers of complete batches only; `onPartial` (if given) receives the position of a
 * trailing incomplete batch. Does not validate CRCs.
 */
export function* iterateBatches(buf: Buffer, start = 0, end = buf.length): Generator<BatchHeader> {
  let pos = start;
  while (pos + LOG_OVERHEAD <= end) {
    const len = buf.readInt32BE(pos + OFF_LENGTH);
    if (len < BATCH_OVERHEAD - LOG_OVERHEAD || pos + LOG_OVERHEAD + len > end) return;
    yield readBatchHeader(buf, pos);
    pos += LOG_OVERHEAD + len;
  }
}
