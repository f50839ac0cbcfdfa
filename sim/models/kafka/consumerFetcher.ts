/**
 * The consumer's fetcher and offset bookkeeping (internals/Fetcher, OffsetFetcher,
 * ConsumerCoordinator.commitOffsets*): positions of new partitions from OffsetFetch or, without a
 * committed offset, ListOffsets for auto.offset.reset; one fetch per leader broker in flight for
 * owned partitions with a known position and nothing buffered, in a KIP-227 fetch session per
 * broker (incrementalFetch.ts); OffsetCommit of positions.
 */
import type { Consumer } from './consumer.ts';
import type { OwnedPartition } from './consumerPoll.ts';
import { clearReadReplica, fetchNodeOf, setReadReplica } from './consumerReadReplicas.ts';
import type { FetchPartitionResponse } from './messages.ts';

export function fetchPositions(consumer: Consumer, partitions: number[]): void {
  const retry = (): void => {
    consumer.schedule(consumer.spec.retryBackoffUs, 'consumer/offsetFetchRetry', () =>
      fetchPositions(
        consumer,
        partitions.filter((index) => consumer.owned.has(index)),
      ),
    );
  };
  if (partitions.length === 0) return;
  consumer.findCoordinator(() =>
    consumer.request(
      consumer.coordinator,
      (requestId) => ({
        kind: 'offsetFetchRequest',
        requestId,
        groupId: consumer.spec.groupId,
        partitions,
      }),
      (message) => {
        if (message.kind !== 'offsetFetchResponse' || message.error !== 'NONE') {
          consumer.coordinatorLost();
          return retry();
        }
        const reset: number[] = [];
        for (const entry of message.offsets) {
          const partition = consumer.owned.get(entry.partitionIndex);
          if (partition === undefined || partition.position >= 0) continue;
          if (entry.offset < 0) reset.push(entry.partitionIndex);
          else setPosition(consumer, partition, entry.offset);
        }
        resetPositions(consumer, reset);
      },
      () => {
        consumer.coordinatorLost();
        retry();
      },
    ),
  );
}

/** ListOffsets to each partition's leader, for auto.offset.reset. */
export function resetPositions(consumer: Consumer, partitions: number[]): void {
  const latest = consumer.spec.autoOffsetReset !== 'earliest';
  const byLeader = new Map<number, number[]>();
  for (const index of partitions) {
    const leader = consumer.metadata.leaderOf(index);
    const list = byLeader.get(leader) ?? [];
    list.push(index);
    byLeader.set(leader, list);
  }
  for (const [leader, list] of byLeader) {
    const retry = (): void => {
      consumer.metadata.refresh();
      consumer.schedule(consumer.spec.retryBackoffUs, 'consumer/listOffsetsRetry', () =>
        resetPositions(
          consumer,
          list.filter((index) => consumer.owned.get(index)?.position === -1),
        ),
      );
    };
    if (leader < 0) {
      retry();
      continue;
    }
    consumer.request(
      leader,
      (requestId) => ({ kind: 'listOffsetsRequest', requestId, latest, partitions: list }),
      (message) => {
        if (message.kind !== 'listOffsetsResponse') return;
        const failed: number[] = [];
        for (const entry of message.partitions) {
          const partition = consumer.owned.get(entry.partitionIndex);
          if (partition === undefined || partition.position >= 0) continue;
          if (entry.error === 'NONE') setPosition(consumer, partition, entry.offset);
          else failed.push(entry.partitionIndex);
        }
        if (failed.length > 0) retry();
      },
      retry,
    );
  }
}

export function setPosition(consumer: Consumer, partition: OwnedPartition, offset: number): void {
  partition.position = offset;
  partition.highWatermark = Math.max(partition.highWatermark, offset);
  consumer.partitionsEvent([partition.index], []);
  sendFetches(consumer);
}

/**
 * The owned partitions grouped by the broker to fetch them from (the leader, or a preferred read
 * replica: consumerReadReplicas.ts), each group in owned order with each partition's rank in that
 * order; rebuilt when ownership, a read replica or a leader changes, or a read replica expires.
 * sendFetches then walks the groups of the brokers it may fetch from, not every owned partition.
 */
export class FetchTargets {
  #ownedVersion = -1;
  #metadataVersion = -1;
  #expiresUs = Infinity;
  #byNode = new Map<number, Array<[number, OwnedPartition]>>();

  of(consumer: Consumer): ReadonlyMap<number, ReadonlyArray<readonly [number, OwnedPartition]>> {
    const metadataVersion = consumer.metadata.version;
    if (
      this.#ownedVersion === consumer.ownedVersion &&
      this.#metadataVersion === metadataVersion &&
      consumer.sim.nowUs < this.#expiresUs
    ) {
      return this.#byNode;
    }
    this.#byNode = new Map();
    this.#expiresUs = Infinity;
    let rank = 0;
    for (const partition of consumer.owned.values()) {
      const node = fetchNodeOf(consumer, partition);
      rank++;
      if (node < 0) continue;
      if (partition.readReplica >= 0) {
        this.#expiresUs = Math.min(this.#expiresUs, partition.readReplicaUntilUs);
      }
      const group = this.#byNode.get(node) ?? [];
      group.push([rank, partition]);
      this.#byNode.set(node, group);
    }
    // After the walk: expiring read replicas moved the owned version.
    this.#ownedVersion = consumer.ownedVersion;
    this.#metadataVersion = metadataVersion;
    return this.#byNode;
  }
}

/**
 * One fetch per broker in flight, for owned partitions with a position and nothing buffered;
 * the fetches leave in the owned order of each broker's first such partition.
 */
export function sendFetches(consumer: Consumer): void {
  if (!consumer.running) return;
  const ready: Array<{ rank: number; leader: number; partitions: number[] }> = [];
  for (const [leader, group] of consumer.fetchTargets.of(consumer)) {
    if (consumer.fetching.has(leader)) continue;
    const partitions: number[] = [];
    let first = -1;
    for (const [rank, partition] of group) {
      if (partition.position < 0 || partition.buffer.length > 0) continue;
      if (first < 0) first = rank;
      partitions.push(partition.index);
    }
    if (partitions.length > 0) ready.push({ rank: first, leader, partitions });
  }
  ready.sort((a, b) => a.rank - b.rank);
  for (const { leader, partitions } of ready) fetchFrom(consumer, leader, partitions);
}

/**
 * A fetch of `partitions` from broker `leader` (their leader, or the read replica of some). A
 * partition fetched from a read replica names the leader epoch the consumer knows (KIP-320).
 */
export function fetchFrom(consumer: Consumer, leader: number, partitions: number[]): void {
  const spec = consumer.spec;
  consumer.fetching.add(leader);
  consumer.stats.fetchesSent++;
  const offsets = partitions.map((index) => consumer.owned.get(index)?.position ?? 0);
  const viaReplica = partitions.map((index) => (consumer.owned.get(index)?.readReplica ?? -1) >= 0);
  const entries = partitions.map((partitionIndex, position) => ({
    partitionIndex,
    fetchOffset: offsets[position] as number,
    lastFetchedEpoch: -1,
    currentLeaderEpoch: viaReplica[position] ? consumer.metadata.epochOf(partitionIndex) : -1,
    maxBytes: spec.maxPartitionFetchBytes,
  }));
  // One fetch session per broker: partitions left out (buffered) are forgotten until re-added.
  const session = consumer.fetchSessionWith(leader);
  const wire = session.build(entries);
  consumer.request(
    leader,
    (requestId) => ({
      kind: 'fetchRequest',
      requestId,
      replicaId: -1,
      rackId: spec.rackId,
      fetcherIndex: 0,
      maxWaitUs: spec.fetchMaxWaitUs,
      minBytes: spec.fetchMinBytes,
      maxBytes: spec.fetchMaxBytes,
      partitions: entries,
      sessionEpoch: wire.sessionEpoch,
      listedPartitionsCount: wire.listedPartitionsCount,
      forgottenPartitionsCount: wire.forgottenPartitionsCount,
    }),
    (message) => {
      if (message.kind !== 'fetchResponse') return;
      let refresh = false;
      const reset: number[] = [];
      message.partitions.forEach((response, position) => {
        const partition = consumer.owned.get(response.partitionIndex);
        if (partition === undefined || partition.position !== offsets[position]) return;
        if (response.error !== 'NONE' && viaReplica[position] === true) {
          // From a read replica: back to the leader (an offset it lacks is no reset).
          clearReadReplica(consumer, partition);
          if (response.error !== 'OFFSET_OUT_OF_RANGE') refresh = true;
          return;
        }
        if (response.error === 'NOT_LEADER_OR_FOLLOWER') refresh = true;
        if (response.error === 'OFFSET_OUT_OF_RANGE') {
          partition.position = -1;
          reset.push(partition.index);
        }
        if (response.error !== 'NONE') return;
        if (response.preferredReadReplica >= 0) {
          setReadReplica(consumer, partition, response.preferredReadReplica);
        }
        partition.highWatermark = response.highWatermark;
        if (partition.buffer.length === 0 && response.slices.length > 0) {
          consumer.completedFetches.push(partition.index);
        }
        for (const slice of response.slices) {
          partition.buffer.push(slice);
          partition.bufferedRecords += slice.recordCount;
        }
      });
      if (message.dataBytes > spec.fetchMaxBytes - spec.maxPartitionFetchBytes) {
        moveToEnd(consumer, message.partitions);
      }
      if (refresh) consumer.metadata.refresh();
      resetPositions(consumer, reset);
      fetchDone(consumer, leader);
    },
    () => {
      // FetchSessionHandler.handleError: the next fetch to this broker starts a new session.
      session.reset();
      for (const index of partitions) {
        const partition = consumer.owned.get(index);
        if (partition !== undefined) clearReadReplica(consumer, partition);
      }
      consumer.metadata.refresh();
      consumer.schedule(consumer.spec.retryBackoffUs, 'consumer/fetchRetry', () =>
        fetchDone(consumer, leader),
      );
    },
    // ConsumerNetworkClient.send: a fetch times out after request.timeout.ms like any request.
    spec.requestTimeoutUs,
  );
}

/**
 * A fetch from `leader` ended (answered, or failed and backed off). The next fetch goes out from
 * poll(), after it drained what this one brought (KafkaConsumer.poll: fetchedRecords, then
 * sendFetches), so the partitions just answered are in it. Sending here, before the drain, would
 * leave them out and park the fetch on the quiet partitions.
 */
function fetchDone(consumer: Consumer, leader: number): void {
  consumer.fetching.delete(leader);
  consumer.pollIfIdle();
}

/** OffsetCommit of the current positions of `partitions`; `then` runs on the answer. */
export function commit(consumer: Consumer, partitions: number[], then: () => void): void {
  const offsets: Array<{ partitionIndex: number; offset: number }> = [];
  for (const index of partitions) {
    const partition = consumer.owned.get(index);
    if (partition !== undefined && partition.position >= 0) {
      offsets.push({ partitionIndex: index, offset: partition.position });
    }
  }
  if (offsets.length === 0 || !consumer.running) {
    then();
    return;
  }
  consumer.stats.commitsSent++;
  const failed = (): void => {
    consumer.stats.commitsFailed++;
    then();
  };
  const identity = consumer.membership.commitIdentity();
  consumer.findCoordinator(() =>
    consumer.request(
      consumer.coordinator,
      (requestId) => ({
        kind: 'offsetCommitRequest',
        requestId,
        groupId: consumer.spec.groupId,
        memberId: identity.memberId,
        generation: identity.generation,
        offsets,
      }),
      (message) => {
        if (message.kind !== 'offsetCommitResponse' || message.error !== 'NONE') {
          if (message.kind === 'offsetCommitResponse' && message.error === 'NOT_COORDINATOR') {
            consumer.coordinatorLost();
          }
          return failed();
        }
        then();
      },
      () => {
        consumer.coordinatorLost();
        failed();
      },
    ),
  );
}

/**
 * A response filled to fetch.max.bytes: the partitions that brought data go to the end of the
 * owned order, so the next fetches lead with those it left out (SubscriptionState's
 * movePartitionToEnd once a partition's records are drained; with room for every partition the
 * order changes nothing, so it is kept then).
 */
function moveToEnd(consumer: Consumer, partitions: readonly FetchPartitionResponse[]): void {
  let moved = false;
  for (const response of partitions) {
    const partition = consumer.owned.get(response.partitionIndex);
    if (partition === undefined || response.slices.length === 0) continue;
    consumer.owned.delete(response.partitionIndex);
    consumer.owned.set(response.partitionIndex, partition);
    moved = true;
  }
  if (moved) consumer.ownedVersion++;
}
