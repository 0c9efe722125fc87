import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Kafka, logLevel, type Consumer } from "kafkajs";
import { startBroker, startZooKeeper, type Broker, type ZooKeeperForTests } from "../../helpers/broker.js";
import { eventually, removeTempDirs, run, stopAll } from "../../helpers/procs.js";

let zk: ZooKeeperForTests;
let broker: Broker;
let kafka: Kafka;
const open: Consumer[] = [];

const TOPIC = "clitopic";

beforeAll(async () => {
  zk = await startZooKeeper();
  broker = await startBroker({ zkConnect: zk.connectString });
  kafka = new Kafka({ clientId: "cli-test", brokers: [broker.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 100 } });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 3 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  for (let p = 0; p < 3; p++) await producer.send({ topic: TOPIC, messages: Array.from({ length: 10 }, (_, i) => ({ partition: p, value: `p${p}-${i}` })) });
  await producer.disconnect();
}, 60_000);

afterAll(async () => {
  await Promise.all(open.splice(0).map((c) => c.disconnect().catch(() => undefined)));
  await stopAll();
  removeTempDirs();
});

async function cg(...args: string[]) {
  let r = await run("bash", ["bin/kafka-consumer-groups.sh", "--bootstrap-server", broker.bootstrap, ...args], { timeoutMs: 30_000 });
  // a build running alongside (tsc rewriting dist/) can hand node a half-written module: run again
  for (let i = 0; i < 3 && /SyntaxError: .*does not provide an export|SyntaxError: Unexpected end of input/.test(r.stderr); i++) {
    await new Promise((res) => setTimeout(res, 1000));
    r = await run("bash", ["bin/kafka-consumer-groups.sh", "--bootstrap-server", broker.bootstrap, ...args], { timeoutMs: 30_000 });
  }
  if (/Exception|SyntaxError|Error: Executing/.test(r.stdout + r.stderr)) console.error(`kafka-consumer-groups ${args.join(" ")}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

async function consume(groupId: string, expected: number): Promise<{ consumer: Consumer; seen: string[] }> {
  const consumer = kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 200 });
  open.push(consumer);
  const seen: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  await consumer.run({ autoCommitInterval: 100, eachMessage: async ({ message }) => { seen.push(message.value!.toString()); } });
  await eventually(() => seen.length >= expected, 20_000);
  return { consumer, seen };
}

/** Data rows of a describe table: split on runs of spaces. */
function rows(stdout: string, first: string): string[][] {
  return stdout.split("\n").filter((l) => l.startsWith(first + " ")).map((l) => l.trim().split(/\s+/));
}

describe("kafka-consumer-groups.sh", () => {
  it("lists, describes (offsets, members, state) an active group; LAG falls to 0", async () => {
    const { consumer } = await consume("cli-g", 30);
    await eventually(async () => {
      const r = await cg("--describe", "--group", "cli-g");
      const rs = rows(r.stdout, "cli-g");
      return rs.length === 3 && rs.every((x) => x[5] === "0");
    }, 20_000);
    const d = await cg("--describe", "--group", "cli-g");
    expect(d.code).toBe(0);
    const lines = d.stdout.split("\n");
    expect(lines[0]).toBe("");
    expect(lines[1]).toMatch(/^GROUP {11}TOPIC {11}PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG {13}CONSUMER-ID +HOST +CLIENT-ID$/);
    const rs = rows(d.stdout, "cli-g");
    expect(rs.map((r) => r[2]).sort()).toEqual(["0", "1", "2"]);
    for (const r of rs) {
      expect(r.slice(1, 6)).toEqual([TOPIC, r[2], "10", "10", "0"]);
      expect(r[6]).toMatch(/^cli-test-/);
      expect(r[7]).toBe("/127.0.0.1");
      expect(r[8]).toBe("cli-test");
    }
    // columns are aligned: every row's TOPIC starts where the header's does
    const col = lines[1]!.indexOf("TOPIC");
    for (const l of lines.filter((x) => x.startsWith("cli-g "))) expect(l.indexOf(TOPIC)).toBe(col);

    const list = await cg("--list");
    expect(list.stdout.split("\n")).toContain("cli-g");
    const listState = await cg("--list", "--state");
    expect(listState.stdout).toMatch(/^GROUP {11}STATE\n/);
    expect(listState.stdout).toMatch(/cli-g {11}Stable/);
    expect((await cg("--list", "--state", "empty")).stdout).not.toContain("cli-g");

    const members = await cg("--describe", "--group", "cli-g", "--members", "--verbose");
    expect(members.stdout).toMatch(/GROUP +CONSUMER-ID +HOST +CLIENT-ID +#PARTITIONS +ASSIGNMENT/);
    expect(members.stdout).toMatch(/cli-g +cli-test-\S+ +\/127\.0\.0\.1 +cli-test +3 +clitopic\(0,1,2\)/);

    const state = await cg("--describe", "--group", "cli-g", "--state");
    expect(state.stdout).toMatch(/GROUP +COORDINATOR \(ID\) +ASSIGNMENT-STRATEGY +STATE +#MEMBERS/);
    expect(state.stdout).toMatch(new RegExp(`cli-g +127\\.0\\.0\\.1:${broker.port} \\(0\\) +RoundRobinAssigner +Stable +1`));

    const busy = await cg("--reset-offsets", "--group", "cli-g", "--topic", TOPIC, "--to-earliest", "--execute");
    expect(busy.stdout).toContain("Error: Assignments can only be reset if the group 'cli-g' is inactive, but the current state is Stable.");
    await consumer.disconnect();
  });

  it("reset-offsets: dry run changes nothing, --execute makes a consumer re-read", async () => {
    const empty = await cg("--describe", "--group", "cli-g");
    expect(empty.stderr).toContain("Consumer group 'cli-g' has no active members.");
    expect(rows(empty.stdout, "cli-g").map((r) => r.slice(3, 9))).toEqual([["10", "10", "0", "-", "-", "-"], ["10", "10", "0", "-", "-", "-"], ["10", "10", "0", "-", "-", "-"]]);

    const dry = await cg("--reset-offsets", "--group", "cli-g", "--topic", TOPIC, "--to-earliest", "--dry-run");
    expect(dry.stdout).toMatch(/GROUP {26}TOPIC {26}PARTITION  NEW-OFFSET/);
    expect(rows(dry.stdout, "cli-g").map((r) => r.slice(1))).toEqual([[TOPIC, "0", "0"], [TOPIC, "1", "0"], [TOPIC, "2", "0"]]);
    expect(rows((await cg("--describe", "--group", "cli-g")).stdout, "cli-g").every((r) => r[3] === "10")).toBe(true);

    const shift = await cg("--reset-offsets", "--group", "cli-g", "--topic", `${TOPIC}:1`, "--shift-by", "-3", "--dry-run");
    expect(rows(shift.stdout, "cli-g").map((r) => r.slice(1))).toEqual([[TOPIC, "1", "7"]]);
    const toOff = await cg("--reset-offsets", "--group", "cli-g", "--all-topics", "--to-offset", "50", "--dry-run");
    expect(rows(toOff.stdout, "cli-g").map((r) => r[3])).toEqual(["10", "10", "10"]);
    const dt = await cg("--reset-offsets", "--group", "cli-g", "--all-topics", "--to-datetime", "2000-01-01T00:00:00.000", "--dry-run");
    expect(rows(dt.stdout, "cli-g").map((r) => r[3])).toEqual(["0", "0", "0"]);
    const dur = await cg("--reset-offsets", "--group", "cli-g", "--all-topics", "--by-duration", "PT0S", "--dry-run");
    expect(rows(dur.stdout, "cli-g").map((r) => r[3])).toEqual(["10", "10", "10"]);

    const exec = await cg("--reset-offsets", "--group", "cli-g", "--topic", TOPIC, "--to-earliest", "--execute");
    expect(exec.code).toBe(0);
    expect(rows(exec.stdout, "cli-g").map((r) => r[3])).toEqual(["0", "0", "0"]);
    const lagged = rows((await cg("--describe", "--group", "cli-g")).stdout, "cli-g");
    expect(lagged.map((r) => r[5])).toEqual(["10", "10", "10"]);

    const { consumer, seen } = await consume("cli-g", 30);
    expect(seen.length).toBe(30);
    await consumer.disconnect();
  });

  it("delete-offsets and delete, with Kafka's messages", async () => {
    const dOff = await cg("--delete-offsets", "--group", "cli-g", "--topic", TOPIC);
    expect(dOff.stdout, dOff.stderr).toContain(`Request succeed for deleting offsets with topic ${TOPIC} group cli-g`);
    expect(dOff.stdout).toMatch(/TOPIC {26}PARTITION {7}STATUS/);
    expect(dOff.stdout).toMatch(new RegExp(`${TOPIC} +0 +Successful`));

    const del = await cg("--delete", "--group", "cli-g");
    expect(del.stdout.trim()).toBe("Deletion of requested consumer groups ('cli-g') was successful.");
    const gone = await cg("--describe", "--group", "cli-g");
    expect(gone.stdout).toContain("Error: Consumer group 'cli-g' does not exist.");
    const nope = await cg("--delete", "--group", "nope");
    expect(nope.stdout).toContain("Error: Deletion of some consumer groups failed:");
    expect(nope.stdout).toContain("* Group 'nope' could not be deleted due to: org.apache.kafka.common.errors.GroupIdNotFoundException: The group id does not exist.");
  });

  it("usage errors exit 1 with Kafka's messages", async () => {
    const none = await run("bash", ["bin/kafka-consumer-groups.sh"]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("List all consumer groups, describe a consumer group, delete consumer group info, or reset consumer group offsets.");
    const two = await cg("--list", "--describe");
    expect(two.code).toBe(1);
    expect(two.stderr).toContain("Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets");
    const noGroup = await cg("--describe");
    expect(noGroup.stderr).toContain("Option [describe] takes one of these options: [all-groups], [group]");
  });
});
