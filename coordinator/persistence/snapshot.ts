/**
 * Snapshots of the coordinator's data tree, in Apache ZooKeeper 3.8's format (FileSnap.java,
 * SnapStream.java), and the purge of old snapshots and logs (PurgeTxnLog.java).
 *
 * On disk: `<dir>/version-2/snapshot.<zxid>`, zxid = the last txn applied to the tree when the
 * body was taken (lowercase hex, no padding). Big-endian (jute BinaryOutputArchive).
 *
 *   Snapshot   := FileHeader body Seal
 *   FileHeader := int magic "ZKSN" (0x5a4b534e) | int version (2) | long dbid (-1)
 *   body       := the jute snapshot body from the data tree (sessions, ACL cache, nodes, ending
 *                 with the path "/"); opaque here
 *   Seal       := long checksum | int 1 | byte '/'   (jute string "/")
 *     checksum = Adler32 of every byte before it, header included (ZooKeeper computes it on a
 *                CheckedOutputStream wrapping the whole file)
 * ZooKeeper 3.6+ appends more sealed sections after the first seal: the zxid digest
 * (long zxid, int digestVersion, long digest; 20 bytes) then, in 3.9, the last processed zxid
 * (long); each followed by a Seal whose checksum covers the whole file before it. We write only
 * the first section; on load we verify the final seal and peel such trailing sections off, so
 * the body handed back is exactly what ZooKeeper's FileSnap deserializes.
 *
 * Writing is crash-safe: `.snapshot.<zxid>.tmp`, fsync, rename, fsync the directory; a crash
 * leaves either no snapshot or a complete one (temp leftovers are removed on open).
 * Loading tries snapshots newest first and skips any with a bad header, a missing final "/" or
 * a checksum that doesn't verify (ZooKeeper's FileSnap.deserialize tries the 100 most recent).
 */
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync, unlinkSync } from "node:fs";
import { open, rename, unlink } from "node:fs/promises";
import { join } from "node:path";
import { logger } from "../../common/logger.js";
import { adler32 } from "./adler32.js";
import { listFiles, LOG_PREFIX, logFilesAfter, makeName, SNAP_PREFIX, versionDir, zxidToHex } from "./file-names.js";
import type { SnapshotStore } from "./types.js";

export const SNAP_MAGIC = 0x5a4b534e; // "ZKSN"
export const SNAP_VERSION = 2;
export const SNAP_DBID = -1n;
const HEADER_SIZE = 16;
const SEAL_SIZE = 13;
/** Sizes of the sealed sections ZooKeeper may append after the body (digest, last processed zxid). */
const TRAILING_SECTIONS = [20, 8];
/** ZooKeeper's SnapShot.SNAP_DIR retry window: FileSnap tries this many recent snapshots. */
const MAX_TRIED = 100;
const TEMP_RE = /^\.snapshot\.[0-9a-f]+\.tmp$/;

const log = logger("snapshot");

function isSeal(buf: Buffer, at: number): boolean {
  return at >= HEADER_SIZE && buf.readInt32BE(at + 8) === 1 && buf[at + 12] === 0x2f;
}

/**
 * Parse a snapshot file's bytes; the body, or a reason it is invalid.
 * Exported for tests and tools.
 */
export function parseSnapshot(file: Buffer): { body: Buffer } | { error: string } {
  if (file.length < HEADER_SIZE + SEAL_SIZE) return { error: `too short (${file.length} bytes)` };
  const magic = file.readInt32BE(0);
  const version = file.readInt32BE(4);
  if (magic !== SNAP_MAGIC) return { error: `bad magic 0x${(magic >>> 0).toString(16)}` };
  if (version !== SNAP_VERSION) return { error: `unsupported version ${version}` };
  let end = file.length - SEAL_SIZE;
  if (!isSeal(file, end)) return { error: "missing the closing \"/\" (truncated?)" };
  // Find an earlier seal among the trailing sections, verifying checksums incrementally.
  let sealEnd = end;
  const full = adler32(file, 0, end);
  if (file.readBigUInt64BE(end) !== BigInt(full)) return { error: "CRC corruption in snapshot" };
  for (;;) {
    let found = false;
    for (const k of TRAILING_SECTIONS) {
      const at = sealEnd - k - SEAL_SIZE;
      if (at < HEADER_SIZE || !isSeal(file, at)) continue;
      if (file.readBigUInt64BE(at) === BigInt(adler32(file, 0, at))) {
        sealEnd = at;
        found = true;
        break;
      }
    }
    if (!found) break;
  }
  end = sealEnd;
  return { body: file.subarray(HEADER_SIZE, end) };
}

/** ZooKeeper's SnapStream.isValidSnapshot: a cheap check of the file's last five bytes. */
export function isValidSnapshot(path: string): boolean {
  try {
    const size = statSync(path).size;
    if (size < 10) return false;
    const fd = openSync(path, "r");
    try {
      const b = Buffer.alloc(5);
      if (readSync(fd, b, 0, 5, size - 5) !== 5) return false;
      return b.readInt32BE(0) === 1 && b[4] === 0x2f;
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

export class FileSnapshotStore implements SnapshotStore {
  readonly dir: string;
  /** Where the txn log lives (dataLogDir), for purge; defaults to the snapshot dir. */
  readonly logDir: string;

  /** `dir` is dataDir; `logDir` is dataLogDir when it differs (purge removes old logs there). */
  constructor(dir: string, logDir: string = dir) {
    this.dir = versionDir(dir);
    this.logDir = versionDir(logDir);
    mkdirSync(this.dir, { recursive: true });
    for (const name of readdirSync(this.dir)) {
      if (TEMP_RE.test(name)) {
        log.info(`Removing incomplete snapshot ${name}`);
        unlinkSync(join(this.dir, name));
      }
    }
  }

  async write(lastZxid: bigint, body: Buffer): Promise<void> {
    const name = makeName(SNAP_PREFIX, lastZxid);
    const tmp = join(this.dir, `.${SNAP_PREFIX}.${zxidToHex(lastZxid)}.tmp`);
    const header = Buffer.allocUnsafe(HEADER_SIZE);
    header.writeInt32BE(SNAP_MAGIC, 0);
    header.writeInt32BE(SNAP_VERSION, 4);
    header.writeBigInt64BE(SNAP_DBID, 8);
    const seal = Buffer.allocUnsafe(SEAL_SIZE);
    seal.writeBigUInt64BE(BigInt(adler32(body, 0, body.length, adler32(header))), 0);
    seal.writeInt32BE(1, 8);
    seal[12] = 0x2f;
    // The server logs ZooKeeper's "Snapshotting: 0x… to …" line; this one is for debugging only.
    log.debug(`Writing ${join(this.dir, name)} via ${tmp}`);
    const started = Date.now();
    const fh = await open(tmp, "w", 0o644);
    try {
      await fh.writev([header, body, seal]);
      await fh.sync();
    } catch (e) {
      await fh.close().catch(() => undefined);
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
    await fh.close();
    await rename(tmp, join(this.dir, name));
    const dfh = await open(this.dir, "r");
    try {
      await dfh.sync();
    } finally {
      await dfh.close();
    }
    log.info(`Snapshot taken in ${Date.now() - started} ms (${name}, ${body.length + HEADER_SIZE + SEAL_SIZE} bytes)`);
  }

  loadNewestValid(): { zxid: bigint; body: Buffer } | undefined {
    const snaps = listFiles(this.dir, SNAP_PREFIX).reverse().slice(0, MAX_TRIED);
    for (const s of snaps) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(s.path);
      } catch (e) {
        log.warn(`problem reading snap file ${s.path}: ${(e as Error).message}`);
        continue;
      }
      const parsed = parseSnapshot(bytes);
      if ("error" in parsed) {
        log.warn(`problem reading snap file ${s.path}: ${parsed.error}; trying an older one`);
        continue;
      }
      log.info(`Reading snapshot ${s.path}`);
      return { zxid: s.zxid, body: parsed.body };
    }
    return undefined;
  }

  /**
   * PurgeTxnLog.purge: keep the newest `retain` valid snapshots (at least 3, as
   * DatadirCleanupManager enforces), and delete every snapshot and log file whose name's zxid
   * is below the oldest kept snapshot's, except the newest log starting at or before it (it may
   * hold txns after that snapshot).
   */
  purge(retain: number): void {
    if (retain < 3) {
      log.warn(`snapRetainCount ${retain} is less than the minimum 3; using 3`);
      retain = 3;
    }
    const snaps = listFiles(this.dir, SNAP_PREFIX);
    const valid = snaps.filter((s) => isValidSnapshot(s.path)).reverse().slice(0, retain);
    if (valid.length === 0) return;
    const least = valid[valid.length - 1]!.zxid;
    const logs = listFiles(this.logDir, LOG_PREFIX);
    const keepLogs = new Set(logFilesAfter(logs, least).map((f) => f.path));
    const doomed = [
      ...logs.filter((f) => f.zxid < least && !keepLogs.has(f.path)),
      ...snaps.filter((f) => f.zxid < least),
    ];
    for (const f of doomed) {
      log.info(`Removing file: ${f.path}`);
      try {
        unlinkSync(f.path);
      } catch (e) {
        log.warn(`Failed to remove ${f.path}: ${(e as Error).message}`);
      }
    }
  }
}

