/** The accumulator's configuration and its batches (see accumulator.ts). Types only. */

export interface AccumulatorSpec {
  /** Every partition the topic will have; the first `activePartitions` exist at the start. */
  partitionIndexes: number[];
  /** Partitions the producer's metadata shows at the start (all of them when left out). */
  activePartitions?: number;
  /** Share of records per active partition for keyed records; null for null keys. */
  keyWeights: Float64Array | null;
  /** Keyed records' shares when the topic has `count` partitions (after addPartitions). */
  keyWeightsFor?: (count: number) => Float64Array;
  nullKeyPartitioner: 'round-robin' | 'sticky' | 'uniform-sticky';
  adaptivePartitioning: boolean;
  /** Open loop (records wait while blocked) or closed loop (unlimited: arrivals stop). */
  openLoop: boolean;
  batchSizeBytes: number;
  lingerUs: number;
  bufferMemoryBytes: number;
  maxBlockUs: number;
  deliveryTimeoutUs: number;
  recordBytes: number;
  batchHeaderBytes: number;
  recordsLimit: number | null;
}

export interface Batch {
  batchId: number;
  local: number;
  partitionIndex: number;
  recordCount: number;
  bytes: number;
  firstCreateUs: number;
  lastCreateUs: number;
  attempts: number;
  sequence: number;
  readyAtUs: number;
  /** When it first left in a request (-1 before). */
  sentUs: number;
}

/** One partition's records as counts (the accumulator's own state). */
export interface PartitionQueue {
  pendingRecords: number;
  firstUs: number;
  lastUs: number;
  carry: number;
  retries: Batch[];
  sequenceNext: number;
}
