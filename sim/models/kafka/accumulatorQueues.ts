/**
 * The accumulator's per-partition queues (pending records as counts, batches waiting for a retry)
 * and an index of the queues that hold something. Kafka's RecordAccumulator scans every
 * partition's deque on each sender loop (ready, drain, expiry); the answers only ever come from
 * non-empty deques, so the simulator walks those alone and a sender wake-up costs the partitions
 * holding data, not the topic's partition count.
 */
import { assert } from '../../engine/index.ts';
import type { PartitionQueue } from './accumulatorTypes.ts';
import { sortAscending } from './ascending.ts';
import type { StickyCandidates } from './stickyPartitioner.ts';

export class PartitionQueues {
  readonly #queues: PartitionQueue[];
  /** Locals whose queue has pending records or retries (insertion order: sort before use). */
  readonly #queued = new Set<number>();

  constructor(count: number) {
    this.#queues = Array.from({ length: count }, () => ({
      pendingRecords: 0,
      firstUs: 0,
      lastUs: 0,
      carry: 0,
      retries: [],
      sequenceNext: 0,
    }));
  }

  get count(): number {
    return this.#queues.length;
  }

  get(local: number): PartitionQueue {
    const queue = this.#queues[local];
    // The message is built only on failure: this runs for every queue access.
    if (queue === undefined) assert(false, `accumulator: no partition ${local}`);
    return queue as PartitionQueue;
  }

  /** Every change of a queue's pending records or retries is followed by this call. */
  update(local: number): void {
    const queue = this.get(local);
    if (queue.pendingRecords < 0) assert(false, `accumulator: partition ${local} below zero`);
    if (queue.pendingRecords > 0 || queue.retries.length > 0) this.#queued.add(local);
    else this.#queued.delete(local);
  }

  /** Adds `records`, the first created at `firstUs` and the last at `lastUs`. */
  append(local: number, records: number, firstUs: number, lastUs: number): void {
    const queue = this.get(local);
    if (queue.pendingRecords === 0) queue.firstUs = firstUs;
    queue.lastUs = Math.max(queue.firstUs, lastUs);
    queue.pendingRecords += records;
    this.update(local);
  }

  /** True when the partition has something to send now: a due retry, else pending records. */
  hasData(local: number, nowUs: number): boolean {
    const queue = this.get(local);
    const retry = queue.retries[0];
    if (retry !== undefined) return retry.readyAtUs <= nowUs;
    return queue.pendingRecords > 0;
  }

  /** True when no queue holds a record or a retry. */
  get empty(): boolean {
    return this.#queued.size === 0;
  }

  /** Locals below `count` holding pending records or retries, ascending. */
  queued(count: number = this.#queues.length): number[] {
    const locals: number[] = [];
    for (const local of this.#queued) if (local < count) locals.push(local);
    return sortAscending(locals);
  }

  /**
   * The sticky partitioner's candidates: locals below `count` except `excluded` (ascending), with
   * the length of those whose queue holds something, as two lists of numbers (no pair per queue:
   * this runs at every sticky switch).
   */
  candidates(
    count: number,
    excluded: readonly number[],
    recordsPerBatch: number,
  ): StickyCandidates {
    const queuedLocals: number[] = [];
    const queuedLengths: number[] = [];
    let skip = 0;
    for (const local of this.queued(count)) {
      while (skip < excluded.length && (excluded[skip] as number) < local) skip++;
      if (excluded[skip] === local) continue;
      queuedLocals.push(local);
      queuedLengths.push(this.length(local, recordsPerBatch));
    }
    return { count, excluded, queuedLocals, queuedLengths };
  }

  /** The creation time of the oldest pending record or retry (Infinity when none is queued). */
  oldestCreateUs(): number {
    let oldestUs = Infinity;
    for (const local of this.#queued) {
      const queue = this.#queues[local] as PartitionQueue;
      const retry = queue.retries[0];
      if (retry !== undefined) oldestUs = Math.min(oldestUs, retry.firstCreateUs);
      if (queue.pendingRecords > 0) oldestUs = Math.min(oldestUs, queue.firstUs);
    }
    return oldestUs;
  }

  /** Batches the queues hold in buffer.memory: each started batch and each retry. */
  batches(recordsPerBatch: number): number {
    let batches = 0;
    for (const local of this.#queued) {
      const queue = this.#queues[local] as PartitionQueue;
      batches += Math.ceil(queue.pendingRecords / recordsPerBatch) + queue.retries.length;
    }
    return batches;
  }

  /** A queue's length in batches (the adaptive partitioner's load figure). */
  length(local: number, recordsPerBatch: number): number {
    const queue = this.get(local);
    return Math.ceil(queue.pendingRecords / recordsPerBatch) + queue.retries.length;
  }
}
