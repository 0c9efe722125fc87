/** SessionTracker: ZooKeeper's session ids and passwords, tick-bucketed expiry. */
import { describe, expect, it } from "vitest";
import { SessionTracker, initialSessionId, sessionPassword } from "../../../coordinator/session-tracker.js";

describe("session ids and passwords", () => {
  it("derives the password as ZooKeeper does (java.util.Random(id ^ 0xB3415C00))", () => {
    // captured from Apache ZooKeeper 3.8 (kazoo client_id)
    expect(sessionPassword(0x100000a0b530007n).toString("hex")).toBe("a87ba559b035701645b7ea6c142234d5");
  });
  it("puts the server id in the top byte", () => {
    const id = initialSessionId(1, 1_700_000_000_000);
    expect(id >> 56n).toBe(1n);
    expect(id & 0xffffn).toBe(0n);
  });
});

describe("expiry", () => {
  it("expires an untouched session on a tick boundary after its timeout, and not one with time left", async () => {
    const expired: { id: bigint; at: number }[] = [];
    const t = new SessionTracker(50, (s) => expired.push({ id: s.id, at: s.expireAt }));
    t.start();
    try {
      const a = t.newSessionId();
      const b = t.newSessionId();
      t.add(a, 100);
      t.add(b, 10_000);
      expect(t.sessions.get(a)!.expireAt % 50).toBe(0);
      const end = Date.now() + 5000;
      while (expired.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      expect(expired.map((e) => e.id)).toEqual([a]);
      expect(expired[0]!.at % 50).toBe(0);
      expect(t.touchSession(a)).toBe(false);
      expect(t.touchSession(b)).toBe(true);
    } finally {
      t.stop();
    }
  });
});
