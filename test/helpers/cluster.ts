/**
 * A cluster of N brokers for tests: one ZooKeeper (our coordinator, or Apache ZooKeeper 3.8 when
 * asked / KTS_ZK=apache) and brokers 0..N-1 on free ports with their own log dirs, started in
 * parallel. Brokers can be SIGKILLed and restarted by id (same port, same log dir); `leaderOf`
 * asks any live broker's metadata (kafkajs admin) for a partition's leader.
 */
import { startBroker, startZooKeeper, type Broker, type ZooKeeperForTests } from "./broker.js";
import { startCoordinator } from "./coordinator.js";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Kafka, logLevel as kafkaLogLevel } from "kafkajs";
import { ROOT, eventually, run } from "./procs.js";

export interface ClusterOptions {
  brokers?: number;
  zk?: "auto" | "coordinator" | "apache";
  /** server.properties keys for every broker */
  overrides?: Record<string, string | number | boolean>;
  zkConnect?: string;
  /** coordinator tickTime (ms): a small one allows short zookeeper.session.timeout.ms, so a killed broker is noticed sooner */
  tickTime?: number;
}

export interface PartitionInfo { leader: number; replicas: number[]; isr: number[] }

export interface Cluster {
  zk: ZooKeeperForTests | null;
  zkConnect: string;
  brokers: Map<number, Broker>;
  /** ids of brokers whose process is running (as far as this helper knows) */
  alive: Set<number>;
  /** the active controller's id, as a live broker's DescribeCluster tells it */
  controller(): Promise<number>;
  /** "127.0.0.1:p0,127.0.0.1:p1,..." of the live brokers */
  bootstrap(): string;
  bootstrapList(): string[];
  kill9(id: number): Promise<void>;
  stop(id: number): Promise<void>;
  restart(id: number): Promise<void>;
  partition(topic: string, partition: number): Promise<PartitionInfo | undefined>;
  /** waits until the partition has a live leader (other than `not`), returns it */
  waitForLeader(topic: string, partition: number, opts?: { not?: number; timeoutMs?: number }): Promise<PartitionInfo>;
  waitForIsr(topic: string, partition: number, size: number, timeoutMs?: number): Promise<PartitionInfo>;
  shutdown(): Promise<void>;
}

export const CLUSTER_DEFAULTS: Record<string, string | number | boolean> = {
  "zookeeper.session.timeout.ms": 6000,
  "replica.lag.time.max.ms": 10000,
  "offsets.topic.replication.factor": 3,
  "default.replication.factor": 3,
  "min.insync.replicas": 2,
  "unclean.leader.election.enable": false,
};

export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  const n = opts.brokers ?? 3;
  let zk: ZooKeeperForTests | null = null;
  if (!opts.zkConnect && opts.zk === "coordinator" && opts.tickTime !== undefined) {
    const co = await startCoordinator({ extraConfig: { tickTime: opts.tickTime } });
    zk = { connectString: co.connectString, stop: () => co.stop(), kind: "coordinator" };
  } else if (!opts.zkConnect) {
    zk = await startZooKeeper(opts.zk ?? "auto");
  }
  const zkConnect = opts.zkConnect ?? zk!.connectString;
  const overrides = { ...CLUSTER_DEFAULTS, ...opts.overrides };
  const started = await Promise.all(Array.from({ length: n }, (_, id) => startBroker({ zkConnect, brokerId: id, overrides, startTimeoutMs: 45_000 })));
  const brokers = new Map(started.map((b) => [b.brokerId, b]));
  const alive = new Set(brokers.keys());

  const describe = async (topic: string, partition: number): Promise<PartitionInfo | undefined> => {
    const { Kafka, logLevel } = await import("kafkajs");
    for (const id of alive) {
      const admin = new Kafka({ brokers: [brokers.get(id)!.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 3000, requestTimeout: 5000 }).admin();
      try {
        await admin.connect();
        const md = await admin.fetchTopicMetadata({ topics: [topic] });
        const p = md.topics[0]?.partitions.find((x) => x.partitionId === partition);
        if (p) return { leader: p.leader, replicas: p.replicas, isr: p.isr };
      } catch {
        // next broker
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    }
    return undefined;
  };

  const c: Cluster = {
    zk, zkConnect, brokers, alive,
    bootstrapList: () => [...alive].sort().map((id) => brokers.get(id)!.bootstrap),
    bootstrap: () => c.bootstrapList().join(","),
    async kill9(id) { await brokers.get(id)!.kill9(); alive.delete(id); },
    async stop(id) { await brokers.get(id)!.stop(); alive.delete(id); },
    async restart(id) {
      const b = brokers.get(id)!;
      await b.restart();
      alive.add(id);
    },
    partition: describe,
    async controller() {
      const { Kafka, logLevel } = await import("kafkajs");
      for (const id of alive) {
        const admin = new Kafka({ brokers: [brokers.get(id)!.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 3000, requestTimeout: 5000 }).admin();
        try {
          await admin.connect();
          return (await admin.describeCluster()).controller ?? -1;
        } catch {
          // next broker
        } finally {
          await admin.disconnect().catch(() => undefined);
        }
      }
      return -1;
    },
    async waitForLeader(topic, partition, o = {}) {
      return eventually(async () => {
        const p = await describe(topic, partition);
        if (!p || p.leader < 0 || !alive.has(p.leader) || p.leader === o.not) throw new Error(`no leader for ${topic}-${partition}: ${JSON.stringify(p)}`);
        return p;
      }, o.timeoutMs ?? 30_000, 250);
    },
    async waitForIsr(topic, partition, size, timeoutMs = 30_000) {
      return eventually(async () => {
        const p = await describe(topic, partition);
        if (!p || p.isr.length !== size) throw new Error(`ISR of ${topic}-${partition} is not of size ${size}: ${JSON.stringify(p)}`);
        return p;
      }, timeoutMs, 250);
    },
    async shutdown() {
      await Promise.all([...brokers.values()].map((b) => b.proc.kill9().catch(() => undefined)));
      alive.clear();
      await zk?.stop();
    },
  };
  return c;
}

/** A kafkajs client on every live broker, patient enough to ride out leader changes. */
export function clusterKafka(cluster: Cluster): Kafka {
  return new Kafka({
    clientId: "cluster-test", brokers: cluster.bootstrapList(), logLevel: kafkaLogLevel.NOTHING,
    connectionTimeout: 3000, requestTimeout: 15_000, retry: { retries: 30, initialRetryTime: 200, maxRetryTime: 2000 },
  });
}

/** The payloads in a replica's log, in offset order (kafka-dump-log on its segment files). */
export async function replicaLogPayloads(cluster: Cluster, brokerId: number, topic: string, partition: number): Promise<string[]> {
  const dir = join(cluster.brokers.get(brokerId)!.logDir, `${topic}-${partition}`);
  const files = readdirSync(dir).filter((f) => f.endsWith(".log")).sort().map((f) => join(dir, f));
  const r = await run("node", [join(ROOT, "dist/cli/kafka-dump-log.js"), "--files", files.join(","), "--print-data-log"], { timeoutMs: 30_000 });
  return [...r.stdout.matchAll(/payload: (\S+)/g)].map((m) => m[1]!);
}

/** Every value of one partition from the beginning, through a fresh kafkajs group (waits for `expected`). */
export async function consumeFromBeginning(cluster: Cluster, topic: string, partition: number, expected: number): Promise<string[]> {
  const consumer = clusterKafka(cluster).consumer({ groupId: `verify-${topic}-${Date.now()}`, maxWaitTimeInMs: 200 });
  const got: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ partition: p, message }) => { if (p === partition) got.push(message.value!.toString()); } });
    await eventually(() => got.length >= expected, 40_000, 200).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));
  } finally {
    await consumer.disconnect();
  }
  return got;
}
