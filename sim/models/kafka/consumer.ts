/**
 * A consumer client (clients/.../consumer/KafkaConsumer, internals/{Fetcher,FetchCollector,
 * ConsumerCoordinator,AbstractCoordinator}). The application thread loops on poll(): it rejoins
 * the group if needed, auto-commits every auto.commit.interval.ms, takes up to max.poll.records
 * from the fetched buffer and processes them (one event per poll: a per-record time drawn from the
 * scenario's distribution, times spikes and `slow` faults), then polls again; with
 * enable.auto.commit=false it commits synchronously after processing. The fetcher keeps one fetch
 * in flight per leader broker for owned partitions with a known position and nothing buffered
 * (fetch.min.bytes, fetch.max.wait.ms, fetch.max.bytes, max.partition.fetch.bytes). New partitions
 * start at the committed offset or, without one, at auto.offset.reset (ListOffsets). Membership
 * (classic or KIP-848) is in consumerMembership.ts. Records: end-to-end latency from each
 * record's creation to the end of its processing, weighted by record counts; lag is the high
 * watermark minus the position.
 */
import {
  assert,
  Timeouts,
  type RandomStream,
  type Simulation,
  type TimeoutEntry,
  type Timer,
} from '../../engine/index.ts';
import type { LinkClass } from '../hardware/network.ts';
import { brokerNodeName } from './brokerContext.ts';
import { channelOf, onCoordinatorChannel } from './connectionMutes.ts';
import { ClientMetadata, closedByClient } from './clientMetadata.ts';
import { processingUs, takeRecords, type OwnedPartition } from './consumerPoll.ts';
import { createMembership, type Membership } from './consumerMembership.ts';
import { commit, fetchPositions, FetchTargets, sendFetches } from './consumerFetcher.ts';
import { ConsumerStats, type ConsumerSpec, type ProcessedLedger } from './consumerTypes.ts';
import type { Emit } from './events.ts';
import { FetchSessionHandler, sessionOf } from './incrementalFetch.ts';
import type { Message, PartitionState } from './messages.ts';

export type ConsumerLink = (to: string, message: Message, linkClass: LinkClass) => boolean;

/** The application's poll(Duration) timeout when nothing is buffered. */
const POLL_TIMEOUT_US = 100_000;

interface Pending {
  requestId: number;
  broker: number;
  /** The connection it went on (connectionMutes.ts: 0 main, 1 coordinator). */
  channel: number;
  timeout: TimeoutEntry<Pending> | null;
  onResponse: (message: Message) => void;
  onFail: () => void;
}

export class Consumer {
  readonly spec: ConsumerSpec;
  readonly stats = new ConsumerStats();
  readonly owned = new Map<number, OwnedPartition>();
  /** Partitions whose fetched records wait, in arrival order (FetchBuffer's completed fetches). */
  readonly completedFetches: number[] = [];
  /** Counts changes of `owned` (partitions added or dropped). */
  ownedVersion = 0;
  /** Owned partitions grouped by leader, for sendFetches. */
  readonly fetchTargets = new FetchTargets();
  /** Partition counts of subscribed topics as this client's metadata shows them. */
  readonly topicCounts: Map<string, number>;
  readonly sim: Simulation;
  readonly #emit: Emit;
  readonly #link: ConsumerLink;
  readonly #ledger: ProcessedLedger;
  readonly #random: RandomStream;
  readonly metadata: ClientMetadata;
  readonly #pending = new Map<number, Pending>();
  /** request.timeout.ms of the requests in flight (one engine timer, not one each). */
  readonly #timeouts: Timeouts<Pending>;
  readonly fetching = new Set<number>();
  /** The fetch session with each broker (KIP-227); a new process starts new ones. */
  readonly #fetchSessions = new Map<number, FetchSessionHandler>();
  membership: Membership;
  coordinator = -1;
  #incarnation = 0;
  #running = false;
  #processing = false;
  #pollTimer: Timer | null = null;
  #requestIdNext = 1;
  #nextAutoCommitUs = 0;
  #slowFactor = 1;
  #findingCoordinator = false;
  lastPollUs = 0;

  constructor(
    sim: Simulation,
    spec: ConsumerSpec,
    initialMetadata: PartitionState[],
    emit: Emit,
    link: ConsumerLink,
    ledger: ProcessedLedger,
  ) {
    this.sim = sim;
    this.spec = spec;
    this.#emit = emit;
    this.#link = link;
    this.#ledger = ledger;
    this.#random = sim.stream(`${spec.clientId}/processing`);
    this.topicCounts = new Map(spec.initialCounts);
    this.metadata = new ClientMetadata(
      {
        sim,
        clientId: spec.clientId,
        brokerIds: spec.brokerIds,
        partitionIndexes: spec.partitionIndexes,
        retryBackoffUs: spec.retryBackoffUs,
        requestTimeoutUs: spec.requestTimeoutUs,
        metadataMaxAgeUs: spec.metadataMaxAgeUs,
        send: (to, message) => this.#running && link(to, message, 'data'),
        isReachable: () => true,
        nextRequestId: () => this.#requestIdNext++,
        onDisconnect: (broker, reason) => {
          if (closedByClient(reason)) this.#close(broker, 0);
        },
        onUpdate: () => sendFetches(this),
      },
      initialMetadata,
    );
    this.membership = createMembership(this);
    this.#timeouts = new Timeouts(sim, 'consumer/requestTimeout', (pending) => {
      if (this.#pending.has(pending.requestId)) this.#close(pending.broker, pending.channel);
    });
  }

  get running(): boolean {
    return this.#running;
  }

  start(): void {
    assert(!this.#running, `${this.spec.clientId}: start while running`);
    this.#incarnation++;
    this.#running = true;
    this.membership = createMembership(this);
    this.#nextAutoCommitUs = this.sim.nowUs + this.spec.autoCommitIntervalUs;
    this.metadata.refresh();
    if (this.#incarnation === 1) this.metadata.start();
    this.membership.start();
    this.#poll();
  }

  /** The process dies: nothing is sent, the group notices by the session timeout. */
  crash(): void {
    if (!this.#running) return;
    this.#stop();
  }

  /** close(): commits (auto-commit), leaves the group (dynamic members), stops. */
  close(): void {
    if (!this.#running) return;
    commit(this, [...this.owned.keys()], () => {
      this.membership.leave();
      this.#stop();
    });
  }

  setSlowFactor(factor: number): void {
    this.#slowFactor = factor;
  }

  deliver(message: Message, from: string): void {
    if (!this.#running) return;
    if (message.kind === 'metadataResponse') {
      this.metadata.onResponse(message);
      this.#onTopicCounts(message.topicPartitions ?? []);
      return;
    }
    if (!('requestId' in message)) return;
    const pending = this.#pending.get(message.requestId);
    if (pending === undefined) {
      // It timed out and its connection was closed: the kernel answers the answer with a reset.
      const channel = onCoordinatorChannel(message.kind) ? 1 : 0;
      this.#link(from, { kind: 'connectionReset', channel }, 'data');
      return;
    }
    this.#pending.delete(message.requestId);
    this.#cancelTimeout(pending);
    pending.onResponse(message);
  }

  onConnectionReset(peer: string): void {
    this.#failPending((pending) => brokerNodeName(pending.broker) === peer);
  }

  /** The requests in flight that `lost` picks fail (their connection is gone), in send order. */
  #failPending(lost: (pending: Pending) => boolean): void {
    for (const [requestId, pending] of [...this.#pending]) {
      if (!lost(pending)) continue;
      this.#pending.delete(requestId);
      this.#cancelTimeout(pending);
      pending.onFail();
    }
  }

  /** Sends a request to a broker; `onFail` runs on a timeout or a refused connection. */
  request(
    broker: number,
    build: (requestId: number) => Message,
    onResponse: (message: Message) => void,
    onFail: () => void,
    timeoutUs = this.spec.requestTimeoutUs,
  ): void {
    const requestId = this.#requestIdNext++;
    const message = build(requestId);
    const channel = channelOf(message);
    const pending: Pending = { requestId, broker, channel, timeout: null, onResponse, onFail };
    pending.timeout = this.#timeouts.add(timeoutUs, pending);
    this.#pending.set(requestId, pending);
    if (!this.#link(brokerNodeName(broker), message, 'data')) {
      this.#pending.delete(requestId);
      this.#cancelTimeout(pending);
      this.schedule(this.spec.retryBackoffUs, 'consumer/refused', onFail);
    }
  }

  /**
   * A request timed out: NetworkClient closes its connection (handleTimedOutRequests), so every
   * request in flight on it fails, and the broker is told by the FIN (connectionMutes.ts).
   */
  #close(broker: number, channel: number): void {
    this.#link(brokerNodeName(broker), { kind: 'connectionClose', channel }, 'data');
    this.#failPending((pending) => pending.broker === broker && pending.channel === channel);
  }

  #cancelTimeout(pending: Pending): void {
    if (pending.timeout !== null) this.#timeouts.cancel(pending.timeout);
    pending.timeout = null;
  }

  fetchSessionWith(broker: number): FetchSessionHandler {
    return sessionOf(this.#fetchSessions, broker, FetchSessionHandler);
  }

  /** Schedules work of this consumer process (dropped after a crash). */
  schedule(delayUs: number, label: string, run: () => void): Timer {
    const incarnation = this.#incarnation;
    return this.sim.schedule(delayUs, label, () => {
      if (incarnation === this.#incarnation && this.#running) run();
    });
  }

  /** FindCoordinator from any broker; `then` runs once the coordinator is known. */
  findCoordinator(then: () => void): void {
    if (this.coordinator >= 0) {
      then();
      return;
    }
    if (this.#findingCoordinator) return;
    this.#findingCoordinator = true;
    const brokers = this.spec.brokerIds;
    const broker = brokers[this.#random.integer(0, brokers.length - 1)] as number;
    const retry = (): void => {
      this.#findingCoordinator = false;
      this.schedule(this.spec.retryBackoffUs, 'consumer/findCoordinator', () =>
        this.findCoordinator(then),
      );
    };
    this.request(
      broker,
      (requestId) => ({ kind: 'findCoordinatorRequest', requestId, groupId: this.spec.groupId }),
      (message) => {
        if (message.kind !== 'findCoordinatorResponse' || message.error !== 'NONE') return retry();
        this.#findingCoordinator = false;
        this.coordinator = message.coordinator;
        then();
      },
      retry,
    );
  }

  /** The coordinator failed or moved: find it again. */
  coordinatorLost(): void {
    this.coordinator = -1;
  }

  /** Partitions assigned: their positions come from the committed offsets or the reset policy. */
  addPartitions(partitions: number[]): void {
    const added = partitions.filter((index) => !this.owned.has(index));
    if (added.length === 0) return;
    for (const index of added) {
      this.owned.set(index, {
        index,
        position: -1,
        highWatermark: 0,
        buffer: [],
        bufferedRecords: 0,
        readReplica: -1,
        readReplicaUntilUs: 0,
      });
    }
    this.ownedVersion++;
    fetchPositions(this, added);
  }

  /** Revokes partitions after committing them (auto-commit); `then` runs when done. */
  revokePartitions(partitions: number[], then: () => void): void {
    const owned = partitions.filter((index) => this.owned.has(index));
    commit(this, this.spec.enableAutoCommit ? owned : [], () => {
      this.#drop(owned);
      then();
    });
  }

  /** Partitions lost (fenced, session expired): dropped without a commit. */
  losePartitions(): void {
    this.#drop([...this.owned.keys()]);
  }

  /** Auto-commit before a rebalance (onJoinPrepare), then `then`. */
  commitBeforeRebalance(then: () => void): void {
    commit(this, this.spec.enableAutoCommit ? [...this.owned.keys()] : [], then);
  }

  lagRecords(): number {
    let lag = 0;
    for (const partition of this.owned.values()) {
      if (partition.position >= 0) lag += Math.max(0, partition.highWatermark - partition.position);
    }
    return lag;
  }

  #stop(): void {
    this.#drop([...this.owned.keys()]);
    this.#running = false;
    this.#incarnation++;
    this.membership.stop();
    this.#timeouts.clear();
    this.#pending.clear();
    this.fetching.clear();
    this.#fetchSessions.clear();
    this.#processing = false;
    this.#pollTimer = null;
    this.coordinator = -1;
    this.#findingCoordinator = false;
  }

  #drop(partitions: number[]): void {
    const stopped = partitions.filter((index) => this.owned.get(index)?.position !== undefined);
    const started = stopped.filter((index) => (this.owned.get(index)?.position ?? -1) >= 0);
    for (const index of partitions) this.owned.delete(index);
    this.ownedVersion++;
    if (started.length > 0) this.partitionsEvent([], started);
  }

  partitionsEvent(started: number[], stopped: number[]): void {
    this.#emit({
      kind: 'consumerPartitions',
      atUs: this.sim.nowUs,
      group: this.spec.groupId,
      member: this.spec.clientId,
      started,
      stopped,
    });
  }

  #onTopicCounts(counts: Array<[string, number]>): void {
    let changed = false;
    for (const [topic, count] of counts) {
      const known = this.topicCounts.get(topic);
      if (known === undefined || known === count) continue;
      this.topicCounts.set(topic, count);
      changed = true;
    }
    if (changed) this.membership.onMetadataChange();
  }

  /** The application thread's poll(): rejoin, auto-commit, take records, process them. */
  #poll(): void {
    if (!this.#running || this.#processing) return;
    if (this.#pollTimer !== null) this.sim.cancel(this.#pollTimer);
    this.#pollTimer = null;
    const nowUs = this.sim.nowUs;
    this.lastPollUs = nowUs;
    this.membership.onPoll();
    if (this.spec.enableAutoCommit && nowUs >= this.#nextAutoCommitUs) {
      this.#nextAutoCommitUs = nowUs + this.spec.autoCommitIntervalUs;
      commit(this, [...this.owned.keys()], () => {});
    }
    const taken = takeRecords(this.owned, this.completedFetches, this.spec.maxPollRecords);
    sendFetches(this);
    if (taken.records === 0) {
      this.#pollTimer = this.schedule(POLL_TIMEOUT_US, 'consumer/poll', () => {
        this.#pollTimer = null;
        this.#poll();
      });
      return;
    }
    this.#processing = true;
    const factor = this.#factorAt(nowUs);
    const cpuUs = Math.ceil((taken.records * this.spec.cpuPerRecordNs) / 1000);
    const durationUs =
      cpuUs + Math.round(processingUs(this.spec.processing, taken.records, this.#random) * factor);
    this.schedule(durationUs, 'consumer/processed', () => {
      const doneUs = this.sim.nowUs;
      for (const slice of taken.slices) {
        this.stats.endToEndLatency.recordSpread(
          doneUs - slice.lastCreateUs,
          doneUs - slice.firstCreateUs,
          slice.recordCount,
        );
        this.stats.intervalLatency.recordSpread(
          doneUs - slice.lastCreateUs,
          doneUs - slice.firstCreateUs,
          slice.recordCount,
        );
        this.stats.recordsProcessed += slice.recordCount;
        this.stats.bytesProcessed += slice.bytes;
        this.#ledger.onProcessed(
          slice.partitionIndex,
          slice.baseOffset,
          slice.baseOffset + slice.recordCount,
        );
      }
      this.#afterProcessing();
    });
  }

  /** Auto-commit polls again; commitSync holds the application thread until the answer (a
   * fetch answered meanwhile waits for that poll); commitAsync sends and polls again at once. */
  #afterProcessing(): void {
    if (this.spec.enableAutoCommit) this.#pollAgain();
    else if (this.spec.commitMode === 'sync') {
      commit(this, [...this.owned.keys()], () => this.#pollAgain());
    } else {
      commit(this, [...this.owned.keys()], () => {});
      this.#pollAgain();
    }
  }

  /** The application thread is free (after every poll: no closure of its own each time). */
  #pollAgain(): void {
    this.#processing = false;
    this.#poll();
  }

  pollIfIdle(): void {
    if (!this.#processing) this.#poll();
  }

  #factorAt(nowUs: number): number {
    let factor = this.#slowFactor;
    for (const spike of this.spec.spikes) {
      if (nowUs >= spike.atUs && nowUs < spike.atUs + spike.forUs) factor *= spike.factor;
    }
    return factor;
  }
}
