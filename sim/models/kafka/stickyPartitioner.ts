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
import { assert, type RandomStream } from '../../engine/index.ts';

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

/**
 * The partitions the partitioner may switch to, described without listing them: locals 0 to
 * count - 1 except `excluded`. Kafka's BuiltInPartitioner builds the list (and the adaptive
 * load table) over every partition; the draw only needs the queues that hold batches.
 */
export interface StickyCandidates {
  count: number;
  /** Locals below `count` without a usable leader, ascending; never all of them. */
  excluded: readonly number[];
  /** Candidates whose queue holds batches, ascending, and each one's queue length. */
  queuedLocals: readonly number[];
  queuedLengths: readonly number[];
}

/** The next sticky partition among the candidates (local indexes with a leader). */
export function nextStickyPartition(
  kind: NullKeyPartitioner,
  adaptive: boolean,
  candidates: StickyCandidates,
  current: number,
  random: RandomStream,
): number {
  const size = candidates.count - candidates.excluded.length;
  if (size <= 0) assert(false, `partitioner: no candidate among ${candidates.count} partitions`);
  if (kind === 'uniform-sticky' && adaptive) {
    const rank = weightedRank(candidates, size, random);
    if (rank >= 0) return localAt(candidates.excluded, rank);
  }
  if (kind === 'sticky') {
    // Any candidate but the current one (the current one if it is the only candidate).
    const currentRank = rankOf(candidates.excluded, current, candidates.count);
    if (currentRank >= 0 && size > 1) {
      const draw = random.integer(0, size - 2);
      return localAt(candidates.excluded, draw < currentRank ? draw : draw + 1);
    }
  }
  return localAt(candidates.excluded, random.integer(0, size - 1));
}

/**
 * Adaptive partitioning: each candidate weighs (longest queue + 1 - its queue length), drawn as
 * RandomStream.weightedIndex would over the full list (the first rank whose cumulative weight
 * exceeds uniform() x total; integer sums, exact). -1 when every queue has the same length.
 */
function weightedRank(candidates: StickyCandidates, size: number, random: RandomStream): number {
  const { queuedLocals, queuedLengths, excluded } = candidates;
  let longest = 0;
  let queuedBatches = 0;
  for (const length of queuedLengths) {
    longest = Math.max(longest, length);
    queuedBatches += length;
  }
  const queuedCount = queuedLocals.length;
  const allSame = queuedCount === 0 || (queuedCount === size && queuedBatches === size * longest);
  if (allSame) return -1;
  const unit = longest + 1;
  const target = random.uniform() * (size * unit - queuedBatches);
  let deduct = 0;
  let from = 0;
  let excludedBelow = 0;
  for (let at = 0; at < queuedCount; at++) {
    const local = queuedLocals[at] as number;
    const length = queuedLengths[at] as number;
    while (excludedBelow < excluded.length && (excluded[excludedBelow] as number) < local) {
      excludedBelow++;
    }
    const rank = local - excludedBelow;
    const found = firstRankAbove(from, rank - 1, unit, deduct, target);
    if (found >= 0) return found;
    deduct += length;
    if ((rank + 1) * unit - deduct > target) return rank;
    from = rank + 1;
  }
  const found = firstRankAbove(from, size - 1, unit, deduct, target);
  return found >= 0 ? found : size - 1;
}

/** The first rank in [from, to] whose cumulative weight (rank + 1) x unit - deduct > target. */
function firstRankAbove(
  from: number,
  to: number,
  unit: number,
  deduct: number,
  target: number,
): number {
  if (from > to || (to + 1) * unit - deduct <= target) return -1;
  // The float quotient is off by less than one: start one below and step up exactly.
  let rank = Math.max(from, Math.floor((target + deduct) / unit) - 1);
  while ((rank + 1) * unit - deduct <= target) rank++;
  return rank;
}

/** The candidate of rank `rank` (the rank-th local, from 0, not in `excluded`). */
function localAt(excluded: readonly number[], rank: number): number {
  let local = rank;
  for (const skipped of excluded) {
    if (skipped > local) break;
    local++;
  }
  return local;
}

/** The rank of `local` among the candidates, or -1 if it is not one. */
function rankOf(excluded: readonly number[], local: number, count: number): number {
  if (local < 0 || local >= count) return -1;
  let below = 0;
  for (const skipped of excluded) {
    if (skipped === local) return -1;
    if (skipped > local) break;
    below++;
  }
  return local - below;
}
