/**
 * The consumer client's spec and statistics, and the per-group ledger of processed offsets that
 * counts records processed twice (at-least-once after a rebalance or a crash).
 */
import { LatencyHistogram } from '../../metrics/histogram.ts';
import type { AssignorStrategy } from './assignors/index.ts';

export type ProcessingModel =
  | { kind: 'fixed'; perRecordUs: number }
  | { kind: 'exponential'; meanUs: number }
  | { kind: 'lognormal'; medianUs: number; sigma: number };

export interface ConsumerSpec {
  clientId: string;
  nodeName: string;
  groupId: string;
  instanceId: string | null;
  topics: string[];
  brokerIds: number[];
  /** Every partition index of the subscribed topics, including ones added later. */
  partitionIndexes: number[];
  /** Partition indexes of each subscribed topic, in partition order. */
  topicPartitions: Map<string, number[]>;
  /** Partition counts of the subscribed topics at start. */
  initialCounts: Map<string, number>;
  protocol: 'classic' | 'consumer';
  strategies: AssignorStrategy[];
  sessionTimeoutUs: number;
  heartbeatIntervalUs: number;
  maxPollIntervalUs: number;
  maxPollRecords: number;
  fetchMinBytes: number;
  fetchMaxWaitUs: number;
  fetchMaxBytes: number;
  maxPartitionFetchBytes: number;
  enableAutoCommit: boolean;
  /** Without auto-commit: commitSync after processing (the loop waits) or commitAsync. */
  commitMode: 'sync' | 'async';
  autoCommitIntervalUs: number;
  autoOffsetReset: 'earliest' | 'latest' | 'none';
  requestTimeoutUs: number;
  retryBackoffUs: number;
  metadataMaxAgeUs: number;
  processing: ProcessingModel;
  spikes: Array<{ atUs: number; forUs: number; factor: number }>;
  /** CPU per record handed out by poll (deserialisation), in ns. */
  cpuPerRecordNs: number;
  /** client.rack (KIP-392: a leader with a replica selector may point it at a closer replica). */
  rackId: string | null;
  /** The rack the JoinGroup subscription carries (client.rack from Kafka 3.5, KIP-881), or null. */
  subscriptionRack: string | null;
  /** Racks of each subscribed partition's replicas (broker.rack), by topic; empty without racks. */
  partitionRacks: Map<string, string[][]>;
}

export class ConsumerStats {
  readonly endToEndLatency = new LatencyHistogram();
  readonly intervalLatency = new LatencyHistogram();
  recordsProcessed = 0;
  bytesProcessed = 0;
  commitsSent = 0;
  commitsFailed = 0;
  fetchesSent = 0;
}

/** Per group: the end of what was processed on each partition, to count reprocessing. */
export class ProcessedLedger {
  readonly #processedEnd = new Map<number, number>();
  reprocessedRecords = 0;

  onProcessed(partitionIndex: number, fromOffset: number, toOffset: number): void {
    const end = this.#processedEnd.get(partitionIndex) ?? 0;
    if (fromOffset < end) this.reprocessedRecords += Math.min(toOffset, end) - fromOffset;
    if (toOffset > end) this.#processedEnd.set(partitionIndex, toOffset);
  }
}
