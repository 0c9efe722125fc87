/** A Scheduler driven by hand: timers fire only when the test advances time. */
import type { Scheduler } from "../../../broker/group/group.js";

export class ManualClock implements Scheduler {
  private t = 1_000_000;
  private timers: { at: number; seq: number; fn: () => void }[] = [];
  private seq = 0;
  now(): number { return this.t; }
  schedule(ms: number, fn: () => void): () => void {
    const timer = { at: this.t + ms, seq: this.seq++, fn };
    this.timers.push(timer);
    return () => { this.timers = this.timers.filter((x) => x !== timer); };
  }
  /** Move time forward by ms, firing due timers in order. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
      await flush();
    }
    this.t = end;
    await flush();
  }
  get pending(): number { return this.timers.length; }
}

export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}
