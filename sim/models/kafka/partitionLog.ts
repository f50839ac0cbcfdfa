/**
 * One replica's log of a partition: contiguous offsets from logStartOffset to logEndOffset (LEO),
 * stored as batch entries, plus the leader-epoch cache (epoch → start offset) that Kafka uses to
 * find where a follower's log diverges (KIP-101/KIP-279). Records are never stored one by one: an
 * entry is a batch, and old entries are merged into coarse ones so memory stays bounded however
 * long the run, and however many partitions it has: each log's bound is its share of the run's
 * entry budget (logEntryBudget.ts). Each entry remembers the broker's cumulative write position
 * when it was appended, which the page cache model uses to tell recent (cached) from old (on
 * disk) data.
 * The high watermark lives here too; the leader's rules for moving it are in highWatermark.ts.
 */
import { assert } from '../../engine/index.ts';
import { LOG_ENTRIES_CEILING_MAX, LogEntryBudget } from './logEntryBudget.ts';
import { mergeEntries } from './logMerge.ts';
import type { BatchSlice } from './messages.ts';

export interface LogEntry extends BatchSlice {
  /** The broker's cumulative bytes written when this entry was appended (page-cache age). */
  cachePosition: number;
}

/** What a read returns: whole batches, and the oldest page-cache position they come from. */
export interface LogRead {
  slices: BatchSlice[];
  oldestCachePosition: number;
}

/**
 * A merged entry holds at most this much, or 1/256 of the log (1/4 of the merge threshold, which
 * is 1,024 unless the budget is tight): retention stays fine-grained.
 */
const MERGED_BYTES_MIN = 1024 * 1024;
/** Kafka keeps the last 5 batches of each producer per partition (ProducerStateEntry). */
const BATCHES_PER_PRODUCER = 5;

interface ProducerBatches {
  sequences: number[];
  offsets: number[];
  next: number;
}

export class PartitionLog {
  readonly name: string;
  logStartOffset = 0;
  logEndOffset = 0;
  highWatermark = 0;
  #entries: LogEntry[] = [];
  /** Leader epoch cache: [epoch, startOffset], epochs increasing. */
  readonly epochs: Array<[number, number]> = [];
  #bytes = 0;
  /** The broker's entry budget: this log's share, and the count of all its logs' entries. */
  readonly #budget: LogEntryBudget;
  /** Entry count at which the next merge runs (raised when merging could not shrink enough). */
  #mergeAtCount: number;
  /** The last batches of each producer (sequence → base offset), for duplicate detection. */
  readonly #producers = new Map<number, ProducerBatches>();

  /** `budget`: shared by the broker's logs (a budget of its own, the largest, when omitted). */
  constructor(name: string, budget?: LogEntryBudget) {
    this.name = name;
    this.#budget = budget ?? new LogEntryBudget(name, LOG_ENTRIES_CEILING_MAX);
    this.#budget.logs++;
    this.#mergeAtCount = this.#budget.entriesPerLog;
  }

  get sizeBytes(): number {
    return this.#bytes;
  }

  get entryCount(): number {
    return this.#entries.length;
  }

  latestEpoch(): number {
    const last = this.epochs[this.epochs.length - 1];
    return last === undefined ? -1 : last[0];
  }

  /** A new leader records its epoch at the current LEO (an epoch with the same start replaces). */
  startEpoch(epoch: number): void {
    assert(
      epoch >= this.latestEpoch(),
      `${this.name}: startEpoch ${epoch} below ${this.latestEpoch()}`,
    );
    if (epoch === this.latestEpoch()) return;
    const last = this.epochs[this.epochs.length - 1];
    if (last !== undefined && last[1] === this.logEndOffset) this.epochs.pop();
    this.epochs.push([epoch, this.logEndOffset]);
  }

  /** Appends a slice at the log end (as leader, or replicated from the leader). */
  append(slice: BatchSlice, cachePosition: number): void {
    // Checked on every append: the messages are built only when one fails.
    if (!(slice.recordCount > 0)) assert(false, `${this.name}: empty append`);
    if (slice.baseOffset !== this.logEndOffset) {
      assert(false, `${this.name}: append at ${slice.baseOffset} but LEO is ${this.logEndOffset}`);
    }
    const last = this.epochs[this.epochs.length - 1];
    const latestEpoch = last === undefined ? -1 : last[0];
    if (!(slice.leaderEpoch >= latestEpoch)) assert(false, `${this.name}: epoch went backwards`);
    if (slice.leaderEpoch > latestEpoch) {
      // An epoch that wrote nothing gives way, as in Kafka's epoch cache.
      if (last !== undefined && last[1] === slice.baseOffset) this.epochs.pop();
      this.epochs.push([slice.leaderEpoch, slice.baseOffset]);
    }
    this.#entries.push({
      baseOffset: slice.baseOffset,
      recordCount: slice.recordCount,
      bytes: slice.bytes,
      leaderEpoch: slice.leaderEpoch,
      firstCreateUs: slice.firstCreateUs,
      lastCreateUs: slice.lastCreateUs,
      producerId: slice.producerId,
      sequence: slice.sequence,
      cachePosition,
    });
    this.#budget.entries++;
    this.logEndOffset += slice.recordCount;
    this.#bytes += slice.bytes;
    if (slice.producerId >= 0) {
      this.#rememberBatch(slice.producerId, slice.sequence, slice.baseOffset);
    }
    if (this.#entries.length > this.#mergeAtCount) this.#mergeOldest();
  }

  /** Base offset of a recent batch with this producer id and sequence, or -1. */
  recentBatchOffset(producerId: number, sequence: number): number {
    const batches = this.#producers.get(producerId);
    if (batches === undefined) return -1;
    const index = batches.sequences.indexOf(sequence);
    return index < 0 ? -1 : (batches.offsets[index] as number);
  }

  #rememberBatch(producerId: number, sequence: number, baseOffset: number): void {
    let batches = this.#producers.get(producerId);
    if (batches === undefined) {
      batches = { sequences: [], offsets: [], next: 0 };
      this.#producers.set(producerId, batches);
    }
    batches.sequences[batches.next] = sequence;
    batches.offsets[batches.next] = baseOffset;
    batches.next = (batches.next + 1) % BATCHES_PER_PRODUCER;
  }

  /**
   * Slices from `fromOffset`, whole batches up to maxBytes; with `minOne` at least one, as Kafka
   * reads the first partition of a response with data (ReplicaManager.readFromLocalLog's
   * minOneMessage), while later partitions get nothing that does not fit. An entry larger than
   * MERGED_BYTES_MIN holds several batches (merged old data, logMerge.ts) and is cut to what fits.
   */
  read(fromOffset: number, maxBytes: number, minOne = true): LogRead {
    const read: LogRead = { slices: [], oldestCachePosition: Infinity };
    this.readInto(read, fromOffset, maxBytes, minOne);
    return read;
  }

  /** read() into an answer that has empty `slices` (no object of its own per read). */
  readInto(into: LogRead, fromOffset: number, maxBytes: number, minOne = true): void {
    const slices = into.slices;
    if (fromOffset >= this.logEndOffset || fromOffset < this.logStartOffset) return;
    let oldestCachePosition = into.oldestCachePosition;
    let bytes = 0;
    for (let index = this.#indexOf(fromOffset); index < this.#entries.length; index++) {
      const entry = this.#entries[index] as LogEntry;
      let slice = entry.baseOffset < fromOffset ? sliceFrom(entry, fromOffset) : entry;
      const first = slices.length === 0 && minOne;
      if (bytes + slice.bytes > maxBytes) {
        const fit = slice.bytes > MERGED_BYTES_MIN ? fitting(slice, maxBytes - bytes, first) : 0;
        if (fit > 0) slice = sliceTo(slice, slice.baseOffset + fit);
        else if (!first) break;
      }
      slices.push(copySlice(slice));
      bytes += slice.bytes;
      oldestCachePosition = Math.min(oldestCachePosition, entry.cachePosition);
      if (bytes >= maxBytes) break;
    }
    into.oldestCachePosition = oldestCachePosition;
  }

  bytesFrom(fromOffset: number): number {
    if (fromOffset >= this.logEndOffset) return 0;
    let bytes = 0;
    for (let index = this.#entries.length - 1; index >= 0; index--) {
      const entry = this.#entries[index] as LogEntry;
      if (entry.baseOffset >= fromOffset) bytes += entry.bytes;
      else {
        bytes += sliceFrom(entry, fromOffset).bytes;
        break;
      }
    }
    return bytes;
  }

  /**
   * Where the entries end if they start at the log start offset (LEO when the log is sound), or
   * -1 when they do not; appends, truncation and merging keep the entries back to back.
   */
  contiguousEndOffset(): number {
    const first = this.#entries[0];
    const last = this.#entries[this.#entries.length - 1];
    if (first === undefined || last === undefined) return this.logStartOffset;
    if (first.baseOffset !== this.logStartOffset) return -1;
    return last.baseOffset + last.recordCount;
  }

  /** Epoch of the record at `offset`, or -1 if the offset is outside the log. */
  epochAt(offset: number): number {
    if (offset < this.logStartOffset || offset >= this.logEndOffset) return -1;
    let epoch = -1;
    for (const [entryEpoch, startOffset] of this.epochs) {
      if (startOffset > offset) break;
      epoch = entryEpoch;
    }
    return epoch;
  }

  /**
   * Kafka's OffsetsForLeaderEpoch: the largest epoch <= `epoch` known here and the offset where it
   * ends (the next epoch's start offset, or LEO for the latest). [-1, -1] if none.
   */
  endOffsetForEpoch(epoch: number): [number, number] {
    let found = -1;
    for (let index = this.epochs.length - 1; index >= 0; index--) {
      const [entryEpoch] = this.epochs[index] as [number, number];
      if (entryEpoch <= epoch) {
        found = index;
        break;
      }
    }
    if (found < 0) return [-1, -1];
    const [foundEpoch] = this.epochs[found] as [number, number];
    const next = this.epochs[found + 1];
    return [foundEpoch, next === undefined ? this.logEndOffset : next[1]];
  }

  /** Removes every record at or above `offset`; returns how many were removed. */
  truncateTo(offset: number): number {
    this.#trimEpochsFrom(offset);
    if (offset >= this.logEndOffset) return 0;
    assert(offset >= this.logStartOffset, `${this.name}: truncate below log start`);
    const removed = this.logEndOffset - offset;
    while (this.#entries.length > 0) {
      const last = this.#entries[this.#entries.length - 1] as LogEntry;
      if (last.baseOffset >= offset) {
        this.#entries.pop();
        this.#budget.entries--;
        this.#bytes -= last.bytes;
        continue;
      }
      if (last.baseOffset + last.recordCount > offset) {
        const kept = sliceTo(last, offset);
        this.#bytes -= last.bytes - kept.bytes;
        this.#entries[this.#entries.length - 1] = { ...kept, cachePosition: last.cachePosition };
      }
      break;
    }
    this.logEndOffset = offset;
    if (this.highWatermark > offset) this.highWatermark = offset;
    // Producer state is rebuilt at the truncation point: removed batches are forgotten.
    for (const batches of this.#producers.values()) {
      batches.offsets.forEach((batchOffset, index) => {
        if (batchOffset >= offset) batches.sequences[index] = Number.NaN;
      });
    }
    return removed;
  }

  /** Retention: drops whole entries below the newest `keepBytes` bytes, never above the HW. */
  deleteOldest(keepBytes: number): number {
    let deleted = 0;
    while (
      this.#entries.length > 1 &&
      this.#bytes - (this.#entries[0] as LogEntry).bytes >= keepBytes
    ) {
      const first = this.#entries[0] as LogEntry;
      if (first.baseOffset + first.recordCount > this.highWatermark) break;
      deleted += this.#dropOldest();
    }
    return deleted;
  }

  /**
   * Retention (UnifiedLog.deleteOldSegments): drops the oldest entries while they are older than
   * retention.ms (by their newest record's timestamp) or the log stays above retention.bytes
   * without them (-1: no size limit). The newest `activeSegmentBytes` (the active segment) and
   * anything at or above the high watermark stay. Returns the bytes deleted.
   */
  deleteRetained(
    nowUs: number,
    retentionUs: number,
    retentionBytes: number,
    activeSegmentBytes: number,
  ): number {
    let deleted = 0;
    for (;;) {
      const first = this.#entries[0];
      if (first === undefined || this.#entries.length === 1) break;
      if (this.#bytes - first.bytes < activeSegmentBytes) break;
      if (first.baseOffset + first.recordCount > this.highWatermark) break;
      const expired = retentionUs >= 0 && nowUs - first.lastCreateUs > retentionUs;
      const oversized = retentionBytes >= 0 && this.#bytes - first.bytes >= retentionBytes;
      if (!expired && !oversized) break;
      deleted += this.#dropOldest();
    }
    return deleted;
  }

  /** Drops the oldest entry (retention): the log now starts after it. Returns its bytes. */
  #dropOldest(): number {
    const first = this.#entries.shift() as LogEntry;
    this.#budget.entries--;
    this.#bytes -= first.bytes;
    this.logStartOffset = first.baseOffset + first.recordCount;
    return first.bytes;
  }

  #trimEpochsFrom(offset: number): void {
    for (;;) {
      const last = this.epochs[this.epochs.length - 1];
      if (last === undefined || last[1] < offset) return;
      this.epochs.pop();
    }
  }

  /** The last entry with baseOffset <= offset (0 when there is none). */
  #indexOf(offset: number): number {
    const entries = this.#entries;
    // Followers and consumers that keep up read the newest entries: look at those first.
    const nearEnd = Math.max(1, entries.length - 4);
    for (let index = entries.length - 1; index >= nearEnd; index--) {
      if ((entries[index] as LogEntry).baseOffset <= offset) return index;
    }
    let low = 0;
    let high = Math.min(entries.length, nearEnd) - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.#entries[middle] as LogEntry).baseOffset <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /**
   * Merges the oldest entries of the same epoch into coarse ones: memory stays bounded. The
   * oldest half-threshold window is merged; once that window is coarse it stops shrinking and
   * the log grows, so at its ceiling every entry but the newest quarter-threshold is merged.
   */
  #mergeOldest(): void {
    const share = this.#budget.entriesPerLog;
    const windowCount = share >> 1;
    const capBytes = Math.max(MERGED_BYTES_MIN, this.#bytes / (share >> 2));
    const countBefore = this.#entries.length;
    this.#mergeFirst(windowCount, capBytes);
    if (this.#entries.length + windowCount > this.#budget.ceilingPerLog) {
      this.#mergeFirst(this.#entries.length - (share >> 2), capBytes);
    }
    this.#budget.entries -= countBefore - this.#entries.length;
    // Entries too big (or of too many epochs) to merge further stay; try again only after as
    // many new appends, and stop the run if the broker's logs outgrow their bound.
    this.#mergeAtCount = Math.max(share, this.#entries.length + windowCount);
    if (this.#mergeAtCount > this.#budget.ceilingPerLog) {
      this.#budget.check(this.name, this.#entries.length, this.epochs.length);
    }
  }

  /** Merges the oldest `count` entries into groups of one epoch of at most capBytes each. */
  #mergeFirst(count: number, capBytes: number): void {
    assert(count > 0, `${this.name}: merge of ${count} entries`);
    assert(count <= this.#entries.length, `${this.name}: merge of ${count} entries past the end`);
    const merged = mergeEntries(this.#entries, 0, count, capBytes);
    this.#entries = merged.concat(this.#entries.slice(count));
  }
}

/**
 * A produced batch as its leader appends it, at `baseOffset` in `leaderEpoch`. Built field by
 * field in BatchSlice's order (an object spread here cost 3% of a run).
 */
export function leaderSlice(
  batch: Omit<BatchSlice, 'baseOffset' | 'leaderEpoch'>,
  baseOffset: number,
  leaderEpoch: number,
): BatchSlice {
  return {
    baseOffset,
    recordCount: batch.recordCount,
    bytes: batch.bytes,
    leaderEpoch,
    firstCreateUs: batch.firstCreateUs,
    lastCreateUs: batch.lastCreateUs,
    producerId: batch.producerId,
    sequence: batch.sequence,
  };
}

/** A BatchSlice of its own (an entry's page-cache position left out), in leaderSlice's shape. */
function copySlice(slice: BatchSlice): BatchSlice {
  return leaderSlice(slice, slice.baseOffset, slice.leaderEpoch);
}

/** The part of a (coarse) entry from `offset` on; bytes and times in proportion. */
export function sliceFrom(entry: BatchSlice, offset: number): BatchSlice {
  const skipped = offset - entry.baseOffset;
  const kept = entry.recordCount - skipped;
  const fraction = kept / entry.recordCount;
  const spanUs = entry.lastCreateUs - entry.firstCreateUs;
  return {
    ...copySlice(entry),
    baseOffset: offset,
    recordCount: kept,
    bytes: Math.ceil(entry.bytes * fraction),
    firstCreateUs: entry.lastCreateUs - Math.round(spanUs * fraction),
  };
}

/** Records of a merged slice within `roomBytes` (at least one when `first`). */
function fitting(slice: BatchSlice, roomBytes: number, first: boolean): number {
  const fit = Math.floor((slice.recordCount * Math.max(0, roomBytes)) / slice.bytes);
  return Math.min(slice.recordCount, Math.max(fit, first ? 1 : 0));
}

function sliceTo(entry: BatchSlice, endOffset: number): BatchSlice {
  const kept = endOffset - entry.baseOffset;
  const fraction = kept / entry.recordCount;
  const spanUs = entry.lastCreateUs - entry.firstCreateUs;
  return {
    ...copySlice(entry),
    recordCount: kept,
    bytes: Math.ceil(entry.bytes * fraction),
    lastCreateUs: entry.firstCreateUs + Math.round(spanUs * fraction),
  };
}
