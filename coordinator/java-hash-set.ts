/**
 * A set of strings that iterates in the order a java.util.HashSet<String> would, so the lists
 * ZooKeeper builds from its HashSets (children, a session's ephemerals, the paths a closing
 * session deletes) come out in the same order. HashMap's rules: bucket = spread(String.hashCode)
 * & (capacity - 1); a bucket keeps insertion order; the table doubles past 3/4 load and, below
 * 64 buckets, when one bucket would hold a 9th entry; it never shrinks. (Treeified buckets, which
 * need 9+ colliding names in a 64+ table, are not modelled.)
 */
function bucketOf(s: string, cap: number): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return (h ^ (h >>> 16)) & (cap - 1);
}

/** HashMap.tableSizeFor */
function tableSizeFor(n: number): number {
  let c = 1;
  while (c < n) c *= 2;
  return Math.max(1, c);
}

export class JavaHashSet {
  private readonly items = new Set<string>();
  private order: string[] | null = null;
  /** 0 until the first add allocates the table (Java allocates lazily). */
  private cap = 0;

  /** `initialCapacity` as passed to new HashSet<>(n) (16 for the no-argument constructor). */
  constructor(private readonly initialCapacity = 16) {}

  get size(): number {
    return this.items.size;
  }

  has(s: string): boolean {
    return this.items.has(s);
  }

  add(s: string): boolean {
    if (this.items.has(s)) return false;
    if (this.cap === 0) this.cap = tableSizeFor(this.initialCapacity);
    this.items.add(s);
    this.order = null;
    if (this.cap < 64) {
      const b = bucketOf(s, this.cap);
      let inBin = 0;
      for (const c of this.items) if (c !== s && bucketOf(c, this.cap) === b) inBin++;
      if (inBin >= 8) this.cap *= 2;
    }
    if (this.items.size > this.cap * 0.75) this.cap *= 2;
    return true;
  }

  delete(s: string): boolean {
    const had = this.items.delete(s);
    if (had) this.order = null;
    return had;
  }

  /** The elements in Java's iteration order (cached until the set changes; do not mutate). */
  values(): string[] {
    if (this.order) return this.order;
    const cap = this.cap;
    const keyed = [...this.items].map((n, i) => ({ n, i, b: bucketOf(n, cap) }));
    keyed.sort((x, y) => x.b - y.b || x.i - y.i);
    this.order = keyed.map((k) => k.n);
    return this.order;
  }

  [Symbol.iterator](): Iterator<string> {
    return this.values()[Symbol.iterator]();
  }

  /** HashSet.clone(): a new table pre-sized for the current size, filled in iteration order. */
  clone(): JavaHashSet {
    const out = new JavaHashSet(16);
    const n = this.items.size;
    if (n > 0) out.cap = tableSizeFor(Math.floor(n / 0.75 + 1));
    for (const s of this.values()) out.add(s);
    return out;
  }
}
