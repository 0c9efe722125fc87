/**
 * kafka-console-consumer with consumer groups, as Kafka's ConsoleConsumer: `--group G` commits
 * and a second run resumes after the last commit; no group → a fresh console-consumer-NNNNN group
 * (listed by kafka-consumer-groups.sh) reading from the beginning when asked; conflicting group
 * ids are refused with Kafka's message.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { startBroker, startZooKeeper, type Broker, type ZooKeeperForTests } from "../../helpers/broker.js";
import { removeTempDirs, stopAll } from "../../helpers/procs.js";
import { runBuilt } from "./tool-run.js";

let zk: ZooKeeperForTests;
let broker: Broker;
const tool = (name: string, args: string[], input = "") => runBuilt(name, ["--bootstrap-server", broker.bootstrap, ...args], { input, timeoutMs: 40_000 });
const lines = (s: string) => s.split("\n").filter((l) => l !== "");

beforeAll(async () => {
  zk = await startZooKeeper();
  broker = await startBroker({ zkConnect: zk.connectString, overrides: { "group.initial.rebalance.delay.ms": "0", "offsets.topic.num.partitions": "3" } });
  const r = await tool("kafka-topics", ["--create", "--topic", "cg", "--partitions", "2", "--replication-factor", "1"]);
  expect(r.code, r.stderr).toBe(0);
});
afterAll(async () => {
  await broker?.stop();
  await zk?.stop();
  await stopAll();
  removeTempDirs();
});

it("--group commits and a second run resumes after the last commit; a group-less run gets console-consumer-NNNNN", async () => {
  expect((await tool("kafka-console-producer", ["--topic", "cg"], "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n")).code).toBe(0);
  const first = await tool("kafka-console-consumer", ["--topic", "cg", "--group", "cg-group", "--from-beginning", "--max-messages", "10"]);
  expect(first.code, first.stderr).toBe(0);
  expect(lines(first.stdout).map(Number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  expect(first.stderr).toContain("Processed a total of 10 messages");

  expect((await tool("kafka-console-producer", ["--topic", "cg"], "11\n12\n13\n")).code).toBe(0);
  const second = await tool("kafka-console-consumer", ["--topic", "cg", "--consumer-property", "group.id=cg-group", "--from-beginning", "--timeout-ms", "4000"]);
  expect(lines(second.stdout).map(Number).sort((a, b) => a - b)).toEqual([11, 12, 13]);

  const anon = await tool("kafka-console-consumer", ["--topic", "cg", "--from-beginning", "--timeout-ms", "4000"]);
  expect(lines(anon.stdout)).toHaveLength(13);

  // as Kafka's consumer (allConsumed()), every assigned partition gets a committed offset, also one
  // that returned no records: --describe lists both partitions with LAG 0
  const describe = await tool("kafka-consumer-groups", ["--describe", "--group", "cg-group"]);
  const rows = lines(describe.stdout).filter((l) => l.startsWith("cg-group "));
  expect(rows.map((r) => r.split(/\s+/).slice(1, 3).join(":")).sort(), describe.stdout).toEqual(["cg:0", "cg:1"]);
  expect(rows.every((r) => r.split(/\s+/)[5] === "0"), describe.stdout).toBe(true);

  const list = await tool("kafka-consumer-groups", ["--list"]);
  expect(lines(list.stdout)).toContain("cg-group");
  expect(lines(list.stdout).some((g) => /^console-consumer-\d+$/.test(g))).toBe(true);
});

it("refuses group ids that disagree, with Kafka's message", async () => {
  const r = await tool("kafka-console-consumer", ["--topic", "cg", "--group", "a", "--consumer-property", "group.id=b", "--timeout-ms", "1000"]);
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain("The group ids provided in different places (directly using '--group', via '--consumer-property', or via '--consumer.config') do not match. Detected group ids: 'a', 'b'");
});
