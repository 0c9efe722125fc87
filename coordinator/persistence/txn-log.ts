/**
 * The coordinator's transaction log, in Apache ZooKeeper 3.8's format (FileTxnLog.java), so
 * ZooKeeper's own tools (and ours) read each other's `version-2/log.*` files.
 *
 * On disk: `<dir>/version-2/log.<zxid>`, named after the zxid of the first txn it holds (lowercase
 * hex, no padding). All integers big-endian (jute BinaryOutputArchive).
 *
 *   LogFile    := FileHeader Txn* ZeroPad
 *   FileHeader := int magic "ZKLG" (0x5a4b4c47) | int version (2) | long dbid (0)
 *   Txn        := long checksum | int length | byte[length] entry | byte 0x42 ('B', end of record)
 *     checksum = Adler32 of the entry bytes (not of length or EOR)
 *     entry    = jute TxnHeader (long sessionId, int cxid, long zxid, long time, int type) + txn
 *                record (+ TxnDigest in ZooKeeper 3.6+); opaque here except the zxid at offset 12
 *   ZeroPad    := zeros to the end of the file; the file is preallocated in preAllocSize steps
 *                 (ZooKeeper's FilePadding: extended whenever the write position comes within
 *                 4 KB of the end), so an fdatasync rarely has to update the file size.
 *                 With forceSync, the padding just ahead of the write position is also written
 *                 as explicit zeros, 64 KB at a time (see ZERO_FILL_CHUNK): same bytes, but the
 *                 blocks are allocated before the appends that land in them are fdatasynced.
 *
 * Reading (recovery): files in zxid order; in each, entries until a zero length (the
 * preallocated zeros: clean end), a short read, a length past the end of the file, a missing
 * 0x42 or a checksum mismatch (a torn tail: the write was never acknowledged). A torn file is
 * followed into the next file only when that file continues the zxid sequence; otherwise
 * replay stops there. On open, a torn tail is truncated away (so it can never resurface behind
 * later appends) and the next append starts a new file, as ZooKeeper does on every start.
 *
 * Writing: one writer, group commit. append() queues an entry; once per event-loop turn the
 * queue is framed into one Buffer and written with one pwrite (inline: it only fills the page
 * cache), and an asynchronous fdatasync is started (none when forceSync=false). A promise
 * resolves, in append order, once an fdatasync that started after its batch was written has
 * completed. Appends arriving while an fdatasync runs form the next batch, which gets its own
 * fdatasync at once (up to maxSyncsInFlight, default 4), so the kernel runs it as soon as the
 * first returns rather than after a round trip through the event loop. A lone txn written to an
 * idle log may instead be fdatasynced inline when the owner allows it (TxnLogTuning.syncInline).
 * Rolls wait until the old
 * file is fully durable; a new file's directory entry is fsynced before anything in it is
 * acknowledged. An I/O error (ENOSPC, EIO, a failed fsync) rejects every unacknowledged append
 * and every later one: after a failed fsync the page cache can't be trusted, so the log refuses
 * writes until the process restarts and recovers from disk.
 */
import {
  closeSync, fdatasync, fdatasyncSync, fstatSync, fsync, ftruncateSync, fsyncSync, mkdirSync, open, openSync,
  readSync, renameSync, unlinkSync, writeSync, close as closeFd,
} from "node:fs";
import { logger } from "../../common/logger.js";
import { adler32 } from "./adler32.js";
import { listFiles, LOG_PREFIX, logFilesAfter, makeName, versionDir, type NamedFile } from "./file-names.js";
import type { TxnEntry, TxnLog, TxnLogOptions } from "./types.js";

export const TXNLOG_MAGIC = 0x5a4b4c47; // "ZKLG"
export const TXNLOG_VERSION = 2;
export const FILE_HEADER_SIZE = 16;
/** Per entry: checksum (8) + length (4) before the bytes, EOR (1) after. */
export const ENTRY_OVERHEAD = 13;
const EOR = 0x42;
/** Offset of the zxid inside a jute TxnHeader (after sessionId long and cxid int). */
const ZXID_OFFSET = 12;
const PAD_MARGIN = 4096;
/**
 * With forceSync and preallocation, the padding ahead of the write position is written as real
 * zeros in chunks of this size (not left as a sparse hole): then an fdatasync after an append
 * only flushes data into blocks the filesystem has already allocated, instead of also committing
 * a block allocation to the journal each time a batch reaches a fresh block (ext4: one journal
 * commit per 64 KB instead of per batch). Same bytes on disk as a sparse file.
 */
const ZERO_FILL_CHUNK = 64 * 1024;
const ZEROS = Buffer.alloc(ZERO_FILL_CHUNK);
/**
 * See TxnLogTuning. Measured with scripts/bench-zk.sh (create/set, 16 and 128 in flight, ratio
 * ours/ZooKeeper, mean of 4 cells, noisy shared box): 1 → 0.76x, 2 → 1.30x, 3 → 1.17x, 4 → 1.58x.
 */
const DEFAULT_SYNCS_IN_FLIGHT = 4;
const READ_CHUNK = 1 << 20;

const log = logger("txn-log");

export class TxnLogError extends Error {
  readonly code: string | undefined;
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "TxnLogError";
    this.code = (cause as NodeJS.ErrnoException | undefined)?.code;
  }
}

/** How a log file's sequence of entries ended. */
export type EndKind = "eof" | "torn";

export interface FileEnd {
  kind: EndKind;
  /** File offset just after the last valid entry (FILE_HEADER_SIZE when none; 0 if no valid header). */
  validEnd: number;
  /** Why it is torn (for logs). */
  reason?: string;
  entries: number;
  lastZxid: bigint | undefined;
}

/** Reads the entries of one log file; after iteration, `end` says where and how it stopped. */
export class LogFileReader implements Iterable<TxnEntry> {
  end: FileEnd | undefined;
  constructor(readonly path: string) {}

  *[Symbol.iterator](): Iterator<TxnEntry> {
    const fd = openSync(this.path, "r");
    try {
      const size = fstatSync(fd).size;
      let buf = Buffer.allocUnsafe(Math.min(READ_CHUNK, Math.max(size, FILE_HEADER_SIZE)));
      let bufStart = 0; // file offset of buf[0]
      let bufLen = 0;
      /** Make [pos, pos+n) available in buf; false at end of file. */
      const ensure = (pos: number, n: number): boolean => {
        if (pos + n > size) return false;
        if (pos >= bufStart && pos + n <= bufStart + bufLen) return true;
        const want = Math.max(READ_CHUNK, n);
        if (buf.length < want) buf = Buffer.allocUnsafe(want);
        bufStart = pos;
        bufLen = 0;
        const toRead = Math.min(buf.length, size - pos);
        while (bufLen < toRead) {
          const r = readSync(fd, buf, bufLen, toRead - bufLen, pos + bufLen);
          if (r === 0) break;
          bufLen += r;
        }
        return n <= bufLen;
      };
      const finish = (kind: EndKind, validEnd: number, entries: number, lastZxid: bigint | undefined, reason?: string) => {
        this.end = { kind, validEnd, entries, lastZxid, reason };
      };

      if (!ensure(0, FILE_HEADER_SIZE)) return finish("torn", 0, 0, undefined, "incomplete file header");
      const magic = buf.readInt32BE(0);
      const version = buf.readInt32BE(4);
      if (magic !== TXNLOG_MAGIC || version !== TXNLOG_VERSION) {
        return finish("torn", 0, 0, undefined, `bad file header (magic 0x${(magic >>> 0).toString(16)}, version ${version})`);
      }
      let pos = FILE_HEADER_SIZE;
      let entries = 0;
      let lastZxid: bigint | undefined;
      for (;;) {
        if (!ensure(pos, 12)) {
          // Exactly at the end of the file (no preallocation) is a clean end; a few stray bytes are not.
          return pos === size ? finish("eof", pos, entries, lastZxid) : finish("torn", pos, entries, lastZxid, "partial entry header");
        }
        let o = pos - bufStart;
        const crcHi = buf.readUInt32BE(o);
        const crcLo = buf.readUInt32BE(o + 4);
        const len = buf.readInt32BE(o + 8);
        if (len === 0) {
          return crcHi === 0 && crcLo === 0 ? finish("eof", pos, entries, lastZxid) : finish("torn", pos, entries, lastZxid, "zero length with a checksum");
        }
        if (len < ZXID_OFFSET + 8 || pos + ENTRY_OVERHEAD + len > size) {
          return finish("torn", pos, entries, lastZxid, `bad entry length ${len}`);
        }
        if (!ensure(pos, ENTRY_OVERHEAD + len)) return finish("torn", pos, entries, lastZxid, "short read");
        o = pos - bufStart;
        const start = o + 12;
        if (buf[start + len] !== EOR) return finish("torn", pos, entries, lastZxid, "missing end-of-record marker");
        if (crcHi !== 0 || adler32(buf, start, start + len) !== crcLo) {
          return finish("torn", pos, entries, lastZxid, "CRC check failed");
        }
        const bytes = Buffer.from(buf.subarray(start, start + len));
        const zxid = bytes.readBigInt64BE(ZXID_OFFSET);
        if (lastZxid !== undefined && zxid <= lastZxid) {
          return finish("torn", pos, entries, lastZxid, `zxid 0x${zxid.toString(16)} out of order`);
        }
        entries++;
        lastZxid = zxid;
        pos += ENTRY_OVERHEAD + len;
        yield { zxid, bytes };
      }
    } finally {
      closeSync(fd);
    }
  }
}

/** Where a scan of all log files stopped. */
interface ScanResult {
  lastZxid: bigint | undefined;
  /** Files read, with how each ended. */
  read: { file: NamedFile; end: FileEnd }[];
  /** Files after the point where replay stopped (unreachable). */
  unreachable: NamedFile[];
}

/**
 * Valid entries with zxid > afterZxid across `files` (sorted), following ZooKeeper's rules and
 * the torn-tail rule above. `result` (recovery) collects how each file ended.
 */
function* readLogs(files: NamedFile[], afterZxid: bigint, result?: ScanResult): Generator<TxnEntry> {
  let last: bigint | undefined;
  let prevTorn = false;
  for (let i = 0; i < files.length; i++) {
    const file = files[i]!;
    if (prevTorn && last !== undefined && file.zxid !== last + 1n) {
      log.warn(`Txn log ends in a torn entry before ${file.name}, which does not continue at zxid 0x${(last + 1n).toString(16)}: replay stops here`);
      if (result) result.unreachable.push(...files.slice(i));
      return;
    }
    if (last !== undefined && file.zxid <= last) {
      // A file starting inside what we already read overlaps: a stale leftover. Don't mix.
      log.warn(`Txn log ${file.name} starts at or before zxid 0x${last.toString(16)} already read: replay stops here`);
      if (result) result.unreachable.push(...files.slice(i));
      return;
    }
    const reader = new LogFileReader(file.path);
    for (const e of reader) {
      if (last !== undefined && e.zxid <= last) break;
      last = e.zxid;
      if (result) result.lastZxid = e.zxid;
      if (e.zxid > afterZxid) yield e;
    }
    const end = reader.end ?? { kind: "torn" as const, validEnd: 0, entries: 0, lastZxid: undefined, reason: "stopped early" };
    if (result) result.read.push({ file, end });
    prevTorn = end.kind === "torn";
  }
}

interface Pending {
  entry: TxnEntry;
  /** Start a new file with this entry (roll() was called before it was appended). */
  roll: boolean;
  resolve: () => void;
  reject: (e: Error) => void;
}

/** A batch written to the current file, waiting for an fdatasync that started after its write. */
interface Written {
  batch: Pending[];
  seq: number;
}

interface OpenFile {
  fd: number;
  name: string;
  /** Next write offset. */
  pos: number;
  /** Current (preallocated) size. */
  size: number;
  /** Bytes [0, zeroedTo) have been written (data or explicit zeros): blocks the fs has allocated. */
  zeroedTo: number;
}

export interface TxnLogTuning {
  /**
   * fdatasync calls allowed in flight at once (default 4, libuv's default thread-pool size). A
   * batch written while an fdatasync is running gets its own fdatasync at once: the kernel
   * starts it the moment the first completes, instead of after a round trip through the event
   * loop. 1 = classic group commit (one fdatasync at a time).
   */
  maxSyncsInFlight?: number;
  /**
   * Asked when a single txn is written to an otherwise idle log: true lets the log fdatasync it
   * on the calling thread (no thread-pool round trip: two thread wake-ups less per write, which
   * dominate a lone client's write latency on a busy machine). The event loop is blocked for the
   * fdatasync, so the server answers true only when no other client could be kept waiting.
   */
  syncInline?: () => boolean;
}

function p<T>(fn: (cb: (err: NodeJS.ErrnoException | null, v: T) => void) => void): Promise<T> {
  return new Promise((res, rej) => fn((err, v) => (err ? rej(err) : res(v))));
}

/** ZooKeeper's FilePadding.calculateFileSizeWithPadding. */
export function paddedSize(position: number, fileSize: number, preAllocSize: number): number {
  if (preAllocSize > 0 && position + PAD_MARGIN >= fileSize) {
    if (position > fileSize) {
      fileSize = position + preAllocSize;
      fileSize -= fileSize % preAllocSize;
    } else {
      fileSize += preAllocSize;
    }
  }
  return fileSize;
}

export class FileTxnLog implements TxnLog {
  readonly dir: string;
  /** The last valid zxid in the log (found at open, then the last appended); 0 when empty. */
  get lastZxid(): bigint {
    return this.lastAppended;
  }

  private readonly forceSync: boolean;
  private readonly preAllocSize: number;
  private readonly maxSyncsInFlight: number;
  private syncInline: (() => boolean) | undefined;
  private lastAppended = 0n;
  private rollNext = false;
  /** Appended, not yet written. */
  private pending: Pending[] = [];
  /** Written to the current file, not yet durable (forceSync only), in order. */
  private unsynced: Written[] = [];
  private writtenSeq = 0;
  /** Highest write covered by an fdatasync already started. */
  private syncRequestedSeq = 0;
  private syncsInFlight = 0;
  private scheduled = false;
  private switching = false;
  private idleWaiters: (() => void)[] = [];
  private file: OpenFile | undefined;
  private failed: TxnLogError | undefined;
  private closed = false;
  private batches = 0;
  private entries = 0;
  private syncs = 0;

  /** Counters for mntr-style reporting and benchmarks: batches written, entries, fdatasyncs. */
  stats(): { batches: number; entries: number; syncs: number } {
    return { batches: this.batches, entries: this.entries, syncs: this.syncs };
  }

  /** Opens the log in `options.dir`: recovers the end of the existing log (synchronously). */
  constructor(options: TxnLogOptions, tuning: TxnLogTuning = {}) {
    this.dir = versionDir(options.dir);
    this.forceSync = options.forceSync;
    this.preAllocSize = Math.max(0, Math.floor(options.preAllocSize));
    this.maxSyncsInFlight = Math.max(1, Math.floor(tuning.maxSyncsInFlight ?? DEFAULT_SYNCS_IN_FLIGHT));
    this.syncInline = tuning.syncInline;
    mkdirSync(this.dir, { recursive: true });
    this.recover();
  }

  static async open(options: TxnLogOptions, tuning?: TxnLogTuning): Promise<FileTxnLog> {
    return new FileTxnLog(options, tuning);
  }

  /** Find the last valid entry; cut torn tails and set aside files replay can't reach. */
  private recover(): void {
    const files = listFiles(this.dir, LOG_PREFIX);
    const result: ScanResult = { lastZxid: undefined, read: [], unreachable: [] };
    for (const _ of readLogs(files, BigInt.asIntN(64, 1n << 63n), result)) { /* scan only */ }
    this.lastAppended = result.lastZxid ?? 0n;
    for (const { file, end } of result.read) {
      if (end.entries === 0 && (result.lastZxid === undefined || file.zxid > result.lastZxid)) {
        // Nothing valid in it (crash right after creating it): it would collide with the next file.
        log.info(`Removing txn log ${file.name} without valid entries${end.reason ? ` (${end.reason})` : ""}`);
        unlinkSync(file.path);
      } else if (end.kind === "torn") {
        log.warn(`Txn log ${file.name}: ${end.reason} at offset ${end.validEnd}; truncating the unacknowledged tail (last valid zxid 0x${(end.lastZxid ?? 0n).toString(16)})`);
        const fd = openSync(file.path, "r+");
        try {
          ftruncateSync(fd, end.validEnd);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
      }
    }
    for (const file of result.unreachable) {
      const aside = `${file.path}.corrupt`;
      log.warn(`Txn log ${file.name} is unreachable after a torn entry; moving it aside to ${aside}`);
      renameSync(file.path, aside);
    }
    if (result.unreachable.length > 0 || result.read.some((r) => r.end.kind === "torn")) this.syncDir();
    log.info(`Txn log in ${this.dir}: ${files.length} file(s), last zxid 0x${this.lastAppended.toString(16)}`);
  }

  private syncDir(): void {
    const fd = openSync(this.dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  append(entry: TxnEntry): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.closed) return Promise.reject(new TxnLogError("Txn log is closed"));
    if (entry.bytes.length < ZXID_OFFSET + 8 || entry.bytes.readBigInt64BE(ZXID_OFFSET) !== entry.zxid) {
      return Promise.reject(new TxnLogError(`Txn entry for zxid 0x${entry.zxid.toString(16)} does not start with a TxnHeader carrying that zxid`));
    }
    if (entry.zxid <= this.lastAppended) {
      return Promise.reject(new TxnLogError(`Txn zxid 0x${entry.zxid.toString(16)} is not after the last logged zxid 0x${this.lastAppended.toString(16)}`));
    }
    this.lastAppended = entry.zxid;
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ entry, roll: this.rollNext, resolve, reject });
      this.rollNext = false;
      if (!this.scheduled) {
        // After the current I/O phase: appends from every connection served in it share a batch.
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  /** See TxnLogTuning.syncInline (set once the server that owns the log exists). */
  setSyncInline(predicate: (() => boolean) | undefined): void {
    this.syncInline = predicate;
  }

  roll(): void {
    this.rollNext = true;
  }

  readFrom(afterZxid: bigint): Iterable<TxnEntry> {
    const dir = this.dir;
    return {
      [Symbol.iterator]: () => readLogs(logFilesAfter(listFiles(dir, LOG_PREFIX), afterZxid), afterZxid),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    await new Promise<void>((res) => {
      this.idleWaiters.push(res);
      this.checkIdle();
    });
    if (this.file) {
      const fd = this.file.fd;
      this.file = undefined;
      await p<void>((cb) => closeFd(fd, (err) => cb(err, undefined)));
    }
  }

  /**
   * Write everything pending (one write per batch, a batch ending where a roll starts a new
   * file), then start an fdatasync if one may start. Runs again whenever an fdatasync or a file
   * switch completes. Never throws: errors fail the log.
   */
  private pump(): void {
    if (this.failed) {
      this.rejectAll(this.failed);
    } else {
      while (this.pending.length > 0 && !this.switching) {
        if (!this.file || this.pending[0]!.roll) {
          // Switch files once everything written to the current one is durable (rolls are rare).
          if (this.unsynced.length === 0 && this.syncsInFlight === 0) this.switchFile();
          break;
        }
        let n = 1;
        while (n < this.pending.length && !this.pending[n]!.roll) n++;
        const batch = this.pending.splice(0, n);
        try {
          this.writeBatch(this.file, batch);
        } catch (e) {
          this.fail(e, batch);
          return;
        }
        const seq = ++this.writtenSeq;
        if (this.forceSync) this.unsynced.push({ batch, seq });
        else for (const b of batch) b.resolve();
      }
      this.maybeSync();
    }
    this.checkIdle();
  }

  private maybeSync(): void {
    const file = this.file;
    if (!file || this.syncsInFlight >= this.maxSyncsInFlight || this.syncRequestedSeq >= this.writtenSeq) return;
    // fdatasync flushes every write made to the file before it was called: all batches up to here.
    const upTo = this.writtenSeq;
    this.syncRequestedSeq = upTo;
    this.syncs++;
    if (this.syncsInFlight === 0 && this.unsynced.length === 1 && this.unsynced[0]!.batch.length === 1 && this.syncInline?.()) {
      try {
        fdatasyncSync(file.fd);
      } catch (err) {
        this.fail(err, [], file.name);
        return;
      }
      for (const b of this.unsynced.shift()!.batch) b.resolve();
      return;
    }
    this.syncsInFlight++;
    fdatasync(file.fd, (err) => {
      this.syncsInFlight--;
      if (err) {
        this.fail(err, [], file.name);
        return;
      }
      while (this.unsynced.length > 0 && this.unsynced[0]!.seq <= upTo) {
        for (const b of this.unsynced.shift()!.batch) b.resolve();
      }
      this.pump();
    });
  }

  /** Close the current file and start `log.<zxid of the first pending entry>`. */
  private switchFile(): void {
    const first = this.pending[0]!;
    first.roll = false;
    this.switching = true;
    const old = this.file;
    this.file = undefined;
    const name = makeName(LOG_PREFIX, first.entry.zxid);
    const create = async (): Promise<void> => {
      if (old) await p<void>((cb) => closeFd(old.fd, (err) => cb(err, undefined)));
      const fd = await p<number>((cb) => open(`${this.dir}/${name}`, "w", 0o644, cb));
      const file: OpenFile = { fd, name, pos: 0, size: 0, zeroedTo: 0 };
      this.file = file;
      log.info(`Creating new log file: ${name}`);
      const header = Buffer.allocUnsafe(FILE_HEADER_SIZE);
      header.writeInt32BE(TXNLOG_MAGIC, 0);
      header.writeInt32BE(TXNLOG_VERSION, 4);
      header.writeBigInt64BE(0n, 8);
      this.writeAt(file, header); // made durable by the first batch's fdatasync
      if (this.forceSync) {
        // The new file's directory entry must be durable before anything in it is acknowledged.
        const dfd = await p<number>((cb) => open(this.dir, "r", cb));
        try {
          await p<void>((cb) => fsync(dfd, (err) => cb(err, undefined)));
        } finally {
          await p<void>((cb) => closeFd(dfd, (err) => cb(err, undefined)));
        }
      }
    };
    create().then(
      () => {
        this.switching = false;
        this.pump();
      },
      (e) => {
        this.switching = false;
        this.fail(e, [], name);
      },
    );
  }

  /** Frame a batch into one buffer and write it at the end of `file` (extending the preallocation). */
  private writeBatch(file: OpenFile, batch: Pending[]): void {
    let total = 0;
    for (const b of batch) total += ENTRY_OVERHEAD + b.entry.bytes.length;
    const buf = Buffer.allocUnsafe(total);
    let o = 0;
    for (const b of batch) {
      const bytes = b.entry.bytes;
      buf.writeUInt32BE(0, o);
      buf.writeUInt32BE(adler32(bytes), o + 4);
      buf.writeInt32BE(bytes.length, o + 8);
      bytes.copy(buf, o + 12);
      o += 12 + bytes.length;
      buf[o++] = EOR;
    }
    this.writeAt(file, buf);
    this.batches++;
    this.entries += batch.length;
  }

  /**
   * pwrite at the file's end. Synchronous on purpose: it only copies into the page cache, and
   * doing it inline saves a thread-pool round trip per batch; the fdatasync is what waits on the
   * disk, and that one is asynchronous.
   */
  private writeAt(file: OpenFile, buf: Buffer): void {
    const end = file.pos + buf.length;
    const newSize = paddedSize(end, file.size, this.preAllocSize);
    if (newSize > file.size) {
      ftruncateSync(file.fd, newSize);
      file.size = newSize;
    }
    if (this.forceSync && this.preAllocSize > 0 && end > file.zeroedTo) this.zeroFill(file, end);
    let written = 0;
    while (written < buf.length) written += writeSync(file.fd, buf, written, buf.length - written, file.pos + written);
    file.pos = end;
    if (end > file.size) file.size = end;
  }

  /**
   * Write zeros from `file.zeroedTo` (never below the write position, so never over data) to a
   * 4 KB boundary at least ZERO_FILL_CHUNK past `end`, within the preallocated size. Into the page
   * cache only: the next fdatasync flushes them with the batch, allocating the blocks once.
   */
  private zeroFill(file: OpenFile, end: number): void {
    const from = Math.max(file.zeroedTo, file.pos);
    const to = Math.min(file.size, Math.ceil((end + ZERO_FILL_CHUNK) / 4096) * 4096);
    let o = from;
    while (o < to) o += writeSync(file.fd, ZEROS, 0, Math.min(ZEROS.length, to - o), o);
    file.zeroedTo = Math.max(file.zeroedTo, to);
  }

  private fail(e: unknown, batch: Pending[], name = this.file?.name ?? this.dir): void {
    if (!this.failed) {
      this.failed = new TxnLogError(`Unable to append to txn log ${name}: ${(e as Error).message}; refusing further writes`, e);
      log.error({ err: e }, this.failed.message);
    }
    for (const b of batch) b.reject(this.failed);
    this.rejectAll(this.failed);
    this.checkIdle();
  }

  private rejectAll(err: TxnLogError): void {
    for (const w of this.unsynced.splice(0)) for (const b of w.batch) b.reject(err);
    for (const b of this.pending.splice(0)) b.reject(err);
  }

  private checkIdle(): void {
    if (this.idleWaiters.length === 0) return;
    if (this.pending.length > 0 || this.unsynced.length > 0 || this.syncsInFlight > 0 || this.switching || this.scheduled) return;
    for (const w of this.idleWaiters.splice(0)) w();
  }
}
