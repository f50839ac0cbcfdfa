/**
 * A replica hosted on a broker: its log and, while it leads, what the leader tracks (ISR, a
 * pending AlterPartition, each follower's fetch state, the purgatories), with the two ISR
 * quantities Kafka's acks=all rules use.
 */
import { minIsrFor, type PartitionInfo } from './catalog.ts';
import type { FollowerState } from './isr.ts';
import type { PartitionLog } from './partitionLog.ts';
import type { ProducePurgatory } from './purgatory.ts';

export interface HostedReplica {
  info: PartitionInfo;
  log: PartitionLog;
  diskIndex: number;
  role: 'leader' | 'follower' | 'none';
  leader: number;
  leaderEpoch: number;
  partitionEpoch: number;
  isr: number[];
  /** Target ISR of an AlterPartition in flight (at most one). */
  pendingIsr: number[] | null;
  followers: Map<number, FollowerState>;
  unflushedRecords: number;
  unflushedBytes: number;
  /** When the log was last fsynced (flush.messages or the log flusher's flush.ms). */
  lastFlushUs: number;
  producePurgatory: ProducePurgatory;
}

/**
 * Told of every change to a hosted replica that a fetch can see: role, leader epoch, epoch
 * cache, log start and end offsets, ISR or pending ISR, high watermark (fetchServer.ts). A fetch
 * sees a replica that does not lead only as an error, so a follower's appends and high
 * watermark need not be told, unless consumers may read from followers (KIP-392): then a
 * follower's new high watermark is told.
 */
export interface ReplicaWatcher {
  changed(index: number): void;
  /** New data or a new high watermark: parked fetches holding the partition check again. */
  wake(index: number): void;
  /** The broker stopped: parked fetches are dropped. */
  stop(): void;
}

export type RoleChange =
  | { kind: 'leader'; index: number }
  | { kind: 'follower'; index: number; leader: number }
  | { kind: 'none'; index: number };

/** The ISR plus members being added or not yet removed (KIP-497): what the HW waits for. */
export function maximalIsr(replica: HostedReplica): number[] {
  if (replica.pendingIsr === null) return replica.isr;
  const union = [...replica.isr];
  for (const broker of replica.pendingIsr) if (!union.includes(broker)) union.push(broker);
  return union;
}

/** min(min.insync.replicas, replication factor). */
export function effectiveMinIsr(replica: HostedReplica): number {
  return minIsrFor(replica.info.minInsyncReplicas, replica.info.replicas.length);
}
