/**
 * The "consumer" embedded protocol: what Kafka's consumers put in JoinGroup protocol metadata
 * (a subscription) and SyncGroup assignments, opaque bytes to the broker but decoded by
 * DescribeGroups tooling (kafka-consumer-groups.sh --describe --members --verbose).
 *
 *   bytes = int16 version, then the body of that version (never flexible):
 *
 *   ConsumerProtocolSubscription (v0-3)          ConsumerProtocolAssignment (v0-3)
 *     topics          [string]      v0+            assignedPartitions [topic string, partitions [int32]]
 *     userData        bytes|null    v0+            userData           bytes|null
 *     ownedPartitions [topic, [int32]] v1+
 *     generationId    int32 (-1)    v2+
 *     rackId          string|null   v3+
 *
 * As in Kafka's ConsumerProtocol, a newer version than we know is read as our newest (its extra
 * trailing fields are ignored). Table translated from Kafka's ConsumerProtocol*.json.
 */
import { decodeBody, encodeBody } from "./codec.js";
import type { MessageSchema } from "./schema.js";
import { ProtocolError } from "./wire.js";

export const consumerProtocolSubscription: MessageSchema = {
  name: "ConsumerProtocolSubscription",
  versions: "0-3",
  flexible: "none",
  fields: [
    { name: "topics", type: "[]string", versions: "0+" },
    { name: "userData", type: "bytes", versions: "0+", nullable: "0+", default: null },
    { name: "ownedPartitions", type: "[]struct", versions: "1+", ignorable: true, fields: [
      { name: "topic", type: "string", versions: "1+" },
      { name: "partitions", type: "[]int32", versions: "1+" },
    ] },
    { name: "generationId", type: "int32", versions: "2+", default: -1, ignorable: true },
    { name: "rackId", type: "string", versions: "3+", nullable: "3+", default: null, ignorable: true },
  ],
};

export const consumerProtocolAssignment: MessageSchema = {
  name: "ConsumerProtocolAssignment",
  versions: "0-3",
  flexible: "none",
  fields: [
    { name: "assignedPartitions", type: "[]struct", versions: "0+", fields: [
      { name: "topic", type: "string", versions: "0+" },
      { name: "partitions", type: "[]int32", versions: "0+" },
    ] },
    { name: "userData", type: "bytes", versions: "0+", nullable: "0+", default: null },
  ],
};

export interface TopicPartitions {
  topic: string;
  partitions: number[];
}

export interface ConsumerSubscription {
  version: number;
  topics: string[];
  userData: Buffer | null;
  ownedPartitions: TopicPartitions[];
  generationId: number;
  rackId: string | null;
}

export interface ConsumerAssignment {
  version: number;
  assignedPartitions: TopicPartitions[];
  userData: Buffer | null;
}

const MAX_VERSION = 3;

function readVersioned<T>(msg: MessageSchema, bytes: Buffer): T & { version: number } {
  if (bytes.length < 2) throw new ProtocolError(`${msg.name}: too short`);
  const version = bytes.readInt16BE(0);
  if (version < 0) throw new ProtocolError(`${msg.name}: unsupported version ${version}`);
  const body = decodeBody<T>(msg, Math.min(version, MAX_VERSION), bytes.subarray(2));
  return { version, ...body };
}

function writeVersioned(msg: MessageSchema, version: number, body: object): Buffer {
  const head = Buffer.alloc(2);
  head.writeInt16BE(version, 0);
  return Buffer.concat([head, encodeBody(msg, version, body)]);
}

export function decodeSubscription(bytes: Buffer): ConsumerSubscription {
  return readVersioned<Omit<ConsumerSubscription, "version">>(consumerProtocolSubscription, bytes);
}

export function encodeSubscription(s: Partial<ConsumerSubscription> & { topics: string[] }, version = 0): Buffer {
  return writeVersioned(consumerProtocolSubscription, version, s);
}

export function decodeAssignment(bytes: Buffer): ConsumerAssignment {
  return readVersioned<Omit<ConsumerAssignment, "version">>(consumerProtocolAssignment, bytes);
}

export function encodeAssignment(a: Partial<ConsumerAssignment> & { assignedPartitions: TopicPartitions[] }, version = 0): Buffer {
  return writeVersioned(consumerProtocolAssignment, version, a);
}
