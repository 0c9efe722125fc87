import { describe, expect, it } from "vitest";
import { MetadataCache } from "../../../broker/metadata-cache.js";

describe("MetadataCache", () => {
  it("tracks topics, partition states and readiness; waiters wake on updates or time out", async () => {
    const m = new MetadataCache();
    m.upsertTopic("t", "id1", new Map([[0, [0]], [1, [0]]]));
    expect(m.isTopicReady("t")).toBe(false);
    const ready = m.waitFor(() => m.isTopicReady("t"), 2000);
    m.setPartitionState("t", 0, { leader: 0, leaderEpoch: 0, isr: [0], controllerEpoch: 1, leaderRecoveryState: 0 });
    m.setPartitionState("t", 1, { leader: 0, leaderEpoch: 0, isr: [0], controllerEpoch: 1, leaderRecoveryState: 0 });
    await expect(ready).resolves.toBe(true);
    expect(m.topicById("id1")?.name).toBe("t");
    m.upsertTopic("t", "id1", new Map([[0, [0]], [1, [0]], [2, [0]]]));
    expect(m.isTopicReady("t")).toBe(false); // new partition without a leader yet
    await expect(m.waitFor(() => m.topics.has("never"), 50)).resolves.toBe(false);
    m.removeTopic("t");
    expect(m.topics.size).toBe(0);
  });
});
