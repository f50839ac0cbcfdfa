/**
 * Reading a fetch request's partitions on the leader: consumers get what lies below the high
 * watermark (consumerReads.ts), followers go through the replica manager (which records their
 * fetch offsets); whole batches up to the request's and each partition's byte limits. A fetch is
 * answered at once when it has fetch.min.bytes, an error or a diverging epoch, else it parks.
 */
import { brokerNodeName, type BrokerContext } from './brokerContext.ts';
import { serveConsumerFetch } from './consumerReads.ts';
import type { FetchPartitionResponse, Message } from './messages.ts';
import type { ReplicaManager } from './replicaManager.ts';

type FetchRequest = Extract<Message, { kind: 'fetchRequest' }>;
export type FetchRead = FetchPartitionResponse & { oldestCachePosition: number };

/** Reads every partition of `request`; `arrival` is the first read (not a purgatory re-check). */
export function readFetch(
  context: BrokerContext,
  replicas: ReplicaManager,
  request: FetchRequest,
  arrival: boolean,
  onFollowerFetched: () => void,
): FetchRead[] {
  const responses = [];
  let bytesLeft = request.maxBytes;
  const cause =
    context.detail.on && arrival
      ? { requestId: request.requestId, peer: brokerNodeName(request.replicaId) }
      : undefined;
  for (const partition of request.partitions) {
    const maxBytes = Math.max(0, Math.min(partition.maxBytes, bytesLeft));
    if (request.replicaId < 0) {
      const replica = replicas.get(partition.partitionIndex);
      const read = serveConsumerFetch(
        replica,
        partition.partitionIndex,
        partition.fetchOffset,
        maxBytes,
      );
      for (const slice of read.slices) bytesLeft -= slice.bytes;
      responses.push(read);
      continue;
    }
    const response = replicas.serveFollowerFetch(
      partition.partitionIndex,
      request.replicaId,
      partition.fetchOffset,
      partition.lastFetchedEpoch,
      partition.currentLeaderEpoch,
      maxBytes,
      arrival,
      cause,
    );
    for (const slice of response.slices) bytesLeft -= slice.bytes;
    responses.push(response);
  }
  if (arrival && request.replicaId >= 0) onFollowerFetched();
  return responses;
}

export function fetchSatisfied(partitions: FetchPartitionResponse[], minBytes: number): boolean {
  let bytes = 0;
  for (const partition of partitions) {
    if (partition.error !== 'NONE' || partition.divergingEpoch !== null) return true;
    for (const slice of partition.slices) bytes += slice.bytes;
  }
  return bytes >= minBytes;
}
