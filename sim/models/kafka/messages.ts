/**
 * Requests and responses between nodes, a union on `kind`. Sizes on the wire are computed by the
 * sender (`wireBytes`), from Kafka's request header sizes plus the record batches carried; a
 * fetch counts the partitions its session writes out (KIP-227, incrementalFetch.ts).
 * Kafka errors are values here (`ErrorCode`), never exceptions.
 */

export type ErrorCode =
  | 'NONE'
  | 'NOT_LEADER_OR_FOLLOWER'
  | 'NOT_ENOUGH_REPLICAS'
  | 'NOT_ENOUGH_REPLICAS_AFTER_APPEND'
  | 'REQUEST_TIMED_OUT'
  | 'FENCED_LEADER_EPOCH'
  | 'UNKNOWN_TOPIC_OR_PARTITION'
  | GroupErrorCode;

/** Errors of consumer fetches and of the group coordinator's requests. */
export type GroupErrorCode =
  | 'OFFSET_OUT_OF_RANGE'
  | 'NOT_COORDINATOR'
  | 'COORDINATOR_NOT_AVAILABLE'
  | 'COORDINATOR_LOAD_IN_PROGRESS'
  | 'MEMBER_ID_REQUIRED'
  | 'UNKNOWN_MEMBER_ID'
  | 'ILLEGAL_GENERATION'
  | 'REBALANCE_IN_PROGRESS'
  | 'FENCED_MEMBER_EPOCH'
  | 'FENCED_INSTANCE_ID'
  | 'INVALID_SESSION_TIMEOUT';

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
  /** CPU the leader spends decompressing the batch to validate it (0 when uncompressed). */
  validateUs: number;
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
  /** KIP-392: the replica the consumer should fetch this partition from instead, or -1. */
  preferredReadReplica: number;
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
      /** A consumer's client.rack (KIP-392), or null. */
      rackId: string | null;
      fetcherIndex: number;
      maxWaitUs: number;
      minBytes: number;
      maxBytes: number;
      /** Every partition wanted; the wire carries only some (KIP-227, incrementalFetch.ts). */
      partitions: FetchPartitionRequest[];
      /** 0: a full fetch starting a session; then the session's next epochs. */
      sessionEpoch: number;
      /** Entries written out: all at epoch 0, then those added or changed. */
      listedPartitionsCount: number;
      /** Partitions the session drops (its forgotten topics data). */
      forgottenPartitionsCount: number;
    }
  | {
      kind: 'fetchResponse';
      requestId: number;
      /** An answer per partition of the request; the wire carries only some (KIP-227). */
      partitions: FetchPartitionResponse[];
      /** Record bytes in `partitions` (the sum of their slices), counted once by the sender. */
      dataBytes: number;
      /** Answers written out: all to a full fetch, then those with news for the session. */
      listedPartitionsCount: number;
    }
  | { kind: 'metadataRequest'; requestId: number }
  | {
      /** The client closed a connection (its FIN); `channel` as in connectionMutes.ts. */
      kind: 'connectionClose';
      channel: number;
    }
  | {
      /** The client's kernel resets a closed connection that an answer reached (its RST). */
      kind: 'connectionReset';
      channel: number;
    }
  | {
      kind: 'metadataResponse';
      requestId: number;
      partitions: PartitionState[];
      /** Partition counts of topics as the metadata shows them (grows with addPartitions). */
      topicPartitions?: Array<[string, number]>;
    }
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
    }
  | GroupMessage;

export type MessageKind = Message['kind'];

/** A JoinGroup member as the group leader sees it (its subscription and owned partitions). */
export interface JoinGroupMember {
  memberId: string;
  instanceId: string | null;
  topics: string[];
  /** The subscription's rackId (client.rack; Kafka 3.5+, KIP-881), or null. */
  rack: string | null;
  /** Partition indexes the member owns (cooperative) or last got (sticky user data). */
  owned: number[];
  generation: number;
}

/** Consumer group requests and responses (classic and KIP-848), between clients and brokers. */
export type GroupMessage =
  | { kind: 'listOffsetsRequest'; requestId: number; latest: boolean; partitions: number[] }
  | {
      kind: 'listOffsetsResponse';
      requestId: number;
      partitions: Array<{ partitionIndex: number; error: ErrorCode; offset: number }>;
    }
  | { kind: 'findCoordinatorRequest'; requestId: number; groupId: string }
  | { kind: 'findCoordinatorResponse'; requestId: number; error: ErrorCode; coordinator: number }
  | {
      kind: 'joinGroupRequest';
      requestId: number;
      groupId: string;
      memberId: string;
      instanceId: string | null;
      sessionTimeoutUs: number;
      rebalanceTimeoutUs: number;
      topics: string[];
      rack: string | null;
      owned: number[];
      generation: number;
      protocols: string[];
    }
  | {
      kind: 'joinGroupResponse';
      requestId: number;
      error: ErrorCode;
      memberId: string;
      generation: number;
      protocol: string;
      leaderId: string;
      /** Every member's subscription, for the leader only (empty for followers). */
      members: JoinGroupMember[];
    }
  | {
      kind: 'syncGroupRequest';
      requestId: number;
      groupId: string;
      memberId: string;
      generation: number;
      /** The leader's assignment (empty from followers). */
      assignments: Array<{ memberId: string; partitions: number[] }>;
    }
  | { kind: 'syncGroupResponse'; requestId: number; error: ErrorCode; partitions: number[] }
  | {
      kind: 'heartbeatRequest';
      requestId: number;
      groupId: string;
      memberId: string;
      generation: number;
    }
  | { kind: 'heartbeatResponse'; requestId: number; error: ErrorCode }
  | { kind: 'leaveGroupRequest'; requestId: number; groupId: string; memberId: string }
  | { kind: 'leaveGroupResponse'; requestId: number; error: ErrorCode }
  | {
      kind: 'offsetCommitRequest';
      requestId: number;
      groupId: string;
      memberId: string;
      /** Generation (classic) or member epoch (KIP-848); -1 for a commit outside the group. */
      generation: number;
      offsets: Array<{ partitionIndex: number; offset: number }>;
    }
  | { kind: 'offsetCommitResponse'; requestId: number; error: ErrorCode }
  | { kind: 'offsetFetchRequest'; requestId: number; groupId: string; partitions: number[] }
  | {
      kind: 'offsetFetchResponse';
      requestId: number;
      error: ErrorCode;
      /** Committed offsets; -1 when the group has none for the partition. */
      offsets: Array<{ partitionIndex: number; offset: number }>;
    }
  | {
      kind: 'consumerGroupHeartbeatRequest';
      requestId: number;
      groupId: string;
      memberId: string;
      instanceId: string | null;
      /** 0 to join, -1 to leave, -2 for a static member's temporary leave. */
      memberEpoch: number;
      topics: string[];
      owned: number[];
      rebalanceTimeoutUs: number;
    }
  | {
      kind: 'consumerGroupHeartbeatResponse';
      requestId: number;
      error: ErrorCode;
      memberId: string;
      memberEpoch: number;
      heartbeatIntervalUs: number;
      /** The partitions the member may own now, or null when unchanged. */
      assignment: number[] | null;
    };

export type GroupMessageKind = GroupMessage['kind'];

const GROUP_KINDS: ReadonlySet<string> = new Set<GroupMessageKind>([
  'listOffsetsRequest',
  'listOffsetsResponse',
  'findCoordinatorRequest',
  'findCoordinatorResponse',
  'joinGroupRequest',
  'joinGroupResponse',
  'syncGroupRequest',
  'syncGroupResponse',
  'heartbeatRequest',
  'heartbeatResponse',
  'leaveGroupRequest',
  'leaveGroupResponse',
  'offsetCommitRequest',
  'offsetCommitResponse',
  'offsetFetchRequest',
  'offsetFetchResponse',
  'consumerGroupHeartbeatRequest',
  'consumerGroupHeartbeatResponse',
]);

export function isGroupMessage(message: Message): message is GroupMessage {
  return GROUP_KINDS.has(message.kind);
}

/** Requests to a group's coordinator (consumers send them on their coordinator connection). */
export const COORDINATOR_REQUEST_KINDS: ReadonlyArray<Message['kind']> = [
  'joinGroupRequest',
  'syncGroupRequest',
  'heartbeatRequest',
  'leaveGroupRequest',
  'offsetCommitRequest',
  'offsetFetchRequest',
  'consumerGroupHeartbeatRequest',
];

/** The requests a broker reads through its request handler (network and io threads). */
const BROKER_REQUEST_KINDS: ReadonlySet<string> = new Set<Message['kind']>([
  'produceRequest',
  'fetchRequest',
  'metadataRequest',
  'listOffsetsRequest',
  'findCoordinatorRequest',
  ...COORDINATOR_REQUEST_KINDS,
]);

export function isBrokerRequest(message: Message): boolean {
  return BROKER_REQUEST_KINDS.has(message.kind);
}

/** Request/response header bytes on the wire (Kafka's request header, size prefix, etc.). */
export const REQUEST_HEADER_BYTES = 64;
export const PARTITION_ENTRY_BYTES = 32;
/** A forgotten partition of an incremental fetch: its index (the topic id is shared). */
export const FORGOTTEN_PARTITION_BYTES = 4;

export function wireBytes(message: Message): number {
  switch (message.kind) {
    case 'produceRequest': {
      let bytes = REQUEST_HEADER_BYTES;
      for (const batch of message.batches) bytes += PARTITION_ENTRY_BYTES + batch.bytes;
      return bytes;
    }
    case 'fetchResponse':
      return (
        REQUEST_HEADER_BYTES +
        PARTITION_ENTRY_BYTES * message.listedPartitionsCount +
        message.dataBytes
      );
    case 'produceResponse':
      return REQUEST_HEADER_BYTES + PARTITION_ENTRY_BYTES * message.results.length;
    case 'fetchRequest':
      return (
        REQUEST_HEADER_BYTES +
        PARTITION_ENTRY_BYTES * message.listedPartitionsCount +
        FORGOTTEN_PARTITION_BYTES * message.forgottenPartitionsCount
      );
    case 'joinGroupResponse':
      return REQUEST_HEADER_BYTES + 64 * message.members.length;
    case 'syncGroupRequest':
      return REQUEST_HEADER_BYTES + 64 * message.assignments.length;
    case 'metadataResponse':
    case 'metadataDelta':
      return REQUEST_HEADER_BYTES + PARTITION_ENTRY_BYTES * message.partitions.length;
    default:
      return REQUEST_HEADER_BYTES;
  }
}
