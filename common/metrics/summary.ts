/**
 * A summary with cheap quantiles: count and sum of every observation, quantiles over the most
 * recent RESERVOIR observations (a ring buffer, like the 1028-sample reservoir of the Yammer
 * histograms behind Kafka's RequestMetrics). observe() is two additions and a store; the sort
 * happens only when the summary is scraped.
 */
const RESERVOIR = 1028;

export const DEFAULT_QUANTILES = [0.5, 0.75, 0.95, 0.98, 0.99, 0.999] as const;

export class SlidingSummary {
  count = 0;
  sum = 0;
  max = 0;
  private readonly ring = new Float64Array(RESERVOIR);
  private next = 0;

  observe(v: number): void {
    this.count++;
    this.sum += v;
    if (v > this.max) this.max = v;
    this.ring[this.next] = v;
    this.next = this.next + 1 === RESERVOIR ? 0 : this.next + 1;
  }

  /** Quantiles over the retained samples (nearest rank); NaN when nothing was observed. */
  quantiles(qs: readonly number[] = DEFAULT_QUANTILES): number[] {
    const n = Math.min(this.count, RESERVOIR);
    if (n === 0) return qs.map(() => NaN);
    const sorted = this.ring.slice(0, n).sort();
    return qs.map((q) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))]!);
  }
}
