/**
 * A broker's replicas and Kafka's leader-side rules (ReplicaManager.scala, Partition.scala):
 * appends with acks 0/1/all and min.insync.replicas, the produce and fetch purgatories, follower
 * fetches moving LEO, ISR and high watermark, ISR shrink and expand through AlterPartition,
 * divergence answers from the epoch cache, flush.messages, the follower's appends and truncation.
 */
import type { FlushLane } from './flushLane.ts';
import { assert, Latch } from '../../engine/index.ts';
import type { BrokerContext } from './brokerContext.ts';
import type { PartitionInfo } from './catalog.ts';
import { recordStep, type DetailCause } from './detail.ts';
import {
  candidateHighWatermark,
  canJoinIsr,
  isOutOfSync,
  newFollowerState,
  onFollowerFetch,
  type FollowerState,
} from './isr.ts';
import type { BatchSlice, ErrorCode, PartitionState } from './messages.ts';
import { LOG_ENTRIES_BUDGET, logEntriesCeiling, LogEntryBudget } from './logEntryBudget.ts';
import { leaderSlice, PartitionLog } from './partitionLog.ts';
import {
  effectiveMinIsr,
  maximalIsr,
  type HostedReplica,
  type ReplicaWatcher,
  type RoleChange,
} from './hostedReplica.ts';
export type { HostedReplica, RoleChange } from './hostedReplica.ts';
import { ProducePurgatory } from './purgatory.ts';

export class ReplicaManager {
  readonly #context: BrokerContext;
  /** Hosted replicas in the order they were made (the order every pass over them takes). */
  readonly #replicas = new Map<number, HostedReplica>();
  /** The same replicas by partition index, for get() (called many times per request). */
  readonly #byIndex: Array<HostedReplica | undefined> = [];
  readonly #partitionsPerDisk: number[];
  /** The logs' share of the run's entry budget: every replica in the catalog gets the same. */
  readonly #logBudget: LogEntryBudget;
  /** The fetch side (set by the request handler): every change a fetch can see goes here. */
  watcher: ReplicaWatcher = { changed() {}, wake() {}, stop() {} };

  constructor(context: BrokerContext) {
    this.#context = context;
    this.#partitionsPerDisk = new Array<number>(context.storage.diskCount).fill(0);
    let runReplicas = 0;
    for (const info of context.catalog.partitions) runReplicas += info.replicas.length;
    const ceiling = logEntriesCeiling(LOG_ENTRIES_BUDGET, runReplicas);
    this.#logBudget = new LogEntryBudget(context.nodeName, ceiling);
  }

  /** Batch entries held by this broker's logs, and the bound on them. */
  get logBudget(): Readonly<LogEntryBudget> {
    return this.#logBudget;
  }

  get(index: number): HostedReplica | undefined {
    return this.#byIndex[index];
  }

  replicas(): IterableIterator<HostedReplica> {
    return this.#replicas.values();
  }

  /** Creates the local replica (its log on the log.dir with the fewest partitions). */
  ensure(info: PartitionInfo): HostedReplica {
    const existing = this.get(info.index);
    if (existing !== undefined) return existing;
    let diskIndex = 0;
    for (let index = 1; index < this.#partitionsPerDisk.length; index++) {
      if (
        (this.#partitionsPerDisk[index] as number) < (this.#partitionsPerDisk[diskIndex] as number)
      ) {
        diskIndex = index;
      }
    }
    this.#partitionsPerDisk[diskIndex] = (this.#partitionsPerDisk[diskIndex] as number) + 1;
    const replica: HostedReplica = {
      info,
      log: new PartitionLog(`${this.#context.nodeName}/${info.name}`, this.#logBudget),
      diskIndex,
      role: 'none',
      leader: -1,
      leaderEpoch: -1,
      partitionEpoch: -1,
      isr: [],
      pendingIsr: null,
      followers: new Map(),
      unflushedRecords: 0,
      unflushedBytes: 0,
      lastFlushUs: this.#context.sim.nowUs,
      producePurgatory: new ProducePurgatory(),
    };
    this.#replicas.set(info.index, replica);
    this.#byIndex[info.index] = replica;
    return replica;
  }

  /** Applies a partition's new state from the metadata log; returns the role change, if any. */
  applyState(state: PartitionState): RoleChange | null {
    const me = this.#context.brokerId;
    const info = this.#context.catalog.partitions[state.partitionIndex];
    assert(
      info !== undefined,
      `${this.#context.nodeName}: unknown partition ${state.partitionIndex}`,
    );
    if (!state.replicas.includes(me)) return null;
    const replica = this.ensure(info);
    if (state.leaderEpoch < replica.leaderEpoch) return null;
    this.watcher.changed(info.index);
    const epochChanged = state.leaderEpoch > replica.leaderEpoch;
    replica.partitionEpoch = Math.max(replica.partitionEpoch, state.partitionEpoch);
    if (state.leader === me) {
      replica.isr = [...state.isr];
      if (replica.pendingIsr !== null && state.partitionEpoch >= replica.partitionEpoch) {
        replica.pendingIsr = null;
      }
      if (!epochChanged && replica.role === 'leader') {
        this.#maybeAdvanceHighWatermark(replica);
        return null;
      }
      this.#becomeLeader(replica, state);
      return { kind: 'leader', index: info.index };
    }
    if (!epochChanged && replica.role === 'follower' && replica.leader === state.leader)
      return null;
    const wasLeader = replica.role === 'leader';
    replica.role = state.leader >= 0 ? 'follower' : 'none';
    replica.leader = state.leader;
    replica.leaderEpoch = state.leaderEpoch;
    replica.isr = [...state.isr];
    replica.pendingIsr = null;
    if (wasLeader) this.#resignLeadership(replica);
    if (state.leader < 0) return { kind: 'none', index: info.index };
    return { kind: 'follower', index: info.index, leader: state.leader };
  }

  #becomeLeader(replica: HostedReplica, state: PartitionState): void {
    const nowUs = this.#context.sim.nowUs;
    replica.role = 'leader';
    replica.leader = this.#context.brokerId;
    replica.leaderEpoch = state.leaderEpoch;
    replica.isr = [...state.isr];
    replica.pendingIsr = null;
    replica.followers = new Map();
    for (const broker of state.replicas) {
      if (broker === this.#context.brokerId) continue;
      replica.followers.set(broker, newFollowerState(broker, state.isr.includes(broker), nowUs));
    }
    replica.log.startEpoch(state.leaderEpoch);
    this.#context.emit({
      kind: 'becameLeader',
      atUs: nowUs,
      broker: this.#context.brokerId,
      partition: replica.info.name,
      leaderEpoch: state.leaderEpoch,
      epochs: replica.log.epochs.map(([epoch, offset]) => [epoch, offset]),
      logEndOffset: replica.log.logEndOffset,
    });
    this.#maybeAdvanceHighWatermark(replica);
  }

  #resignLeadership(replica: HostedReplica): void {
    replica.producePurgatory.failAll();
    this.watcher.wake(replica.info.index);
    replica.followers = new Map();
  }

  /** The broker stops: volatile state goes, the logs stay (the page cache survives a crash). */
  stop(): void {
    for (const replica of this.#replicas.values()) {
      replica.producePurgatory.failAll();
      replica.role = 'none';
      replica.leader = -1;
      replica.pendingIsr = null;
      replica.followers = new Map();
    }
    this.watcher.stop();
  }

  /** The retention check: every replica deletes what retention.ms / retention.bytes allow. */
  applyRetention(): number {
    const nowUs = this.#context.sim.nowUs;
    let deleted = 0;
    for (const replica of this.#replicas.values()) {
      const info = replica.info;
      const bytes = replica.log.deleteRetained(
        nowUs,
        info.retentionUs,
        info.retentionBytes,
        info.segmentBytes,
      );
      if (bytes > 0) this.watcher.changed(info.index);
      deleted += bytes;
    }
    return deleted;
  }

  /** Bytes of log data on this broker's disks. */
  logBytes(): number {
    let bytes = 0;
    for (const replica of this.#replicas.values()) bytes += replica.log.sizeBytes;
    return bytes;
  }

  /** Unflushed bytes across all logs (what recovery must scan after a crash). */
  unflushedBytes(): number {
    let bytes = 0;
    for (const replica of this.#replicas.values()) bytes += replica.unflushedBytes;
    return bytes;
  }

  /** Error for producing to `index` with `acks`, before append. */
  produceError(index: number, acks: number): ErrorCode {
    const replica = this.get(index);
    if (replica === undefined || replica.role !== 'leader') return 'NOT_LEADER_OR_FOLLOWER';
    if (acks === -1 && replica.isr.length < effectiveMinIsr(replica)) return 'NOT_ENOUGH_REPLICAS';
    return 'NONE';
  }

  /**
   * Appends a leader batch; returns its base offset. `onDurable` runs when the page cache took it
   * (after dirty throttling) and, if flush.messages says so, after its flush in `lane`.
   */
  appendAsLeader(
    index: number,
    slice: Omit<BatchSlice, 'baseOffset' | 'leaderEpoch'>,
    onDurable: () => void,
    lane: FlushLane,
    cause?: DetailCause,
  ): number {
    const replica = this.get(index);
    if (replica === undefined || replica.role !== 'leader') {
      assert(false, `${this.#context.nodeName}: append to non-leader`);
    }
    const baseOffset = replica.log.logEndOffset;
    const full = leaderSlice(slice, baseOffset, replica.leaderEpoch);
    this.#appendLocal(replica, full, onDurable, lane);
    if (this.#context.detail.on) {
      const range: [number, number] = [baseOffset, replica.log.logEndOffset];
      recordStep(this.#context, 'leaderAppend', replica.info.name, cause, range);
    }
    this.watcher.wake(index);
    this.#maybeAdvanceHighWatermark(replica, cause);
    return baseOffset;
  }

  #appendLocal(replica: HostedReplica, slice: BatchSlice, onDurable: () => void, lane: FlushLane) {
    const storage = this.#context.storage;
    replica.unflushedRecords += slice.recordCount;
    replica.unflushedBytes += slice.bytes;
    let flushBytes = 0;
    if (replica.unflushedRecords >= replica.info.flushMessages) {
      flushBytes = replica.unflushedBytes;
      replica.unflushedRecords = 0;
      replica.unflushedBytes = 0;
      replica.lastFlushUs = this.#context.sim.nowUs;
    }
    const cachePosition = storage.append(replica.diskIndex, slice.bytes, () => {
      if (flushBytes === 0) onDurable();
      else lane.flush(storage, replica.diskIndex, flushBytes, onDurable);
    });
    replica.log.append(slice, cachePosition);
    // A fetch sees a follower replica only as NOT_LEADER_OR_FOLLOWER, whatever its log holds.
    if (replica.role === 'leader') this.watcher.changed(replica.info.index);
  }

  /** Registers an acks=all wait: the waiter completes when the HW reaches `endOffset`. */
  awaitHighWatermark(
    index: number,
    endOffset: number,
    waiter: Parameters<ProducePurgatory['add']>[1],
    batchIndex: number,
  ): void {
    const replica = this.get(index);
    if (replica === undefined)
      assert(false, `${this.#context.nodeName}: await on unknown partition`);
    if (replica.role !== 'leader') {
      waiter.complete(batchIndex, false);
      return;
    }
    if (replica.log.highWatermark >= endOffset) {
      waiter.complete(batchIndex, true);
      return;
    }
    replica.producePurgatory.add(endOffset, waiter, batchIndex);
  }

  /** True when the maximal ISR still satisfies min.insync.replicas (else ..._AFTER_APPEND). */
  hasMinIsr(index: number): boolean {
    const replica = this.get(index);
    if (replica === undefined) return false;
    return maximalIsr(replica).length >= effectiveMinIsr(replica);
  }

  /**
   * A follower fetched partition `index` from `fetchOffset` (past the epoch checks): its fetch
   * state moves, and with it maybe the ISR (expansion) and the high watermark.
   */
  followerFetched(index: number, follower: number, fetchOffset: number, cause?: DetailCause): void {
    const replica = this.get(index);
    const state = replica?.followers.get(follower);
    if (replica === undefined || state === undefined) return;
    onFollowerFetch(state, fetchOffset, replica.log.logEndOffset, this.#context.sim.nowUs);
    this.#maybeExpandIsr(replica, state);
    this.#maybeAdvanceHighWatermark(replica, cause);
  }

  /** Follower side: appends fetched slices and takes the leader's HW (bounded by own LEO). */
  appendAsFollower(
    index: number,
    slices: BatchSlice[],
    leaderHighWatermark: number,
    onDurable: () => void,
    lane: FlushLane,
  ): void {
    const replica = this.get(index);
    if (replica === undefined) {
      assert(false, `${this.#context.nodeName}: follower append to unknown partition`);
    }
    const appends = new Latch(onDurable);
    for (const slice of slices) {
      if (slice.baseOffset !== replica.log.logEndOffset) continue;
      appends.add();
      this.#appendLocal(replica, slice, appends.arrive, lane);
    }
    this.takeLeaderHighWatermark(index, leaderHighWatermark);
    appends.arrive();
  }

  /**
   * Follower side: the leader's high watermark, bounded by the local LEO (never backwards). When
   * consumers may read from followers (KIP-392), their parked fetches check again
   * (ReplicaFetcherThread.completeDelayedFetchRequests).
   */
  takeLeaderHighWatermark(index: number, leaderHighWatermark: number): void {
    const replica = this.get(index);
    if (replica === undefined) return;
    const highWatermark = Math.min(leaderHighWatermark, replica.log.logEndOffset);
    if (highWatermark <= replica.log.highWatermark) return;
    replica.log.highWatermark = highWatermark;
    if (this.#context.config.readReplicaRacks !== null) {
      this.watcher.changed(index);
      this.watcher.wake(index);
    }
  }

  /** Follower side: truncation after a diverging-epoch answer. */
  truncateTo(index: number, offset: number, reason: string): void {
    const replica = this.get(index);
    assert(replica !== undefined, `${this.#context.nodeName}: truncate unknown partition`);
    const fromOffset = replica.log.logEndOffset;
    const removed = replica.log.truncateTo(offset);
    this.watcher.changed(index);
    if (removed === 0) return;
    this.#context.emit({
      kind: 'truncation',
      atUs: this.#context.sim.nowUs,
      broker: this.#context.brokerId,
      partition: replica.info.name,
      fromOffset: offset,
      toOffset: fromOffset,
    });
    void reason;
  }

  /** The periodic ISR check (every replica.lag.time.max.ms / 2): shrink out-of-sync followers. */
  shrinkIsrIfNeeded(): Array<{ index: number; newIsr: number[] }> {
    const requests: Array<{ index: number; newIsr: number[] }> = [];
    const nowUs = this.#context.sim.nowUs;
    const lagMaxUs = this.#context.config.replicaLagTimeMaxUs;
    for (const replica of this.#replicas.values()) {
      if (replica.role !== 'leader' || replica.pendingIsr !== null) continue;
      const leaderEnd = replica.log.logEndOffset;
      const outOfSync = replica.isr.filter((broker) => {
        const state = replica.followers.get(broker);
        return state !== undefined && isOutOfSync(state, leaderEnd, nowUs, lagMaxUs);
      });
      if (outOfSync.length === 0) continue;
      const newIsr = replica.isr.filter((broker) => !outOfSync.includes(broker));
      replica.pendingIsr = newIsr;
      this.watcher.changed(replica.info.index);
      requests.push({ index: replica.info.index, newIsr });
      // KIP-497: the maximal ISR keeps removed members until the change commits.
      this.#maybeAdvanceHighWatermark(replica);
    }
    return requests;
  }

  /** An ISR expansion request the broker must send, set by a follower fetch. */
  readonly expansions: Array<{ index: number; newIsr: number[] }> = [];

  #maybeExpandIsr(replica: HostedReplica, state: FollowerState): void {
    if (replica.pendingIsr !== null || replica.isr.includes(state.broker)) return;
    const [, epochStart] = replica.log.epochs[replica.log.epochs.length - 1] ?? [0, 0];
    if (!canJoinIsr(state, replica.log.highWatermark, epochStart)) return;
    const newIsr = [...replica.isr, state.broker];
    replica.pendingIsr = newIsr;
    this.watcher.changed(replica.info.index);
    this.expansions.push({ index: replica.info.index, newIsr });
  }

  onAlterPartitionRejected(index: number): void {
    const replica = this.get(index);
    if (replica === undefined) return;
    replica.pendingIsr = null;
    this.watcher.changed(index);
  }

  #maybeAdvanceHighWatermark(replica: HostedReplica, cause?: DetailCause): void {
    if (replica.role !== 'leader') return;
    const log = replica.log;
    const offsets: number[] = [];
    for (const broker of maximalIsr(replica)) {
      if (broker === this.#context.brokerId) continue;
      const state = replica.followers.get(broker);
      offsets.push(state === undefined ? -1 : state.logEndOffset);
    }
    const candidate = candidateHighWatermark(
      log.logEndOffset,
      offsets,
      replica.isr.length,
      effectiveMinIsr(replica),
      this.#context.config.highWatermarkHoldBelowMinIsr,
    );
    if (candidate === null || candidate <= log.highWatermark) return;
    if (this.#context.detail.on) {
      const range: [number, number] = [log.highWatermark, candidate];
      recordStep(this.#context, 'hwAdvance', replica.info.name, cause, range);
    }
    log.highWatermark = candidate;
    this.watcher.changed(replica.info.index);
    replica.producePurgatory.advance(
      candidate,
      maximalIsr(replica).length >= effectiveMinIsr(replica),
    );
    this.watcher.wake(replica.info.index);
  }
}
