/** The native `zookeeper` npm package (C client) against our coordinator. */
import { afterAll, beforeAll, expect, it } from "vitest";
import ZooKeeper from "zookeeper";
import { eventually, removeTempDirs, stopAll } from "../../helpers/procs.js";
import { startCoordinator, type Coordinator } from "./coordinator-harness.js";

let zk: Coordinator;
let client: ZooKeeper;

beforeAll(async () => {
  zk = await startCoordinator({ "zookeeper.extendedTypesEnabled": "true" });
  client = new ZooKeeper({ connect: zk.connectString, timeout: 5000, debug_level: ZooKeeper.constants.ZOO_LOG_LEVEL_ERROR, host_order_deterministic: false });
  await new Promise<void>((res, rej) => {
    const t = setTimeout(() => rej(new Error("native client did not connect")), 10_000);
    client.once("connect", () => { clearTimeout(t); res(); });
    client.init({});
  });
});
afterAll(async () => {
  await client.close();
  await stopAll();
  removeTempDirs();
});

it("creates, gets, sets and checks existence", async () => {
  expect(await client.create("/native", "v1", ZooKeeper.constants.ZOO_PERSISTENT)).toBe("/native");
  const [stat, data] = (await client.get("/native", false)) as [{ version: number; dataLength: number }, Buffer];
  expect(data.toString()).toBe("v1");
  expect(stat.version).toBe(0);
  const st2 = (await client.set("/native", "v2", 0)) as { version: number };
  expect(st2.version).toBe(1);
  expect(await client.pathExists("/native", false)).toBe(true);
  expect(await client.pathExists("/native-none", false)).toBe(false);
  const seq = await client.create("/native/s-", "", ZooKeeper.constants.ZOO_EPHEMERAL_SEQUENTIAL);
  expect(seq).toBe("/native/s-0000000000");
  expect(await client.get_children("/native", false)).toEqual(["s-0000000000"]);
});

it("delivers a data watch", async () => {
  await client.create("/nwatch", "a", ZooKeeper.constants.ZOO_PERSISTENT);
  const events: number[] = [];
  await client.w_get("/nwatch", (type: number) => events.push(type));
  await client.set("/nwatch", "b", -1);
  await eventually(() => events.length === 1);
  expect(events).toEqual([ZooKeeper.constants.ZOO_CHANGED_EVENT]);
});

it("creates containers (op createContainer) and TTL nodes (op createTTL)", async () => {
  await client.create("/ncont", "", ZooKeeper.constants.ZOO_CONTAINER);
  const st = (await client.exists("/ncont", false)) as unknown as { ephemeralOwner: string };
  expect(st.ephemeralOwner).toBe("0"); // containers report 0, as DataNode.getClientEphemeralOwner does
  expect(await client.create("/nttl", "", ZooKeeper.constants.ZOO_PERSISTENT_WITH_TTL, 60_000)).toBe("/nttl");
});
