/**
 * Kafka's ZooKeeper operations (KafkaZkClient / AdminZkClient in Apache Kafka) as a promise API on
 * node-zookeeper-client. Znode paths and JSON live in zk-data.ts; this file owns the sequences of
 * ZooKeeper calls: persistent paths, broker registration, topic create/delete, controller election
 * with a conditional epoch bump, producer-id blocks, and self-re-arming child/data watches.
 *
 * Used by the broker and by `kafka-topics.sh --zookeeper` (cli/).
 */
import zookeeper from "node-zookeeper-client";
import type { Client, Stat, Event } from "node-zookeeper-client";
import {
  BrokerIdZNode, BrokerIdsZNode, IsrChangeNotificationSequenceZNode, BrokerSequenceIdZNode, ClusterIdZNode, ConfigEntityChangeNotificationSequenceZNode,
  ConfigEntityZNode, ControllerEpochZNode, ControllerZNode, DeleteTopicsTopicZNode, DeleteTopicsZNode,
  PersistentZkPaths, ProducerIdBlockZNode, TopicPartitionStateZNode, TopicPartitionsZNode, TopicZNode, TopicsZNode,
  type BrokerRegistration, type LeaderIsrAndControllerEpoch, type ProducerIdsBlock, type ReplicaAssignment, type TopicAssignment,
} from "./zk-data.js";

const { CreateMode, Exception } = zookeeper;

/** A ZooKeeper error with its KeeperException code name (NODE_EXISTS, NO_NODE, BAD_VERSION, ...). */
export class ZkError extends Error {
  constructor(readonly code: number, readonly codeName: string, readonly path: string | undefined, message?: string) {
    super(message ?? `KeeperErrorCode = ${codeName}${path ? ` for ${path}` : ""}`);
    this.name = "ZkError";
  }
}
export class TopicExistsError extends Error {
  constructor(topic: string) {
    super(`Topic '${topic}' already exists.`);
    this.name = "TopicExistsError";
  }
}
export class ZkConnectionTimeoutError extends Error {
  constructor(state: string) {
    super(`Timed out waiting for connection while in state: ${state}`);
    this.name = "ZooKeeperClientTimeoutException";
  }
}

type ZkException = InstanceType<typeof Exception>;
function wrap(e: Error | ZkException | null, path?: string): Error | null {
  if (!e) return null;
  if (e instanceof Exception) return new ZkError(e.getCode(), e.getName(), path ?? e.getPath());
  return e as Error;
}
export const isNoNode = (e: unknown): boolean => e instanceof ZkError && e.code === Exception.NO_NODE;
export const isNodeExists = (e: unknown): boolean => e instanceof ZkError && e.code === Exception.NODE_EXISTS;
export const isBadVersion = (e: unknown): boolean => e instanceof ZkError && e.code === Exception.BAD_VERSION;

export interface ZkConnectOptions {
  sessionTimeoutMs?: number;
  connectionTimeoutMs?: number;
}

export interface Versioned<T> { value: T; version: number; stat: Stat }

export class KafkaZkClient {
  private closed = false;
  private readonly sessionListeners: Array<() => void | Promise<void>> = [];
  /** re-arm functions of the active watches, called again on a new session */
  private readonly watches = new Set<() => void>();
  private _zk: Client;

  private constructor(zk: Client, readonly connectString: string, private readonly opts: ZkConnectOptions) {
    this._zk = zk;
    this.attach(zk);
  }

  /** The current node-zookeeper-client session (replaced after a session expiry). */
  get zk(): Client {
    return this._zk;
  }

  private attach(zk: Client): void {
    zk.once("expired", () => { void this.renewSession(); });
  }

  /**
   * Session expired (ZooKeeper was unreachable for longer than the session timeout): as Kafka's
   * ZooKeeperClient does, open a new session, re-arm every watch, then let the owners re-create
   * their ephemerals (broker registration, controller election).
   */
  private async renewSession(): Promise<void> {
    if (this.closed) return;
    try { this._zk.close(); } catch { /* already gone */ }
    for (;;) {
      if (this.closed) return;
      try {
        const fresh = await KafkaZkClient.connectRaw(this.connectString, this.opts);
        this._zk = fresh._zk;
        this.attach(this._zk);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    for (const w of this.watches) w();
    for (const l of this.sessionListeners) await l();
  }

  /**
   * Connects to `host:port[,host:port...][/chroot]`. A missing chroot is created first, as Kafka does.
   * Rejects with "Timed out waiting for connection while in state: CONNECTING" after connectionTimeoutMs.
   */
  static async connect(connectString: string, opts: ZkConnectOptions = {}): Promise<KafkaZkClient> {
    const slash = connectString.indexOf("/");
    if (slash >= 0 && connectString.slice(slash) !== "/") {
      const root = await KafkaZkClient.connectRaw(connectString.slice(0, slash), opts);
      try {
        await root.mkdirp(connectString.slice(slash).replace(/\/$/, ""));
      } finally {
        await root.close();
      }
    }
    return KafkaZkClient.connectRaw(connectString, opts);
  }

  private static connectRaw(connectString: string, opts: ZkConnectOptions): Promise<KafkaZkClient> {
    const zk = zookeeper.createClient(connectString, { sessionTimeout: opts.sessionTimeoutMs ?? 18000, spinDelay: 200, retries: 0 });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        zk.removeAllListeners("connected");
        zk.close();
        reject(new ZkConnectionTimeoutError("CONNECTING"));
      }, opts.connectionTimeoutMs ?? 18000);
      zk.once("connected", () => {
        clearTimeout(timer);
        resolve(new KafkaZkClient(zk, connectString, opts));
      });
      zk.connect();
    });
  }

  /** Called after an expired session was replaced by a new one (ephemerals are gone: re-create them). */
  onSessionExpired(cb: () => void | Promise<void>): void {
    this.sessionListeners.push(cb);
  }

  sessionId(): string {
    return this.zk.getSessionId().toString("hex");
  }

  /** Closes the session: ephemeral znodes disappear at once. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return new Promise((resolve) => {
      const t = setTimeout(resolve, 2000);
      this.zk.once("disconnected", () => { clearTimeout(t); resolve(); });
      this.zk.close();
    });
  }

  // ---- generic promise wrappers ----

  getData(path: string, watcher?: (e: Event) => void): Promise<{ data: Buffer; stat: Stat } | null> {
    return new Promise((res, rej) => {
      const cb = (e: Error | ZkException | null, data: Buffer, stat: Stat) => {
        const err = wrap(e, path);
        if (err) return isNoNode(err) ? res(null) : rej(err);
        res({ data: data ?? Buffer.alloc(0), stat });
      };
      if (watcher) this.zk.getData(path, watcher, cb);
      else this.zk.getData(path, cb);
    });
  }

  getChildren(path: string, watcher?: (e: Event) => void): Promise<string[]> {
    return new Promise((res, rej) => {
      const cb = (e: Error | ZkException | null, children: string[]) => {
        const err = wrap(e, path);
        if (err) return isNoNode(err) ? res([]) : rej(err);
        res(children);
      };
      if (watcher) this.zk.getChildren(path, watcher, cb);
      else this.zk.getChildren(path, cb);
    });
  }

  exists(path: string, watcher?: (e: Event) => void): Promise<Stat | null> {
    return new Promise((res, rej) => {
      const cb = (e: Error | ZkException | null, stat: Stat) => {
        const err = wrap(e, path);
        if (err) return rej(err);
        res(stat ?? null);
      };
      if (watcher) this.zk.exists(path, watcher, cb);
      else this.zk.exists(path, cb);
    });
  }

  create(path: string, data: Buffer | null, mode: number = CreateMode.PERSISTENT): Promise<string> {
    return new Promise((res, rej) => {
      const cb = (e: Error | ZkException | null, p: string) => { const err = wrap(e, path); if (err) rej(err); else res(p); };
      if (data) this.zk.create(path, data, mode, cb);
      else this.zk.create(path, mode, cb);
    });
  }

  /** Creates the node and any missing parents (parents without data). */
  async createRecursive(path: string, data: Buffer | null, mode: number = CreateMode.PERSISTENT): Promise<string> {
    try {
      return await this.create(path, data, mode);
    } catch (e) {
      if (!isNoNode(e)) throw e;
      await this.mkdirp(path.slice(0, path.lastIndexOf("/")));
      return this.create(path, data, mode);
    }
  }

  setData(path: string, data: Buffer | null, version = -1): Promise<Stat> {
    return new Promise((res, rej) => this.zk.setData(path, data ?? Buffer.alloc(0), version, (e, stat) => { const err = wrap(e, path); if (err) rej(err); else res(stat); }));
  }

  remove(path: string, version = -1): Promise<void> {
    return new Promise((res, rej) => this.zk.remove(path, version, (e) => {
      const err = wrap(e, path);
      if (err && !isNoNode(err)) rej(err); else res();
    }));
  }

  /** Deletes a znode and everything under it (missing nodes are fine). */
  async removeRecursive(path: string): Promise<void> {
    for (const c of await this.getChildren(path)) await this.removeRecursive(`${path === "/" ? "" : path}/${c}`);
    await this.remove(path);
  }

  mkdirp(path: string): Promise<void> {
    if (path === "" || path === "/") return Promise.resolve();
    return new Promise((res, rej) => this.zk.mkdirp(path, (e) => { const err = wrap(e, path); if (err && !isNodeExists(err)) rej(err); else res(); }));
  }

  /**
   * Watches the children of `path`: `cb` gets the current list now and after every change
   * (the watch is re-armed each time, as Kafka's ZNodeChildChangeHandler is).
   */
  watchChildren(path: string, cb: (children: string[]) => void, onError?: (e: unknown) => void): () => void {
    let active = true;
    const arm = (): void => {
      if (!active || this.closed) return;
      this.getChildren(path, () => arm()).then((c) => { if (active) cb(c); }, (e) => onError?.(e));
    };
    this.watches.add(arm);
    arm();
    return () => { active = false; this.watches.delete(arm); };
  }

  /** Watches a znode's data (and its creation/deletion): `cb(null)` when absent. */
  watchData(path: string, cb: (data: Buffer | null) => void, onError?: (e: unknown) => void): () => void {
    let active = true;
    const arm = (): void => {
      if (!active || this.closed) return;
      this.exists(path, () => arm()).then(async (stat) => {
        if (!active) return;
        if (!stat) return cb(null);
        const d = await this.getData(path);
        cb(d ? d.data : null);
      }, (e) => onError?.(e));
    };
    this.watches.add(arm);
    arm();
    return () => { active = false; this.watches.delete(arm); };
  }

  // ---- Kafka operations ----

  /** ZkData.PersistentZkPaths, created at broker startup. */
  async ensurePersistentPaths(): Promise<void> {
    for (const p of PersistentZkPaths) await this.mkdirp(p);
  }

  async getClusterId(): Promise<string | null> {
    const d = await this.getData(ClusterIdZNode.path);
    return d ? ClusterIdZNode.decode(d.data) : null;
  }

  /** Returns the existing cluster id, or creates `proposed` (racing brokers agree on the winner). */
  async getOrCreateClusterId(proposed: string): Promise<string> {
    const existing = await this.getClusterId();
    if (existing) return existing;
    try {
      await this.createRecursive(ClusterIdZNode.path, ClusterIdZNode.encode(proposed));
      return proposed;
    } catch (e) {
      if (!isNodeExists(e)) throw e;
      return (await this.getClusterId())!;
    }
  }

  /** Broker id generation (broker.id=-1): bumps /brokers/seqid's version. */
  async generateBrokerSequenceId(): Promise<number> {
    await this.mkdirp(BrokerSequenceIdZNode.path);
    const stat = await this.setData(BrokerSequenceIdZNode.path, Buffer.alloc(0));
    return stat.version;
  }

  /**
   * Creates the ephemeral /brokers/ids/<id>. If a previous session of this broker (e.g. killed
   * with SIGKILL) still holds it, waits up to `waitForStaleMs` for that session to expire (with
   * a deletion watch), then fails with Kafka's message.
   */
  async registerBroker(reg: Omit<BrokerRegistration, "version" | "timestamp">, waitForStaleMs = 0, onWait?: (owner: string) => void): Promise<void> {
    const path = BrokerIdZNode.path(reg.id);
    const deadline = Date.now() + waitForStaleMs;
    for (;;) {
      try {
        await this.create(path, BrokerIdZNode.encode(reg), CreateMode.EPHEMERAL);
        return;
      } catch (e) {
        if (!isNodeExists(e)) throw e;
      }
      let gone!: () => void;
      const deleted = new Promise<void>((r) => { gone = r; });
      const st = await this.exists(path, () => gone());
      if (!st) continue;
      const owner = BigInt("0x" + st.ephemeralOwner.toString("hex")).toString();
      if (st.ephemeralOwner.toString("hex") === this.sessionId()) return;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`Error while creating ephemeral at ${path}, node already exists and owner '${owner}' does not match current session '${BigInt("0x" + this.sessionId())}'`);
      }
      onWait?.(owner);
      await Promise.race([deleted, new Promise((r) => setTimeout(r, Math.min(left, 1000)))]);
    }
  }

  async getBrokerIds(watcher?: (e: Event) => void): Promise<number[]> {
    return (await this.getChildren(BrokerIdsZNode.path, watcher)).map(Number).filter((n) => Number.isInteger(n)).sort((a, b) => a - b);
  }

  async getBroker(id: number): Promise<BrokerRegistration | null> {
    const d = await this.getData(BrokerIdZNode.path(id));
    return d ? BrokerIdZNode.decode(id, d.data) : null;
  }

  async getAllBrokers(): Promise<BrokerRegistration[]> {
    const out: BrokerRegistration[] = [];
    for (const id of await this.getBrokerIds()) {
      const b = await this.getBroker(id);
      if (b) out.push(b);
    }
    return out;
  }

  async getControllerId(): Promise<number | null> {
    const d = await this.getData(ControllerZNode.path);
    return d ? ControllerZNode.decode(d.data).brokerId : null;
  }

  /**
   * Controller election as KafkaZkClient.registerControllerAndIncrementControllerEpoch: in one
   * multi-op, create the ephemeral /controller and bump /controller_epoch conditionally on its
   * version. Returns the new epoch, or null when another broker is controller.
   */
  async tryElectController(brokerId: number): Promise<{ epoch: number; epochZkVersion: number } | null> {
    let cur = await this.getData(ControllerEpochZNode.path);
    if (!cur) {
      try {
        await this.create(ControllerEpochZNode.path, ControllerEpochZNode.encode(0));
      } catch (e) {
        if (!isNodeExists(e)) throw e;
      }
      cur = await this.getData(ControllerEpochZNode.path);
      if (!cur) throw new Error("controller epoch znode vanished");
    }
    const epoch = ControllerEpochZNode.decode(cur.data) + 1;
    const won = await new Promise<boolean>((res, rej) => {
      this.zk.transaction()
        .create(ControllerZNode.path, ControllerZNode.encode(brokerId), CreateMode.EPHEMERAL)
        .setData(ControllerEpochZNode.path, ControllerEpochZNode.encode(epoch), cur!.stat.version)
        .commit((e) => {
          if (!e) return res(true);
          const err = wrap(e, ControllerZNode.path);
          if (isNodeExists(err) || isBadVersion(err)) return res(false);
          rej(err);
        });
    });
    if (!won) return null;
    return { epoch, epochZkVersion: cur.stat.version + 1 };
  }

  async getAllTopics(watcher?: (e: Event) => void): Promise<string[]> {
    return (await this.getChildren(TopicsZNode.path, watcher)).sort();
  }

  async topicExists(topic: string): Promise<boolean> {
    return (await this.exists(TopicZNode.path(topic))) !== null;
  }

  async getTopicAssignment(topic: string): Promise<Versioned<TopicAssignment> | null> {
    const d = await this.getData(TopicZNode.path(topic));
    return d ? { value: TopicZNode.decode(topic, d.data), version: d.stat.version, stat: d.stat } : null;
  }

  /**
   * AdminZkClient.createTopicWithAssignment: the topic config first (/config/topics/<t>), then the
   * assignment (/brokers/topics/<t>) which the controller watches. Throws TopicExistsError.
   */
  async createTopic(topic: string, topicId: string, assignment: ReplicaAssignment, configs: Record<string, string> = {}): Promise<void> {
    if (await this.topicExists(topic)) throw new TopicExistsError(topic);
    await this.setOrCreateEntityConfig("topics", topic, configs);
    try {
      await this.createRecursive(TopicZNode.path(topic), TopicZNode.encode({ topicId, partitions: assignment }));
    } catch (e) {
      if (isNodeExists(e)) throw new TopicExistsError(topic);
      throw e;
    }
  }

  /** Rewrites the assignment (CreatePartitions): conditional on `expectedVersion` when given. */
  async setTopicAssignment(topic: string, a: { topicId: string | null; partitions: ReplicaAssignment; addingReplicas?: ReplicaAssignment; removingReplicas?: ReplicaAssignment }, expectedVersion = -1): Promise<void> {
    await this.setData(TopicZNode.path(topic), TopicZNode.encode(a), expectedVersion);
  }

  async getPartitionState(topic: string, partition: number): Promise<Versioned<LeaderIsrAndControllerEpoch> | null> {
    const d = await this.getData(TopicPartitionStateZNode.path(topic, partition));
    return d ? { value: TopicPartitionStateZNode.decode(d.data), version: d.stat.version, stat: d.stat } : null;
  }

  /** Creates or overwrites /brokers/topics/<t>/partitions/<p>/state. */
  async setPartitionState(topic: string, partition: number, s: Omit<LeaderIsrAndControllerEpoch, "leaderRecoveryState">, expectedVersion = -1): Promise<void> {
    const path = TopicPartitionStateZNode.path(topic, partition);
    const data = TopicPartitionStateZNode.encode(s);
    try {
      await this.setData(path, data, expectedVersion);
    } catch (e) {
      if (!isNoNode(e)) throw e;
      await this.createRecursive(path, data);
    }
  }

  /**
   * The leader shrinks (or expands) the ISR: a conditional write of the partition state, then an
   * /isr_change_notification sequence node for the controller (ReplicaManager.maybeShrinkIsr and
   * propagateIsrChanges in Kafka's ZooKeeper mode). False when the state changed meanwhile.
   */
  async updateLeaderAndIsr(topic: string, partition: number, s: Omit<LeaderIsrAndControllerEpoch, "leaderRecoveryState">, expectedVersion: number): Promise<boolean> {
    try {
      await this.setData(TopicPartitionStateZNode.path(topic, partition), TopicPartitionStateZNode.encode(s), expectedVersion);
    } catch (e) {
      if (isBadVersion(e) || isNoNode(e)) return false;
      throw e;
    }
    await this.createRecursive(IsrChangeNotificationSequenceZNode.createPath, IsrChangeNotificationSequenceZNode.encode([{ topic, partition }]), CreateMode.PERSISTENT_SEQUENTIAL);
    return true;
  }

  /** An /isr_change_notification naming `partitions`: every broker re-reads their states. */
  async notifyPartitionStateChange(partitions: Array<{ topic: string; partition: number }>): Promise<void> {
    if (partitions.length === 0) return;
    await this.createRecursive(IsrChangeNotificationSequenceZNode.createPath, IsrChangeNotificationSequenceZNode.encode(partitions), CreateMode.PERSISTENT_SEQUENTIAL);
  }

  async getPartitionIds(topic: string): Promise<number[]> {
    return (await this.getChildren(TopicPartitionsZNode.path(topic))).map(Number).sort((a, b) => a - b);
  }

  async getEntityConfig(type: string, name: string): Promise<Record<string, string>> {
    const d = await this.getData(ConfigEntityZNode.path(type, name));
    return ConfigEntityZNode.decode(d?.data);
  }

  async setOrCreateEntityConfig(type: string, name: string, config: Record<string, string>): Promise<void> {
    const path = ConfigEntityZNode.path(type, name);
    const data = ConfigEntityZNode.encode(config);
    try {
      await this.setData(path, data);
    } catch (e) {
      if (!isNoNode(e)) throw e;
      try {
        await this.createRecursive(path, data);
      } catch (e2) {
        // created concurrently (two CreateTopics for one topic): set it, as Kafka's AdminZkClient does
        if (!isNodeExists(e2)) throw e2;
        await this.setData(path, data);
      }
    }
  }

  /** AdminZkClient.changeEntityConfig: write the config, then a /config/changes sequence node. */
  async changeEntityConfig(type: string, name: string, config: Record<string, string>): Promise<void> {
    await this.setOrCreateEntityConfig(type, name, config);
    await this.createRecursive(ConfigEntityChangeNotificationSequenceZNode.createPath,
      ConfigEntityChangeNotificationSequenceZNode.encode(`${type}/${name}`), CreateMode.PERSISTENT_SEQUENTIAL);
  }

  /** kafka-topics --delete / DeleteTopics: the controller performs the deletion. */
  async markTopicForDeletion(topic: string): Promise<void> {
    try {
      await this.createRecursive(DeleteTopicsTopicZNode.path(topic), null);
    } catch (e) {
      if (!isNodeExists(e)) throw e;
    }
  }

  async getTopicDeletions(watcher?: (e: Event) => void): Promise<string[]> {
    return this.getChildren(DeleteTopicsZNode.path, watcher);
  }

  async isTopicMarkedForDeletion(topic: string): Promise<boolean> {
    return (await this.exists(DeleteTopicsTopicZNode.path(topic))) !== null;
  }

  /** Final step of topic deletion (controller): assignment + partitions, config, deletion marker. */
  async deleteTopicZNodes(topic: string): Promise<void> {
    await this.removeRecursive(TopicZNode.path(topic));
    await this.remove(ConfigEntityZNode.path("topics", topic));
    await this.remove(DeleteTopicsTopicZNode.path(topic));
  }

  /**
   * Claims the next block of producer ids (ZkProducerIdManager): read /latest_producer_id_block,
   * write the following block conditionally on the znode version, retry on a lost race.
   */
  async allocateProducerIdBlock(brokerId: number, size = ProducerIdBlockZNode.blockSize): Promise<ProducerIdsBlock> {
    for (;;) {
      const cur = await this.getData(ProducerIdBlockZNode.path);
      let first = 0n;
      if (cur && cur.data.length > 0) {
        const b = ProducerIdBlockZNode.decode(cur.data);
        first = b.firstProducerId + BigInt(b.size);
      }
      const block: ProducerIdsBlock = { brokerId, firstProducerId: first, size };
      try {
        if (cur) await this.setData(ProducerIdBlockZNode.path, ProducerIdBlockZNode.encode(block), cur.stat.version);
        else await this.create(ProducerIdBlockZNode.path, ProducerIdBlockZNode.encode(block));
        return block;
      } catch (e) {
        if (isBadVersion(e) || isNodeExists(e)) continue;
        throw e;
      }
    }
  }
}

export { CreateMode };
