/**
 * Autopurge, as ZooKeeper's DatadirCleanupManager: with `autopurge.purgeInterval` > 0 (hours),
 * purge old snapshots and txn logs at start and then every interval, keeping
 * `autopurge.snapRetainCount` snapshots (minimum 3). With 0 (the default) it is off.
 */
import { logger } from "../../common/logger.js";
import type { SnapshotStore } from "./types.js";

const log = logger("datadir-cleanup");

export interface DatadirCleanupOptions {
  snapRetainCount: number;
  /** autopurge.purgeInterval, in hours; <= 0 disables. */
  purgeIntervalHours: number;
  /** Overrides the period (tests); the first purge still runs at start. */
  intervalMs?: number;
}

export class DatadirCleanupManager {
  private timer: NodeJS.Timeout | undefined;
  private readonly snapRetainCount: number;

  constructor(private readonly store: SnapshotStore, private readonly opts: DatadirCleanupOptions) {
    this.snapRetainCount = Math.max(3, opts.snapRetainCount);
    if (opts.snapRetainCount < 3) log.warn(`Invalid autopurge.snapRetainCount: ${opts.snapRetainCount}. Defaulting to 3`);
    log.info(`autopurge.snapRetainCount set to ${this.snapRetainCount}`);
    log.info(`autopurge.purgeInterval set to ${opts.purgeIntervalHours}`);
  }

  start(): void {
    if (this.timer) {
      log.warn("Purge task is already running.");
      return;
    }
    const period = this.opts.intervalMs ?? this.opts.purgeIntervalHours * 3_600_000;
    if (!(period > 0)) {
      log.info("Purge task is not scheduled.");
      return;
    }
    this.timer = setInterval(() => this.purgeNow(), period);
    this.timer.unref();
    setImmediate(() => this.purgeNow());
  }

  /** One purge run (what the timer does); errors are logged, never thrown. */
  purgeNow(): void {
    log.info("Purge task started.");
    try {
      this.store.purge(this.snapRetainCount);
    } catch (e) {
      log.error({ err: e }, `Error occurred while purging: ${(e as Error).message}`);
    }
    log.info("Purge task completed.");
  }

  shutdown(): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
      log.info("Shutting down purge task.");
    }
  }
}
