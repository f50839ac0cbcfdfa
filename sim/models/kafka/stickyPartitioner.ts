/**
 * The built-in partitioner's choices for records without a key, pure
 * (clients/.../producer/internals/BuiltInPartitioner.java; KIP-480 and KIP-794):
 * - sticky (2.4-3.2, KIP-480): stay on a partition until a new batch is created for it, then
 *   switch to another partition chosen at random;
 * - uniform sticky (3.3+, KIP-794): switch once batch.size bytes were produced to the partition,
 *   deferred while its last batch is not full, forced at 2 x batch.size; the next partition is
 *   drawn with weights (longest queue + 1 - queue length) when adaptive partitioning is on and
 *   queues differ, else uniformly, among partitions with a leader.
 */
import type { RandomStream } from '../../engine/index.ts';

export type NullKeyPartitioner = 'round-robin' | 'sticky' | 'uniform-sticky';

/** Records the current sticky partition may still take before the partitioner switches. */
export function recordsUntilSwitch(
  kind: NullKeyPartitioner,
  recordsPerBatch: number,
  pendingRecords: number,
  recordsSinceSwitch: number,
): number {
  const inBatch = pendingRecords % recordsPerBatch;
  if (kind === 'sticky') return recordsPerBatch - inBatch;
  if (recordsSinceSwitch < recordsPerBatch) {
    const need = recordsPerBatch - recordsSinceSwitch;
    const fillAfter = (inBatch + need) % recordsPerBatch;
    return need + (fillAfter === 0 ? 0 : recordsPerBatch - fillAfter);
  }
  if (inBatch === 0) return 0;
  return Math.max(0, Math.min(recordsPerBatch - inBatch, 2 * recordsPerBatch - recordsSinceSwitch));
}

/** The next sticky partition among `candidates` (local indexes with a leader). */
export function nextStickyPartition(
  kind: NullKeyPartitioner,
  adaptive: boolean,
  candidates: number[],
  current: number,
  queueLength: (local: number) => number,
  random: RandomStream,
): number {
  if (kind === 'uniform-sticky' && adaptive) {
    const lengths = candidates.map(queueLength);
    const longest = Math.max(...lengths);
    if (lengths.some((length) => length !== longest)) {
      const weights = lengths.map((length) => longest + 1 - length);
      const total = weights.reduce((sum, weight) => sum + weight, 0);
      return candidates[random.weightedIndex(weights, total)] as number;
    }
  }
  if (kind === 'sticky') {
    const others = candidates.filter((local) => local !== current);
    const from = others.length > 0 ? others : candidates;
    return from[random.integer(0, from.length - 1)] as number;
  }
  return candidates[random.integer(0, candidates.length - 1)] as number;
}
