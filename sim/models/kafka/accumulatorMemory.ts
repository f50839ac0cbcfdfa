/**
 * buffer.memory for records placed together: how much of a burst of arrivals send() can take
 * before a record needs a new batch and the pool has none (BufferPool.allocate blocks, and every
 * later record waits behind it, whatever its partition). Pure.
 */
import type { RandomStream } from '../../engine/index.ts';
import { CountTree } from './countTree.ts';

/** A partition's records taken when the burst is cut at `fraction`. */
export function takenAt(wanted: number, fraction: number): number {
  return fraction === 1 ? wanted : Math.floor(wanted * fraction);
}

/** The burst: wanted and pending records (and carried fractions) of partitions 0 to count - 1. */
export interface Burst {
  wanted: Float64Array;
  pending: Float64Array;
  carries: Float64Array;
  count: number;
  /** The records a cut burst still wants, to draw their arrival order from (spreadPlacement.ts). */
  tree: CountTree;
  /** Round-robin: the partition the next record goes to. */
  cursor: number;
  /** Draws keyed records' arrival order past a cut; null: round-robin, partitions in turn. */
  random: RandomStream | null;
}

export function newBurst(partitions: number, random: RandomStream | null): Burst {
  return {
    wanted: new Float64Array(partitions),
    pending: new Float64Array(partitions),
    carries: new Float64Array(partitions),
    count: 0,
    tree: new CountTree(partitions),
    cursor: 0,
    random,
  };
}

/** New batches the partitions open to take `fraction` of their wanted records. */
export function batchesNeeded(burst: Burst, recordsPerBatch: number, fraction: number): number {
  const { wanted, pending, count } = burst;
  let batches = 0;
  for (let local = 0; local < count; local++) {
    const before = pending[local] as number;
    const after = before + takenAt(wanted[local] as number, fraction);
    batches += Math.ceil(after / recordsPerBatch) - Math.ceil(before / recordsPerBatch);
  }
  return batches;
}

/**
 * The largest fraction in [0, 1] (to 1/1024) of every partition's wanted records whose new
 * batches fit `freeBatches`: with arrivals interleaved, the first record that finds no memory
 * stops the burst at about the same fraction of every partition's share.
 */
export function placeableFraction(
  burst: Burst,
  recordsPerBatch: number,
  freeBatches: number,
): number {
  if (batchesNeeded(burst, recordsPerBatch, 1) <= freeBatches) return 1;
  let low = 0;
  let high = 1;
  for (let step = 0; step < 10; step++) {
    const middle = (low + high) / 2;
    if (batchesNeeded(burst, recordsPerBatch, middle) <= freeBatches) low = middle;
    else high = middle;
  }
  return low;
}
