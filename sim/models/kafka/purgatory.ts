/**
 * Delayed operations (Kafka's purgatories). A produce with acks=all waits, in its partition's
 * purgatory, until the high watermark passes its last offset (DelayedProduce); a fetch waits
 * until enough bytes are available or its max wait passes (DelayedFetch), in the broker's fetch
 * purgatory, watched by each of its partitions as Kafka's watcher lists do. Entries are kept in
 * arrival order; waiters that completed by another path are skipped when met and dropped.
 */
import { assert, Fifo } from '../../engine/index.ts';

export interface ProduceWaiter {
  done: boolean;
  remaining: number;
  complete(batchIndex: number, ok: boolean): void;
}

interface ProduceEntry {
  requiredOffset: number;
  waiter: ProduceWaiter;
  batchIndex: number;
}

export class ProducePurgatory {
  readonly #entries = new Fifo<ProduceEntry>();

  get length(): number {
    return this.#entries.length;
  }

  add(requiredOffset: number, waiter: ProduceWaiter, batchIndex: number): void {
    this.#entries.push({ requiredOffset, waiter, batchIndex });
  }

  /** Completes entries whose offset is below the high watermark (offsets arrive in order). */
  advance(highWatermark: number, ok: boolean): void {
    for (;;) {
      const entry = this.#entries.peek();
      if (entry === undefined || entry.requiredOffset > highWatermark) return;
      this.#entries.shift();
      if (!entry.waiter.done) entry.waiter.complete(entry.batchIndex, ok);
    }
  }

  /** Leadership lost or the broker stopped: every waiter fails. */
  failAll(): void {
    for (const entry of this.#entries.toArray()) {
      if (!entry.waiter.done) entry.waiter.complete(entry.batchIndex, false);
    }
    this.#entries.clear();
  }
}

export interface FetchWaiter {
  done: boolean;
  /** The fetch's partitions: partition index → place in the request. */
  readonly positionOf: ReadonlyMap<number, number>;
  /** Places whose partition changed since the fetch was read: they are read again. */
  readonly changed: Set<number>;
  /** Re-evaluates the fetch; returns true when it completed. */
  tryComplete(): boolean;
}

/**
 * A broker's parked fetches in parking order. Waking a partition re-checks the fetches that
 * hold it, in that order (each partition's watcher list in Kafka's DelayedOperationPurgatory
 * keeps the same order); a change that is no reason to re-check (a new leader epoch, a rejected
 * ISR change) only marks the partition to be read again when the fetch completes. The cost
 * follows the parked fetches (a few per peer), not the partitions each one holds.
 */
export class FetchPurgatory {
  #waiters: FetchWaiter[] = [];
  #waking = false;

  get length(): number {
    return this.#waiters.length;
  }

  add(waiter: FetchWaiter): void {
    // A completing fetch only sends its answer: nothing parks while a wake runs, so the order
    // of the waiters that stay is the order they parked in.
    assert(!this.#waking, 'fetch purgatory: a fetch parked during a wake');
    this.#waiters.push(waiter);
  }

  /** Partition `index` changed: parked fetches holding it will read it again. */
  touch(index: number): void {
    assert(!this.#waking, 'fetch purgatory: a partition changed during a wake');
    for (const waiter of this.#waiters) {
      const position = waiter.positionOf.get(index);
      if (position !== undefined && !waiter.done) waiter.changed.add(position);
    }
  }

  /** New data (or a new high watermark) on `index`: parked fetches holding it re-check. */
  wake(index: number): void {
    const waiters = this.#waiters;
    if (waiters.length === 0) return;
    assert(!this.#waking, 'fetch purgatory: a wake during a wake');
    // The waiters that stay move up in place (a new list per wake was ~3% of a run's
    // allocation); nothing else reads or changes the list until the wake ends (asserted).
    this.#waking = true;
    let keptCount = 0;
    for (let at = 0; at < waiters.length; at++) {
      const waiter = waiters[at] as FetchWaiter;
      if (waiter.done) continue;
      if (!waiter.positionOf.has(index) || !waiter.tryComplete()) waiters[keptCount++] = waiter;
    }
    waiters.length = keptCount;
    this.#waking = false;
  }

  /** A fetch completed by its max wait: it leaves the purgatory. */
  remove(waiter: FetchWaiter): void {
    assert(!this.#waking, 'fetch purgatory: a fetch expired during a wake');
    const at = this.#waiters.indexOf(waiter);
    if (at >= 0) this.#waiters.splice(at, 1);
  }

  clear(): void {
    assert(!this.#waking, 'fetch purgatory: cleared during a wake');
    this.#waiters = [];
  }
}
