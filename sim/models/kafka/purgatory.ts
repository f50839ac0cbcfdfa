/**
 * Delayed operations (Kafka's purgatories), per partition. A produce with acks=all waits until the
 * high watermark passes its last offset (DelayedProduce); a fetch waits until enough bytes are
 * available or its max wait passes (DelayedFetch). Entries are kept in arrival order; waiters
 * that completed by another path are skipped when met.
 */
import { Fifo } from '../../engine/index.ts';

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
  /** Re-evaluates the fetch; returns true when it completed. */
  tryComplete(): boolean;
}

export class FetchPurgatory {
  #waiters: FetchWaiter[] = [];

  get length(): number {
    return this.#waiters.length;
  }

  add(waiter: FetchWaiter): void {
    this.#waiters.push(waiter);
  }

  /** New data (or a new high watermark): parked fetches re-check. */
  wake(): void {
    if (this.#waiters.length === 0) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) {
      if (waiter.done) continue;
      if (!waiter.tryComplete()) this.#waiters.push(waiter);
    }
  }

  clear(): void {
    this.#waiters = [];
  }
}
