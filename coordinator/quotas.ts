/**
 * Quota bookkeeping as ZooKeeper 3.8's DataTree does it (not enforced, like
 * zookeeper.enforceQuota=false): a quota on /p lives in /zookeeper/quota/p/zookeeper_limits
 * ("count=N,bytes=M"); the server keeps /zookeeper/quota/p/zookeeper_stats up to date with the
 * node count and data bytes under /p, and logs "Quota exceeded" when a limit is passed.
 */
import { logger } from "../common/logger.js";

const log = logger("data-tree");

export const QUOTA_ROOT = "/zookeeper/quota";
export const LIMIT_NODE = "zookeeper_limits";
export const STAT_NODE = "zookeeper_stats";

/** StatsTrack: "count=..,bytes=..[,extra=..]" with count and bytes first. */
export class StatsTrack {
  readonly stats = new Map<string, number>();
  constructor(text?: string | null) {
    if (!text) return;
    for (const kv of text.split(",")) {
      const [k, v] = kv.split("=");
      if (k !== undefined && v !== undefined && /^-?\d+$/.test(v.trim())) this.stats.set(k, Number(v));
    }
  }
  get count(): number {
    return this.stats.get("count") ?? -1;
  }
  set count(v: number) {
    this.stats.set("count", v);
  }
  get bytes(): number {
    return this.stats.get("bytes") ?? -1;
  }
  set bytes(v: number) {
    this.stats.set("bytes", v);
  }
  toString(): string {
    const extra = [...this.stats].filter(([k]) => k !== "count" && k !== "bytes").map(([k, v]) => `${k}=${v}`);
    return [`count=${this.count}`, `bytes=${this.bytes}`, ...extra].join(",");
  }
}

/** The set of quota roots (ZooKeeper's PathTrie): longest matching prefix lookups. */
export class QuotaRoots {
  private readonly roots = new Set<string>();
  add(path: string): void {
    this.roots.add(path);
  }
  delete(path: string): void {
    this.roots.delete(path);
  }
  size(): number {
    return this.roots.size;
  }
  /** The deepest quota root that is path or an ancestor of it (never "/" or "/zookeeper"). */
  maxPrefix(path: string): string | undefined {
    if (this.roots.size === 0) return undefined;
    let p = path;
    for (;;) {
      if (this.roots.has(p) && p !== "/" && p !== "/zookeeper") return p;
      const i = p.lastIndexOf("/");
      if (i <= 0) return undefined;
      p = p.slice(0, i);
    }
  }
}

export function statPath(root: string): string {
  return `${QUOTA_ROOT}${root}/${STAT_NODE}`;
}
export function limitPath(root: string): string {
  return `${QUOTA_ROOT}${root}/${LIMIT_NODE}`;
}

export function warnIfExceeded(root: string, limits: StatsTrack, now: StatsTrack): void {
  if (limits.count > -1 && limits.count < now.count) log.warn(`Quota exceeded: ${root} count=${now.count} limit=${limits.count}`);
  if (limits.bytes > -1 && limits.bytes < now.bytes) log.warn(`Quota exceeded: ${root} bytes=${now.bytes} limit=${limits.bytes}`);
}
