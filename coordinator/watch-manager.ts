/**
 * Watches, as ZooKeeper 3.8's WatchManager keeps them: a table path -> watchers, where a
 * watcher is a connection (so one connection gets one event per trigger even if it set several
 * watches), each with a mode: STANDARD (one-shot), PERSISTENT, PERSISTENT_RECURSIVE.
 * The data tree owns two of these: data watches (getData/exists) and child watches.
 * A trigger walks the path and its ancestors: standard and persistent watches fire on the exact
 * path (standard ones are removed), recursive ones on any ancestor-or-self except for
 * NodeChildrenChanged.
 */
import { EventType } from "./jute/op-codes.js";

/** Who receives events: a client connection. */
export interface Watcher {
  /** Deliver a WatchedEvent (state SyncConnected). */
  process(type: number, path: string): void;
  readonly sessionId: bigint;
}

export const WatcherMode = { STANDARD: 0, PERSISTENT: 1, PERSISTENT_RECURSIVE: 2 } as const;
export type WatcherModeValue = (typeof WatcherMode)[keyof typeof WatcherMode];

export class WatchManager {
  /** path -> watcher -> mode */
  private readonly table = new Map<string, Map<Watcher, WatcherModeValue>>();
  /** watcher -> paths */
  private readonly byWatcher = new Map<Watcher, Set<string>>();
  private recursiveCount = 0;

  addWatch(path: string, w: Watcher, mode: WatcherModeValue = WatcherMode.STANDARD): boolean {
    let m = this.table.get(path);
    if (!m) this.table.set(path, (m = new Map()));
    const old = m.get(w);
    // the new mode replaces the old one: as in ZooKeeper 3.8, a one-shot watch set on a path with
    // a persistent (or recursive) watch of the same connection turns it into a one-shot watch
    if (old === WatcherMode.PERSISTENT_RECURSIVE) this.recursiveCount--;
    if (mode === WatcherMode.PERSISTENT_RECURSIVE) this.recursiveCount++;
    m.set(w, mode);
    let ps = this.byWatcher.get(w);
    if (!ps) this.byWatcher.set(w, (ps = new Set()));
    ps.add(path);
    return old === undefined;
  }

  /** Fire and collect; `suppress` holds watchers already notified by the other table. */
  triggerWatch(path: string, type: number, suppress?: Set<Watcher>): Set<Watcher> {
    const fired = new Set<Watcher>();
    if (this.table.size === 0) return fired;
    let local = path;
    let atParent = false;
    for (;;) {
      const m = this.table.get(local);
      if (m) {
        for (const [w, mode] of m) {
          if (mode === WatcherMode.PERSISTENT_RECURSIVE) {
            if (type !== EventType.NodeChildrenChanged) fired.add(w);
          } else if (!atParent) {
            fired.add(w);
            if (mode === WatcherMode.STANDARD) {
              m.delete(w);
              this.byWatcher.get(w)?.delete(local);
            }
          }
        }
        if (m.size === 0) this.table.delete(local);
      }
      if (this.recursiveCount === 0 || local === "/") break;
      const i = local.lastIndexOf("/");
      local = i <= 0 ? "/" : local.slice(0, i);
      atParent = true;
    }
    for (const w of fired) if (!suppress?.has(w)) w.process(type, path);
    return fired;
  }

  removeWatcher(path: string, w: Watcher): boolean {
    const m = this.table.get(path);
    if (!m) return false;
    const mode = m.get(w);
    if (mode === undefined) return false;
    if (mode === WatcherMode.PERSISTENT_RECURSIVE) this.recursiveCount--;
    m.delete(w);
    if (m.size === 0) this.table.delete(path);
    this.byWatcher.get(w)?.delete(path);
    return true;
  }

  containsWatcher(path: string, w: Watcher): boolean {
    return this.table.get(path)?.has(w) ?? false;
  }

  /** Drop every watch of a closed connection. */
  removeAll(w: Watcher): void {
    const ps = this.byWatcher.get(w);
    if (!ps) return;
    for (const p of ps) {
      const m = this.table.get(p);
      if (!m) continue;
      if (m.get(w) === WatcherMode.PERSISTENT_RECURSIVE) this.recursiveCount--;
      m.delete(w);
      if (m.size === 0) this.table.delete(p);
    }
    this.byWatcher.delete(w);
  }

  size(): number {
    let n = 0;
    for (const m of this.table.values()) n += m.size;
    return n;
  }
  pathCount(): number {
    return this.table.size;
  }
  watcherCount(): number {
    let n = 0;
    for (const ps of this.byWatcher.values()) if (ps.size > 0) n++;
    return n;
  }
  /** path -> session ids (wchp) */
  byPath(): Map<string, bigint[]> {
    const out = new Map<string, bigint[]>();
    for (const [p, m] of this.table) out.set(p, [...m.keys()].map((w) => w.sessionId));
    return out;
  }
  /** session id -> paths (wchc) */
  bySession(): Map<bigint, string[]> {
    const out = new Map<bigint, string[]>();
    for (const [w, ps] of this.byWatcher) {
      if (ps.size === 0) continue;
      const l = out.get(w.sessionId) ?? [];
      l.push(...ps);
      out.set(w.sessionId, l);
    }
    return out;
  }
  pathsOf(w: Watcher): string[] {
    return [...(this.byWatcher.get(w) ?? [])];
  }
}
