/**
 * What a leader serves to consumers (ReplicaManager.fetchMessages with replicaId -1,
 * Partition.fetchOffsetSnapshot, ListOffsets): read_uncommitted fetches see only records below the
 * high watermark; an offset outside [logStartOffset, logEndOffset] is OFFSET_OUT_OF_RANGE; only
 * the leader answers (fetch from followers, KIP-392, is left out). ListOffsets gives the log start
 * offset (earliest) or the high watermark (latest).
 */
import type { HostedReplica } from './hostedReplica.ts';
import type { BatchSlice, ErrorCode, FetchPartitionResponse } from './messages.ts';

export type ConsumerFetchResult = FetchPartitionResponse & { oldestCachePosition: number };

/** A consumer's fetch of one partition from `fetchOffset`, whole batches up to `maxBytes`. */
export function serveConsumerFetch(
  replica: HostedReplica | undefined,
  index: number,
  fetchOffset: number,
  maxBytes: number,
): ConsumerFetchResult {
  const log = replica?.log;
  const response: ConsumerFetchResult = {
    partitionIndex: index,
    error: 'NONE',
    highWatermark: log?.highWatermark ?? 0,
    logStartOffset: log?.logStartOffset ?? 0,
    slices: [],
    divergingEpoch: null,
    oldestCachePosition: Infinity,
  };
  if (replica === undefined || log === undefined || replica.role !== 'leader') {
    response.error = 'NOT_LEADER_OR_FOLLOWER';
    return response;
  }
  if (fetchOffset < log.logStartOffset || fetchOffset > log.logEndOffset) {
    response.error = 'OFFSET_OUT_OF_RANGE';
    return response;
  }
  if (fetchOffset >= log.highWatermark) return response;
  const { slices, oldestCachePosition } = log.read(fetchOffset, maxBytes);
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
