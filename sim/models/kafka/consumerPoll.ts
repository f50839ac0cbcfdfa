/**
 * Pure parts of the consumer's poll loop: taking up to max.poll.records from the partitions'
 * fetched buffers (FetchCollector drains one partition's completed fetch at a time, in the order
 * the fetches arrived, splitting a batch when the limit falls inside it) and the processing time
 * of a poll's records, drawn as the
 * sum of up to 8 per-record draws scaled to the record count (cost per poll, not per record).
 */
import type { RandomStream } from '../../engine/index.ts';
import type { ProcessingModel } from './consumerTypes.ts';
import type { BatchSlice } from './messages.ts';

export interface OwnedPartition {
  index: number;
  /** The next offset to hand out, or -1 while unknown (offset fetch or reset pending). */
  position: number;
  highWatermark: number;
  buffer: BatchSlice[];
  bufferedRecords: number;
  /** KIP-392: the replica a leader named to fetch from (-1: the leader), and until when. */
  readReplica: number;
  readReplicaUntilUs: number;
}

export type TakenSlice = BatchSlice & { partitionIndex: number };

const DRAWS_MAX = 8;

/**
 * Takes up to `maxRecords` records, a partition's buffer at a time in `order` (the partitions
 * whose fetched records arrived, oldest first: FetchBuffer's queue of completed fetches), dropping
 * from `order` each buffer emptied; positions advance. Taking in a fixed partition order instead
 * starves the later partitions whenever the consumer is slower than the producers.
 */
export function takeRecords(
  owned: Map<number, OwnedPartition>,
  order: number[],
  maxRecords: number,
): { records: number; slices: TakenSlice[] } {
  const slices: TakenSlice[] = [];
  let records = 0;
  while (records < maxRecords && order.length > 0) {
    const partition = owned.get(order[0] as number);
    if (partition !== undefined) records += takeFrom(partition, maxRecords - records, slices);
    if (partition === undefined || partition.buffer.length === 0) order.shift();
  }
  return { records, slices };
}

/** Up to `maxRecords` of one partition's buffered records into `slices`; returns the count. */
function takeFrom(partition: OwnedPartition, maxRecords: number, slices: TakenSlice[]): number {
  let records = 0;
  while (records < maxRecords && partition.buffer.length > 0) {
    const slice = partition.buffer[0] as BatchSlice;
    const end = slice.baseOffset + slice.recordCount;
    if (end <= partition.position) {
      partition.buffer.shift();
      partition.bufferedRecords -= slice.recordCount;
      continue;
    }
    const from = Math.max(slice.baseOffset, partition.position);
    const count = Math.min(end - from, maxRecords - records);
    slices.push(takenSlice(part(slice, from, from + count), partition.index));
    records += count;
    partition.position = from + count;
    if (from + count === end) {
      partition.buffer.shift();
      partition.bufferedRecords -= slice.recordCount;
    }
  }
  return records;
}

/** A slice with its partition (built field by field: an object spread is a slow copy). */
function takenSlice(slice: BatchSlice, partitionIndex: number): TakenSlice {
  return {
    baseOffset: slice.baseOffset,
    recordCount: slice.recordCount,
    bytes: slice.bytes,
    leaderEpoch: slice.leaderEpoch,
    firstCreateUs: slice.firstCreateUs,
    lastCreateUs: slice.lastCreateUs,
    producerId: slice.producerId,
    sequence: slice.sequence,
    partitionIndex,
  };
}

/** The records [from, to) of a slice, bytes and creation times in proportion. */
export function part(slice: BatchSlice, from: number, to: number): BatchSlice {
  if (from === slice.baseOffset && to === slice.baseOffset + slice.recordCount) return slice;
  const spanUs = slice.lastCreateUs - slice.firstCreateUs;
  const startRatio = (from - slice.baseOffset) / slice.recordCount;
  const endRatio = (to - slice.baseOffset) / slice.recordCount;
  return {
    ...slice,
    baseOffset: from,
    recordCount: to - from,
    bytes: Math.ceil((slice.bytes * (to - from)) / slice.recordCount),
    firstCreateUs: slice.firstCreateUs + Math.round(spanUs * startRatio),
    lastCreateUs: slice.firstCreateUs + Math.round(spanUs * endRatio),
  };
}

/** Processing time of `records` records: a few per-record draws, scaled to the count. */
export function processingUs(model: ProcessingModel, records: number, random: RandomStream) {
  if (records <= 0) return 0;
  if (model.kind === 'fixed') return model.perRecordUs * records;
  const draws = Math.min(records, DRAWS_MAX);
  let sumUs = 0;
  for (let draw = 0; draw < draws; draw++) {
    sumUs +=
      model.kind === 'exponential'
        ? random.exponential(model.meanUs)
        : random.lognormalIntByMedian(model.medianUs, model.sigma);
  }
  return Math.round((sumUs * records) / draws);
}
