/**
 * Kafka's plain-text checkpoint files, written atomically (write <file>.tmp, fsync, rename,
 * fsync the directory) exactly as Kafka's CheckpointFile does:
 *
 *   Offset checkpoints in each log dir (recovery-point-offset-checkpoint,
 *   log-start-offset-checkpoint, replication-offset-checkpoint, cleaner-offset-checkpoint):
 *       0                      <- version
 *       <count>
 *       <topic> <partition> <offset>      (one line per partition)
 *
 *   leader-epoch-checkpoint in each partition dir:
 *       0
 *       <count>
 *       <epoch> <startOffset>             (one line per epoch, ascending)
 *
 *   meta.properties in each log dir (java.util.Properties text):
 *       #
 *       #<date>
 *       cluster.id=<id>
 *       version=0
 *       broker.id=<id>
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";

export class CheckpointError extends Error {}

/** Write `content` to `file` atomically and durably. */
export function writeFileAtomic(file: string, content: string): void {
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, "w");
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  try {
    const dfd = openSync(dirname(file), "r");
    try { fsyncSync(dfd); } finally { closeSync(dfd); }
  } catch { /* directory fsync is best effort (not supported everywhere) */ }
}

function readLines(file: string): string[] | undefined {
  if (!existsSync(file)) return undefined;
  return readFileSync(file, "utf8").split("\n").map((l) => l.trim()).filter((l) => l !== "");
}

function parseVersioned(file: string, lines: string[]): string[] {
  if (lines[0] !== "0") throw new CheckpointError(`Unrecognized version of the checkpoint file (${file}): ${lines[0]}`);
  const count = Number(lines[1]);
  if (!Number.isInteger(count) || count < 0) throw new CheckpointError(`Malformed line in checkpoint file (${file}): ${lines[1]}`);
  const entries = lines.slice(2);
  if (entries.length !== count) throw new CheckpointError(`Expected ${count} entries in checkpoint file (${file}), but found only ${entries.length}`);
  return entries;
}

/** Key for partition maps: "<topic>-<partition>" (also the partition dir name). */
export const tpKey = (topic: string, partition: number): string => `${topic}-${partition}`;

export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  offset: bigint;
}

export function writeOffsetCheckpoint(file: string, entries: Iterable<TopicPartitionOffset>): void {
  const list = [...entries];
  const body = list.map((e) => `${e.topic} ${e.partition} ${e.offset}\n`).join("");
  writeFileAtomic(file, `0\n${list.length}\n${body}`);
}

/** Reads an offset checkpoint; a missing file reads as empty. Throws CheckpointError when malformed. */
export function readOffsetCheckpoint(file: string): Map<string, TopicPartitionOffset> {
  const out = new Map<string, TopicPartitionOffset>();
  const lines = readLines(file);
  if (!lines) return out;
  for (const line of parseVersioned(file, lines)) {
    const parts = line.split(/\s+/);
    if (parts.length !== 3 || !/^\d+$/.test(parts[1]!) || !/^-?\d+$/.test(parts[2]!)) throw new CheckpointError(`Malformed line in checkpoint file (${file}): ${line}`);
    const e = { topic: parts[0]!, partition: Number(parts[1]), offset: BigInt(parts[2]!) };
    out.set(tpKey(e.topic, e.partition), e);
  }
  return out;
}

export interface EpochEntry {
  epoch: number;
  startOffset: bigint;
}

export function writeEpochCheckpoint(file: string, entries: readonly EpochEntry[]): void {
  writeFileAtomic(file, `0\n${entries.length}\n${entries.map((e) => `${e.epoch} ${e.startOffset}\n`).join("")}`);
}

export function readEpochCheckpoint(file: string): EpochEntry[] {
  const lines = readLines(file);
  if (!lines) return [];
  return parseVersioned(file, lines).map((line) => {
    const parts = line.split(/\s+/);
    if (parts.length !== 2 || !/^\d+$/.test(parts[0]!) || !/^-?\d+$/.test(parts[1]!)) throw new CheckpointError(`Malformed line in checkpoint file (${file}): ${line}`);
    return { epoch: Number(parts[0]), startOffset: BigInt(parts[1]!) };
  });
}

/** java.util.Properties-style file (meta.properties, partition.metadata uses "key: value" instead). */
export function writeProperties(file: string, props: Record<string, string>): void {
  const body = Object.entries(props).map(([k, v]) => `${k}=${v}\n`).join("");
  writeFileAtomic(file, `#\n#${new Date().toString()}\n${body}`);
}

export function readProperties(file: string): Record<string, string> | undefined {
  const lines = readLines(file);
  if (!lines) return undefined;
  const out: Record<string, string> = {};
  for (const l of lines) {
    if (l.startsWith("#") || l.startsWith("!")) continue;
    const i = l.search(/[=:]/);
    if (i < 0) continue;
    out[l.slice(0, i).trim()] = l.slice(i + 1).trim();
  }
  return out;
}
