/**
 * The producer's RecordAccumulator and built-in partitioner (clients/.../producer/internals/
 * {RecordAccumulator,BuiltInPartitioner,BufferPool}.java), kept as counts: each partition holds a
 * number of pending records with the creation times of the oldest and newest, cut into batches of
 * batch.size only when the sender drains them. Arrivals are placed lazily at each sender wake-up.
 * Keyed records split over partitions by the murmur2 weights of the key set; null keys follow the
 * version's partitioner: round-robin (≤ 2.3), sticky (KIP-480: switch when a new batch is created)
 * or uniform sticky (KIP-794: switch after batch.size bytes, to a partition drawn with weights
 * favouring short queues when adaptive partitioning is on). Memory: every batch takes batch.size
 * from buffer.memory until it completes; when none is left, send() blocks (arrivals wait in a
 * backlog, failing after max.block.ms) and every partition counts as ready. With null keys the
 * scans (readiness, linger deadlines, expiry, the partitioner's draw) visit only the queues that
 * hold something (accumulatorQueues.ts), so they cost the same at 10 or 10,000 partitions.
 */
import { assert, type RandomStream } from '../../engine/index.ts';
import { newBurst, type Burst } from './accumulatorMemory.ts';
import type { ArrivalProcess } from './arrivals.ts';
import { PartitionQueues } from './accumulatorQueues.ts';
import { placeSpread, shareIndex, spreadUs } from './spreadPlacement.ts';
import {
  nextStickyPartition,
  recordsUntilSwitch,
  type StickyCandidates,
} from './stickyPartitioner.ts';

import type { AccumulatorSpec, Batch, PartitionQueue } from './accumulatorTypes.ts';

export type { AccumulatorSpec, Batch };

const NONE_EXPIRED: readonly Batch[] = Object.freeze([]);

export class Accumulator {
  readonly spec: AccumulatorSpec;
  readonly recordsPerBatch: number;
  readonly #arrivals: ArrivalProcess;
  readonly #random: RandomStream;
  readonly #queues: PartitionQueues;
  #advancedToUs = 0;
  #batchIdNext = 1;
  #inFlightBatches = 0;
  #sticky = 0;
  #stickyRecords = 0;
  #backlogRecords = 0;
  #backlogFirstUs = 0;
  #backlogLastUs = 0;
  #blockedSinceUs = -1;
  #progressAtUs = 0;
  /** Records the application produced (a rate target may exceed what send() takes). */
  recordsGenerated = 0;
  /** Records that send() accepted into the accumulator. */
  recordsPlaced = 0;
  recordsBlockedFailed = 0;
  /** Locals without a usable leader, ascending: the null-key partitioners skip them. */
  unavailable: () => readonly number[] = () => [];
  /** Partitions in use: the metadata's count for the topic (addPartitions raises it). */
  #active: number;
  #keyWeights: Float64Array | null;
  /** Reused by every spread placement (no allocation per sender wake-up). */
  readonly #burst: Burst;

  constructor(spec: AccumulatorSpec, arrivals: ArrivalProcess, random: RandomStream) {
    assert(spec.partitionIndexes.length > 0, 'accumulator: no partitions');
    this.spec = spec;
    this.#arrivals = arrivals;
    this.#random = random;
    this.recordsPerBatch = Math.max(
      1,
      Math.floor((spec.batchSizeBytes - spec.batchHeaderBytes) / spec.recordBytes),
    );
    this.#queues = new PartitionQueues(spec.partitionIndexes.length);
    this.#active = spec.activePartitions ?? spec.partitionIndexes.length;
    assert(
      this.#active > 0 && this.#active <= spec.partitionIndexes.length,
      `accumulator: ${this.#active} active of ${spec.partitionIndexes.length} partitions`,
    );
    this.#keyWeights = spec.keyWeights;
    this.#burst = newBurst(spec.partitionIndexes.length, spec.keyWeights === null ? null : random);
    this.#sticky = this.#random.integer(0, this.#active - 1);
  }

  /** Partitions in use (local indexes 0 to partitionCount - 1). */
  get partitionCount(): number {
    return this.#active;
  }

  /**
   * The metadata shows `count` partitions of the topic: records from now on spread over them
   * (keys map to murmur2 % count), records already queued stay where they are. True if it grew.
   */
  setPartitionCount(count: number): boolean {
    const usable = Math.min(count, this.#queues.count);
    if (usable <= this.#active) return false;
    this.#active = usable;
    if (this.#keyWeights !== null) {
      assert(this.spec.keyWeightsFor !== undefined, 'accumulator: keyed, without keyWeightsFor');
      this.#keyWeights = this.spec.keyWeightsFor(usable);
    }
    return true;
  }

  get blocked(): boolean {
    return this.#blockedSinceUs >= 0;
  }

  get backlogRecords(): number {
    return this.#backlogRecords;
  }

  /** buffer.memory in use: every pending, retrying and in-flight batch holds batch.size. */
  get memoryUsedBytes(): number {
    const batches = this.#inFlightBatches + this.#queues.batches(this.recordsPerBatch);
    return batches * this.spec.batchSizeBytes;
  }

  pendingRecords(local: number): number {
    return this.#queues.get(local).pendingRecords;
  }

  /** Partitions in use whose queue holds records or retries, ascending (the rest have none). */
  queuedLocals(): number[] {
    return this.#queues.queued(this.#active);
  }

  /** All generated records are out (records limit reached, nothing pending or retrying). */
  get drained(): boolean {
    if (this.spec.recordsLimit === null || this.recordsGenerated < this.spec.recordsLimit) {
      return false;
    }
    return this.#backlogRecords === 0 && this.#queues.empty;
  }

  /** Places the records that arrived since the last call. */
  advance(nowUs: number): void {
    const fromUs = this.#advancedToUs;
    if (nowUs <= fromUs) return;
    this.#advancedToUs = nowUs;
    const arrivals = this.#arrivals;
    let arrived = arrivals.take(fromUs, nowUs);
    if (arrived <= 0 && this.#backlogRecords === 0) return;
    let lastUs = arrivals.lastUs;
    if (this.spec.recordsLimit !== null && arrived > 0) {
      const allowed = Math.max(0, this.spec.recordsLimit - this.recordsGenerated);
      if (allowed < arrived) {
        lastUs = spreadUs(arrivals.firstUs, arrivals.lastUs, allowed - 1, arrived);
        arrived = allowed;
      }
    }
    this.recordsGenerated += Math.max(0, arrived);
    if (this.#blockedSinceUs >= 0 && !this.spec.openLoop) arrived = 0; // send() is blocked.
    if (arrived > 0) {
      if (this.#backlogRecords === 0) this.#backlogFirstUs = arrivals.firstUs;
      this.#backlogLastUs = lastUs;
    }
    this.#backlogRecords += arrived;
    if (this.#backlogRecords > 0) this.#place(this.#backlogFirstUs, this.#backlogLastUs, nowUs);
  }

  /**
   * When send() has been blocked for max.block.ms with no memory freed meanwhile, the waiting
   * records fail (TimeoutException) and the application moves on.
   */
  expireBlocked(nowUs: number): number {
    if (this.#blockedSinceUs < 0) return 0;
    if (nowUs - Math.max(this.#blockedSinceUs, this.#progressAtUs) < this.spec.maxBlockUs) return 0;
    const failed = this.#backlogRecords;
    this.recordsBlockedFailed += failed;
    this.#backlogRecords = 0;
    this.#blockedSinceUs = nowUs;
    return failed;
  }

  /** Places the backlog, whose records arrived evenly over [firstUs, lastUs]. */
  #place(firstUs: number, lastUs: number, nowUs: number): void {
    const total = this.#backlogRecords;
    let placed = 0;
    if (this.#keyWeights !== null || this.spec.nullKeyPartitioner === 'round-robin') {
      placed = this.#placeSpread(total, firstUs, lastUs);
    } else {
      placed = this.#placeSticky(total, firstUs, lastUs);
    }
    this.#backlogRecords -= placed;
    this.recordsPlaced += placed;
    if (placed > 0) this.#progressAtUs = nowUs;
    if (this.#backlogRecords > 0) {
      if (this.#blockedSinceUs < 0) this.#blockedSinceUs = nowUs;
      this.#backlogFirstUs = nowUs;
      this.#backlogLastUs = Math.max(nowUs, this.#backlogLastUs);
    } else {
      this.#blockedSinceUs = -1;
    }
  }

  /** Keyed (or round-robin) records: each partition its share (spreadPlacement.ts). */
  #placeSpread(total: number, firstUs: number, lastUs: number): number {
    const limitReached =
      this.spec.recordsLimit !== null && this.recordsGenerated >= this.spec.recordsLimit;
    return placeSpread(
      { queues: this.#queues, burst: this.#burst, active: this.#active, weights: this.#weights() },
      { total, firstUs, lastUs, recordsPerBatch: this.recordsPerBatch, limitReached },
      this.#freeBatches(),
    );
  }

  /** Each active partition's share of spread records. */
  #weights(): (local: number) => number {
    const keyWeights = this.#keyWeights;
    const even = 1 / this.#active;
    return keyWeights === null ? () => even : (local) => keyWeights[local] as number;
  }

  /** Null keys with a sticky partitioner: whole runs go to one partition, then it switches. */
  #placeSticky(total: number, firstUs: number, lastUs: number): number {
    let placed = 0;
    while (placed < total) {
      const queue = this.#queues.get(this.#sticky);
      const untilSwitch = recordsUntilSwitch(
        this.spec.nullKeyPartitioner,
        this.recordsPerBatch,
        queue.pendingRecords,
        this.#stickyRecords,
      );
      const take = Math.min(untilSwitch, total - placed, this.#roomFor(queue));
      if (take <= 0 && untilSwitch > 0) break; // Memory exhausted.
      if (take > 0) {
        const startUs = spreadUs(firstUs, lastUs, placed, total);
        const endUs = spreadUs(firstUs, lastUs, placed + take - 1, total);
        this.#queues.append(this.#sticky, take, startUs, endUs);
      }
      placed += take;
      this.#stickyRecords += take;
      if (take === untilSwitch) this.#switchSticky();
    }
    return placed;
  }

  #switchSticky(): void {
    this.#stickyRecords = 0;
    if (this.#active === 1) return;
    this.#sticky = nextStickyPartition(
      this.spec.nullKeyPartitioner,
      this.spec.adaptivePartitioning,
      this.#candidates(),
      this.#sticky,
      this.#random,
    );
  }

  /** Partitions with a usable leader (all of them if none has one), with their queues. */
  #candidates(): StickyCandidates {
    const count = this.#active;
    const excluded = this.unavailable();
    const usable = excluded.length >= count ? [] : excluded;
    return this.#queues.candidates(count, usable, this.recordsPerBatch);
  }

  /** Records that fit in memory for this partition without a new batch allocation failing. */
  #roomFor(queue: PartitionQueue): number {
    const perBatch = this.recordsPerBatch;
    const inOpenBatch =
      queue.pendingRecords % perBatch === 0 ? 0 : perBatch - (queue.pendingRecords % perBatch);
    return inOpenBatch + this.#freeBatches() * perBatch;
  }

  /** Whole batches buffer.memory still has room for. */
  #freeBatches(): number {
    const freeBytes = this.spec.bufferMemoryBytes - this.memoryUsedBytes;
    return Math.max(0, Math.floor(freeBytes / this.spec.batchSizeBytes));
  }

  /** True when the partition has a batch the sender should send now. */
  isReady(local: number, nowUs: number, flushing: boolean): boolean {
    const queue = this.#queues.get(local);
    const retry = queue.retries[0];
    if (retry !== undefined) return retry.readyAtUs <= nowUs;
    if (queue.pendingRecords === 0) return false;
    if (queue.pendingRecords >= this.recordsPerBatch || this.blocked || flushing) return true;
    return this.#lingerLeftUs(queue.firstUs, nowUs) === 0;
  }

  /**
   * How long the sender sleeps for a batch created at `firstUs` before it counts as lingered:
   * Kafka keeps time in milliseconds (ProducerBatch.createdMs, RecordAccumulator.ready's nowMs),
   * so a batch is ready once whole milliseconds since its creation's millisecond reach linger.ms,
   * and the sender's poll timeout is the milliseconds left from now.
   */
  #lingerLeftUs(firstUs: number, nowUs: number): number {
    const waitedMs = Math.floor(nowUs / 1000) - Math.floor(firstUs / 1000);
    return Math.max(0, this.spec.lingerUs - waitedMs * 1000);
  }

  hasData(local: number, nowUs: number): boolean {
    return this.#queues.hasData(local, nowUs);
  }

  /** The bytes of the batch drain() would take now (0: none). */
  nextBatchBytes(local: number, nowUs: number): number {
    const queue = this.#queues.get(local);
    const retry = queue.retries[0];
    if (retry !== undefined) return retry.readyAtUs <= nowUs ? retry.bytes : 0;
    if (queue.pendingRecords === 0) return 0;
    return this.#batchBytes(this.#nextBatchRecords(queue));
  }

  /** Records of the queue's next batch: up to batch.size of its pending records. */
  #nextBatchRecords(queue: PartitionQueue): number {
    return Math.min(queue.pendingRecords, this.recordsPerBatch);
  }

  #batchBytes(records: number): number {
    return this.spec.batchHeaderBytes + records * this.spec.recordBytes;
  }

  /**
   * The earliest future time a partition becomes ready (linger, full batch, retry backoff),
   * leaving out partitions whose leader cannot take a request now (`waiting`).
   */
  nextReadyUs(nowUs: number, waiting: (local: number) => boolean): number {
    let nextUs = Infinity;
    const spread = this.#keyWeights !== null || this.spec.nullKeyPartitioner === 'round-robin';
    const weights = spread ? this.#weights() : null;
    // Spread records reach every partition; sticky ones only the sticky partition, so the others
    // matter only while they hold records or retries.
    const locals = spread ? null : this.queuedLocals();
    if (locals !== null && this.#sticky < this.#active && !locals.includes(this.#sticky)) {
      locals.push(this.#sticky);
    }
    const count = locals === null ? this.#active : locals.length;
    // The next records that start a linger (an empty partition's first) and that fill a batch,
    // counted from now: arrival times grow with the count, so only the smallest counts matter.
    let lingerNth = Infinity;
    let fullNth = Infinity;
    for (let at = 0; at < count; at++) {
      const local = locals === null ? at : (locals[at] as number);
      // A partition whose leader cannot take a request now is woken by that leader's news.
      if (waiting(local)) continue;
      const queue = this.#queues.get(local);
      const retry = queue.retries[0];
      if (retry !== undefined) {
        nextUs = Math.min(nextUs, retry.readyAtUs);
        continue;
      }
      const pending = queue.pendingRecords;
      if (pending > 0) nextUs = Math.min(nextUs, nowUs + this.#lingerLeftUs(queue.firstUs, nowUs));
      const share = weights !== null ? weights(local) : local === this.#sticky ? 1 : 0;
      if (share <= 0) continue;
      // When the record that starts its linger (if empty) or fills its batch arrives.
      const carry = spread ? queue.carry : 0;
      const nth = pending > 0 ? this.recordsPerBatch - pending : 1;
      const records = shareIndex(nth, carry, share, Infinity) + 1;
      if (pending > 0) fullNth = Math.min(fullNth, records);
      else lingerNth = Math.min(lingerNth, records);
    }
    if (fullNth !== Infinity) nextUs = Math.min(nextUs, this.#arrivals.nextUs(nowUs, fullNth));
    if (lingerNth !== Infinity) {
      nextUs = Math.min(nextUs, this.#arrivals.nextUs(nowUs, lingerNth) + this.spec.lingerUs);
    }
    return nextUs;
  }

  /** Takes the partition's next batch: a retry first, else up to batch.size of pending records. */
  drain(local: number, nowUs: number): Batch | null {
    const queue = this.#queues.get(local);
    const retry = queue.retries[0];
    if (retry !== undefined) {
      if (retry.readyAtUs > nowUs) return null;
      queue.retries.shift();
      this.#queues.update(local);
      this.#inFlightBatches++;
      return retry;
    }
    if (queue.pendingRecords === 0) return null;
    const batch = this.#cut(queue, local, this.#nextBatchRecords(queue));
    if (
      this.#keyWeights === null &&
      local === this.#sticky &&
      this.spec.nullKeyPartitioner === 'sticky'
    ) {
      this.#switchSticky(); // KIP-480: the next record creates a new batch, on another partition.
    }
    this.#inFlightBatches++;
    return batch;
  }

  #cut(queue: PartitionQueue, local: number, records: number): Batch {
    // The queue's records were created evenly over [firstUs, lastUs].
    const pending = queue.pendingRecords;
    const lastCreateUs = spreadUs(queue.firstUs, queue.lastUs, records - 1, pending);
    const nextFirstUs = spreadUs(queue.firstUs, queue.lastUs, records, pending);
    const batch: Batch = {
      batchId: this.#batchIdNext++,
      local,
      partitionIndex: this.spec.partitionIndexes[local] as number,
      recordCount: records,
      bytes: this.#batchBytes(records),
      firstCreateUs: queue.firstUs,
      lastCreateUs,
      attempts: 0,
      sequence: queue.sequenceNext++,
      readyAtUs: 0,
      sentUs: -1,
    };
    queue.pendingRecords -= records;
    queue.firstUs = nextFirstUs;
    this.#queues.update(local);
    return batch;
  }

  /** A sent batch will be retried: back to the front of its partition's queue. */
  requeue(batch: Batch, readyAtUs: number): void {
    this.#inFlightBatches--;
    batch.readyAtUs = readyAtUs;
    const queue = this.#queues.get(batch.local);
    queue.retries.push(batch);
    queue.retries.sort((a, b) => a.sequence - b.sequence || a.batchId - b.batchId);
    this.#queues.update(batch.local);
  }

  /** A sent batch completed (acknowledged or failed): its memory returns to the pool. */
  release(_batch: Batch): void {
    this.#inFlightBatches--;
    assert(this.#inFlightBatches >= 0, 'accumulator: in-flight batches below zero');
  }

  /** Batches older than delivery.timeout.ms that are still queued fail. */
  expire(nowUs: number): readonly Batch[] {
    const timeoutUs = this.spec.deliveryTimeoutUs;
    // It runs on every sender wake-up and nearly always finds nothing: no list is made then.
    if (this.#queues.oldestCreateUs() > nowUs - timeoutUs) return NONE_EXPIRED;
    const expired: Batch[] = [];
    for (const local of this.#queues.queued()) {
      const queue = this.#queues.get(local);
      while (
        queue.retries.length > 0 &&
        nowUs - (queue.retries[0] as Batch).firstCreateUs >= timeoutUs
      ) {
        expired.push(queue.retries.shift() as Batch);
        this.#queues.update(local);
      }
      while (queue.pendingRecords > 0 && nowUs - queue.firstUs >= timeoutUs) {
        const batch = this.#cut(queue, local, this.#nextBatchRecords(queue));
        expired.push(batch);
      }
    }
    return expired;
  }
}
