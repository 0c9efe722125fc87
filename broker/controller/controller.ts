/**
 * The controller (Kafka's KafkaController in ZooKeeper mode), run by every broker, active on the
 * one that wins /controller:
 *
 *   election     create the ephemeral /controller and bump /controller_epoch in one multi-op;
 *                on NODEEXISTS watch /controller and retry when it goes away.
 *   topics       watch /brokers/topics (children) and each topic's assignment znode: a partition
 *                without a state znode, or whose leader is dead, gets a leader (the first live
 *                replica in assignment order), ISR = live replicas, written to
 *                /brokers/topics/<t>/partitions/<p>/state (leader epoch bumped on a new leader).
 *   deletion     watch /admin/delete_topics: the listener deletes the logs, then the topic's
 *                znodes go (/brokers/topics/<t>, /config/topics/<t>, the marker). With
 *                delete.topic.enable=false the marker is removed and the topic kept, as Kafka does.
 *   brokers      watch /brokers/ids: partitions led by a broker that died get a new leader.
 *   ISR changes  watch /isr_change_notification (written by leaders shrinking the ISR): re-read
 *                the partitions named; the active controller then removes the notifications.
 *
 * Every broker (active controller or not) keeps its MetadataCache in step through the same
 * watches (ClusterWatcher part): the listener hears about topic assignments and partition states.
 * In a multi-broker cluster the active controller would also send LeaderAndIsr/UpdateMetadata;
 * followers and replica fetching come with the replication issue.
 */
import { logger } from "../../common/logger.js";
import type { KafkaZkClient } from "../zk/kafka-zk-client.js";
import type { BrokerRegistration, LeaderIsrAndControllerEpoch } from "../zk/zk-data.js";
import { ConfigEntityChangeNotificationSequenceZNode, ControllerZNode, IsrChangeNotificationSequenceZNode } from "../zk/zk-data.js";

const CONFIG_CHANGE_EXPIRATION_MS = 15 * 60 * 1000;
const MAX_EVENT_RETRIES = 30;

export interface ControllerListener {
  /** A topic's assignment and partition states are known (new topic, new partitions, new leaders). */
  onTopicMetadata(topic: string, topicId: string, assignment: Map<number, number[]>, states: Map<number, LeaderIsrAndControllerEpoch>): Promise<void> | void;
  /** Delete the topic's local logs (called before its znodes are removed). */
  onTopicDeleted(topic: string): Promise<void> | void;
  onBrokersChanged(brokers: BrokerRegistration[]): void;
  onControllerChanged(controllerId: number): void;
  /** A dynamic config changed (/config/changes): entityType "topics" | "brokers" | ... */
  onConfigChanged(entityType: string, entityName: string): Promise<void> | void;
}

export class Controller {
  private readonly log;
  private epoch = -1;
  private active = false;
  private stopped = false;
  private liveBrokers = new Set<number>();
  private readonly topicWatches = new Map<string, () => void>();
  private readonly unwatch: Array<() => void> = [];
  private queue: Promise<void> = Promise.resolve();
  private lastConfigChange = -1;
  private configInitialized = false;
  private readonly seenIsrChanges = new Set<string>();

  constructor(private readonly zk: KafkaZkClient, private readonly brokerId: number, private readonly listener: ControllerListener,
    private readonly opts: { deleteTopicEnable: boolean; uncleanLeaderElection?: boolean; autoLeaderRebalance?: { intervalMs: number; perBrokerPercentage: number } }) {
    this.log = logger("controller");
  }

  private rebalanceTimer: NodeJS.Timeout | null = null;

  /**
   * auto.leader.rebalance.enable: every leader.imbalance.check.interval.seconds the active
   * controller counts, per preferred broker (first replica), the partitions led by someone else;
   * above leader.imbalance.per.broker.percentage it runs a preferred election for them (Kafka's
   * checkAndTriggerAutoLeaderRebalance).
   */
  private startAutoRebalance(): void {
    const cfg = this.opts.autoLeaderRebalance;
    if (!cfg || this.rebalanceTimer) return;
    this.rebalanceTimer = setInterval(() => {
      if (!this.active || this.stopped) return;
      void this.enqueue("AutoPreferredReplicaLeaderElection", () => this.checkLeaderImbalance(cfg.perBrokerPercentage));
    }, Math.max(1000, cfg.intervalMs));
    this.rebalanceTimer.unref();
  }

  private async checkLeaderImbalance(pct: number): Promise<void> {
    const byPreferred = new Map<number, { total: number; off: Array<{ topic: string; partition: number }> }>();
    for (const topic of this.topicWatches.keys()) {
      if (await this.zk.isTopicMarkedForDeletion(topic)) continue;
      const a = await this.zk.getTopicAssignment(topic);
      if (!a) continue;
      for (const [p, replicas] of a.value.partitions) {
        const preferred = replicas[0];
        if (preferred === undefined || replicas.length < 2) continue;
        const st = (await this.zk.getPartitionState(topic, p))?.value;
        if (!st) continue;
        const e = byPreferred.get(preferred) ?? { total: 0, off: [] };
        e.total++;
        if (st.leader !== preferred && this.liveBrokers.has(preferred) && st.isr.includes(preferred)) e.off.push({ topic, partition: p });
        byPreferred.set(preferred, e);
      }
    }
    const todo: Array<{ topic: string; partition: number }> = [];
    for (const [b, e] of byPreferred) {
      const ratio = e.total === 0 ? 0 : e.off.length / e.total;
      if (ratio * 100 > pct) {
        this.log.info(`[Controller id=${this.brokerId}] Leader imbalance ratio for broker ${b} is ${ratio}`);
        todo.push(...e.off);
      }
    }
    if (todo.length > 0) {
      this.log.info(`[Controller id=${this.brokerId}] Starting replica leader election (PREFERRED) for partitions ${todo.map((t) => `${t.topic}-${t.partition}`).join(",")} triggered by AutoTriggered`);
      await this.doElectLeaders(0, todo);
    }
  }

  isActive(): boolean { return this.active; }
  controllerEpoch(): number { return this.epoch; }

  /**
   * Serialize every event, as Kafka's single controller event thread does. An event that fails
   * (e.g. ZooKeeper connection loss) is retried after a second, a bounded number of times.
   */
  private enqueue(name: string, fn: () => Promise<void>, attempt = 0): Promise<void> {
    const p = this.queue.then(async () => {
      if (this.stopped) return;
      try {
        await fn();
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        if (attempt < MAX_EVENT_RETRIES) {
          this.log.warn(`[Controller id=${this.brokerId}] Error processing event ${name} (${msg}); retrying`);
          const t = setTimeout(() => { void this.enqueue(name, fn, attempt + 1); }, 1000);
          t.unref();
        } else {
          this.log.error(`[Controller id=${this.brokerId}] Error processing event ${name}: ${msg}`);
        }
      }
    });
    this.queue = p;
    return p;
  }

  async startup(): Promise<void> {
    this.unwatch.push(this.zk.watchData(ControllerZNode.path, (d) => {
      const id = d ? ControllerZNode.decode(d).brokerId : -1;
      this.listener.onControllerChanged(id);
      if (id < 0) void this.enqueue("Reelect", () => this.elect());
      else if (id !== this.brokerId && this.active) {
        this.active = false;
        this.log.info(`[Controller id=${this.brokerId}] Resigning`);
      }
    }));
    this.unwatch.push(this.zk.watchChildren("/brokers/ids", (ids) => { void this.enqueue("BrokerChange", () => this.onBrokerChange(ids)); }));
    this.unwatch.push(this.zk.watchChildren("/brokers/topics", (topics) => { void this.enqueue("TopicChange", () => this.onTopicChange(topics)); }));
    this.unwatch.push(this.zk.watchChildren("/admin/delete_topics", (topics) => { void this.enqueue("TopicDeletion", () => this.onTopicDeletion(topics)); }));
    this.unwatch.push(this.zk.watchChildren("/config/changes", (children) => { void this.enqueue("ConfigChange", () => this.onConfigChanges(children)); }));
    this.unwatch.push(this.zk.watchChildren("/isr_change_notification", (children) => { void this.enqueue("IsrChange", () => this.onIsrChanges(children)); }));
    await this.enqueue("Startup", () => this.elect());
  }

  /** After a session expiry our /controller (if it was ours) is gone: run the election again. */
  onNewSession(): Promise<void> {
    return this.enqueue("NewSession", async () => {
      this.active = false;
      await this.elect();
    });
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
    if (this.rebalanceTimer) clearInterval(this.rebalanceTimer);
    for (const u of this.unwatch) u();
    for (const u of this.topicWatches.values()) u();
    this.topicWatches.clear();
    await this.queue;
    this.active = false;
  }

  private async elect(): Promise<void> {
    if (this.active) return;
    const r = await this.zk.tryElectController(this.brokerId);
    if (!r) {
      const id = await this.zk.getControllerId();
      this.log.info(`[Controller id=${this.brokerId}] Broker ${id} has been elected as the controller, so stopping the election process.`);
      if (id !== null) this.listener.onControllerChanged(id);
      return;
    }
    this.active = true;
    this.epoch = r.epoch;
    this.startAutoRebalance();
    this.log.info(`[Controller id=${this.brokerId}] ${this.brokerId} successfully elected as the controller. Epoch incremented to ${r.epoch} and epoch zk version is now ${r.epochZkVersion}`);
    this.listener.onControllerChanged(this.brokerId);
    await this.onBrokerChange((await this.zk.getBrokerIds()).map(String));
    for (const t of await this.zk.getAllTopics()) await this.refreshTopic(t);
    await this.onTopicDeletion(await this.zk.getTopicDeletions());
  }

  private async onBrokerChange(ids: string[]): Promise<void> {
    const now = new Set(ids.map(Number).filter((n) => Number.isInteger(n)));
    const dead = [...this.liveBrokers].filter((b) => !now.has(b));
    const added = [...now].filter((b) => !this.liveBrokers.has(b));
    this.liveBrokers = now;
    const regs: BrokerRegistration[] = [];
    for (const id of [...now].sort((a, b) => a - b)) {
      const b = await this.zk.getBroker(id);
      if (b) regs.push(b);
    }
    this.listener.onBrokersChanged(regs);
    if (dead.length > 0 || added.length > 0) {
      if (this.active) {
        this.log.info(`[Controller id=${this.brokerId}] Newly added brokers: ${added.join(",")}, deleted brokers: ${dead.join(",")}, all live brokers: ${[...now].join(",")}`);
        for (const t of this.topicWatches.keys()) await this.refreshTopic(t);
      } else {
        // the active controller moves leaders first; then we re-read the partition states
        this.scheduleRefresh([...this.topicWatches.keys()], 1000);
      }
    }
  }

  private async onTopicChange(topics: string[]): Promise<void> {
    const current = new Set(topics);
    for (const t of topics) {
      if (!this.topicWatches.has(t)) {
        // watchData fires once now and again on every assignment change (CreatePartitions, --alter)
        let first = true;
        const stop = this.zk.watchData(`/brokers/topics/${t}`, (d) => {
          if (d === null) return;
          if (first) { first = false; void this.enqueue(`NewTopic ${t}`, () => this.refreshTopic(t)); return; }
          void this.enqueue(`PartitionModifications ${t}`, () => this.refreshTopic(t));
        });
        this.topicWatches.set(t, stop);
      }
    }
    for (const [t, stop] of this.topicWatches) {
      if (!current.has(t)) {
        // the topic's znodes are gone (deleted by the controller): every broker drops its replicas
        stop();
        this.topicWatches.delete(t);
        await this.listener.onTopicDeleted(t);
      }
    }
  }

  /** Make sure every partition of `topic` has a live leader (if active), then tell the listener. */
  async refreshTopic(topic: string): Promise<void> {
    const a = await this.zk.getTopicAssignment(topic);
    if (!a) return;
    const assignment = a.value.partitions;
    const states = new Map<number, LeaderIsrAndControllerEpoch>();
    const created: number[] = [];
    const moved: number[] = [];
    for (const [p, replicas] of [...assignment].sort((x, y) => x[0] - y[0])) {
      const cur = await this.zk.getPartitionState(topic, p);
      let st = cur?.value ?? null;
      const leaderAlive = st !== null && st.leader >= 0 && this.liveBrokers.has(st.leader);
      if (this.active && !leaderAlive) {
        const live = replicas.filter((r) => this.liveBrokers.has(r));
        let next: LeaderIsrAndControllerEpoch | null = null;
        const inIsr = st ? live.filter((r) => st!.isr.includes(r)) : [];
        if (st === null && live.length > 0) {
          // new partition: the first live replica leads, every live replica is in sync
          next = { leader: live[0]!, leaderEpoch: 0, isr: live, controllerEpoch: this.epoch, leaderRecoveryState: 0 };
        } else if (st !== null && (inIsr.length > 0 || (live.length > 0 && this.opts.uncleanLeaderElection))) {
          // a new leader from the ISR (clean), or any live replica when unclean election is enabled
          const leader = (inIsr.length > 0 ? inIsr : live)[0]!;
          next = { leader, leaderEpoch: st.leaderEpoch + 1, isr: inIsr.length > 0 ? inIsr : [leader], controllerEpoch: this.epoch, leaderRecoveryState: 0 };
        } else if (st !== null && st.leader >= 0) {
          // no live in-sync replica: offline, leader -1, the ISR keeps its last member (as Kafka writes it)
          next = { leader: -1, leaderEpoch: st.leaderEpoch + 1, isr: st.isr.length > 0 ? [st.isr[st.isr.length - 1]!] : [], controllerEpoch: this.epoch, leaderRecoveryState: 0 };
        }
        // (a new partition without any live replica stays without a state znode, as in Kafka)
        if (next) {
          await this.zk.setPartitionState(topic, p, next, cur ? cur.version : -1);
          if (st === null) created.push(p);
          else moved.push(p);
          st = next;
        }
      }
      if (st) states.set(p, st);
    }
    // new leaders reach the other brokers at once (where Kafka would send LeaderAndIsr)
    if (moved.length > 0) await this.zk.notifyPartitionStateChange(moved.map((partition) => ({ topic, partition })));
    if (created.length > 0) {
      this.log.info(`[Controller id=${this.brokerId}] New partitions: ${created.map((p) => `${topic}-${p}`).join(",")}, leader ${states.get(created[0]!)?.leader}`);
    }
    if (await this.zk.isTopicMarkedForDeletion(topic)) return;
    await this.listener.onTopicMetadata(topic, a.value.topicId ?? "", assignment, states);
    // not the controller: states may not be written yet; look again shortly
    if (!this.active && states.size < assignment.size) this.scheduleRefresh([topic], 300);
    // not the controller: a partition without a live leader will get one from the controller
    else if (!this.active && [...states.values()].some((st) => st.leader < 0 || !this.liveBrokers.has(st.leader))) this.scheduleRefresh([topic], 1000);
  }

  private scheduleRefresh(topics: string[], delayMs: number): void {
    if (topics.length === 0) return;
    const t = setTimeout(() => {
      for (const topic of topics) if (this.topicWatches.has(topic)) void this.enqueue(`Refresh ${topic}`, () => this.refreshTopic(topic));
    }, delayMs);
    t.unref();
  }

  /**
   * ElectLeaders (kafka-leader-election.sh): type 0 = preferred (the first replica of the
   * assignment, if alive and in the ISR), 1 = unclean (any live replica, only when the leader is
   * gone). Results per partition: null = elected, else [error name, message]. Other brokers
   * learn the new leaders through an /isr_change_notification (we have no LeaderAndIsr RPC).
   */
  electLeaders(type: number, partitions: Array<{ topic: string; partition: number }> | null): Promise<Map<string, [string, string] | null>> {
    return new Promise((resolve, reject) => {
      void this.enqueue("ElectLeaders", async () => {
        try {
          resolve(await this.doElectLeaders(type, partitions));
        } catch (e) {
          reject(e);
        }
      });
    });
  }

  /**
   * ControlledShutdown (Kafka's KafkaController.doControlledShutdown): partitions led by the
   * broker get a new leader from the rest of their ISR, and the broker leaves the ISR of the
   * partitions it follows; each such state change bumps the leader epoch (the new epoch is how
   * the leader learns that the controller changed its ISR). Returns the partitions it still
   * leads (no other in-sync replica).
   */
  controlledShutdown(id: number): Promise<Array<{ topic: string; partition: number }>> {
    return new Promise((resolve, reject) => {
      void this.enqueue("ControlledShutdown", async () => {
        try {
          resolve(await this.doControlledShutdown(id));
        } catch (e) {
          reject(e);
        }
      });
    });
  }

  private async doControlledShutdown(id: number): Promise<Array<{ topic: string; partition: number }>> {
    this.log.info(`[Controller id=${this.brokerId}] Shutting down broker ${id}`);
    const remaining: Array<{ topic: string; partition: number }> = [];
    const changed = new Set<string>();
    for (const topic of this.topicWatches.keys()) {
      const a = await this.zk.getTopicAssignment(topic);
      if (!a) continue;
      for (const [p, replicas] of a.value.partitions) {
        if (!replicas.includes(id) || replicas.length < 2) {
          if (replicas.includes(id)) remaining.push({ topic, partition: p });
          continue;
        }
        const cur = await this.zk.getPartitionState(topic, p);
        if (!cur) continue;
        const st = cur.value;
        const others = st.isr.filter((r) => r !== id && this.liveBrokers.has(r));
        let next: Omit<LeaderIsrAndControllerEpoch, "leaderRecoveryState"> | null = null;
        if (st.leader === id) {
          if (others.length === 0) { remaining.push({ topic, partition: p }); continue; }
          next = { leader: others[0]!, leaderEpoch: st.leaderEpoch + 1, isr: others, controllerEpoch: this.epoch };
        } else if (st.isr.includes(id) && st.leader >= 0) {
          next = { leader: st.leader, leaderEpoch: st.leaderEpoch + 1, isr: st.isr.filter((r) => r !== id), controllerEpoch: this.epoch };
        }
        if (next && await this.zk.updateLeaderAndIsr(topic, p, next, cur.version)) changed.add(topic);
        else if (next && st.leader === id) remaining.push({ topic, partition: p });
      }
    }
    for (const t of changed) await this.refreshTopic(t);
    return remaining;
  }

  /** Ongoing reassignments (Kafka keeps them in the topic znode's adding/removing replicas too). */
  private readonly reassignments = new Map<string, { topic: string; partition: number; target: number[]; original: number[] }>();

  /**
   * AlterPartitionReassignments (kafka-reassign-partitions.sh --execute): the assignment becomes
   * target + original (adding/removing recorded in the topic znode); the new replicas start
   * following; once every target replica is in the ISR the controller finishes: leader from the
   * target (epoch bumped), ISR and assignment cut to the target, and the removed replicas drop
   * their logs when they see the new assignment. `replicas` null cancels (the pending target is
   * forgotten; the assignment keeps what it has).
   */
  alterReassignments(list: Array<{ topic: string; partition: number; replicas: number[] | null }>): Promise<Map<string, [string, string] | null>> {
    return new Promise((resolve, reject) => {
      void this.enqueue("AlterPartitionReassignments", async () => {
        try {
          resolve(await this.doAlterReassignments(list));
        } catch (e) {
          reject(e);
        }
      });
    });
  }

  listReassignments(): Array<{ topic: string; partition: number; replicas: number[]; adding: number[]; removing: number[] }> {
    return [...this.reassignments.values()].map((r) => ({
      topic: r.topic, partition: r.partition,
      replicas: [...r.target, ...r.original.filter((x) => !r.target.includes(x))],
      adding: r.target.filter((x) => !r.original.includes(x)), removing: r.original.filter((x) => !r.target.includes(x)),
    }));
  }

  private async doAlterReassignments(list: Array<{ topic: string; partition: number; replicas: number[] | null }>): Promise<Map<string, [string, string] | null>> {
    const out = new Map<string, [string, string] | null>();
    const touched = new Set<string>();
    for (const { topic, partition, replicas } of list) {
      const key = `${topic}-${partition}`;
      const a = await this.zk.getTopicAssignment(topic);
      const current = a?.value.partitions.get(partition);
      if (!a || !current) { out.set(key, ["UNKNOWN_TOPIC_OR_PARTITION", `The partition ${key} does not exist.`]); continue; }
      if (replicas === null) {
        if (!this.reassignments.delete(key)) { out.set(key, ["NO_REASSIGNMENT_IN_PROGRESS", `No ongoing reassignment for partition ${key}.`]); continue; }
        out.set(key, null);
        continue;
      }
      if (replicas.length === 0 || new Set(replicas).size !== replicas.length) { out.set(key, ["INVALID_REPLICA_ASSIGNMENT", `Empty or duplicate replicas in the assignment for ${key}.`]); continue; }
      const unknown = replicas.filter((r) => !this.liveBrokers.has(r));
      if (unknown.length > 0) { out.set(key, ["INVALID_REPLICA_ASSIGNMENT", `Replica assignment has brokers that are not alive. Replica list: ${replicas.join(",")}, live broker list: ${[...this.liveBrokers].join(",")}`]); continue; }
      const original = this.reassignments.get(key)?.original ?? current;
      const full = [...replicas, ...original.filter((r) => !replicas.includes(r))];
      this.reassignments.set(key, { topic, partition, target: replicas, original });
      const partitions = new Map(a.value.partitions);
      partitions.set(partition, full);
      await this.zk.setTopicAssignment(topic, { topicId: a.value.topicId, partitions, ...this.pendingMaps(topic) }, a.version);
      this.log.info(`[Controller id=${this.brokerId}] Handling reassignment of partition ${key} to [${replicas.join(",")}] (from [${original.join(",")}])`);
      out.set(key, null);
      touched.add(topic);
    }
    for (const t of touched) {
      await this.refreshTopic(t);
      await this.maybeCompleteReassignments(t);
    }
    return out;
  }

  private pendingMaps(topic: string): { addingReplicas: Map<number, number[]>; removingReplicas: Map<number, number[]> } {
    const addingReplicas = new Map<number, number[]>();
    const removingReplicas = new Map<number, number[]>();
    for (const r of this.reassignments.values()) {
      if (r.topic !== topic) continue;
      addingReplicas.set(r.partition, r.target.filter((x) => !r.original.includes(x)));
      removingReplicas.set(r.partition, r.original.filter((x) => !r.target.includes(x)));
    }
    return { addingReplicas, removingReplicas };
  }

  /** Finish the reassignments of `topic` whose target replicas are all in the ISR. */
  private async maybeCompleteReassignments(topic: string): Promise<void> {
    if (!this.active) return;
    for (const [key, r] of [...this.reassignments]) {
      if (r.topic !== topic) continue;
      const cur = await this.zk.getPartitionState(topic, r.partition);
      if (!cur || !r.target.every((b) => cur.value.isr.includes(b))) continue;
      const st = cur.value;
      const isr = st.isr.filter((b) => r.target.includes(b));
      const leader = r.target.includes(st.leader) && this.liveBrokers.has(st.leader) ? st.leader : (r.target.find((b) => isr.includes(b) && this.liveBrokers.has(b)) ?? -1);
      if (leader < 0) continue;
      if (!(await this.zk.updateLeaderAndIsr(topic, r.partition, { leader, leaderEpoch: st.leaderEpoch + 1, isr, controllerEpoch: this.epoch }, cur.version))) continue;
      this.reassignments.delete(key);
      const a = await this.zk.getTopicAssignment(topic);
      if (a) {
        const partitions = new Map(a.value.partitions);
        partitions.set(r.partition, r.target);
        await this.zk.setTopicAssignment(topic, { topicId: a.value.topicId, partitions, ...this.pendingMaps(topic) }, a.version);
      }
      this.log.info(`[Controller id=${this.brokerId}] Completed reassignment of partition ${key}: replicas [${r.target.join(",")}], leader ${leader}`);
      await this.refreshTopic(topic);
    }
  }

  private async doElectLeaders(type: number, wanted: Array<{ topic: string; partition: number }> | null): Promise<Map<string, [string, string] | null>> {
    const out = new Map<string, [string, string] | null>();
    let list = wanted;
    if (list === null) {
      list = [];
      for (const t of await this.zk.getAllTopics()) {
        const a = await this.zk.getTopicAssignment(t);
        if (a) for (const p of a.value.partitions.keys()) list.push({ topic: t, partition: p });
      }
    }
    const changed: Array<{ topic: string; partition: number }> = [];
    const strategy = type === 0 ? "PreferredReplicaPartitionLeaderElectionStrategy" : "OfflinePartitionLeaderElectionStrategy";
    for (const { topic, partition } of list) {
      const key = `${topic}-${partition}`;
      const a = await this.zk.getTopicAssignment(topic);
      const replicas = a?.value.partitions.get(partition);
      const cur = await this.zk.getPartitionState(topic, partition);
      if (!replicas || !cur) { out.set(key, ["UNKNOWN_TOPIC_OR_PARTITION", `The partition ${key} does not exist.`]); continue; }
      const st = cur.value;
      let leader: number | undefined;
      if (type === 0) {
        const preferred = replicas[0]!;
        if (st.leader === preferred) { out.set(key, ["ELECTION_NOT_NEEDED", "Leader election not needed for topic partition."]); continue; }
        if (!this.liveBrokers.has(preferred) || !st.isr.includes(preferred)) {
          out.set(key, ["PREFERRED_LEADER_NOT_AVAILABLE", `Failed to elect leader for partition ${key} under strategy ${strategy}`]);
          continue;
        }
        leader = preferred;
      } else {
        if (st.leader >= 0 && this.liveBrokers.has(st.leader)) { out.set(key, ["ELECTION_NOT_NEEDED", "Leader election not needed for topic partition."]); continue; }
        leader = replicas.find((r) => this.liveBrokers.has(r));
        if (leader === undefined) { out.set(key, ["ELIGIBLE_LEADERS_NOT_AVAILABLE", `Failed to elect leader for partition ${key} under strategy ${strategy}`]); continue; }
      }
      const isr = st.isr.includes(leader) ? st.isr.filter((r) => this.liveBrokers.has(r)) : [leader];
      const next = { leader, leaderEpoch: st.leaderEpoch + 1, isr, controllerEpoch: this.epoch };
      if (await this.zk.updateLeaderAndIsr(topic, partition, next, cur.version)) {
        out.set(key, null);
        changed.push({ topic, partition });
      } else {
        out.set(key, ["NOT_CONTROLLER", "The partition state changed concurrently; retry."]);
      }
    }
    for (const t of new Set(changed.map((c) => c.topic))) await this.refreshTopic(t);
    return out;
  }

  private async onTopicDeletion(topics: string[]): Promise<void> {
    if (!this.active || topics.length === 0) return;
    for (const t of topics) {
      if (!this.opts.deleteTopicEnable) {
        this.log.info(`[Controller id=${this.brokerId}] Removing ${t} since delete topic is disabled`);
        await this.zk.remove(`/admin/delete_topics/${t}`);
        continue;
      }
      if (!(await this.zk.topicExists(t))) {
        this.log.info(`[Controller id=${this.brokerId}] Ignoring request to delete non-existing topic ${t}`);
        await this.zk.remove(`/admin/delete_topics/${t}`);
        continue;
      }
      this.log.info(`[Topic Deletion Manager ${this.brokerId}] Handling deletion for topics ${t}`);
      await this.listener.onTopicDeleted(t);
      await this.zk.deleteTopicZNodes(t);
      this.topicWatches.get(t)?.();
      this.topicWatches.delete(t);
      this.log.info(`[Topic Deletion Manager ${this.brokerId}] Deletion of topic ${t} successfully completed`);
    }
  }

  /**
   * /isr_change_notification/isr_change_<seq> (written by partition leaders): every broker re-reads
   * the named partitions' states (Kafka's controller would send UpdateMetadata); the active
   * controller removes the notifications a moment later.
   */
  private async onIsrChanges(children: string[]): Promise<void> {
    for (const c of this.seenIsrChanges) if (!children.includes(c)) this.seenIsrChanges.delete(c);
    const topics = new Set<string>();
    const seen: string[] = [];
    for (const c of children) {
      if (!c.startsWith(IsrChangeNotificationSequenceZNode.prefix) || this.seenIsrChanges.has(c)) continue;
      const d = await this.zk.getData(`/isr_change_notification/${c}`);
      if (!d) continue;
      seen.push(c);
      try {
        for (const p of IsrChangeNotificationSequenceZNode.decode(d.data)) topics.add(p.topic);
      } catch { /* malformed: ignored, removed below */ }
    }
    for (const c of seen) this.seenIsrChanges.add(c);
    for (const t of topics) if (this.topicWatches.has(t)) await this.refreshTopic(t);
    for (const t of topics) if (this.active && [...this.reassignments.values()].some((r) => r.topic === t)) await this.maybeCompleteReassignments(t);
    if (this.active && seen.length > 0) {
      const t = setTimeout(() => {
        void this.enqueue("IsrChangeCleanup", async () => {
          for (const c of seen) { await this.zk.remove(`/isr_change_notification/${c}`); this.seenIsrChanges.delete(c); }
        });
      }, 1000);
      t.unref();
    }
  }

  /** /config/changes/config_change_<seq>: process the ones newer than the last seen. */
  private async onConfigChanges(children: string[]): Promise<void> {
    const prefix = ConfigEntityChangeNotificationSequenceZNode.prefix;
    const seqs = children.filter((c) => c.startsWith(prefix)).map((c) => ({ c, n: Number(c.slice(prefix.length)) })).sort((x, y) => x.n - y.n);
    if (!this.configInitialized) {
      // at startup configs are read fresh; only later notifications matter
      this.configInitialized = true;
      this.lastConfigChange = seqs.length > 0 ? seqs[seqs.length - 1]!.n : -1;
      return;
    }
    for (const { c, n } of seqs) {
      if (n <= this.lastConfigChange) continue;
      this.lastConfigChange = n;
      const d = await this.zk.getData(`/config/changes/${c}`);
      if (!d) continue;
      try {
        const { entityType, entityName } = ConfigEntityChangeNotificationSequenceZNode.decode(d.data);
        this.log.info(`Processing notification(s) to /config/changes: ${entityType}/${entityName}`);
        await this.listener.onConfigChanged(entityType, entityName);
      } catch (e) {
        this.log.warn(`Ignoring malformed config change notification ${c}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (this.active) await this.purgeOldConfigChanges(seqs.map((x) => x.c));
  }

  /** Kafka's ZkNodeChangeNotificationListener deletes notifications older than 15 minutes. */
  private async purgeOldConfigChanges(children: string[]): Promise<void> {
    const cutoff = Date.now() - CONFIG_CHANGE_EXPIRATION_MS;
    for (const c of children) {
      const path = `/config/changes/${c}`;
      const d = await this.zk.getData(path);
      if (d && Number(d.stat.ctime.readBigInt64BE(0)) < cutoff) await this.zk.remove(path);
    }
  }
}
