/**
 * How a partition log coarsens its old data (partitionLog.ts): adjacent batch entries of one
 * leader epoch join into one entry of at most `capBytes`, which keeps the first offset, the
 * summed records and bytes, the creation-time range and the newest page-cache position. A merged
 * entry forgets the producer and sequence (duplicate detection keeps its own recent batches).
 */
import { assert } from '../../engine/index.ts';
import type { LogEntry } from './partitionLog.ts';

/** The entries [fromIndex, fromIndex + count) as merged groups (new objects, in offset order). */
export function mergeEntries(
  entries: readonly LogEntry[],
  fromIndex: number,
  count: number,
  capBytes: number,
): LogEntry[] {
  assert(fromIndex >= 0, `merge from index ${fromIndex}`);
  assert(capBytes > 0, `merge cap of ${capBytes} bytes`);
  const merged: LogEntry[] = [];
  let group: LogEntry | null = null;
  for (let index = fromIndex; index < fromIndex + count; index++) {
    const entry = entries[index] as LogEntry;
    const fits = group !== null && group.bytes + entry.bytes <= capBytes;
    if (group !== null && fits && group.leaderEpoch === entry.leaderEpoch) {
      group.recordCount += entry.recordCount;
      group.bytes += entry.bytes;
      group.lastCreateUs = Math.max(group.lastCreateUs, entry.lastCreateUs);
      group.cachePosition = entry.cachePosition;
      continue;
    }
    if (group !== null) merged.push(group);
    group = {
      baseOffset: entry.baseOffset,
      recordCount: entry.recordCount,
      bytes: entry.bytes,
      leaderEpoch: entry.leaderEpoch,
      firstCreateUs: entry.firstCreateUs,
      lastCreateUs: entry.lastCreateUs,
      producerId: -1,
      sequence: -1,
      cachePosition: entry.cachePosition,
    };
  }
  if (group !== null) merged.push(group);
  return merged;
}
