/**
 * Two brokers started with the same server.properties but another port (the classic copy-paste
 * mistake when setting up a second broker): the second refuses to start with Kafka's lock message
 * instead of sharing the files; after the first is killed with SIGKILL, it starts on the dir.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, startZooKeeper, type Broker, type ZooKeeperForTests } from "../../helpers/broker.js";
import { removeTempDirs, stopAll } from "../../helpers/procs.js";

let zk: ZooKeeperForTests;
let first: Broker;
beforeAll(async () => {
  zk = await startZooKeeper();
  first = await startBroker({ zkConnect: zk.connectString, brokerId: 0 });
}, 60_000);
afterAll(async () => { await stopAll(); removeTempDirs(); });

describe("log dir lock", () => {
  it("a second broker on the same log dir fails to start; the dir is free again after the owner dies", async () => {
    let error = "";
    try {
      await startBroker({ zkConnect: zk.connectString, brokerId: 0, logDir: first.logDir, startTimeoutMs: 20_000 });
    } catch (e) {
      error = String(e);
    }
    expect(error).toContain(`Failed to acquire lock on file .lock in ${first.logDir}. A Kafka instance in another process or thread is using this directory.`);
    await first.kill9();
    const again = await startBroker({ zkConnect: zk.connectString, brokerId: 0, logDir: first.logDir });
    await again.stop();
  });
});
