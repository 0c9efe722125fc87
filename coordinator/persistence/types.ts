/**
 * The contract between the coordinator's request pipeline and its persistence layer.
 * Persistence deals in opaque bytes: the pipeline serializes transactions (jute TxnHeader + txn
 * record) and the data tree (jute snapshot body); persistence owns files, framing, checksums,
 * fsync, group commit, recovery and purging, in ZooKeeper's `version-2/` layout.
 */

/** One transaction as the log stores it: its zxid and the jute bytes of TxnHeader + txn body. */
export interface TxnEntry {
  zxid: bigint;
  bytes: Buffer;
}

export interface TxnLogOptions {
  /** dataLogDir (or dataDir); files go to `<dir>/version-2/log.<zxid hex>`. */
  dir: string;
  /** forceSync: fsync before acknowledging (default true). */
  forceSync: boolean;
  /** preAllocSize in bytes (ZooKeeper's key is in KB; the caller converts). */
  preAllocSize: number;
}

export interface TxnLog {
  /**
   * Append entries (zxids strictly increasing). The promise resolves once they are durable
   * (fsynced when forceSync). Concurrent appends are batched into one write + one fsync
   * (group commit); promises resolve in append order.
   */
  append(entry: TxnEntry): Promise<void>;
  /** Start a new log file at the next append (called after a snapshot is taken). */
  roll(): void;
  /** Every valid entry with zxid > afterZxid, in order, across log files; stops at a torn tail. */
  readFrom(afterZxid: bigint): Iterable<TxnEntry>;
  /** Flush pending appends and close files. */
  close(): Promise<void>;
}

export interface SnapshotStore {
  /**
   * Write `snapshot.<zxid hex>` durably (temp file + fsync + rename), where zxid is the last
   * zxid applied to the tree when `body` was taken. `body` is the jute snapshot body (sessions,
   * ACL cache, nodes) produced by the data tree; the store adds header and checksum.
   */
  write(lastZxid: bigint, body: Buffer): Promise<void>;
  /** The newest snapshot whose checksum verifies (older ones are tried if the newest is bad). */
  loadNewestValid(): { zxid: bigint; body: Buffer } | undefined;
  /** Keep the newest `retain` snapshots (>= 3) and the log files needed to replay from the oldest kept. */
  purge(retain: number): void;
}
