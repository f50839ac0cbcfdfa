/**
 * Requests and responses between nodes, a union on `kind`. Sizes on the wire are computed by the
 * sender (`wireBytes`), from Kafka's request header sizes plus the record batches carried.
 * Kafka errors are values here (`ErrorCode`), never exceptions.
 */

export type ErrorCode =
  | 'NONE'
  | 'NOT_LEADER_OR_FOLLOWER'
  | 'NOT_ENOUGH_REPLICAS'
  | 'NOT_ENOUGH_REPLICAS_AFTER_APPEND'
  | 'REQUEST_TIMED_OUT'
  | 'FENCED_LEADER_EPOCH'
  | 'UNKNOWN_TOPIC_OR_PARTITION';

/** A slice of a partition's log as it travels in produce and fetch messages. */
export interface BatchSlice {
  baseOffset: number;
  recordCount: number;
  bytes: number;
  leaderEpoch: number;
  firstCreateUs: number;
  lastCreateUs: number;
  /** Producer batch identity (for duplicate detection); -1 for replicated or prefilled data. */
  producerId: number;
  sequence: number;
}

export interface ProduceBatch {
  partitionIndex: number;
  batchId: number;
  producerId: number;
  sequence: number;
  recordCount: number;
  bytes: number;
  firstCreateUs: number;
  lastCreateUs: number;
}

export interface FetchPartitionRequest {
  partitionIndex: number;
  fetchOffset: number;
  lastFetchedEpoch: number;
  currentLeaderEpoch: number;
  maxBytes: number;
}

export interface FetchPartitionResponse {
  partitionIndex: number;
  error: ErrorCode;
  highWatermark: number;
  logStartOffset: number;
  slices: BatchSlice[];
  /** Set when the follower's log diverges: truncate to this epoch's end offset. */
  divergingEpoch: { epoch: number; endOffset: number } | null;
}

export interface PartitionState {
  partitionIndex: number;
  leader: number;
  leaderEpoch: number;
  isr: number[];
  replicas: number[];
  partitionEpoch: number;
}

export type Message =
  | {
      kind: 'produceRequest';
      requestId: number;
      acks: 0 | 1 | -1;
      idempotent: boolean;
      timeoutUs: number;
      batches: ProduceBatch[];
    }
  | {
      kind: 'produceResponse';
      requestId: number;
      results: Array<{
        batchId: number;
        error: ErrorCode;
        baseOffset: number;
        leaderEpoch: number;
        /** KIP-951: the current leader, when the error is NOT_LEADER_OR_FOLLOWER. */
        currentLeader: number;
      }>;
    }
  | {
      kind: 'fetchRequest';
      requestId: number;
      replicaId: number;
      fetcherIndex: number;
      maxWaitUs: number;
      minBytes: number;
      maxBytes: number;
      partitions: FetchPartitionRequest[];
    }
  | { kind: 'fetchResponse'; requestId: number; partitions: FetchPartitionResponse[] }
  | { kind: 'metadataRequest'; requestId: number }
  | { kind: 'metadataResponse'; requestId: number; partitions: PartitionState[] }
  | {
      kind: 'brokerHeartbeat';
      broker: number;
      brokerEpoch: number;
      caughtUp: boolean;
      /** The last metadata offset the broker applied in order (-1: none since it started). */
      metadataOffset: number;
    }
  | { kind: 'brokerHeartbeatResponse'; broker: number; fenced: boolean }
  | {
      kind: 'alterPartition';
      broker: number;
      partitionIndex: number;
      leaderEpoch: number;
      partitionEpoch: number;
      newIsr: number[];
    }
  | {
      kind: 'alterPartitionResponse';
      partitionIndex: number;
      accepted: boolean;
      state: PartitionState;
    }
  | {
      kind: 'metadataDelta';
      offset: number;
      /** The whole metadata (a broker that registered or fell behind), not one change. */
      snapshot: boolean;
      partitions: PartitionState[];
      fencedBrokers: number[];
    };

export type MessageKind = Message['kind'];

/** Request/response header bytes on the wire (Kafka's request header, size prefix, etc.). */
export const REQUEST_HEADER_BYTES = 64;
export const PARTITION_ENTRY_BYTES = 32;

export function wireBytes(message: Message): number {
  switch (message.kind) {
    case 'produceRequest': {
      let bytes = REQUEST_HEADER_BYTES;
      for (const batch of message.batches) bytes += PARTITION_ENTRY_BYTES + batch.bytes;
      return bytes;
    }
    case 'fetchResponse': {
      let bytes = REQUEST_HEADER_BYTES;
      for (const partition of message.partitions) {
        bytes += PARTITION_ENTRY_BYTES;
        for (const slice of partition.slices) bytes += slice.bytes;
      }
      return bytes;
    }
    case 'produceResponse':
      return REQUEST_HEADER_BYTES + PARTITION_ENTRY_BYTES * message.results.length;
    case 'fetchRequest':
      return REQUEST_HEADER_BYTES + PARTITION_ENTRY_BYTES * message.partitions.length;
    case 'metadataResponse':
    case 'metadataDelta':
      return REQUEST_HEADER_BYTES + PARTITION_ENTRY_BYTES * message.partitions.length;
    default:
      return REQUEST_HEADER_BYTES;
  }
}
