/**
 * Integrates, over the summary window and exactly (at each change, not per sample), the
 * partition-time that partitions were offline (no leader in the controller's view),
 * under-replicated (ISR smaller than the replica set), under min ISR (a leader with fewer in-sync
 * replicas than min.insync.replicas, capped at the replica count, as Partition.isUnderMinIsr:
 * acks=all writes fail with NOT_ENOUGH_REPLICAS), and unavailable to clients (no leader, or a
 * leader whose broker process is down, recovering or paused, back from a crash but not yet
 * registered and unfenced (a ZooKeeper-mode broker waits out its old session), or cut off from
 * the network), and the longest single stretch of unavailability of any partition. Fed by the
 * controller's leader and ISR changes and the brokers' state and fencing changes.
 */
import { minIsrFor } from '../models/kafka/catalog.ts';
import type { BrokerState, ModelEvent } from '../models/kafka/events.ts';

interface PartitionHealth {
  replicas: number;
  /** min.insync.replicas capped at the replica count (Partition.effectiveMinIsr). */
  minIsr: number;
  /** The leader; -2 when not told (taken as available). */
  leader: number;
  offline: boolean;
  underReplicated: boolean;
  underMinIsr: boolean;
  unavailableSinceUs: number;
}

const SERVING: ReadonlySet<BrokerState> = new Set<BrokerState>(['up']);

export class AvailabilityTracker {
  readonly #partitions = new Map<string, PartitionHealth>();
  readonly #brokerState = new Map<number, BrokerState>();
  /** Brokers back from a crash and not yet unfenced (a new process not registered yet). */
  readonly #unregistered = new Set<number>();
  readonly #isolated = new Set<number>();
  #offlineCount = 0;
  #underReplicatedCount = 0;
  #underMinIsrCount = 0;
  #unavailableCount = 0;
  #lastUs = 0;
  readonly #windowFromUs: number;
  offlinePartitionUs = 0;
  underReplicatedPartitionUs = 0;
  underMinIsrPartitionUs = 0;
  unavailablePartitionUs = 0;
  maxUnavailableUs = 0;

  constructor(
    partitions: Array<{ name: string; replicas: number; minIsr: number; leader?: number }>,
    windowFromUs: number,
  ) {
    for (const { name, replicas, minIsr, leader } of partitions) {
      this.#partitions.set(name, {
        replicas,
        minIsr: minIsrFor(minIsr, replicas),
        leader: leader ?? -2,
        offline: false,
        underReplicated: false,
        underMinIsr: false,
        unavailableSinceUs: -1,
      });
    }
    this.#windowFromUs = windowFromUs;
  }

  onModelEvent(event: ModelEvent): void {
    if (event.kind === 'isolation') {
      const broker = brokerIndexOf(event.node);
      if (broker < 0) return;
      this.advance(event.atUs);
      if (event.isolated) this.#isolated.add(broker);
      else this.#isolated.delete(broker);
      this.#updateLedBy(broker, event.atUs);
      return;
    }
    if (event.kind === 'brokerState' || event.kind === 'brokerFenced') {
      this.advance(event.atUs);
      if (event.kind === 'brokerState') {
        // A crashed broker serves its partitions again only once registered and unfenced.
        if (event.state === 'down') this.#unregistered.add(event.broker);
        this.#brokerState.set(event.broker, event.state);
      } else if (!event.fenced) this.#unregistered.delete(event.broker);
      this.#updateLedBy(event.broker, event.atUs);
      return;
    }
    if (event.kind !== 'leaderChange' && event.kind !== 'isrChange') return;
    const health = this.#partitions.get(event.partition);
    if (health === undefined) return;
    this.advance(event.atUs);
    if (event.kind === 'leaderChange') health.leader = event.leader;
    const offline = health.leader === -1;
    const underReplicated = event.isr.length < health.replicas || offline;
    this.#offlineCount += Number(offline) - Number(health.offline);
    const underMinIsr = !offline && event.isr.length < health.minIsr;
    this.#underReplicatedCount += Number(underReplicated) - Number(health.underReplicated);
    this.#underMinIsrCount += Number(underMinIsr) - Number(health.underMinIsr);
    health.offline = offline;
    health.underReplicated = underReplicated;
    health.underMinIsr = underMinIsr;
    this.#updateUnavailable(health, event.atUs);
  }

  #updateLedBy(broker: number, atUs: number): void {
    for (const health of this.#partitions.values()) {
      if (health.leader === broker) this.#updateUnavailable(health, atUs);
    }
  }

  #updateUnavailable(health: PartitionHealth, atUs: number): void {
    const leader = health.leader;
    const unreachable = leader >= 0 && (!this.#serving(leader) || this.#isolated.has(leader));
    const unavailable = leader === -1 || unreachable;
    const was = health.unavailableSinceUs >= 0;
    if (unavailable === was) return;
    if (unavailable) {
      health.unavailableSinceUs = atUs;
      this.#unavailableCount++;
      return;
    }
    this.#closeStretch(health, atUs);
    health.unavailableSinceUs = -1;
    this.#unavailableCount--;
  }

  /** Up (or never told otherwise), and not back from a crash unregistered. */
  #serving(broker: number): boolean {
    const state = this.#brokerState.get(broker);
    return (state === undefined || SERVING.has(state)) && !this.#unregistered.has(broker);
  }

  #closeStretch(health: PartitionHealth, atUs: number): void {
    const fromUs = Math.max(health.unavailableSinceUs, this.#windowFromUs);
    if (atUs > fromUs) this.maxUnavailableUs = Math.max(this.maxUnavailableUs, atUs - fromUs);
  }

  /** Accumulates up to `nowUs`; at the end of the run, also closes open stretches. */
  advance(nowUs: number, final = false): void {
    const fromUs = Math.max(this.#lastUs, this.#windowFromUs);
    if (nowUs > fromUs) {
      const spanUs = nowUs - fromUs;
      this.offlinePartitionUs += this.#offlineCount * spanUs;
      this.underReplicatedPartitionUs += this.#underReplicatedCount * spanUs;
      this.underMinIsrPartitionUs += this.#underMinIsrCount * spanUs;
      this.unavailablePartitionUs += this.#unavailableCount * spanUs;
    }
    this.#lastUs = Math.max(this.#lastUs, nowUs);
    if (!final) return;
    for (const health of this.#partitions.values()) {
      if (health.unavailableSinceUs >= 0) this.#closeStretch(health, nowUs);
    }
  }
}

/** `broker-3` → 3; -1 for other nodes. */
function brokerIndexOf(node: string): number {
  const match = /^broker-(\d+)$/.exec(node);
  return match === null ? -1 : Number(match[1]);
}
