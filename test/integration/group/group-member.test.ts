/** Our client's GroupMember (for kafka-console-consumer.sh --group) against the broker. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cluster } from "../../../broker/client/cluster.js";
import { GroupMember } from "../../../broker/client/group-member.js";
import { startBroker, startZooKeeper, type Broker, type ZooKeeperForTests } from "../../helpers/broker.js";
import { eventually, removeTempDirs, run, stopAll } from "../../helpers/procs.js";

let zk: ZooKeeperForTests;
let broker: Broker;
const clusters: Cluster[] = [];

beforeAll(async () => {
  zk = await startZooKeeper();
  broker = await startBroker({ zkConnect: zk.connectString });
  const r = await run("bash", ["bin/kafka-topics.sh", "--bootstrap-server", broker.bootstrap, "--create", "--topic", "gm", "--partitions", "3"], { timeoutMs: 30_000 });
  expect(r.code).toBe(0);
}, 60_000);

afterAll(async () => {
  for (const c of clusters) await c.close();
  await stopAll();
  removeTempDirs();
});

function member(clientId: string): GroupMember {
  const cluster = new Cluster(broker.bootstrap, { clientId });
  clusters.push(cluster);
  return new GroupMember(cluster, { groupId: "gm-g", clientId, sessionTimeoutMs: 6000, rebalanceTimeoutMs: 10_000, heartbeatIntervalMs: 200 });
}

describe("GroupMember", () => {
  it("joins, splits partitions by range on rebalance, commits, and leaves", async () => {
    const a = member("a");
    expect(await a.join(["gm"])).toEqual([0, 1, 2].map((partition) => ({ topic: "gm", partition })));
    await a.commit([{ topic: "gm", partition: 0, offset: 0n }]);
    const b = member("b");
    const pb = b.join(["gm"]);
    await eventually(() => a.rebalanceNeeded, 10_000);
    const [ra, rb] = await Promise.all([a.join(["gm"]), pb]);
    expect(ra).toEqual([{ topic: "gm", partition: 0 }, { topic: "gm", partition: 1 }]);
    expect(rb).toEqual([{ topic: "gm", partition: 2 }]);
    expect(a.generationId).toBe(b.generationId);
    await b.commit([{ topic: "gm", partition: 2, offset: 0n }]);
    expect([...(await a.committed([{ topic: "gm", partition: 0 }, { topic: "gm", partition: 1 }, { topic: "gm", partition: 2 }]))]).toEqual([["gm-0", 0n], ["gm-2", 0n]]);
    const d = await run("bash", ["bin/kafka-consumer-groups.sh", "--bootstrap-server", broker.bootstrap, "--describe", "--group", "gm-g", "--members"], { timeoutMs: 30_000 });
    expect(d.stdout).toMatch(/gm-g +a-\S+ +\/127\.0\.0\.1 +a +2/);
    expect(d.stdout).toMatch(/gm-g +b-\S+ +\/127\.0\.0\.1 +b +1/);
    await b.close();
    await eventually(() => a.rebalanceNeeded, 10_000);
    expect(await a.join(["gm"])).toHaveLength(3);
    await a.close();
    const s = await run("bash", ["bin/kafka-consumer-groups.sh", "--bootstrap-server", broker.bootstrap, "--describe", "--group", "gm-g", "--state"], { timeoutMs: 30_000 });
    expect(s.stdout).toMatch(/gm-g +127\.0\.0\.1:\d+ \(0\) +Empty +0/);
  });
});
