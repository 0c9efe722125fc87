/** Request counters and latencies (ServerStats), shared by the server, connections and 4lw. */
export class LatencyStats {
  min = Number.MAX_SAFE_INTEGER;
  max = 0;
  total = 0;
  count = 0;
  add(ms: number): void {
    if (ms < this.min) this.min = ms;
    if (ms > this.max) this.max = ms;
    this.total += ms;
    this.count++;
  }
  reset(): void {
    this.min = Number.MAX_SAFE_INTEGER;
    this.max = 0;
    this.total = 0;
    this.count = 0;
  }
  minOrZero(): number {
    return this.count === 0 ? 0 : this.min;
  }
  /** Java's double formatting of a 4-decimal average ("0.0", "1.0513"). */
  avgText(): string {
    const v = this.count === 0 ? 0 : Math.round((this.total / this.count) * 10000) / 10000;
    return Number.isInteger(v) ? `${v}.0` : String(v);
  }
}

export class ServerStats {
  packetsReceived = 0;
  packetsSent = 0;
  authFailed = 0;
  readonly latency = new LatencyStats();
  readonly startedAt = Date.now();
  lastResponseSize = 0;
  minResponseSize = Number.MAX_SAFE_INTEGER;
  maxResponseSize = 0;
  reset(): void {
    this.packetsReceived = 0;
    this.packetsSent = 0;
    this.latency.reset();
  }
}
