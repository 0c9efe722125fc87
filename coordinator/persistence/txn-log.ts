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
 *
 * Reading (recovery): files in zxid order; in each, entries until a zero length (the
 * preallocated zeros: clean end), a short read, a length past the end of the file, a missing
 * 0x42 or a checksum mismatch (a torn tail: the write was never acknowledged). A torn file is
 * followed into the next file only when that file continues the zxid sequence; otherwise
 * replay stops there. On open, a torn tail is truncated away (so it can never resurface behind
 * later appends) and the next append starts a new file, as ZooKeeper does on every start.
 *
 * Writing: one writer, group commit. append() queues an entry; a flush takes everything queued,
 * builds one Buffer, does one pwrite (inline when small: it only fills the page cache) and one
 * asynchronous fdatasync (skipped when forceSync=false), then
 * resolves the promises of that batch in order. Appends arriving while a flush is in flight form
 * the next batch. An I/O error (ENOSPC, EIO, a failed fsync) rejects the batch and every later
 * append: after a failed fsync the page cache can't be trusted, so the log refuses writes until
 * the process restarts and recovers from disk.
 */
import {
  closeSync, fdatasync, fstatSync, fsync, ftruncate, ftruncateSync, fsyncSync, mkdirSync, open, openSync,
  readSync, renameSync, unlinkSync, write, writeSync, close as closeFd,
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
const READ_CHUNK = 1 << 20;
/** Batches up to this size are written with a synchronous pwrite (see writeBatch). */
const SYNC_WRITE_MAX = 256 * 1024;

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

interface OpenFile {
  fd: number;
  name: string;
  /** Next write offset. */
  pos: number;
  /** Current (preallocated) size. */
  size: number;
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
  private lastAppended = 0n;
  private pending: Pending[] = [];
  private rollNext = false;
  private flushing: Promise<void> | undefined;
  private file: OpenFile | undefined;
  private failed: TxnLogError | undefined;
  private closed = false;
  private batches = 0;
  private entries = 0;

  /** Counters for mntr-style reporting and benchmarks: batches written and entries in them. */
  stats(): { batches: number; entries: number } {
    return { batches: this.batches, entries: this.entries };
  }

  /** Opens the log in `options.dir`: recovers the end of the existing log (synchronously). */
  constructor(options: TxnLogOptions) {
    this.dir = versionDir(options.dir);
    this.forceSync = options.forceSync;
    this.preAllocSize = Math.max(0, Math.floor(options.preAllocSize));
    mkdirSync(this.dir, { recursive: true });
    this.recover();
  }

  static async open(options: TxnLogOptions): Promise<FileTxnLog> {
    return new FileTxnLog(options);
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
      if (!this.flushing) this.flushing = new Promise<void>((done) => setImmediate(() => this.flushLoop().then(done)));
    });
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
    while (this.flushing) await this.flushing;
    if (this.file) {
      const fd = this.file.fd;
      this.file = undefined;
      await p<void>((cb) => closeFd(fd, (err) => cb(err, undefined)));
    }
  }

  /** Write batches until the queue is empty. Never throws: errors reject the batch and fail the log. */
  private async flushLoop(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        let n = 1;
        while (n < this.pending.length && !this.pending[n]!.roll) n++;
        const batch = this.pending.splice(0, n);
        if (this.failed) {
          for (const b of batch) b.reject(this.failed);
          continue;
        }
        try {
          await this.writeBatch(batch);
        } catch (e) {
          const err = new TxnLogError(`Unable to append to txn log ${this.file?.name ?? this.dir}: ${(e as Error).message}; refusing further writes`, e);
          log.error({ err: e }, err.message);
          this.failed = err;
          for (const b of batch) b.reject(err);
          continue;
        }
        for (const b of batch) b.resolve();
      }
    } finally {
      this.flushing = undefined;
    }
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    let header = 0;
    if (!this.file || batch[0]!.roll) {
      if (this.file) {
        const old = this.file.fd;
        this.file = undefined;
        await p<void>((cb) => closeFd(old, (err) => cb(err, undefined)));
      }
      const name = makeName(LOG_PREFIX, batch[0]!.entry.zxid);
      const fd = await p<number>((cb) => open(`${this.dir}/${name}`, "w", 0o644, cb));
      this.file = { fd, name, pos: 0, size: 0 };
      header = FILE_HEADER_SIZE;
      log.info(`Creating new log file: ${name}`);
    }
    const file = this.file;
    let total = header;
    for (const b of batch) total += ENTRY_OVERHEAD + b.entry.bytes.length;
    const buf = Buffer.allocUnsafe(total);
    let o = 0;
    if (header) {
      buf.writeInt32BE(TXNLOG_MAGIC, 0);
      buf.writeInt32BE(TXNLOG_VERSION, 4);
      buf.writeBigInt64BE(0n, 8);
      o = FILE_HEADER_SIZE;
    }
    for (const b of batch) {
      const bytes = b.entry.bytes;
      buf.writeUInt32BE(0, o);
      buf.writeUInt32BE(adler32(bytes), o + 4);
      buf.writeInt32BE(bytes.length, o + 8);
      bytes.copy(buf, o + 12);
      o += 12 + bytes.length;
      buf[o++] = EOR;
    }
    const end = file.pos + total;
    const newSize = paddedSize(end, file.size, this.preAllocSize);
    if (newSize > file.size) {
      await p<void>((cb) => ftruncate(file.fd, newSize, (err) => cb(err, undefined)));
      file.size = newSize;
    }
    let written = 0;
    if (total <= SYNC_WRITE_MAX) {
      // A small write only copies into the page cache: doing it inline saves a thread-pool round
      // trip per batch (a visible share of the latency at 1 in flight); the fdatasync stays async.
      while (written < total) written += writeSync(file.fd, buf, written, total - written, file.pos + written);
    }
    while (written < total) {
      written += await p<number>((cb) => write(file.fd, buf, written, total - written, file.pos + written, cb));
    }
    if (this.forceSync) {
      await p<void>((cb) => fdatasync(file.fd, (err) => cb(err, undefined)));
      if (header) {
        // The new file's directory entry must be durable too.
        const dfd = await p<number>((cb) => open(this.dir, "r", cb));
        try {
          await p<void>((cb) => fsync(dfd, (err) => cb(err, undefined)));
        } finally {
          await p<void>((cb) => closeFd(dfd, (err) => cb(err, undefined)));
        }
      }
    }
    file.pos = end;
    if (end > file.size) file.size = end;
    this.batches++;
    this.entries += batch.length;
  }
}
