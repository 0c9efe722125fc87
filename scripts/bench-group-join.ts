/**
 * Group stabilization benchmark (kafkajs consumers): a group of MEMBERS consumers is Stable; one
 * more member joins; we time from its run() call until every member (old and new) has received
 * its assignment for the new generation (kafkajs GROUP_JOIN events). Existing members learn of the
 * rebalance from a heartbeat answer (REBALANCE_IN_PROGRESS), so the figure is bounded below by the
 * heartbeat interval; it is measured for several intervals.
 *
 *   node dist/scripts/bench-group-join.js BOOTSTRAP [MEMBERS=10] [RUNS=3] [HEARTBEAT_MS=100,500,3000]
 * Prints one line per run and a median per heartbeat interval: "group-join heartbeat_ms=... members=... stabilize_ms=..."
 */
import { Kafka, logLevel, type Consumer } from "kafkajs";

const [bootstrap = "127.0.0.1:9092", membersArg = "10", runsArg = "3", hbArg = "100,500,3000"] = process.argv.slice(2);
const MEMBERS = Number(membersArg);
const RUNS = Number(runsArg);
const HEARTBEATS = hbArg.split(",").map(Number);

const kafka = new Kafka({ clientId: "bench-join", brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 20, initialRetryTime: 100 } });
const TOPIC = `bench-join-${Date.now()}`;

async function until(cond: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function once(heartbeatInterval: number, run: number): Promise<number> {
  const groupId = `bench-join-${heartbeatInterval}-${run}-${Date.now()}`;
  const joins = new Map<Consumer, number>(); // GROUP_JOIN events seen per member
  const consumers: Consumer[] = [];
  const start = async () => {
    const c = kafka.consumer({ groupId, sessionTimeout: 30_000, rebalanceTimeout: 30_000, heartbeatInterval, maxWaitTimeInMs: 100 });
    c.on(c.events.GROUP_JOIN, () => joins.set(c, (joins.get(c) ?? 0) + 1));
    consumers.push(c);
    await c.connect();
    await c.subscribe({ topic: TOPIC, fromBeginning: false });
    await c.run({ eachMessage: async () => undefined });
    return c;
  };
  try {
    await Promise.all(Array.from({ length: MEMBERS }, () => start()));
    // Stable: every member joined, and no rebalance for a while
    let last = "";
    for (let quiet = 0; quiet < 10;) {
      await until(() => consumers.every((c) => joins.has(c)), 60_000);
      const now = consumers.map((c) => joins.get(c)).join(",");
      quiet = now === last ? quiet + 1 : 0;
      last = now;
      await new Promise((r) => setTimeout(r, 100));
    }
    const before = new Map(joins);
    const t0 = process.hrtime.bigint();
    await start();
    await until(() => consumers.every((c) => (joins.get(c) ?? 0) > (before.get(c) ?? 0)), 60_000);
    return Number(process.hrtime.bigint() - t0) / 1e6;
  } finally {
    await Promise.all(consumers.map((c) => c.disconnect().catch(() => undefined)));
  }
}

async function main(): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: MEMBERS + 2 }], waitForLeaders: true });
  await admin.disconnect();
  for (const hb of HEARTBEATS) {
    const times: number[] = [];
    for (let r = 1; r <= RUNS; r++) {
      const ms = await once(hb, r);
      times.push(ms);
      process.stderr.write(`  heartbeat ${hb} ms run ${r}: ${ms.toFixed(0)} ms\n`);
    }
    times.sort((a, b) => a - b);
    console.log(`group-join heartbeat_ms=${hb} members=${MEMBERS}+1 stabilize_ms=${times[Math.floor(times.length / 2)]!.toFixed(0)} min_ms=${times[0]!.toFixed(0)} max_ms=${times.at(-1)!.toFixed(0)}`);
  }
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
