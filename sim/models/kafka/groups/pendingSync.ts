/**
 * The classic group's pending SyncGroups (GroupMetadataManager.schedulePendingSync and
 * onExpirePendingSync, KAFKA-13766): when the join phase ends, every member owes a SyncGroup
 * within the rebalance timeout; at the deadline the members still owing one are handed to
 * `onExpire`, which removes them and starts a new rebalance.
 */
import type { Timer } from '../../../engine/index.ts';
import type { GroupPorts } from './groupPorts.ts';

export class PendingSync {
  readonly #ports: GroupPorts;
  readonly #members = new Set<string>();
  #timer: Timer | null = null;

  constructor(ports: GroupPorts) {
    this.#ports = ports;
  }

  get size(): number {
    return this.#members.size;
  }

  start(memberIds: Iterable<string>, timeoutUs: number, onExpire: (late: string[]) => void): void {
    this.clear();
    for (const memberId of memberIds) this.#members.add(memberId);
    this.#timer = this.#ports.schedule(timeoutUs, 'group/pendingSync', () => {
      this.#timer = null;
      const late = [...this.#members];
      this.#members.clear();
      if (late.length > 0) onExpire(late);
    });
  }

  /** The member sent its SyncGroup (or left): it owes nothing more. */
  done(memberId: string): void {
    this.#members.delete(memberId);
    if (this.#members.size === 0) this.clear();
  }

  clear(): void {
    this.#members.clear();
    if (this.#timer !== null) this.#ports.sim.cancel(this.#timer);
    this.#timer = null;
  }
}
