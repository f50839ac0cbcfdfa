/**
 * What a group state machine (classic or KIP-848) gets from the coordinator that hosts it: the
 * clock and the broker's scheduling, event reporting, broker-side group configs, the store of the
 * offsets partition, and the partition counts of topics as the broker's metadata shows them.
 */
import type { Simulation, Timer } from '../../../engine/index.ts';
import type { Emit } from '../events.ts';
import type { GroupStore } from './groupStore.ts';

export interface GroupConfig {
  groupInitialRebalanceDelayUs: number;
  groupMinSessionTimeoutUs: number;
  groupMaxSessionTimeoutUs: number;
  groupConsumerSessionTimeoutUs: number;
  groupConsumerHeartbeatIntervalUs: number;
  /** group.consumer.assignors: the first is the default server assignor. */
  groupConsumerAssignors: Array<'uniform' | 'range'>;
  offsetsTopicNumPartitions: number;
  /** Coordinator load: bytes of the offsets partition read per second. */
  loadBytesPerSec: number;
}

/** Kafka's defaults, for a broker built without group settings (model tests). */
export const DEFAULT_GROUP_CONFIG: GroupConfig = {
  groupInitialRebalanceDelayUs: 3_000_000,
  groupMinSessionTimeoutUs: 6_000,
  groupMaxSessionTimeoutUs: 1_800_000_000,
  groupConsumerSessionTimeoutUs: 45_000_000,
  groupConsumerHeartbeatIntervalUs: 5_000_000,
  groupConsumerAssignors: ['uniform'],
  offsetsTopicNumPartitions: 50,
  loadBytesPerSec: 100_000_000,
};

export interface GroupPorts {
  sim: Simulation;
  brokerId: number;
  emit: Emit;
  config: GroupConfig;
  store: GroupStore;
  /** Schedules broker work (dropped after a crash). */
  schedule(delayUs: number, label: string, run: () => void): Timer;
  /** Partition indexes of a topic visible in metadata, in partition order. */
  topicPartitions(topic: string): number[];
  /** [topic, partition] of a partition index. */
  topicPartitionOf(index: number): [string, number];
  nextMemberId(clientHint: string): string;
}
