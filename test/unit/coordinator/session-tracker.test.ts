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
  it("expires an untouched session on a tick boundary after its timeout, and not a touched one", async () => {
    const expired: bigint[] = [];
    const t = new SessionTracker(50, (s) => expired.push(s.id));
    t.start();
    try {
      const a = t.newSessionId();
      const b = t.newSessionId();
      t.add(a, 100);
      t.add(b, 100);
      expect(t.sessions.get(a)!.expireAt % 50).toBe(0);
      const keep = setInterval(() => t.touchSession(b), 20);
      await new Promise((r) => setTimeout(r, 400));
      clearInterval(keep);
      expect(expired).toEqual([a]);
      expect(t.touchSession(a)).toBe(false);
      expect(t.touchSession(b)).toBe(true);
    } finally {
      t.stop();
    }
  });
});
