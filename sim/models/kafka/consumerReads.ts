/**
 * What a replica serves to consumers (ReplicaManager.fetchMessages with replicaId -1,
 * Partition.fetchOffsetSnapshot, ListOffsets): read_uncommitted fetches see only records below the
 * replica's high watermark; an offset outside [logStartOffset, logEndOffset] is
 * OFFSET_OUT_OF_RANGE. The leader answers fetches meant for it (currentLeaderEpoch -1 here). A
 * follower answers a consumer sent to it as the preferred read replica (KIP-392), which names the
 * leader epoch it knows: an older one is FENCED_LEADER_EPOCH, a newer one NOT_LEADER_OR_FOLLOWER
 * (Kafka's UNKNOWN_LEADER_EPOCH; the consumer refreshes its metadata either way). ListOffsets gives
 * the log start offset (earliest) or the high watermark (latest).
 */
import type { HostedReplica } from './hostedReplica.ts';
import type {
  BatchSlice,
  ErrorCode,
  FetchPartitionRequest,
  FetchPartitionResponse,
} from './messages.ts';

export type ConsumerFetchResult = FetchPartitionResponse & { oldestCachePosition: number };

/**
 * A consumer's fetch of one partition from its fetch offset, whole batches up to `maxBytes` (at
 * least one with `minOne`: no partition before it in the response brought data).
 */
export function serveConsumerFetch(
  replica: HostedReplica | undefined,
  partition: FetchPartitionRequest,
  maxBytes: number,
  minOne = true,
): ConsumerFetchResult {
  const { partitionIndex: index, fetchOffset, currentLeaderEpoch } = partition;
  const log = replica?.log;
  const response: ConsumerFetchResult = {
    partitionIndex: index,
    error: 'NONE',
    highWatermark: log?.highWatermark ?? 0,
    logStartOffset: log?.logStartOffset ?? 0,
    slices: [],
    divergingEpoch: null,
    preferredReadReplica: -1,
    oldestCachePosition: Infinity,
  };
  if (replica === undefined || log === undefined || replica.role === 'none') {
    response.error = 'NOT_LEADER_OR_FOLLOWER';
    return response;
  }
  if (currentLeaderEpoch >= 0 && currentLeaderEpoch !== replica.leaderEpoch) {
    response.error =
      currentLeaderEpoch < replica.leaderEpoch ? 'FENCED_LEADER_EPOCH' : 'NOT_LEADER_OR_FOLLOWER';
    return response;
  }
  if (replica.role !== 'leader' && currentLeaderEpoch < 0) {
    response.error = 'NOT_LEADER_OR_FOLLOWER';
    return response;
  }
  if (fetchOffset < log.logStartOffset || fetchOffset > log.logEndOffset) {
    response.error = 'OFFSET_OUT_OF_RANGE';
    return response;
  }
  if (fetchOffset >= log.highWatermark) return response;
  const { slices, oldestCachePosition } = log.read(fetchOffset, maxBytes, minOne);
  response.oldestCachePosition = oldestCachePosition;
  for (const slice of slices) {
    if (slice.baseOffset + slice.recordCount <= log.highWatermark) {
      response.slices.push(slice);
      continue;
    }
    if (slice.baseOffset < log.highWatermark) {
      response.slices.push(sliceBelow(slice, log.highWatermark));
    }
    break;
  }
  return response;
}

/** ListOffsets on the leader: the log start offset (earliest) or the high watermark (latest). */
export function listOffset(
  replica: HostedReplica | undefined,
  latest: boolean,
): { error: ErrorCode; offset: number } {
  if (replica === undefined || replica.role !== 'leader') {
    return { error: 'NOT_LEADER_OR_FOLLOWER', offset: -1 };
  }
  const log = replica.log;
  return { error: 'NONE', offset: latest ? log.highWatermark : log.logStartOffset };
}

/** The records of `slice` below `endOffset` (a coarse entry cut at the high watermark). */
export function sliceBelow(slice: BatchSlice, endOffset: number): BatchSlice {
  const kept = endOffset - slice.baseOffset;
  const fraction = kept / slice.recordCount;
  const spanUs = slice.lastCreateUs - slice.firstCreateUs;
  return {
    ...slice,
    recordCount: kept,
    bytes: Math.ceil(slice.bytes * fraction),
    lastCreateUs: slice.firstCreateUs + Math.round(spanUs * fraction),
  };
}
