/** The accumulator's configuration and its batches (see accumulator.ts). Types only. */

export interface AccumulatorSpec {
  partitionIndexes: number[];
  /** Share of records per local partition for keyed records; null for null keys. */
  keyWeights: Float64Array | null;
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
