/**
 * The leader's side of Fetch (KafkaApis.handleFetchRequest, ReplicaManager.fetchMessages,
 * DelayedFetch): a fetch is read when it arrives (a follower's fetch also moves the follower's
 * state: LEO, ISR, high watermark), answered at once when it has fetch.min.bytes or an error,
 * else parked in the fetch purgatory until new data or a new high watermark on one of its
 * partitions completes it or its max wait passes; the answer's data is read from the page cache
 * or the disk. Followers fetch all partitions of their session; consumers their owned ones.
 * Only partitions that can answer differently are read: on arrival, a follower session's
 * changed or not caught-up partitions, and a consumer's partitions below the high watermark
 * (fetchSessions.ts); when a parked fetch is checked again, the ones read on arrival and those
 * the replica manager reported changed since. The others would answer as they did, so the
 * answer is the full read's. The answer writes out only what the fetch session's client has not
 * got yet (KIP-227, incrementalFetch.ts).
 */
import { Latch, Timeouts } from '../../engine/index.ts';
import { brokerNodeName, type BrokerContext } from './brokerContext.ts';
import { serveConsumerFetch } from './consumerReads.ts';
import { ascendingUnique } from './ascending.ts';
import { DelayedFetch, type DelayedFetchPorts } from './delayedOperations.ts';
import { FollowerSessions, isQuiet, QuietConsumerAnswers } from './fetchSessions.ts';
import { readForFollower, refuseFollowerFetch, serveFollowerFetch } from './followerReads.ts';
import type { HostedReplica } from './hostedReplica.ts';
import { SessionAnswersCache } from './incrementalFetch.ts';
import type { FetchPartitionResponse, Message } from './messages.ts';
import { FetchPurgatory } from './purgatory.ts';
import { preferredReadReplica } from './replicaSelector.ts';
import type { ReplicaManager } from './replicaManager.ts';

type FetchRequest = Extract<Message, { kind: 'fetchRequest' }>;

/** One partition read: its place in the request, its answer, and the age of its data. */
export interface PartitionRead {
  position: number;
  response: FetchPartitionResponse;
  oldestCachePosition: number;
}

/** A fetch's answer for every partition, and the partitions read to make it (ascending). */
export interface FetchRead {
  entries: FetchPartitionResponse[];
  reads: PartitionRead[];
}

export interface FetchServerPorts {
  /** Writes the response to `request` on a network thread (then its connection reads on). */
  respond(to: string, message: Message, request: Message): void;
  /** A follower fetch was read (it may have queued ISR expansions). */
  followerFetched(): void;
}

export class FetchServer {
  readonly #purgatory = new FetchPurgatory();
  readonly #sessions = new FollowerSessions();
  readonly #consumerAnswers = new QuietConsumerAnswers();
  /** What each session's client last got: the partitions an answer writes out (KIP-227). */
  readonly #answered = new SessionAnswersCache();
  readonly #context: BrokerContext;
  readonly #replicas: ReplicaManager;
  readonly #ports: FetchServerPorts;
  /** What the parked fetches call back, and their max waits. */
  readonly #delayed: DelayedFetchPorts;
  consumerFetchedBytes = 0;

  constructor(context: BrokerContext, replicas: ReplicaManager, ports: FetchServerPorts) {
    this.#context = context;
    this.#replicas = replicas;
    this.#ports = ports;
    this.#delayed = {
      // Expiries run when the process does (a paused broker answers after the pause).
      fetchTimeouts: new Timeouts<DelayedFetch>(context.sim, 'fetch/maxWait', (delayed) =>
        context.runWhenUp(() => delayed.expire()),
      ),
      readFetch: (delayed, anyway) => {
        const reads = this.#reread(delayed.request, delayed.arrival, delayed.changed);
        return anyway || satisfied(reads, delayed.request.minBytes) ? reads : null;
      },
      sendFetch: (delayed, reads) => {
        this.#send(delayed.request, delayed.from, this.#answer(delayed.arrival, reads), noop);
      },
      unpark: (delayed) => this.#purgatory.remove(delayed),
    };
  }

  /** The replica of partition `index` changed (role, epochs, offsets, ISR, high watermark). */
  changed(index: number): void {
    this.#consumerAnswers.touch(index);
    this.#sessions.touch(index);
    this.#purgatory.touch(index);
  }

  /** New data or a new high watermark on `index`: parked fetches holding it check again. */
  wake(index: number): void {
    this.#purgatory.wake(index);
  }

  /** The process stopped: parked fetches and session memory are gone. */
  stop(): void {
    this.#purgatory.clear();
    this.#delayed.fetchTimeouts.clear();
    this.#sessions.clear();
    this.#consumerAnswers.clear();
    this.#answered.clear();
  }

  /**
   * A fetch on its request handler thread, once the thread's CPU for the request has run
   * (requestHandler.ts): read and answer it, or park it; `release` frees the thread.
   */
  handle(request: FetchRequest, from: string, release: () => void): void {
    const read = request.replicaId >= 0 ? this.#readFollower(request) : this.#readAll(request);
    if (request.replicaId >= 0) this.#ports.followerFetched();
    if (satisfied(read.reads, request.minBytes)) {
      this.#send(request, from, read, release);
      return;
    }
    // Park in the fetch purgatory; the io thread is free meanwhile.
    release();
    this.#park(request, from, read);
  }

  /**
   * A follower's fetch on arrival: the partitions fetched again unchanged while caught up only
   * catch the follower up now (its session's clock); the others are read in full, in order (the
   * follower's state, ISR expansion, high watermark, then the data within the request's
   * maxBytes, which only these can hold).
   */
  #readFollower(request: FetchRequest): FetchRead {
    const session = this.#sessions.session(request.replicaId, request.fetcherIndex);
    const partitions = request.partitions;
    const cause = this.#context.detail.on
      ? { requestId: request.requestId, peer: brokerNodeName(request.replicaId) }
      : undefined;
    const reads: PartitionRead[] = [];
    let bytesLeft = request.maxBytes;
    for (const position of session.begin(partitions)) {
      const partition = partitions[position] as FetchRequest['partitions'][number];
      const index = partition.partitionIndex;
      const replica = this.#replicas.get(index);
      const maxBytes = Math.max(0, Math.min(partition.maxBytes, bytesLeft));
      let result = refuseFollowerFetch(replica, partition);
      if (result === null) {
        this.#replicas.followerFetched(index, request.replicaId, partition.fetchOffset, cause);
        result = readForFollower(
          replica as HostedReplica,
          partition,
          maxBytes,
          minOne(request, bytesLeft),
        );
      }
      const read = partitionRead(position, result);
      for (const slice of read.response.slices) bytesLeft -= slice.bytes;
      reads.push(read);
      session.record(position, partition, read.response, replica, request.replicaId);
    }
    const entries = session.end(partitions, this.#context.sim.nowUs, reads);
    return { entries, reads };
  }

  /**
   * A consumer's fetch on arrival: partitions fetched at or above the high watermark take the
   * kept quiet answer (fetchSessions.ts), the others are read in order; `reads` holds the
   * answers that are not quiet.
   */
  #readAll(request: FetchRequest): FetchRead {
    const entries: FetchPartitionResponse[] = [];
    const reads: PartitionRead[] = [];
    let bytesLeft = request.maxBytes;
    const racks = this.#context.config.readReplicaRacks;
    for (let position = 0; position < request.partitions.length; position++) {
      const partition = request.partitions[position] as FetchRequest['partitions'][number];
      const index = partition.partitionIndex;
      const replica = this.#replicas.get(index);
      if (racks !== null && replica !== undefined) {
        const preferred = preferredReadReplica(
          replica,
          partition.fetchOffset,
          request.rackId,
          racks,
        );
        if (preferred >= 0) {
          const read = redirect(position, replica, preferred);
          entries.push(read.response);
          reads.push(read);
          continue;
        }
      }
      const quiet = this.#consumerAnswers.quiet(replica, partition.fetchOffset);
      if (quiet !== null) {
        entries.push(quiet);
        continue;
      }
      const maxBytes = Math.max(0, Math.min(partition.maxBytes, bytesLeft));
      const first = minOne(request, bytesLeft);
      const read = partitionRead(position, serveConsumerFetch(replica, partition, maxBytes, first));
      for (const slice of read.response.slices) bytesLeft -= slice.bytes;
      entries.push(read.response);
      if (!isQuiet(read.response)) reads.push(read);
    }
    return { entries, reads };
  }

  /** Reads the places `positions` (ascending) without moving any state, within maxBytes. */
  #read(request: FetchRequest, positions: readonly number[]): PartitionRead[] {
    const reads: PartitionRead[] = [];
    let bytesLeft = request.maxBytes;
    for (const position of positions) {
      const partition = request.partitions[position] as FetchRequest['partitions'][number];
      const index = partition.partitionIndex;
      const maxBytes = Math.max(0, Math.min(partition.maxBytes, bytesLeft));
      const replica = this.#replicas.get(index);
      const first = minOne(request, bytesLeft);
      const result =
        request.replicaId < 0
          ? serveConsumerFetch(replica, partition, maxBytes, first)
          : serveFollowerFetch(replica, partition, maxBytes, first);
      const read = partitionRead(position, result);
      for (const slice of read.response.slices) bytesLeft -= slice.bytes;
      reads.push(read);
    }
    return reads;
  }

  /** The fetch read again: the places read on arrival and those changed since. */
  #reread(
    request: FetchRequest,
    arrival: FetchRead,
    changed: ReadonlySet<number>,
  ): PartitionRead[] {
    const positions: number[] = [];
    for (const read of arrival.reads) positions.push(read.position);
    for (const position of changed) positions.push(position);
    return this.#read(request, ascendingUnique(positions));
  }

  /** The answer of every place: the arrival's, with the places read again replaced. */
  #answer(arrival: FetchRead, reads: PartitionRead[]): FetchRead {
    const entries = arrival.entries.slice();
    for (const read of reads) entries[read.position] = read.response;
    return { entries, reads };
  }

  #park(request: FetchRequest, from: string, arrival: FetchRead): void {
    const positionOf =
      request.replicaId >= 0
        ? this.#sessions.session(request.replicaId, request.fetcherIndex).positionOf
        : new Map(request.partitions.map((partition, at) => [partition.partitionIndex, at]));
    this.#purgatory.add(new DelayedFetch(this.#delayed, request, from, arrival, positionOf));
  }

  #send(request: FetchRequest, from: string, read: FetchRead, release: () => void): void {
    let dataBytes = 0;
    const reads = new Latch(() => {
      release();
      const session = this.#answered.of(request.replicaId, request.fetcherIndex, from);
      // A follower fetch's places not read answer as last time (fetchSessions.ts).
      const changed = request.replicaId >= 0 ? read.reads : null;
      const epoch = request.sessionEpoch;
      const listed = session.listed(epoch, request.partitions, read.entries, changed);
      const response: Message = {
        kind: 'fetchResponse',
        requestId: request.requestId,
        partitions: read.entries,
        dataBytes,
        listedPartitionsCount: listed,
      };
      this.#ports.respond(from, response, request);
    });
    // Only the partitions read can hold data: the others answer quietly (no slices).
    for (const { response, oldestCachePosition } of read.reads) {
      let bytes = 0;
      for (const slice of response.slices) bytes += slice.bytes;
      dataBytes += bytes;
      const replica = this.#replicas.get(response.partitionIndex);
      if (bytes === 0 || replica === undefined) continue;
      reads.add();
      if (request.replicaId < 0) this.consumerFetchedBytes += bytes;
      this.#context.storage.read(replica.diskIndex, bytes, oldestCachePosition, reads.arrive);
    }
    reads.arrive();
  }
}

function noop(): void {}

function partitionRead(
  position: number,
  result: FetchPartitionResponse & { oldestCachePosition: number },
): PartitionRead {
  // Built field by field: every answer has the same shape (one hidden class, fast to walk).
  const response: FetchPartitionResponse = {
    partitionIndex: result.partitionIndex,
    error: result.error,
    highWatermark: result.highWatermark,
    logStartOffset: result.logStartOffset,
    slices: result.slices,
    divergingEpoch: result.divergingEpoch,
    preferredReadReplica: result.preferredReadReplica,
  };
  return { position, response, oldestCachePosition: result.oldestCachePosition };
}

/**
 * KIP-392: a leader's answer for a partition its consumer should read from replica `preferred`:
 * no records (ReplicaManager.readFromLog skips the read), the leader's offsets.
 */
function redirect(position: number, replica: HostedReplica, preferred: number): PartitionRead {
  const response: FetchPartitionResponse = {
    partitionIndex: replica.info.index,
    error: 'NONE',
    highWatermark: replica.log.highWatermark,
    logStartOffset: replica.log.logStartOffset,
    slices: [],
    divergingEpoch: null,
    preferredReadReplica: preferred,
  };
  return { position, response, oldestCachePosition: Infinity };
}

/**
 * fetch.min.bytes reached, or a partition has an error, a divergence or a preferred read replica
 * to report (ReplicaManager.fetchMessages answers those at once).
 */
function satisfied(reads: readonly PartitionRead[], minBytes: number): boolean {
  let bytes = 0;
  for (const { response } of reads) {
    if (response.error !== 'NONE' || response.divergingEpoch !== null) return true;
    if (response.preferredReadReplica >= 0) return true;
    for (const slice of response.slices) bytes += slice.bytes;
  }
  return bytes >= minBytes;
}

/**
 * Whether a partition read now may return a batch larger than what is left (minOneMessage in
 * ReplicaManager.readFromLocalLog): only until some partition of the response brought data.
 */
function minOne(request: FetchRequest, bytesLeft: number): boolean {
  return bytesLeft === request.maxBytes;
}
