/**
 * Follower fetching (core/.../server/ReplicaFetcherThread.scala, AbstractFetcherThread.scala).
 * One session per (leader broker, fetcher thread): num.replica.fetchers threads per source broker,
 * each partition on thread abs(31 * topic.hashCode + partition) % fetchers. A session has at most
 * one fetch in flight carrying all its partitions with fetchOffset = the follower's LEO and
 * lastFetchedEpoch; the leader parks it until data arrives or replica.fetch.wait.max.ms passes.
 * On the response the thread appends the data (CPU per KiB, page cache, maybe fsync), takes the
 * leader's high watermark, truncates where the leader reports a diverging epoch, and fetches
 * again at once. Errors and timeouts (replica.socket.timeout.ms) back off replica.fetch.backoff.ms.
 * A session's partitions, request entries and last applied response are in fetcherPartitions.ts:
 * entries of unchanged partitions are reused and repeated quiet answers skipped, so a fetch costs
 * the partitions that changed (the messages are those of a full fetch). What the requests write
 * on the wire follows KIP-227 incremental fetch sessions (incrementalFetch.ts): all partitions
 * when a session starts or after a failure, then only those whose fetch state changed.
 */
import { FlushLane } from './flushLane.ts';
import { assert, Latch, Timeouts, type TimeoutEntry, type Timer } from '../../engine/index.ts';
import { brokerNodeName, type BrokerContext } from './brokerContext.ts';
import { fetcherIndexFor } from './catalog.ts';
import { fetcherChannel } from './connectionMutes.ts';
import { recordStep } from './detail.ts';
import { FetcherPartitions } from './fetcherPartitions.ts';
import { FetchSessionHandler } from './incrementalFetch.ts';
import type { FetchPartitionRequest, FetchPartitionResponse, Message } from './messages.ts';
import type { ReplicaManager } from './replicaManager.ts';

interface Session {
  key: string;
  leader: number;
  fetcherIndex: number;
  partitions: FetcherPartitions;
  /** What the requests write on the wire (KIP-227 incremental fetches). */
  handler: FetchSessionHandler;
  inFlightRequestId: number;
  timeout: TimeoutEntry<Session> | null;
  backoffTimer: Timer | null;
  busy: boolean;
}

export class ReplicaFetcherManager {
  readonly #context: BrokerContext;
  readonly #replicas: ReplicaManager;
  readonly #sessions = new Map<string, Session>();
  readonly #sessionOfPartition = new Map<number, Session>();
  /** replica.socket.timeout.ms of the fetches in flight (one engine timer, not one each). */
  readonly #timeouts: Timeouts<Session>;
  #requestIdNext = 1;
  fetchesSent = 0;

  constructor(context: BrokerContext, replicas: ReplicaManager) {
    this.#context = context;
    this.#replicas = replicas;
    this.#timeouts = new Timeouts<Session>(context.sim, 'fetcher/timeout', (session) =>
      context.runWhenUp(() => {
        session.timeout = null;
        // BrokerBlockingSender.sendRequest closes the connection when a send fails.
        const channel = fetcherChannel(session.fetcherIndex);
        const close: Message = { kind: 'connectionClose', channel };
        context.send(brokerNodeName(session.leader), close);
        this.#failAndBackOff(session);
      }),
    );
  }

  /** Follows `index` from `leader` (moving it from another session if needed). */
  addPartition(index: number, leader: number): void {
    this.removePartition(index);
    const info = this.#context.catalog.partitions[index];
    assert(info !== undefined, `${this.#context.nodeName}: fetch unknown partition ${index}`);
    const fetcherIndex = fetcherIndexFor(info, this.#context.config.numReplicaFetchers);
    const key = `${leader}:${fetcherIndex}`;
    let session = this.#sessions.get(key);
    if (session === undefined) {
      session = {
        key,
        leader,
        fetcherIndex,
        partitions: new FetcherPartitions(),
        handler: new FetchSessionHandler(),
        inFlightRequestId: 0,
        timeout: null,
        backoffTimer: null,
        busy: false,
      };
      this.#sessions.set(key, session);
    }
    session.partitions.add(index);
    this.#sessionOfPartition.set(index, session);
    this.#maybeFetch(session);
  }

  removePartition(index: number): void {
    const session = this.#sessionOfPartition.get(index);
    if (session === undefined) return;
    session.partitions.delete(index);
    this.#sessionOfPartition.delete(index);
    if (session.partitions.size > 0) return;
    // An idle fetcher thread is shut down (shutdownIdleFetcherThreads): a later partition from
    // this leader starts a fresh session rather than wait for a request lost long ago.
    this.#clearTimers(session);
    this.#sessions.delete(session.key);
  }

  /** The broker stopped: every session ends. */
  stop(): void {
    for (const session of this.#sessions.values()) this.#clearTimers(session);
    this.#timeouts.clear();
    this.#sessions.clear();
    this.#sessionOfPartition.clear();
  }

  onConnectionReset(peerNode: string): void {
    for (const session of this.#sessions.values()) {
      if (brokerNodeName(session.leader) !== peerNode || session.inFlightRequestId === 0) continue;
      this.#failAndBackOff(session);
    }
  }

  onFetchResponse(message: Extract<Message, { kind: 'fetchResponse' }>): void {
    let session: Session | undefined;
    for (const candidate of this.#sessions.values()) {
      if (candidate.inFlightRequestId !== message.requestId) continue;
      session = candidate;
      break;
    }
    if (session === undefined) return;
    this.#clearTimers(session);
    session.inFlightRequestId = 0;
    session.busy = true;
    const bytes = message.dataBytes;
    const config = this.#context.config;
    this.#context.allocate(bytes);
    const cpuUs = this.#context.cpuStretch(
      config.ioRequestUs + Math.ceil((bytes / 1024) * config.ioPerKiBUs),
    );
    // The fetcher thread's CPU time delays its next fetch (no event of its own).
    const received = this.#process(session, message.partitions, cpuUs, message.requestId);
    // A response filled to the byte limit left partitions out: they lead the next request.
    if (bytes > config.replicaFetchResponseMaxBytes - config.replicaFetchMaxBytes) {
      session.partitions.moveToEnd(received);
    }
  }

  #process(
    session: Session,
    partitions: FetchPartitionResponse[],
    cpuUs: number,
    requestId: number,
  ): number[] {
    const received: number[] = [];
    const arrivedUs = this.#context.sim.nowUs;
    const appends = new Latch(() => {
      session.busy = false;
      if (session.partitions.size === 0) return;
      this.#maybeFetch(session, Math.max(0, cpuUs - (this.#context.sim.nowUs - arrivedUs)));
    });
    const lane = new FlushLane();
    // An answer that is the very object applied last time at this place is a quiet one (the
    // leader sends no other answer twice) repeating a high watermark already taken, with no
    // log change in between (fetcherPartitions.ts): nothing to do.
    for (const position of session.partitions.takeResponse(partitions)) {
      const partition = partitions[position] as FetchPartitionResponse;
      if (!session.partitions.has(partition.partitionIndex)) continue;
      if (partition.error !== 'NONE') {
        this.#delayPartition(session, partition.partitionIndex);
        continue;
      }
      if (partition.divergingEpoch !== null) {
        session.partitions.changed(partition.partitionIndex);
        this.#truncate(partition.partitionIndex, partition.divergingEpoch);
        continue;
      }
      if (partition.slices.length === 0) {
        this.#replicas.takeLeaderHighWatermark(partition.partitionIndex, partition.highWatermark);
        continue;
      }
      session.partitions.changed(partition.partitionIndex);
      received.push(partition.partitionIndex);
      appends.add();
      const replica = this.#context.detail.on ? this.#replicas.get(partition.partitionIndex) : null;
      const endBefore = replica?.log.logEndOffset ?? 0;
      this.#replicas.appendAsFollower(
        partition.partitionIndex,
        partition.slices,
        partition.highWatermark,
        appends.arrive,
        lane,
      );
      if (replica !== null && replica !== undefined && replica.log.logEndOffset > endBefore) {
        const cause = { requestId, peer: brokerNodeName(session.leader) };
        const range: [number, number] = [endBefore, replica.log.logEndOffset];
        recordStep(this.#context, 'followerAppend', replica.info.name, cause, range);
      }
    }
    appends.arrive();
    return received;
  }

  /** The leader moved or the epochs disagree: retry after the backoff if still following it. */
  #delayPartition(session: Session, index: number): void {
    this.removePartition(index);
    this.#context.schedule(this.#context.config.replicaFetchBackoffUs, 'fetcher/retry', () => {
      const replica = this.#replicas.get(index);
      if (replica === undefined || replica.role !== 'follower') return;
      if (replica.leader !== session.leader || this.#sessionOfPartition.has(index)) return;
      this.addPartition(index, replica.leader);
    });
  }

  #truncate(index: number, diverging: { epoch: number; endOffset: number }): void {
    const replica = this.#replicas.get(index);
    if (replica === undefined) return;
    const [ownEpoch, ownEnd] = replica.log.endOffsetForEpoch(diverging.epoch);
    const offset =
      ownEpoch < 0 ? replica.log.logStartOffset : Math.min(ownEnd, diverging.endOffset);
    this.#replicas.truncateTo(
      index,
      Math.max(offset, replica.log.logStartOffset),
      'diverging epoch',
    );
  }

  #maybeFetch(session: Session, departDelayUs = 0): void {
    if (session.inFlightRequestId !== 0 || session.busy || session.backoffTimer !== null) return;
    if (session.partitions.size === 0) return;
    const config = this.#context.config;
    const partitions = session.partitions.next((index) => this.#entryFor(index));
    const wire = session.handler.build(partitions);
    const requestId = this.#requestIdNext++;
    session.inFlightRequestId = requestId;
    this.fetchesSent++;
    this.#context.send(
      brokerNodeName(session.leader),
      {
        kind: 'fetchRequest',
        requestId,
        replicaId: this.#context.brokerId,
        rackId: null,
        fetcherIndex: session.fetcherIndex,
        maxWaitUs: config.replicaFetchWaitMaxUs,
        minBytes: config.replicaFetchMinBytes,
        maxBytes: config.replicaFetchResponseMaxBytes,
        partitions,
        sessionEpoch: wire.sessionEpoch,
        listedPartitionsCount: wire.listedPartitionsCount,
        forgottenPartitionsCount: wire.forgottenPartitionsCount,
      },
      'data',
      departDelayUs,
    );
    session.timeout = this.#timeouts.add(config.replicaSocketTimeoutUs, session);
  }

  /** A partition's entry in the next request: the follower's LEO, epochs and fetch size. */
  #entryFor(index: number): FetchPartitionRequest | null {
    const replica = this.#replicas.get(index);
    if (replica === undefined) return null;
    return {
      partitionIndex: index,
      fetchOffset: replica.log.logEndOffset,
      lastFetchedEpoch: replica.log.latestEpoch(),
      currentLeaderEpoch: replica.leaderEpoch,
      maxBytes: this.#context.config.replicaFetchMaxBytes,
    };
  }

  #failAndBackOff(session: Session): void {
    this.#clearTimers(session);
    session.inFlightRequestId = 0;
    // FetchSessionHandler.handleError: the next fetch starts a new session.
    session.handler.reset();
    session.backoffTimer = this.#context.schedule(
      this.#context.config.replicaFetchBackoffUs,
      'fetcher/backoff',
      () => {
        session.backoffTimer = null;
        this.#maybeFetch(session);
      },
    );
  }

  #clearTimers(session: Session): void {
    if (session.timeout !== null) this.#timeouts.cancel(session.timeout);
    if (session.backoffTimer !== null) this.#context.sim.cancel(session.backoffTimer);
    session.timeout = null;
    session.backoffTimer = null;
  }
}
