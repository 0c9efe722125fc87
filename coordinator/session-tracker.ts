/**
 * Sessions and their expiry, as ZooKeeper's SessionTrackerImpl does it: expiry times are
 * rounded up to the next tick (expirationInterval = tickTime) and sessions sit in one bucket
 * per tick; every tick the due bucket is expired as a whole. Touching a session (any packet)
 * moves it to the bucket of now + timeout.
 *
 * Session ids as ZooKeeper makes them: (serverId << 56) | ((now_ms << 24) >>> 8), then +1 per
 * session; the 16-byte password is java.util.Random(sessionId ^ 0xB3415C00).nextBytes, so it
 * can be recomputed after a restart without being stored.
 */

export interface Session {
  readonly id: bigint;
  timeout: number;
  expireAt: number;
  closing: boolean;
}

const SUPER_SECRET = 0xb3415c00n;
const MASK48 = (1n << 48n) - 1n;

/** java.util.Random(seed).nextBytes(16) */
export function sessionPassword(sessionId: bigint): Buffer {
  let seed = (BigInt.asIntN(64, sessionId ^ SUPER_SECRET) ^ 0x5deece66dn) & MASK48;
  const next32 = (): number => {
    seed = (seed * 0x5deece66dn + 0xbn) & MASK48;
    return Number(BigInt.asIntN(32, seed >> 16n));
  };
  const out = Buffer.alloc(16);
  for (let i = 0; i < 16; ) {
    let rnd = next32();
    for (let n = Math.min(16 - i, 4); n-- > 0; rnd >>= 8) out[i++] = rnd & 0xff;
  }
  return out;
}

export function initialSessionId(serverId: number, nowMs = Date.now()): bigint {
  const t = BigInt.asUintN(64, BigInt(nowMs) << 24n) >> 8n;
  return BigInt.asIntN(64, t | (BigInt(serverId) << 56n));
}

export class SessionTracker {
  readonly sessions = new Map<bigint, Session>();
  private readonly buckets = new Map<number, Set<Session>>();
  private nextId: bigint;
  private nextExpiration: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly tickTime: number,
    private readonly onExpire: (s: Session) => void,
    serverId = 1,
  ) {
    this.nextId = initialSessionId(serverId);
    this.nextExpiration = this.roundToNextInterval(Date.now());
  }

  private roundToNextInterval(t: number): number {
    return (Math.floor(t / this.tickTime) + 1) * this.tickTime;
  }

  start(): void {
    const loop = () => {
      const now = Date.now();
      while (this.nextExpiration <= now) {
        const b = this.buckets.get(this.nextExpiration);
        this.buckets.delete(this.nextExpiration);
        this.nextExpiration += this.tickTime;
        if (b) for (const s of b) { s.closing = true; this.onExpire(s); }
      }
      this.timer = setTimeout(loop, Math.max(1, this.nextExpiration - Date.now()));
    };
    this.timer = setTimeout(loop, Math.max(1, this.nextExpiration - Date.now()));
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  newSessionId(): bigint {
    let id = this.nextId;
    this.nextId = BigInt.asIntN(64, this.nextId + 1n);
    if (id === -0x8000000000000000n) id = this.newSessionId();
    return id;
  }

  /** Register a session (new or recovered) and schedule its expiry from now. */
  add(id: bigint, timeout: number): Session {
    let s = this.sessions.get(id);
    if (!s) {
      s = { id, timeout, expireAt: 0, closing: false };
      this.sessions.set(id, s);
    }
    s.timeout = timeout;
    this.touch(s);
    return s;
  }

  /** Returns false if the session is unknown or closing (expired). */
  touchSession(id: bigint): boolean {
    const s = this.sessions.get(id);
    if (!s || s.closing) return false;
    this.touch(s);
    return true;
  }

  touch(s: Session): void {
    const at = this.roundToNextInterval(Date.now() + s.timeout);
    if (s.expireAt === at) return;
    if (s.expireAt) this.buckets.get(s.expireAt)?.delete(s);
    s.expireAt = at;
    let b = this.buckets.get(at);
    if (!b) this.buckets.set(at, (b = new Set()));
    b.add(s);
  }

  setClosing(id: bigint): void {
    const s = this.sessions.get(id);
    if (s) s.closing = true;
  }

  remove(id: bigint): void {
    const s = this.sessions.get(id);
    if (!s) return;
    this.buckets.get(s.expireAt)?.delete(s);
    this.sessions.delete(id);
  }

  /** Session id -> timeout, for snapshots. */
  withTimeouts(): Map<bigint, number> {
    const m = new Map<bigint, number>();
    for (const s of this.sessions.values()) m.set(s.id, s.timeout);
    return m;
  }

  /** Buckets for the 4lw dump: expiry time -> session ids. */
  dumpBuckets(): [number, bigint[]][] {
    return [...this.buckets].filter(([, b]) => b.size > 0).sort((a, b) => a[0] - b[0]).map(([t, b]) => [t, [...b].map((s) => s.id)]);
  }
}
