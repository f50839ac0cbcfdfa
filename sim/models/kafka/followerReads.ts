/**
 * What a leader serves to a follower for one partition (ReplicaManager.fetchMessages and
 * Partition.fetchRecords with a replica id, KIP-320 and KIP-392 epoch checks): errors when it
 * does not lead or the follower's leader epoch differs (FENCED_LEADER_EPOCH when older,
 * UNKNOWN_TOPIC_OR_PARTITION when newer), a diverging epoch when the follower's last fetched
 * epoch ends before its fetch offset here (KIP-595 style truncation by the follower), else (on
 * arrival, ReplicaManager.followerFetched: LEO, ISR expansion, high watermark) the data from the
 * fetch offset is read, whole batches up to maxBytes (at least one).
 */
import type { HostedReplica } from './hostedReplica.ts';
import type { ErrorCode, FetchPartitionRequest, FetchPartitionResponse } from './messages.ts';

export type FollowerFetchResult = FetchPartitionResponse & { oldestCachePosition: number };

/**
 * The answer when the fetch fails the checks (not the leader, another leader epoch, a diverging
 * epoch), else null: the follower's state may then move, and the data is read.
 */
export function refuseFollowerFetch(
  replica: HostedReplica | undefined,
  partition: FetchPartitionRequest,
): FollowerFetchResult | null {
  const { partitionIndex, fetchOffset, lastFetchedEpoch, currentLeaderEpoch } = partition;
  if (replica === undefined || replica.role !== 'leader') {
    return noData(partitionIndex, 'NOT_LEADER_OR_FOLLOWER', 0, null);
  }
  if (currentLeaderEpoch !== replica.leaderEpoch) {
    const newer = currentLeaderEpoch > replica.leaderEpoch;
    const error = newer ? 'UNKNOWN_TOPIC_OR_PARTITION' : 'FENCED_LEADER_EPOCH';
    return noData(partitionIndex, error, 0, null);
  }
  const log = replica.log;
  // A follower on the latest epoch and not past the log end has not diverged (the usual case).
  const current = lastFetchedEpoch === log.latestEpoch() && fetchOffset <= log.logEndOffset;
  if (lastFetchedEpoch >= 0 && !current) {
    const [epoch, endOffset] = log.endOffsetForEpoch(lastFetchedEpoch);
    if (epoch < lastFetchedEpoch || endOffset < fetchOffset) {
      return noData(partitionIndex, 'NONE', log.highWatermark, { epoch, endOffset });
    }
  }
  return null;
}

/**
 * The data from the fetch offset on, whole batches up to maxBytes (at least one with `minOne`:
 * no partition before it in the response brought data).
 */
export function readForFollower(
  replica: HostedReplica,
  partition: FetchPartitionRequest,
  maxBytes: number,
  minOne = true,
): FollowerFetchResult {
  const log = replica.log;
  const response: FollowerFetchResult = {
    partitionIndex: partition.partitionIndex,
    error: 'NONE',
    highWatermark: log.highWatermark,
    logStartOffset: log.logStartOffset,
    slices: [],
    divergingEpoch: null,
    preferredReadReplica: -1,
    oldestCachePosition: Infinity,
  };
  // Read straight into the answer (no intermediate object per read).
  log.readInto(response, partition.fetchOffset, maxBytes, minOne);
  return response;
}

/** What a follower gets for the partition, its state left as it is (a parked fetch's check). */
export function serveFollowerFetch(
  replica: HostedReplica | undefined,
  partition: FetchPartitionRequest,
  maxBytes: number,
  minOne = true,
): FollowerFetchResult {
  const refused = refuseFollowerFetch(replica, partition);
  if (refused !== null || replica === undefined) return refused as FollowerFetchResult;
  return readForFollower(replica, partition, maxBytes, minOne);
}

/** A follower fetch answered without data: an error, or where its log diverges. */
function noData(
  index: number,
  error: ErrorCode,
  highWatermark: number,
  divergingEpoch: FetchPartitionResponse['divergingEpoch'],
): FollowerFetchResult {
  return {
    partitionIndex: index,
    highWatermark,
    logStartOffset: 0,
    slices: [],
    divergingEpoch,
    preferredReadReplica: -1,
    oldestCachePosition: Infinity,
    error,
  };
}
