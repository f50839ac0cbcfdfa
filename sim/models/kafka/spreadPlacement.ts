/**
 * Keyed (or round-robin) records in the accumulator: each partition gets its share of the records
 * that arrived; fractions of a record are carried to the next placement, so they are not lost and
 * not left in the backlog. send() takes records one at a time in arrival order, and a record that
 * needs a new batch when buffer.memory has none blocks every record after it, whatever its
 * partition (BufferPool.allocate). With the partitions' records interleaved, the records placed
 * are the same fraction of every partition's share: the largest whose new batches fit the free
 * memory. Past that cut the records are taken one by one in an arrival order (placeCut), the
 * rest wait in the backlog. Each partition's records keep their arrival times: its j-th record is
 * the backlog's record at which its share passes j.
 */
import { batchesNeeded, placeableFraction, takenAt, type Burst } from './accumulatorMemory.ts';
import type { PartitionQueues } from './accumulatorQueues.ts';

export interface SpreadState {
  queues: PartitionQueues;
  /** Scratch arrays sized for every partition; `count` is set here. */
  burst: Burst;
  /** Partitions in use (local indexes 0 to active - 1). */
  active: number;
  /** Each active partition's share of the records. */
  weights: (local: number) => number;
}

export interface SpreadBacklog {
  total: number;
  /** The backlog's records arrived evenly over [firstUs, lastUs]. */
  firstUs: number;
  lastUs: number;
  recordsPerBatch: number;
  /** The producer's `records:` limit was reached: carried fractions become the last records. */
  limitReached: boolean;
}

/** Places what fits of the backlog; returns the records taken. */
export function placeSpread(
  state: SpreadState,
  backlog: SpreadBacklog,
  freeBatches: number,
): number {
  const { queues, burst, active, weights } = state;
  const { total, firstUs, lastUs } = backlog;
  const { wanted, pending, carries } = burst;
  burst.count = active;
  for (let local = 0; local < active; local++) {
    const queue = queues.get(local);
    const exact = queue.carry + total * weights(local);
    carries[local] = queue.carry;
    wanted[local] = Math.floor(exact);
    pending[local] = queue.pendingRecords;
    queue.carry = exact - (wanted[local] as number);
  }
  const fraction = placeableFraction(burst, backlog.recordsPerBatch, freeBatches);
  let shortfall = 0;
  for (let local = 0; local < active; local++) {
    const want = wanted[local] as number;
    const take = takenAt(want, fraction);
    shortfall += want - take;
    if (take <= 0) continue;
    const weight = weights(local);
    const carry = carries[local] as number;
    const startUs = spreadUs(firstUs, lastUs, shareIndex(1, carry, weight, total), total);
    const endUs = spreadUs(firstUs, lastUs, shareIndex(take, carry, weight, total), total);
    queues.append(local, take, startUs, endUs);
  }
  if (backlog.limitReached) flushCarries(queues, lastUs);
  if (fraction < 1) {
    const free = freeBatches - batchesNeeded(burst, backlog.recordsPerBatch, fraction);
    shortfall -= placeCut(state, backlog, fraction, free, total - shortfall);
  }
  return Math.max(0, total - shortfall);
}

/**
 * The records after the cut, in arrival order: each goes to a partition drawn by what is left of
 * the shares (keys) or to the next partition in turn (round-robin). One that fits its
 * partition's open batch, or takes one of the free batches, is placed; the first that needs a
 * batch with none free blocks send() for itself and every record after it. The equal fraction
 * alone places nothing of a burst over partitions of equal shares that wants more new batches
 * than are free, where in arrival order the records of some partitions come first and get in
 * (with 32 of 100 batches free, about 40 records). Returns the records placed.
 */
function placeCut(
  state: SpreadState,
  backlog: SpreadBacklog,
  fraction: number,
  freeBatches: number,
  indexFrom: number,
): number {
  const { queues, burst, active } = state;
  const { wanted, tree, random } = burst;
  for (let local = 0; local < active; local++) {
    const want = wanted[local] as number;
    wanted[local] = want - takenAt(want, fraction);
  }
  tree.reset(wanted, active);
  let free = freeBatches;
  let placed = 0;
  while (tree.total > 0) {
    const local =
      random === null
        ? nextInTurn(burst, active)
        : tree.find(Math.floor(random.uniform() * tree.total));
    if (queues.get(local).pendingRecords % backlog.recordsPerBatch === 0) {
      if (free <= 0) break;
      free--;
    }
    const atUs = spreadUs(backlog.firstUs, backlog.lastUs, indexFrom + placed, backlog.total);
    queues.append(local, 1, atUs, atUs);
    tree.takeOne(local);
    wanted[local] = (wanted[local] as number) - 1;
    placed++;
    if (random === null) burst.cursor = (local + 1) % active;
  }
  return placed;
}

/** Round-robin: the first partition from the cursor on that still wants a record. */
function nextInTurn(burst: Burst, active: number): number {
  for (let step = 0; step < active; step++) {
    const local = (burst.cursor + step) % active;
    if ((burst.wanted[local] as number) > 0) return local;
  }
  throw new Error('nextInTurn: no partition wants a record');
}

/** A `records:` limit was reached: the fractions still carried become the last records. */
function flushCarries(queues: PartitionQueues, atUs: number): void {
  const order = Array.from({ length: queues.count }, (_, local) => ({
    local,
    carry: queues.get(local).carry,
  }))
    .filter((entry) => entry.carry > 1e-9)
    .sort((a, b) => b.carry - a.carry || a.local - b.local);
  let owed = Math.round(order.reduce((sum, entry) => sum + entry.carry, 0));
  for (const { local } of order) {
    queues.get(local).carry = 0;
    if (owed <= 0) continue;
    queues.append(local, 1, atUs, atUs);
    owed--;
  }
}

/** The arrival of record `index` (from 0) of `count` spread evenly over [firstUs, lastUs]. */
export function spreadUs(firstUs: number, lastUs: number, index: number, count: number): number {
  if (count <= 1 || index <= 0) return firstUs;
  return firstUs + Math.floor(((lastUs - firstUs) * Math.min(index, count - 1)) / (count - 1));
}

/**
 * The index (from 0) among `total` spread records of the one that brings a partition with share
 * `weight`, carrying `carry` of a record, its `nth` record.
 */
export function shareIndex(nth: number, carry: number, weight: number, total: number): number {
  return Math.min(total - 1, Math.max(0, Math.ceil((nth - carry) / weight - 1e-9) - 1));
}
