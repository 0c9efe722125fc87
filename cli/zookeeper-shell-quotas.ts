/**
 * zookeeper-shell's quota commands (zkCli 3.8's setquota, delquota, listquota): quotas are plain
 * znodes the client writes, the server only keeps the usage figures current.
 *
 *   /zookeeper/quota<path>/zookeeper_limits  "count=N,bytes=B=;byteHardLimit=X;countHardLimit=Y"
 *   /zookeeper/quota<path>/zookeeper_stats   "count=N,bytes=B"
 *
 * (StatsTrack's text format: count and bytes first, then the other keys sorted after an extra
 * "=" that old parsers ignore; -1 = no limit.) Paths go through the shell's chroot like every
 * other request, as the Java client does.
 */
import { Err, KeeperError, type ShellClient } from "./zookeeper-shell-client.js";

export const QUOTA_ROOT = "/zookeeper/quota";
const LIMIT_NODE = "zookeeper_limits";
const STAT_NODE = "zookeeper_stats";

/** org.apache.zookeeper.StatsTrack. */
export class StatsTrack {
  private stats = new Map<string, number>();
  constructor(text = "") {
    if (!text) return;
    for (const pair of text.split(/[,;]+/)) {
      const kv = pair.split("=").filter((x, i, a) => i < a.length - 1 || x !== "");
      if (kv[0]) this.stats.set(kv[0], kv[1] ? Number(kv[1]) : -1);
    }
  }
  get(key: string): number { return this.stats.get(key) ?? -1; }
  set(key: string, v: number): void { this.stats.set(key, v); }
  toString(): string {
    const keys = [...this.stats.keys()].filter((k) => k !== "count" && k !== "bytes").sort();
    let s = `count=${this.get("count")},bytes=${this.get("bytes")}`;
    if (keys.length) s += "=" + keys.map((k) => `;${k}=${this.stats.get(k)}`).join("");
    return s;
  }
}

/** What a quota command needs from the shell. */
export interface QuotaContext {
  zk: ShellClient;
  abs(p: string): string;
  out(line: string): void;
  err(line: string): void;
}

/** A quota command's failure, printed on stderr with exit code 1 (MalformedPathException). */
export class QuotaError extends Error {}

const quotaPath = (path: string) => QUOTA_ROOT + path;
const trimQuotaPath = (p: string) => p.slice(QUOTA_ROOT.length);

async function childrenOrNull(c: QuotaContext, p: string): Promise<string[] | null> {
  try { return (await c.zk.getChildren(c.abs(p))).children; } catch (e) {
    if (e instanceof KeeperError && e.code === Err.noNode) return null;
    throw e;
  }
}
async function createIfMissing(c: QuotaContext, p: string, data: string | null): Promise<void> {
  try { await c.zk.create(c.abs(p), data === null ? null : Buffer.from(data)); } catch (e) {
    if (!(e instanceof KeeperError && e.code === Err.nodeExists)) throw e;
  }
}
async function readTrack(c: QuotaContext, p: string): Promise<StatsTrack> {
  const d = await c.zk.getData(c.abs(p));
  return new StatsTrack(d.data?.toString("utf8") ?? "");
}

/** SetQuotaCommand.exec after option parsing: `limits` holds the values given (n, b, N, B). */
export async function setQuota(c: QuotaContext, path: string, limits: { n?: string; b?: string; N?: string; B?: string }): Promise<void> {
  if (path.startsWith(QUOTA_ROOT)) { c.err(`cannot set a quota under the path: ${QUOTA_ROOT}`); return; }
  const quota = new StatsTrack();
  quota.set("count", -1); quota.set("bytes", -1); quota.set("countHardLimit", -1); quota.set("byteHardLimit", -1);
  const num = (v: string) => { if (!/^[+-]?\d+$/.test(v)) throw new RangeError(); return Number(v); };
  try {
    for (const [opt, key, positive] of [["n", "count", true], ["b", "bytes", false], ["N", "countHardLimit", true], ["B", "byteHardLimit", false]] as const) {
      const v = limits[opt];
      if (v === undefined) continue;
      const x = num(v);
      if (positive ? x <= 0 : x < 0) {
        c.err(positive ? "the num quota must be greater than zero" : "the bytes quota must be greater than or equal to zero");
        return;
      }
      quota.set(key, x);
    }
  } catch {
    c.err("NumberFormatException happens when parsing the option value");
    return;
  }
  if ((await c.zk.exists(c.abs(path))) === null) throw new QuotaError(`${path} does not exist.`);
  await checkIfChildQuota(c, path);
  await checkIfParentQuota(c, path);
  if ((await c.zk.exists(c.abs(QUOTA_ROOT))) === null) {
    // only happens under a chroot: the Java client creates /zookeeper and /zookeeper/quota there
    await createIfMissing(c, "/zookeeper", null);
    await createIfMissing(c, QUOTA_ROOT, null);
  }
  let qp = QUOTA_ROOT;
  for (const part of path.split("/").slice(1)) {
    qp += "/" + part;
    if ((await c.zk.exists(c.abs(qp))) === null) await createIfMissing(c, qp, null);
  }
  const limitPath = `${qp}/${LIMIT_NODE}`;
  const statPath = `${qp}/${STAT_NODE}`;
  if ((await c.zk.exists(c.abs(limitPath))) === null) {
    await c.zk.create(c.abs(limitPath), Buffer.from(quota.toString()));
    const stats = new StatsTrack();
    stats.set("count", 0); stats.set("bytes", 0);
    await c.zk.create(c.abs(statPath), Buffer.from(stats.toString()));
    checkQuota(c, await readTrack(c, limitPath), await readTrack(c, statPath));
  } else {
    const current = await readTrack(c, limitPath);
    for (const key of ["count", "bytes", "countHardLimit", "byteHardLimit"]) if (quota.get(key) > -1) current.set(key, quota.get(key));
    checkQuota(c, current, await readTrack(c, statPath));
    await c.zk.setData(c.abs(limitPath), Buffer.from(current.toString()));
  }
}

function checkQuota(c: QuotaContext, quota: StatsTrack, stats: StatsTrack): void {
  const count = stats.get("count"), bytes = stats.get("bytes");
  if ((quota.get("count") > -1 && quota.get("count") < count) || (quota.get("countHardLimit") > -1 && quota.get("countHardLimit") < count)) {
    c.out(`[Warning]: the count quota you create is less than the existing count:${count}`);
  }
  if ((quota.get("bytes") > -1 && quota.get("bytes") < bytes) || (quota.get("byteHardLimit") > -1 && quota.get("byteHardLimit") < bytes)) {
    c.out(`[Warning]: the bytes quota you create is less than the existing bytes:${bytes}`);
  }
}

async function checkIfChildQuota(c: QuotaContext, path: string): Promise<void> {
  const root = quotaPath(path);
  const visit = async (p: string): Promise<void> => {
    const children = await childrenOrNull(c, p);
    if (!children || children.length === 0) return;
    if (p !== root && children.includes(LIMIT_NODE)) throw new QuotaError(`${path} has a child ${trimQuotaPath(p)} which has a quota`);
    for (const child of [...children].sort()) await visit(`${p}/${child}`);
  };
  if ((await childrenOrNull(c, root)) === null) return;
  await visit(root);
}

async function checkIfParentQuota(c: QuotaContext, path: string): Promise<void> {
  const parts = path.split("/");
  let qp = QUOTA_ROOT;
  for (let i = 1; i < parts.length - 1; i++) {
    qp += "/" + parts[i];
    const children = await childrenOrNull(c, qp);
    if (!children || children.length === 0) return;
    if (qp !== quotaPath(path) && children.includes(LIMIT_NODE)) throw new QuotaError(`${path} has a parent ${trimQuotaPath(qp)} which has a quota`);
  }
}

/** DelQuotaCommand.exec: all limits (no flag) or the flagged ones. */
export async function delQuota(c: QuotaContext, path: string, flags: Set<string>): Promise<void> {
  const parent = quotaPath(path);
  const limitPath = `${parent}/${LIMIT_NODE}`;
  try {
    if ((await c.zk.exists(c.abs(limitPath))) === null) { c.out(`Quota does not exist for ${path}`); return; }
    const track = await readTrack(c, limitPath);
    if (flags.size === 0) {
      for (const child of (await c.zk.getChildren(c.abs(parent))).children) await c.zk.delete(c.abs(`${parent}/${child}`));
      // trimProcQuotas: remove now-empty quota parents up to /zookeeper/quota
      for (let p = parent; p !== QUOTA_ROOT; p = p.slice(0, p.lastIndexOf("/"))) {
        if ((await c.zk.getChildren(c.abs(p))).children.length !== 0) break;
        await c.zk.delete(c.abs(p));
      }
    } else {
      for (const [flag, key] of [["n", "count"], ["b", "bytes"], ["N", "countHardLimit"], ["B", "byteHardLimit"]] as const) if (flags.has(flag)) track.set(key, -1);
      await c.zk.setData(c.abs(limitPath), Buffer.from(track.toString()));
    }
  } catch (e) {
    if (e instanceof KeeperError && e.code === Err.noNode) { c.err(`quota for ${path} does not exist.`); return; }
    throw e;
  }
}

/** ListQuotaCommand.exec. */
export async function listQuota(c: QuotaContext, path: string): Promise<void> {
  c.err(`absolute path is ${quotaPath(path)}/${LIMIT_NODE}`);
  try {
    const limits = await readTrack(c, `${quotaPath(path)}/${LIMIT_NODE}`);
    const stats = await readTrack(c, `${quotaPath(path)}/${STAT_NODE}`);
    c.out(`Output quota for ${path} ${limits.toString()}`);
    c.out(`Output stat for ${path} ${stats.toString()}`);
  } catch (e) {
    if (e instanceof KeeperError && e.code === Err.noNode) { c.err(`quota for ${path} does not exist.`); return; }
    throw e;
  }
}
