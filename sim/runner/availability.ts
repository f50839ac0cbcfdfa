/**
 * Integrates partition-time offline (no leader) and under-replicated (ISR smaller than the
 * replica set) over the summary window, exactly, from the controller's leader and ISR changes.
 */
import type { ModelEvent } from '../models/kafka/events.ts';

interface PartitionHealth {
  replicas: number;
  offline: boolean;
  underReplicated: boolean;
}

export class AvailabilityTracker {
  readonly #partitions = new Map<string, PartitionHealth>();
  #offlineCount = 0;
  #underReplicatedCount = 0;
  #lastUs = 0;
  #windowFromUs: number;
  #windowToUs = Infinity;
  offlinePartitionUs = 0;
  underReplicatedPartitionUs = 0;

  constructor(partitions: Array<{ name: string; replicas: number }>, windowFromUs: number) {
    for (const { name, replicas } of partitions) {
      this.#partitions.set(name, { replicas, offline: false, underReplicated: false });
    }
    this.#windowFromUs = windowFromUs;
  }

  onModelEvent(event: ModelEvent): void {
    if (event.kind !== 'leaderChange' && event.kind !== 'isrChange') return;
    const health = this.#partitions.get(event.partition);
    if (health === undefined) return;
    this.advance(event.atUs);
    const offline = event.kind === 'leaderChange' ? event.leader < 0 : health.offline;
    const underReplicated = event.isr.length < health.replicas || offline;
    this.#offlineCount += Number(offline) - Number(health.offline);
    this.#underReplicatedCount += Number(underReplicated) - Number(health.underReplicated);
    health.offline = offline;
    health.underReplicated = underReplicated;
  }

  /** Accumulates up to `nowUs` (call at the end of the run). */
  advance(nowUs: number): void {
    const fromUs = Math.max(this.#lastUs, this.#windowFromUs);
    const toUs = Math.min(nowUs, this.#windowToUs);
    if (toUs > fromUs) {
      this.offlinePartitionUs += this.#offlineCount * (toUs - fromUs);
      this.underReplicatedPartitionUs += this.#underReplicatedCount * (toUs - fromUs);
    }
    this.#lastUs = Math.max(this.#lastUs, nowUs);
  }
}
