/**
 * The engine of kafka-dump-log.sh (Kafka's kafka.tools.DumpLogSegments): prints the contents of
 * segment files (.log), offset indexes (.index), time indexes (.timeindex) and producer
 * snapshots (.snapshot) exactly in Kafka 3.x's text format, including its verification
 * messages (index/log mismatches, time index errors, non-consecutive offsets, trailing bytes).
 * Formats of the files: log-segment.ts, offset-index.ts, time-index.ts, producer-state.ts.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { crc32c } from "@node-rs/crc32";
import { codecName } from "../protocol/compression.js";
import { decodeBatch } from "../protocol/record-set.js";
import {
  ATTR_COMPRESSION_MASK, ATTR_CONTROL, ATTR_TIMESTAMP_TYPE, ATTR_TRANSACTIONAL, BATCH_OVERHEAD, LOG_OVERHEAD, OFF_LENGTH, isCrcValid, readBatchHeader, type BatchHeader,
} from "../protocol/records.js";
import { readGroupMetadataValue, readKey, readOffsetCommitValue } from "../group/offset-store.js";
import { decodeAssignment } from "../group/consumer-protocol.js";
import { OffsetIndex } from "./offset-index.js";
import { TimeIndex } from "./time-index.js";

export interface DumpOptions {
  printDataLog: boolean;
  deepIteration: boolean;
  verifyOnly: boolean;
  indexSanityOnly: boolean;
  maxMessageSize: number;
  maxBytes: number;
  skipRecordMetadata: boolean;
  offsetsDecoder: boolean;
}

export interface DumpIo {
  out(s: string): void;
  err(s: string): void;
}

const ATTR_DELETE_HORIZON = 0x40;

function sequenceAt(baseSequence: number, delta: number): number {
  if (baseSequence < 0) return -1;
  const s = baseSequence + delta;
  return s > 2147483647 ? s - 2147483648 : s;
}

const timestampTypeName = (h: BatchHeader) => ((h.attributes & ATTR_TIMESTAMP_TYPE) !== 0 ? "LogAppendTime" : "CreateTime");

/** Batches of a segment file (or its first maxBytes), with the byte count of complete ones. */
function batchesOf(buf: Buffer): { headers: BatchHeader[]; validBytes: number } {
  const headers: BatchHeader[] = [];
  let p = 0;
  while (p + LOG_OVERHEAD <= buf.length) {
    const len = buf.readInt32BE(p + OFF_LENGTH);
    if (len < BATCH_OVERHEAD - LOG_OVERHEAD || p + LOG_OVERHEAD + len > buf.length) break;
    headers.push(readBatchHeader(buf, p));
    p += LOG_OVERHEAD + len;
  }
  return { headers, validBytes: p };
}

function javaList(items: string[]): string {
  return `[${items.join(", ")}]`;
}

/** Kafka's GroupMetadataManager.formatRecordKeyAndValue (--offsets-decoder). */
function formatOffsetsRecord(key: Buffer | null, value: Buffer | null): { key?: string; payload?: string } {
  if (key === null) throw new Error("Failed to decode message using offset topic decoder (message had a missing key)");
  const k = readKey(key);
  if (!k) return { key: `unknown::version=${key.readInt16BE(0)}` };
  if (k.kind === "offset") {
    const keyString = `offset_commit::group=${k.group},partition=${k.topic}-${k.partition}`;
    if (value === null) return { key: keyString, payload: "<DELETE>" };
    const o = readOffsetCommitValue(value);
    return { key: keyString, payload: o.metadata ? `offset=${o.offset},metadata=${o.metadata}` : `offset=${o.offset}` };
  }
  const keyString = `group_metadata::group=${k.group}`;
  if (value === null) return { key: keyString, payload: "<DELETE>" };
  const g = readGroupMetadataValue(value);
  const protocolType = g.protocolType ?? "";
  const assignment = g.members.map((m) => {
    if (protocolType === "consumer") {
      const a = decodeAssignment(m.assignment) ?? [];
      return `${m.memberId}=${javaList(a.flatMap((t) => t.partitions.map((p) => `${t.topic}-${p}`)))}`;
    }
    return `${m.memberId}=${m.assignment.toString("hex").toUpperCase()}`;
  });
  return { key: keyString, payload: JSON.stringify({ protocolType, protocol: g.protocol ?? null, generationId: g.generation, assignment: `{${assignment.join(",")}}` }) };
}

export class LogDumper {
  private readonly indexMismatches = new Map<string, [bigint, bigint][]>();
  private readonly nonConsecutive = new Map<string, [bigint, bigint][]>();
  private readonly timeMismatches = new Map<string, [bigint, bigint][]>();
  private readonly timeOutOfOrder = new Map<string, [bigint, bigint][]>();
  private readonly shallowNotFound = new Map<string, [bigint, bigint][]>();

  constructor(private readonly opts: DumpOptions, private readonly io: DumpIo) {}

  dumpFile(file: string): void {
    this.io.out(`Dumping ${file}\n`);
    const name = basename(file);
    const suffix = name.slice(name.lastIndexOf("."));
    switch (suffix) {
      case ".log": this.dumpLog(file); break;
      case ".index": this.dumpIndex(file); break;
      case ".timeindex": this.dumpTimeIndex(file); break;
      case ".snapshot": this.dumpSnapshot(file); break;
      case ".txnindex": break; // we never write aborted-transaction indexes
      default: this.io.err(`Ignoring unknown file ${file}\n`);
    }
  }

  /** The error summary Kafka prints on stderr after all files. */
  printErrors(): void {
    for (const [f, list] of this.indexMismatches) {
      this.io.err(`Mismatches in :${f}\n`);
      for (const [i, l] of list) this.io.err(`  Index offset: ${i}, log offset: ${l}\n`);
    }
    for (const [f, list] of this.timeMismatches) {
      this.io.err(`Found timestamp mismatch in :${f}\n`);
      for (const [i, l] of list) this.io.err(`  Index timestamp: ${i}, log timestamp: ${l}\n`);
    }
    for (const [f, list] of this.timeOutOfOrder) {
      this.io.err(`Found out of order timestamp in :${f}\n`);
      for (const [i, p] of list) this.io.err(`  Index timestamp: ${i}, Previously indexed timestamp: ${p}\n`);
    }
    for (const list of this.shallowNotFound.values()) {
      this.io.err("The following indexed offsets are not found in the log.\n");
      for (const [i, l] of list) this.io.err(`Indexed offset: ${i}, found log offset: ${l}\n`);
    }
    for (const [f, list] of this.nonConsecutive) {
      this.io.err(`Non-consecutive offsets in ${f}\n`);
      for (const [a, b] of list) this.io.err(`  ${a} is followed by ${b}\n`);
    }
  }

  private push(map: Map<string, [bigint, bigint][]>, file: string, pair: [bigint, bigint]): void {
    const list = map.get(file) ?? [];
    list.push(pair);
    map.set(file, list);
  }

  private dumpLog(file: string): void {
    const startOffset = BigInt(basename(file).split(".")[0]!);
    this.io.out(`Log starting offset: ${startOffset}\n`);
    const all = readFileSync(file);
    const data = this.opts.maxBytes < all.length ? all.subarray(0, this.opts.maxBytes) : all;
    const { headers, validBytes } = batchesOf(data);
    const abs = resolve(file);
    let lastOffset = -1n;
    for (const h of headers) {
      const lastOffsetOfBatch = h.baseOffset + BigInt(h.lastOffsetDelta);
      const deleteHorizon = (h.attributes & ATTR_DELETE_HORIZON) !== 0 ? `OptionalLong[${h.baseTimestamp}]` : "OptionalLong.empty";
      const valid = isCrcValid(data, h.position);
      this.io.out(
        `baseOffset: ${h.baseOffset} lastOffset: ${lastOffsetOfBatch} count: ${h.recordsCount} baseSequence: ${h.baseSequence} lastSequence: ${sequenceAt(h.baseSequence, h.lastOffsetDelta)}` +
        ` producerId: ${h.producerId} producerEpoch: ${h.producerEpoch} partitionLeaderEpoch: ${h.partitionLeaderEpoch} isTransactional: ${(h.attributes & ATTR_TRANSACTIONAL) !== 0}` +
        ` isControl: ${(h.attributes & ATTR_CONTROL) !== 0} deleteHorizonMs: ${deleteHorizon}` +
        ` position: ${h.position} ${timestampTypeName(h)}: ${h.maxTimestamp} size: ${h.sizeInBytes} magic: ${h.magic}` +
        ` compresscodec: ${codecName(h.attributes & ATTR_COMPRESSION_MASK)} crc: ${h.crc} isvalid: ${valid}\n`,
      );
      if (!(this.opts.deepIteration || this.opts.printDataLog)) continue;
      const isControl = (h.attributes & ATTR_CONTROL) !== 0;
      const records = decodeBatch(data.subarray(h.position, h.position + h.sizeInBytes), { ...h, position: 0 });
      for (const r of records) {
        if (lastOffset !== -1n && r.offset !== lastOffset + 1n) this.push(this.nonConsecutive, abs, [lastOffset, r.offset]);
        lastOffset = r.offset;
        let line = "";
        let prefix = "| ";
        if (!this.opts.skipRecordMetadata) {
          const delta = Number(r.offset - h.baseOffset);
          line += `${prefix}offset: ${r.offset} ${timestampTypeName(h)}: ${r.timestamp} keySize: ${r.key ? r.key.length : -1} valueSize: ${r.value ? r.value.length : -1}`;
          prefix = " ";
          line += ` sequence: ${sequenceAt(h.baseSequence, delta)} headerKeys: [${r.headers.map((x) => x.key).join(",")}]`;
          if (isControl && r.key && r.key.length >= 4) {
            const type = r.key.readInt16BE(2);
            if ((type === 0 || type === 1) && r.value && r.value.length >= 6) {
              line += ` endTxnMarker: ${type === 0 ? "ABORT" : "COMMIT"} coordinatorEpoch: ${r.value.readInt32BE(2)}`;
            } else {
              line += ` controlType: ${type === 0 ? "ABORT" : type === 1 ? "COMMIT" : "UNKNOWN"}(${type})`;
            }
          }
        }
        if (this.opts.printDataLog && !isControl) {
          if (this.opts.offsetsDecoder) {
            const f = formatOffsetsRecord(r.key, r.value);
            if (f.key !== undefined) { line += `${prefix}key: ${f.key}`; prefix = " "; }
            if (f.payload !== undefined) line += ` payload: ${f.payload}`;
          } else {
            if (r.key) { line += `${prefix}key: ${r.key.toString("utf8")}`; prefix = " "; }
            if (r.value) line += ` payload: ${r.value.toString("utf8")}`;
          }
        }
        this.io.out(line + "\n");
      }
    }
    const trailing = data.length - validBytes;
    if (trailing > 0 && this.opts.maxBytes === 2147483647) this.io.out(`Found ${trailing} invalid bytes at the end of ${basename(file)}\n`);
  }

  private siblings(file: string): { base: bigint; log: string; index: string } {
    const stem = basename(file).split(".")[0]!;
    return { base: BigInt(stem), log: join(dirname(file), `${stem}.log`), index: join(dirname(file), `${stem}.index`) };
  }

  private dumpIndex(file: string): void {
    const { base, log } = this.siblings(file);
    const index = new OffsetIndex(file, base, 1 << 30);
    const logBytes = existsSync(log) ? readFileSync(log) : Buffer.alloc(0);
    if (index.entries === 0) {
      this.io.out(`${file} is empty.\n`);
      return;
    }
    if (this.opts.indexSanityOnly) {
      const err = index.sanityCheck(Math.max(1, logBytes.length));
      if (err) throw new Error(`org.apache.kafka.common.errors.CorruptIndexException: ${err}`);
      this.io.out(`${file} passed sanity check.\n`);
      return;
    }
    const abs = resolve(file);
    for (let i = 0; i < index.entries; i++) {
      const e = index.entry(i);
      if (e.offset === base && i > 0) return;
      const slice = logBytes.subarray(e.position, e.position + this.opts.maxMessageSize);
      if (slice.length >= BATCH_OVERHEAD) {
        const h = readBatchHeader(slice, 0);
        const last = h.baseOffset + BigInt(h.lastOffsetDelta);
        if (last !== e.offset) this.push(this.indexMismatches, abs, [e.offset, last]);
      }
      if (!this.opts.verifyOnly) this.io.out(`offset: ${e.offset} position: ${e.position}\n`);
    }
  }

  private dumpTimeIndex(file: string): void {
    const { base, log, index: indexFile } = this.siblings(file);
    const timeIndex = new TimeIndex(file, base, 1 << 30);
    const index = new OffsetIndex(indexFile, base, 1 << 30);
    if (this.opts.indexSanityOnly) {
      const err = timeIndex.sanityCheck();
      if (err) throw new Error(`org.apache.kafka.common.errors.CorruptIndexException: ${err}`);
      this.io.out(`${file} passed sanity check.\n`);
      return;
    }
    const logBytes = existsSync(log) ? readFileSync(log) : Buffer.alloc(0);
    const abs = resolve(file);
    let prev = -1n;
    for (let i = 0; i < timeIndex.entries; i++) {
      const e = timeIndex.entry(i);
      if (e.offset === base && i > 0) return;
      const position = index.lookup(e.offset).position;
      const { headers } = batchesOf(logBytes.subarray(position));
      const h = headers.find((b) => b.baseOffset + BigInt(b.lastOffsetDelta) >= e.offset);
      if (!h) {
        this.push(this.shallowNotFound, abs, [e.offset, -1n]);
      } else if (h.baseOffset + BigInt(h.lastOffsetDelta) !== e.offset) {
        this.push(this.shallowNotFound, abs, [e.offset, h.baseOffset + BigInt(h.lastOffsetDelta)]);
      } else {
        const at = position + h.position;
        let max = -1n;
        for (const r of decodeBatch(logBytes.subarray(at, at + h.sizeInBytes), { ...h, position: 0 })) if (r.timestamp > max) max = r.timestamp;
        if (max !== e.timestamp) this.push(this.timeMismatches, abs, [e.timestamp, max]);
        if (prev >= e.timestamp) this.push(this.timeOutOfOrder, abs, [e.timestamp, prev]);
      }
      if (!this.opts.verifyOnly) this.io.out(`timestamp: ${e.timestamp} offset: ${e.offset}\n`);
      prev = e.timestamp;
    }
  }

  private dumpSnapshot(file: string): void {
    const buf = readFileSync(file);
    if (buf.length < 10) {
      this.io.err(`Snapshot failed schema validation: buffer too short\n`);
      return;
    }
    const version = buf.readInt16BE(0);
    if (version !== 1) {
      this.io.err(`Snapshot contained an unknown file version ${version}\n`);
      return;
    }
    const stored = buf.readUInt32BE(2);
    const computed = crc32c(buf.subarray(6)) >>> 0;
    if (stored !== computed) {
      this.io.err(`Snapshot is corrupt (CRC is no longer valid). Stored crc: ${stored}. Computed crc: ${computed}\n`);
      return;
    }
    const count = buf.readInt32BE(6);
    let p = 10;
    for (let i = 0; i < count && p + 46 <= buf.length; i++, p += 46) {
      const lastSeq = buf.readInt32BE(p + 10);
      const offsetDelta = buf.readInt32BE(p + 22);
      const txn = buf.readBigInt64BE(p + 38);
      const ts = buf.readBigInt64BE(p + 26);
      const firstSeq = lastSeq - offsetDelta < 0 ? 2147483647 + (lastSeq - offsetDelta) + 1 : lastSeq - offsetDelta;
      this.io.out(
        `producerId: ${buf.readBigInt64BE(p)} producerEpoch: ${buf.readInt16BE(p + 8)} coordinatorEpoch: ${buf.readInt32BE(p + 34)} ` +
        `currentTxnFirstOffset: ${txn >= 0n ? `OptionalLong[${txn}]` : "OptionalLong.empty"} lastTimestamp: ${ts} ` +
        `firstSequence: ${firstSeq} lastSequence: ${lastSeq} lastOffset: ${buf.readBigInt64BE(p + 14)} offsetDelta: ${offsetDelta} timestamp: ${ts}\n`,
      );
    }
  }
}
