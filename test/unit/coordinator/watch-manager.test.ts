/** WatchManager: one-shot, persistent and recursive watches; one event per connection. */
import { describe, expect, it } from "vitest";
import { WatchManager, WatcherMode, type Watcher } from "../../../coordinator/watch-manager.js";
import { EventType } from "../../../coordinator/jute/op-codes.js";

function watcher(id: bigint) {
  const events: string[] = [];
  const w: Watcher = { sessionId: id, process: (type, path) => events.push(`${type}:${path}`) };
  return { w, events };
}

describe("WatchManager", () => {
  it("fires a standard watch once", () => {
    const m = new WatchManager();
    const a = watcher(1n);
    m.addWatch("/a", a.w);
    m.triggerWatch("/a", EventType.NodeDataChanged);
    m.triggerWatch("/a", EventType.NodeDataChanged);
    expect(a.events).toEqual(["3:/a"]);
    expect(m.size()).toBe(0);
  });

  it("keeps persistent watches and fires recursive ones for descendants but not for child events", () => {
    const m = new WatchManager();
    const p = watcher(1n), r = watcher(2n);
    m.addWatch("/a", p.w, WatcherMode.PERSISTENT);
    m.addWatch("/a", r.w, WatcherMode.PERSISTENT_RECURSIVE);
    m.triggerWatch("/a", EventType.NodeDataChanged);
    m.triggerWatch("/a", EventType.NodeDataChanged);
    m.triggerWatch("/a/b/c", EventType.NodeCreated);
    m.triggerWatch("/a", EventType.NodeChildrenChanged);
    expect(p.events).toEqual(["3:/a", "3:/a", "4:/a"]);
    expect(r.events).toEqual(["3:/a", "3:/a", "1:/a/b/c"]);
  });

  it("suppresses connections already notified and removes all of a closed connection's watches", () => {
    const m = new WatchManager();
    const a = watcher(1n);
    m.addWatch("/x", a.w);
    m.addWatch("/y", a.w);
    const fired = m.triggerWatch("/x", EventType.NodeDeleted);
    const other = new WatchManager();
    other.addWatch("/x", a.w);
    other.triggerWatch("/x", EventType.NodeDeleted, fired);
    expect(a.events).toEqual(["2:/x"]);
    m.removeAll(a.w);
    expect(m.size()).toBe(0);
    expect(m.removeWatcher("/y", a.w)).toBe(false);
  });

  it("reports watches by path and by session", () => {
    const m = new WatchManager();
    const a = watcher(10n), b = watcher(11n);
    m.addWatch("/p", a.w);
    m.addWatch("/p", b.w);
    m.addWatch("/q", a.w);
    expect(m.byPath().get("/p")).toEqual([10n, 11n]);
    expect(m.bySession().get(10n)).toEqual(["/p", "/q"]);
    expect(m.pathCount()).toBe(2);
    expect(m.containsWatcher("/q", a.w)).toBe(true);
  });
});

describe("ZooKeeper 3.8 quirk", () => {
  it("a one-shot watch set over a persistent one of the same connection makes it one-shot", () => {
    const m = new WatchManager();
    const a = watcher(1n);
    m.addWatch("/p", a.w, WatcherMode.PERSISTENT);
    m.addWatch("/p", a.w);
    m.triggerWatch("/p", EventType.NodeDataChanged);
    m.triggerWatch("/p", EventType.NodeDataChanged);
    expect(a.events).toEqual(["3:/p"]);
  });
});
