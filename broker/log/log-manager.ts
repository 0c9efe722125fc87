/**
 * All logs of a broker across its log.dirs (Kafka's LogManager). Files it owns in each log dir:
 *
 *   meta.properties                    version=0, broker.id, cluster.id (checkpoint.ts)
 *   recovery-point-offset-checkpoint   "0\n<count>\n<topic> <partition> <offset>\n..."
 *   log-start-offset-checkpoint        same format
 *   replication-offset-checkpoint      same format (high watermarks)
 *   cleaner-offset-checkpoint          same format (first dirty offset of compacted logs)
 *   .lock                              "<pid> <start time>" while a broker owns the dir (Kafka locks it)
 *   .kafka_cleanshutdown               empty marker written by shutdown(), removed at start-up;
 *                                      when absent, logs recover from their recovery point
 *   <topic>-<partition>/               one Log each (log.ts)
 *   <topic>-<partition>.<uuid>-delete/ a deleted log, removed after file.delete.delay.ms
 *
 * PUBLIC API
 *   new LogManager(logDirs, brokerDefaults, { topicConfigs?: topic -> overrides })  loads every log
 *   getLog(topic, partition) / getOrCreateLog(topic, partition, topicOverrides) / allLogs()
 *   deleteLog(topic, partition) / updateConfig(topic, overrides) / updateBrokerDefaults(defaults)
 *   readMetaProperties() / writeMetaProperties(brokerId, clusterId)
 *   describeLogDirs() (DescribeLogDirs) / checkpointAll()
 *   startBackgroundTasks() (retention, flush, checkpoints, cleaner, producer-id expiration) / shutdown()
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { join, resolve } from "node:path";
import { logger } from "../../common/logger.js";
import { readOffsetCheckpoint, readProperties, tpKey, writeOffsetCheckpoint, writeProperties, type TopicPartitionOffset } from "./checkpoint.js";
import { cleanLog } from "./cleaner.js";
import { logConfigFrom } from "./log-config.js";
import { Log, parseTopicPartitionName } from "./log.js";

export const CLEAN_SHUTDOWN_FILE = ".kafka_cleanshutdown";
export const RECOVERY_POINT_CHECKPOINT = "recovery-point-offset-checkpoint";
export const LOG_START_OFFSET_CHECKPOINT = "log-start-offset-checkpoint";
export const REPLICATION_OFFSET_CHECKPOINT = "replication-offset-checkpoint";
export const CLEANER_OFFSET_CHECKPOINT = "cleaner-offset-checkpoint";
export const META_PROPERTIES = "meta.properties";
export const LOCK_FILE = ".lock";
const DELETE_DIR_SUFFIX = "-delete";

/** Log dirs locked by this process (a second LogManager on one dir fails, as in Kafka's JVM). */
const lockedInProcess = new Set<string>();

/** Linux: a process's start time (clock ticks since boot), to tell a live owner from a reused PID. */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Kafka's log dir lock (`<dir>/.lock`, FileChannel.tryLock): Node has no portable flock, so the
 * file holds "<pid> <process start time>" while a broker owns the dir and is emptied on
 * shutdown; an owner that is no longer running (crash) does not hold the dir.
 */
function lockLogDir(dir: string): void {
  const file = join(dir, LOCK_FILE);
  const busy = () => new Error(`Failed to acquire lock on file ${LOCK_FILE} in ${dir}. A Kafka instance in another process or thread is using this directory.`);
  if (lockedInProcess.has(dir)) throw busy();
  if (existsSync(file)) {
    const [pidText, start] = readFileSync(file, "utf8").trim().split(/\s+/);
    const pid = Number(pidText);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) {
      const now = processStartTime(pid);
      if (now === undefined || start === undefined || now === start) throw busy();
    }
  }
  writeFileSync(file, `${process.pid} ${processStartTime(process.pid) ?? ""}\n`);
  lockedInProcess.add(dir);
}

function unlockLogDir(dir: string): void {
  if (!lockedInProcess.delete(dir)) return;
  try { writeFileSync(join(dir, LOCK_FILE), ""); } catch { /* dir gone */ }
}

export interface LogManagerOptions {
  /** Topic-level overrides for logs found on disk at start-up (Kafka reads them from ZooKeeper). */
  topicConfigs?: (topic: string) => Record<string, string>;
}

export interface LogDirDescription {
  logDir: string;
  partitions: { topic: string; partition: number; size: number; offsetLag: number; isFuture: boolean }[];
  totalBytes: number;
  usableBytes: number;
}

function num(defaults: ReadonlyMap<string, unknown>, key: string, dflt: number): number {
  const v = defaults.get(key);
  if (v === undefined || v === null || v === "") return dflt;
  const n = Number(v);
  return Number.isFinite(n) ? n : dflt;
}

export class LogManager {
  readonly logDirs: string[];
  private readonly logs = new Map<string, Log>();
  private readonly overrides = new Map<string, Record<string, string>>();
  private readonly cleanerCheckpoints = new Map<string, bigint>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly log = logger("log-manager");
  private stopped = false;

  constructor(logDirs: string[], public defaults: ReadonlyMap<string, unknown>, private readonly opts: LogManagerOptions = {}) {
    this.logDirs = logDirs.map((d) => resolve(d));
    const started = Date.now();
    const locked: string[] = [];
    try {
      for (const dir of this.logDirs) {
        mkdirSync(dir, { recursive: true });
        lockLogDir(dir);
        locked.push(dir);
      }
    } catch (e) {
      for (const d of locked) unlockLogDir(d);
      throw e;
    }
    this.log.info(`Loading logs from log dirs ArrayBuffer(${this.logDirs.join(", ")})`);
    for (const dir of this.logDirs) this.loadDir(dir);
    this.log.info(`Loaded ${this.logs.size} logs in ${Date.now() - started}ms.`);
  }

  // ------------------------------------------------------------------ loading

  private loadDir(dir: string): void {
    mkdirSync(dir, { recursive: true });
    const marker = join(dir, CLEAN_SHUTDOWN_FILE);
    const hadCleanShutdown = existsSync(marker);
    if (!hadCleanShutdown) this.log.info(`Attempting recovery for all logs in ${dir} since no clean shutdown file was found`);
    else this.log.info(`Skipping recovery for all logs in ${dir} since clean shutdown file was found`);
    const recovery = this.safeRead(join(dir, RECOVERY_POINT_CHECKPOINT));
    const starts = this.safeRead(join(dir, LOG_START_OFFSET_CHECKPOINT));
    const hws = this.safeRead(join(dir, REPLICATION_OFFSET_CHECKPOINT));
    for (const [k, v] of this.safeRead(join(dir, CLEANER_OFFSET_CHECKPOINT))) this.cleanerCheckpoints.set(k, v.offset);
    const entries = readdirSync(dir).filter((n) => {
      try { return statSync(join(dir, n)).isDirectory(); } catch { return false; }
    });
    for (const name of entries) {
      const full = join(dir, name);
      if (name.endsWith(DELETE_DIR_SUFFIX)) {
        rmSync(full, { recursive: true, force: true });
        continue;
      }
      if (name.endsWith("-future") || name.endsWith("-stray")) continue;
      const tp = parseTopicPartitionName(name);
      if (!tp) continue;
      const key = tpKey(tp.topic, tp.partition);
      if (this.logs.has(key)) {
        this.log.error(`Duplicate log directories for ${key} are found in both ${this.logs.get(key)!.dir} and ${full}.`);
        continue;
      }
      const overrides = this.opts.topicConfigs?.(tp.topic) ?? {};
      this.overrides.set(tp.topic, overrides);
      let config;
      try {
        config = logConfigFrom(this.defaults, overrides);
      } catch (e) {
        this.log.warn(`Invalid topic config for ${tp.topic} (${(e as Error).message}); using broker defaults`);
        config = logConfigFrom(this.defaults, {});
      }
      const l = Log.open(full, tp.topic, tp.partition, config, {
        hadCleanShutdown,
        recoveryPoint: recovery.get(key)?.offset ?? 0n,
        logStartOffset: starts.get(key)?.offset,
        highWatermark: hws.get(key)?.offset,
      });
      this.logs.set(key, l);
    }
    if (hadCleanShutdown) rmSync(marker, { force: true });
  }

  private safeRead(file: string): Map<string, TopicPartitionOffset> {
    try {
      return readOffsetCheckpoint(file);
    } catch (e) {
      this.log.warn(`Error reading checkpoint file ${file}: ${(e as Error).message}; ignoring it`);
      return new Map();
    }
  }

  // ------------------------------------------------------------------ meta.properties

  readMetaProperties(): { brokerId?: number; clusterId?: string } | undefined {
    for (const dir of this.logDirs) {
      const p = readProperties(join(dir, META_PROPERTIES));
      if (p) return { brokerId: p["broker.id"] !== undefined ? Number(p["broker.id"]) : undefined, clusterId: p["cluster.id"] };
    }
    return undefined;
  }

  /** Write meta.properties into every log dir (as Kafka does on first start). */
  writeMetaProperties(brokerId: number, clusterId: string): void {
    for (const dir of this.logDirs) writeProperties(join(dir, META_PROPERTIES), { "cluster.id": clusterId, version: "0", "broker.id": String(brokerId) });
  }

  // ------------------------------------------------------------------ logs

  getLog(topic: string, partition: number): Log | undefined {
    return this.logs.get(tpKey(topic, partition));
  }

  allLogs(): Log[] {
    return [...this.logs.values()];
  }

  /** The log dir holding the fewest partitions (Kafka's placement rule for new logs). */
  private nextLogDir(): string {
    const counts = new Map(this.logDirs.map((d) => [d, 0]));
    for (const l of this.logs.values()) {
      const parent = resolve(l.dir, "..");
      counts.set(parent, (counts.get(parent) ?? 0) + 1);
    }
    return [...counts.entries()].sort((a, b) => a[1] - b[1])[0]![0];
  }

  getOrCreateLog(topic: string, partition: number, topicOverrides?: Record<string, string>): Log {
    const key = tpKey(topic, partition);
    const existing = this.logs.get(key);
    if (existing) return existing;
    const overrides = topicOverrides ?? this.overrides.get(topic) ?? {};
    this.overrides.set(topic, overrides);
    const dir = join(this.nextLogDir(), key);
    const l = Log.open(dir, topic, partition, logConfigFrom(this.defaults, overrides), { hadCleanShutdown: true });
    this.logs.set(key, l);
    this.log.info(`Created log for partition ${key} in ${dir} with properties {${Object.entries(overrides).map(([k, v]) => `${k}=${v}`).join(", ")}}`);
    return l;
  }

  /** Kafka: close, rename to <topic>-<partition>.<uuid>-delete, remove after file.delete.delay.ms. */
  deleteLog(topic: string, partition: number): void {
    const key = tpKey(topic, partition);
    const l = this.logs.get(key);
    if (!l) return;
    this.logs.delete(key);
    this.cleanerCheckpoints.delete(key);
    const delay = l.config.fileDeleteDelayMs;
    if (!l.isClosed) l.close();
    const target = join(resolve(l.dir, ".."), `${key}.${randomUUID().replace(/-/g, "")}${DELETE_DIR_SUFFIX}`);
    try {
      l.renameDir(target);
      this.log.info(`Log for partition ${key} is renamed to ${target} and is scheduled for deletion`);
    } catch (e) {
      this.log.warn(`Failed to rename log dir ${l.dir}: ${(e as Error).message}`);
    }
    const del = () => {
      rmSync(l.dir, { recursive: true, force: true });
      this.log.info(`Deleted log for partition ${key} in ${l.dir}.`);
    };
    if (delay <= 0) del();
    else setTimeout(del, delay).unref();
    this.checkpointAll();
  }

  /** New topic-level overrides (AlterConfigs / ZooKeeper config change). */
  updateConfig(topic: string, overrides: Record<string, string>): void {
    this.overrides.set(topic, overrides);
    const cfg = logConfigFrom(this.defaults, overrides);
    for (const l of this.logs.values()) if (l.topic === topic) l.updateConfig(cfg);
  }

  /** New broker-level defaults (dynamic broker config). */
  updateBrokerDefaults(defaults: ReadonlyMap<string, unknown>): void {
    this.defaults = defaults;
    for (const l of this.logs.values()) l.updateConfig(logConfigFrom(defaults, this.overrides.get(l.topic) ?? {}));
  }

  describeLogDirs(): LogDirDescription[] {
    return this.logDirs.map((dir) => ({
      logDir: dir,
      partitions: this.allLogs().filter((l) => resolve(l.dir, "..") === dir).map((l) => ({ topic: l.topic, partition: l.partition, size: l.size(), offsetLag: 0, isFuture: false })),
      totalBytes: -1,
      usableBytes: -1,
    }));
  }

  // ------------------------------------------------------------------ checkpoints

  private byDir(): Map<string, Log[]> {
    const m = new Map<string, Log[]>(this.logDirs.map((d) => [d, []]));
    for (const l of this.logs.values()) {
      const parent = resolve(l.dir, "..");
      if (!m.has(parent)) m.set(parent, []);
      m.get(parent)!.push(l);
    }
    return m;
  }

  checkpointRecoveryPoints(): void {
    for (const [dir, logs] of this.byDir()) writeOffsetCheckpoint(join(dir, RECOVERY_POINT_CHECKPOINT), logs.map((l) => ({ topic: l.topic, partition: l.partition, offset: l.recoveryPoint })));
  }

  checkpointLogStartOffsets(): void {
    // Kafka only records start offsets above the first segment's base offset
    for (const [dir, logs] of this.byDir()) {
      writeOffsetCheckpoint(join(dir, LOG_START_OFFSET_CHECKPOINT), logs.filter((l) => l.logStartOffset > l.segments[0]!.baseOffset).map((l) => ({ topic: l.topic, partition: l.partition, offset: l.logStartOffset })));
    }
  }

  checkpointHighWatermarks(): void {
    for (const [dir, logs] of this.byDir()) writeOffsetCheckpoint(join(dir, REPLICATION_OFFSET_CHECKPOINT), logs.map((l) => ({ topic: l.topic, partition: l.partition, offset: l.highWatermark })));
  }

  checkpointCleanerOffsets(): void {
    for (const [dir, logs] of this.byDir()) {
      const entries = logs.filter((l) => this.cleanerCheckpoints.has(tpKey(l.topic, l.partition))).map((l) => ({ topic: l.topic, partition: l.partition, offset: this.cleanerCheckpoints.get(tpKey(l.topic, l.partition))! }));
      writeOffsetCheckpoint(join(dir, CLEANER_OFFSET_CHECKPOINT), entries);
    }
  }

  checkpointAll(): void {
    try {
      this.checkpointRecoveryPoints();
      this.checkpointLogStartOffsets();
      this.checkpointHighWatermarks();
      this.checkpointCleanerOffsets();
    } catch (e) {
      this.log.error({ err: e }, `Error while writing checkpoint files`);
    }
  }

  // ------------------------------------------------------------------ background work

  /** One retention pass over all logs; returns segments deleted. */
  cleanupLogs(now = Date.now()): number {
    let total = 0;
    for (const l of this.logs.values()) {
      try {
        total += l.deleteOldSegments(now);
      } catch (e) {
        this.log.error({ err: e }, `Error while deleting old segments of ${l.name}`);
      }
    }
    if (total > 0) this.checkpointLogStartOffsets();
    return total;
  }

  /** Flush logs whose flush.ms has elapsed. */
  flushDirtyLogs(now = Date.now()): void {
    for (const l of this.logs.values()) {
      if (l.unflushedMessageCount > 0 && now - l.lastFlushTime >= l.config.flushMs) l.flush();
    }
  }

  /** Forget idempotent producers idle for longer than producer.id.expiration.ms (Kafka's check every 10 min). */
  removeExpiredProducers(now = Date.now()): number {
    const expiration = num(this.defaults, "producer.id.expiration.ms", 86400000);
    let n = 0;
    for (const l of this.logs.values()) if (!l.isClosed) n += l.producerStateManager.removeExpiredProducers(now, expiration);
    return n;
  }

  /** One cleaner pass over compacted logs; returns how many were cleaned. */
  runCleaner(now = Date.now(), force = false): number {
    let n = 0;
    for (const l of this.logs.values()) {
      if (!l.config.cleanupPolicy.includes("compact") || l.isClosed) continue;
      const key = tpKey(l.topic, l.partition);
      try {
        const r = cleanLog(l, this.cleanerCheckpoints.get(key), now, force);
        if (r.cleaned) {
          this.cleanerCheckpoints.set(key, r.endOffset);
          n++;
        }
      } catch (e) {
        this.log.error({ err: e }, `Cleaner 0: Error due to ${(e as Error).message} while cleaning ${key}`);
      }
    }
    if (n > 0) this.checkpointCleanerOffsets();
    return n;
  }

  startBackgroundTasks(): void {
    const every = (ms: number, fn: () => void) => {
      if (!(ms > 0) || ms > 2 ** 31 - 1) return;
      const t = setInterval(() => { if (!this.stopped) fn(); }, ms);
      t.unref();
      this.timers.push(t);
    };
    const d = this.defaults;
    const retentionMs = num(d, "log.retention.check.interval.ms", 300000);
    this.log.info(`Starting log cleanup with a period of ${retentionMs} ms.`);
    every(retentionMs, () => this.cleanupLogs());
    const flushMs = num(d, "log.flush.scheduler.interval.ms", Number.MAX_SAFE_INTEGER);
    this.log.info(`Starting log flusher with a default period of ${flushMs} ms.`);
    every(flushMs, () => this.flushDirtyLogs());
    every(num(d, "log.flush.offset.checkpoint.interval.ms", 60000), () => this.checkpointRecoveryPoints());
    every(num(d, "log.flush.start.offset.checkpoint.interval.ms", 60000), () => this.checkpointLogStartOffsets());
    every(num(d, "replica.high.watermark.checkpoint.interval.ms", 5000), () => this.checkpointHighWatermarks());
    every(num(d, "producer.id.expiration.check.interval.ms", 600000), () => this.removeExpiredProducers());
    const cleanerEnabled = d.get("log.cleaner.enable");
    if (cleanerEnabled !== false && cleanerEnabled !== "false") {
      every(num(d, "log.cleaner.backoff.ms", 15000), () => this.runCleaner());
    }
  }

  /** Give up the log dir locks (shutdown does this; a test can use it to simulate a crashed owner). */
  releaseLocks(): void {
    for (const dir of this.logDirs) unlockLogDir(dir);
  }

  /** Flush and close every log, write the checkpoints and the clean shutdown marker. */
  shutdown(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers.splice(0)) clearInterval(t);
    this.log.info("Shutting down.");
    for (const l of this.logs.values()) {
      try {
        l.flush();
        l.close();
      } catch (e) {
        this.log.error({ err: e }, `Error while closing ${l.name}`);
      }
    }
    this.checkpointAll();
    for (const dir of this.logDirs) writeFileSync(join(dir, CLEAN_SHUTDOWN_FILE), "");
    this.releaseLocks();
    this.log.info("Shutdown complete.");
  }
}
