/**
 * ZooKeeper's file naming in `<dir>/version-2/`: `log.<zxid>` and `snapshot.<zxid>`, the zxid in
 * lowercase hex without padding (Java's Long.toHexString), named after the first txn a log holds
 * or the last zxid a snapshot covers.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";

export const VERSION_DIR = "version-2";
export const LOG_PREFIX = "log";
export const SNAP_PREFIX = "snapshot";

export function versionDir(dir: string): string {
  return join(dir, VERSION_DIR);
}

/** Long.toHexString: two's complement for negative values, as Java prints them. */
export function zxidToHex(zxid: bigint): string {
  return BigInt.asUintN(64, zxid).toString(16);
}

export function makeName(prefix: string, zxid: bigint): string {
  return `${prefix}.${zxidToHex(zxid)}`;
}

/** The zxid in `prefix.<hex>`, or undefined when the name isn't exactly that shape. */
export function zxidFromName(name: string, prefix: string): bigint | undefined {
  if (!name.startsWith(prefix + ".")) return undefined;
  const hex = name.slice(prefix.length + 1);
  if (!/^[0-9a-fA-F]{1,16}$/.test(hex)) return undefined;
  return BigInt.asIntN(64, BigInt("0x" + hex));
}

export interface NamedFile {
  zxid: bigint;
  name: string;
  path: string;
}

/** Files `prefix.<hex>` in `vdir`, sorted by zxid ascending (missing dir: none). */
export function listFiles(vdir: string, prefix: string): NamedFile[] {
  let names: string[];
  try {
    names = readdirSync(vdir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
  const out: NamedFile[] = [];
  for (const name of names) {
    const zxid = zxidFromName(name, prefix);
    if (zxid !== undefined) out.push({ zxid, name, path: join(vdir, name) });
  }
  out.sort((x, y) => (x.zxid < y.zxid ? -1 : x.zxid > y.zxid ? 1 : 0));
  return out;
}

/**
 * ZooKeeper's FileTxnLog.getLogFiles: the log files that may hold txns with zxid > `zxid`:
 * the newest file starting at or before `zxid`, and every file after it.
 */
export function logFilesAfter(logs: NamedFile[], zxid: bigint): NamedFile[] {
  let from = 0;
  for (let i = 0; i < logs.length; i++) if (logs[i]!.zxid <= zxid) from = i;
  return logs.slice(from);
}
