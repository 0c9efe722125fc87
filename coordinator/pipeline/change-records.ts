/**
 * Outstanding changes (ZooKeeper's ChangeRecord): the state each znode will have once the
 * writes already prepped but not yet applied are applied. Prep reads through this overlay so
 * that pipelined writes see each other (versions, sequence numbers, existence, child counts).
 */
import type { Acl, DataTree } from "../data-tree.js";
import type { JavaHashSet } from "../java-hash-set.js";
import { Code, KeeperError } from "../jute/errors.js";

export interface ChangeRecord {
  zxid: number;
  path: string;
  /** false: the node will be deleted */
  exists: boolean;
  version: number;
  cversion: number;
  aversion: number;
  ephemeralOwner: bigint;
  childCount: number;
  acl: Acl[];
}

export class ChangeRecords {
  private readonly byPath = new Map<string, ChangeRecord>();
  private readonly queue: ChangeRecord[] = [];
  private head = 0;
  private journal: Map<string, ChangeRecord | undefined> | null = null;
  private journalMark = 0;

  constructor(private readonly tree: DataTree) {}

  get(path: string): ChangeRecord | undefined {
    const c = this.byPath.get(path);
    if (c) return c;
    const n = this.tree.getNode(path);
    if (!n) return undefined;
    return {
      zxid: -1, path, exists: true, version: n.version, cversion: n.cversion, aversion: n.aversion,
      ephemeralOwner: n.ephemeralOwner, childCount: n.numChildren(), acl: this.tree.getAcl(n),
    };
  }

  /** The record for an existing node, or NONODE. */
  require(path: string): ChangeRecord {
    const c = this.get(path);
    if (!c || !c.exists) throw new KeeperError(Code.NONODE, path);
    return c;
  }

  exists(path: string): boolean {
    const c = this.get(path);
    return !!c && c.exists;
  }

  add(c: ChangeRecord): void {
    if (this.journal && !this.journal.has(c.path)) this.journal.set(c.path, this.byPath.get(c.path));
    this.byPath.set(c.path, c);
    this.queue.push(c);
  }

  /** Start recording changes so they can be undone together (a multi). */
  begin(): void {
    this.journal = new Map();
    this.journalMark = this.queue.length;
  }

  /** Undo every change since begin() (a failed multi op). Recording continues. */
  rollback(): void {
    if (!this.journal) return;
    this.queue.length = this.journalMark;
    for (const [p, c] of this.journal) {
      if (c) this.byPath.set(p, c);
      else this.byPath.delete(p);
    }
    this.journal.clear();
  }

  /** Stop recording (the multi is prepped). */
  end(): void {
    this.journal = null;
  }

  /** After the txn with `zxid` is applied: forget records it made current. */
  applied(zxid: number): void {
    while (this.head < this.queue.length && this.queue[this.head]!.zxid <= zxid) {
      const c = this.queue[this.head++]!;
      if (this.byPath.get(c.path) === c) this.byPath.delete(c.path);
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }

  /** Ephemerals a closing session will own once pending changes apply. */
  pendingEphemeralsOf(sessionId: bigint, es: JavaHashSet): string[] {
    for (let i = this.head; i < this.queue.length; i++) {
      const c = this.queue[i]!;
      if (!c.exists) es.delete(c.path);
      else if (c.ephemeralOwner === sessionId) es.add(c.path);
    }
    return [...es.values()];
  }
}
