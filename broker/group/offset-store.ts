/**
 * Kafka's record formats in the compacted topic __consumer_offsets (classic group coordinator),
 * byte for byte. Every record has a key and a value, each starting with an int16 version:
 *
 *   OffsetCommitKey     version 0|1: group string, topic string, partition int32
 *   GroupMetadataKey    version 2:   group string
 *
 *   OffsetCommitValue   v0: offset int64, metadata string, commitTimestamp int64
 *                       v1: offset int64, metadata string, commitTimestamp int64, expireTimestamp int64
 *                       v2: offset int64, metadata string, commitTimestamp int64
 *                       v3: offset int64, leaderEpoch int32, metadata string, commitTimestamp int64
 *   GroupMetadataValue  v0: protocolType string, generation int32, protocol string?, leader string?,
 *                           members [memberId, clientId, clientHost string, sessionTimeout int32,
 *                                    subscription bytes, assignment bytes]
 *                       v1: members gain rebalanceTimeout int32 (after clientHost)
 *                       v2: currentStateTimestamp int64 after leader
 *                       v3: members gain groupInstanceId string? (after memberId)
 *
 * string = int16 length + UTF-8 (nullable: -1), bytes = int32 length + data, arrays = int32 count.
 * A null value (tombstone) deletes the key: an offset, or a whole group.
 * We write OffsetCommitValue v3 (v1 when an explicit expire timestamp is given, as Kafka does)
 * and GroupMetadataValue v3; we read all of v0-v3.
 */
import type { CommittedOffset } from "./group.js";

export interface OffsetKey { kind: "offset"; group: string; topic: string; partition: number }
export interface GroupKey { kind: "group"; group: string }
export type BaseKey = OffsetKey | GroupKey;

export interface GroupMetadataMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  rebalanceTimeout: number;
  sessionTimeout: number;
  subscription: Buffer;
  assignment: Buffer;
}

export interface GroupMetadataValue {
  protocolType: string;
  generation: number;
  protocol: string | null;
  leader: string | null;
  currentStateTimestamp: bigint; // -1 when absent (v0/v1)
  members: GroupMetadataMember[];
}

class Out {
  private parts: Buffer[] = [];
  int16(v: number): this { const b = Buffer.alloc(2); b.writeInt16BE(v); this.parts.push(b); return this; }
  int32(v: number): this { const b = Buffer.alloc(4); b.writeInt32BE(v); this.parts.push(b); return this; }
  int64(v: bigint): this { const b = Buffer.alloc(8); b.writeBigInt64BE(v); this.parts.push(b); return this; }
  string(v: string | null): this {
    if (v === null) return this.int16(-1);
    const s = Buffer.from(v, "utf8");
    return this.int16(s.length).raw(s);
  }
  bytes(v: Buffer): this { return this.int32(v.length).raw(v); }
  raw(b: Buffer): this { this.parts.push(b); return this; }
  done(): Buffer { return Buffer.concat(this.parts); }
}

export class OffsetStoreFormatError extends Error {}

class In {
  pos = 0;
  constructor(private readonly b: Buffer) {}
  private need(n: number): void { if (this.pos + n > this.b.length) throw new OffsetStoreFormatError("truncated __consumer_offsets record"); }
  int16(): number { this.need(2); const v = this.b.readInt16BE(this.pos); this.pos += 2; return v; }
  int32(): number { this.need(4); const v = this.b.readInt32BE(this.pos); this.pos += 4; return v; }
  int64(): bigint { this.need(8); const v = this.b.readBigInt64BE(this.pos); this.pos += 8; return v; }
  nullableString(): string | null {
    const n = this.int16();
    if (n < 0) return null;
    this.need(n);
    const s = this.b.toString("utf8", this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
  string(): string {
    const s = this.nullableString();
    if (s === null) throw new OffsetStoreFormatError("unexpected null string");
    return s;
  }
  bytes(): Buffer {
    const n = this.int32();
    if (n < 0) return Buffer.alloc(0);
    this.need(n);
    const v = Buffer.from(this.b.subarray(this.pos, this.pos + n));
    this.pos += n;
    return v;
  }
}

// ---------------------------------------------------------------- keys

export function offsetCommitKey(group: string, topic: string, partition: number): Buffer {
  return new Out().int16(1).string(group).string(topic).int32(partition).done();
}

export function groupMetadataKey(group: string): Buffer {
  return new Out().int16(2).string(group).done();
}

export function readKey(buf: Buffer): BaseKey | undefined {
  const r = new In(buf);
  const version = r.int16();
  if (version === 0 || version === 1) return { kind: "offset", group: r.string(), topic: r.string(), partition: r.int32() };
  if (version === 2) return { kind: "group", group: r.string() };
  return undefined; // other record types (e.g. the new coordinator's) are skipped, as Kafka does
}

// ---------------------------------------------------------------- offset values

export function offsetCommitValue(v: CommittedOffset): Buffer {
  if (v.expireTimestamp >= 0n) {
    return new Out().int16(1).int64(v.offset).string(v.metadata).int64(v.commitTimestamp).int64(v.expireTimestamp).done();
  }
  return new Out().int16(3).int64(v.offset).int32(v.leaderEpoch).string(v.metadata).int64(v.commitTimestamp).done();
}

export function readOffsetCommitValue(buf: Buffer): CommittedOffset {
  const r = new In(buf);
  const version = r.int16();
  if (version < 0 || version > 4) throw new OffsetStoreFormatError(`Unknown offset message version ${version}`);
  const offset = r.int64();
  const leaderEpoch = version >= 3 ? r.int32() : -1;
  const metadata = r.string();
  const commitTimestamp = r.int64();
  const expireTimestamp = version === 1 ? r.int64() : -1n;
  return { offset, leaderEpoch, metadata, commitTimestamp, expireTimestamp };
}

// ---------------------------------------------------------------- group metadata values

export const GROUP_METADATA_VALUE_VERSION = 3;

export function groupMetadataValue(v: GroupMetadataValue, version = GROUP_METADATA_VALUE_VERSION): Buffer {
  const o = new Out().int16(version).string(v.protocolType).int32(v.generation).string(v.protocol).string(v.leader);
  if (version >= 2) o.int64(v.currentStateTimestamp);
  o.int32(v.members.length);
  for (const m of v.members) {
    o.string(m.memberId);
    if (version >= 3) o.string(m.groupInstanceId);
    o.string(m.clientId).string(m.clientHost);
    if (version >= 1) o.int32(m.rebalanceTimeout);
    o.int32(m.sessionTimeout).bytes(m.subscription).bytes(m.assignment);
  }
  return o.done();
}

export function readGroupMetadataValue(buf: Buffer): GroupMetadataValue {
  const r = new In(buf);
  const version = r.int16();
  if (version < 0 || version > 3) throw new OffsetStoreFormatError(`Unknown group metadata message version ${version}`);
  const protocolType = r.string();
  const generation = r.int32();
  const protocol = r.nullableString();
  const leader = r.nullableString();
  const currentStateTimestamp = version >= 2 ? r.int64() : -1n;
  const n = r.int32();
  const members: GroupMetadataMember[] = [];
  for (let i = 0; i < n; i++) {
    const memberId = r.string();
    const groupInstanceId = version >= 3 ? r.nullableString() : null;
    const clientId = r.string();
    const clientHost = r.string();
    const rebalanceTimeout = version >= 1 ? r.int32() : -1;
    const sessionTimeout = r.int32();
    const subscription = r.bytes();
    const assignment = r.bytes();
    members.push({ memberId, groupInstanceId, clientId, clientHost, rebalanceTimeout: rebalanceTimeout < 0 ? sessionTimeout : rebalanceTimeout, sessionTimeout, subscription, assignment });
  }
  return { protocolType, generation, protocol, leader, currentStateTimestamp, members };
}
