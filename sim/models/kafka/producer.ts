/**
 * A producer client (clients/.../producer/KafkaProducer.java, internals/Sender.java,
 * NetworkClient). The sender wakes when a partition becomes ready (batch full, linger.ms passed,
 * memory exhausted, retry backoff over) or a response arrives; it drains, for every ready broker
 * with fewer than max.in.flight.requests.per.connection requests in flight, one batch per
 * partition led by that broker (round-robin start, up to max.request.size) into one
 * ProduceRequest. Responses: success, or a retriable error retried with retry.backoff.ms
 * (exponential with ±20% jitter from 3.7, KIP-580; skipped when KIP-951 names a new leader) while
 * delivery.timeout.ms allows; metadata is refreshed from a broker on NOT_LEADER_OR_FOLLOWER and
 * disconnects. request.timeout.ms closes the connection and fails its in-flight requests.
 * acks=0 completes at send. Latency is recorded per record, weighted, from creation to ack.
 */
import { assert, type Simulation, type Timer } from '../../engine/index.ts';
import { Accumulator, type Batch } from './accumulator.ts';
import { ArrivalProcess } from './arrivals.ts';
import { sortAscending } from './ascending.ts';
import { brokerNodeName } from './brokerContext.ts';
import type { Emit } from './events.ts';
import { ClientMetadata, closedByClient, type DisconnectReason } from './clientMetadata.ts';
import { PartitionLeaders } from './partitionLeaders.ts';
import { ProducerWaits } from './producerWaits.ts';
import type { ErrorCode, Message, PartitionState } from './messages.ts';
import {
  ProducerStats,
  type ClientLink,
  type InFlight,
  type ProducerSpec,
} from './producerTypes.ts';
export { ProducerStats, type ClientLink, type ProducerSpec } from './producerTypes.ts';

const RETRIABLE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'NOT_LEADER_OR_FOLLOWER',
  'NOT_ENOUGH_REPLICAS',
  'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
  'REQUEST_TIMED_OUT',
  'FENCED_LEADER_EPOCH',
  'UNKNOWN_TOPIC_OR_PARTITION',
]);

const NO_BROKERS: readonly number[] = Object.freeze([]);

export class Producer {
  readonly spec: ProducerSpec;
  readonly stats = new ProducerStats();
  readonly waits = new ProducerWaits();
  readonly accumulator: Accumulator;
  readonly #sim: Simulation;
  readonly #emit: Emit;
  readonly #link: ClientLink;
  readonly #metadata: ClientMetadata;
  readonly #leader: number[];
  readonly #leaders: PartitionLeaders;
  readonly #inFlight = new Map<number, InFlight>();
  readonly #inFlightPerBroker = new Map<number, number>();
  readonly #reconnectAtUs = new Map<number, number>();
  readonly #reconnectFailures = new Map<number, number>();
  readonly #drainStart = new Map<number, number>();
  readonly #backoffRandom;
  #requestIdNext = 1;
  #wakeTimer: Timer | null = null;
  #wakeAtUs = Infinity;
  /** Virtual time when every record of a `records:` limit was acknowledged or failed. */
  finishedAtUs = -1;

  constructor(
    sim: Simulation,
    spec: ProducerSpec,
    initialMetadata: PartitionState[],
    emit: Emit,
    link: ClientLink,
  ) {
    this.#sim = sim;
    this.spec = spec;
    this.#emit = emit;
    this.#link = link;
    const arrivals = new ArrivalProcess(
      spec.rateSteps,
      spec.poissonArrivals,
      sim.stream(`${spec.clientId}/arrivals`),
    );
    this.accumulator = new Accumulator(
      spec.accumulator,
      arrivals,
      sim.stream(`${spec.clientId}/partitioner`),
    );
    this.#backoffRandom = sim.stream(`${spec.clientId}/backoff`);
    this.#metadata = new ClientMetadata(
      {
        sim,
        clientId: spec.clientId,
        brokerIds: spec.brokerIds,
        partitionIndexes: spec.accumulator.partitionIndexes,
        retryBackoffUs: spec.retryBackoffUs,
        requestTimeoutUs: spec.requestTimeoutUs,
        metadataMaxAgeUs: spec.metadataMaxAgeUs,
        send: (to, message) => link(to, message, 'data'),
        isReachable: (broker) => (this.#reconnectAtUs.get(broker) ?? 0) <= sim.nowUs,
        nextRequestId: () => this.#requestIdNext++,
        onDisconnect: (broker, reason) => this.#disconnect(broker, reason),
        onUpdate: () => this.#scheduleWake(sim.nowUs),
      },
      initialMetadata,
    );
    this.#leader = this.#metadata.leader;
    this.#leaders = new PartitionLeaders(this.#metadata);
    this.accumulator.unavailable = () =>
      this.#leaders.unavailable(this.accumulator.partitionCount, this.#backingOff());
  }

  /** Brokers whose connection waits out reconnect.backoff.ms now, ascending. */
  #backingOff(): readonly number[] {
    if (this.#reconnectAtUs.size === 0) return NO_BROKERS; // No connection was ever lost.
    const brokers: number[] = [];
    for (const [broker, atUs] of this.#reconnectAtUs)
      if (atUs > this.#sim.nowUs) brokers.push(broker);
    return brokers.sort((a, b) => a - b);
  }

  start(): void {
    this.#scheduleWake(0);
    this.#metadata.start();
  }

  deliver(message: Message, from: string): void {
    if (message.kind === 'produceResponse') this.#onProduceResponse(message, from);
    else if (message.kind === 'connectionReset') this.onConnectionReset(from, 'closed by broker');
    else if (message.kind === 'metadataResponse' && this.#metadata.onResponse(message)) {
      this.#onPartitionCount(message.topicPartitions ?? []);
    }
  }

  /**
   * The metadata shows the topic's partition count; after addPartitions the producer spreads new
   * records over the new count from this refresh on (metadata.max.age.ms, 5 min by default, or an
   * error's refresh), and keys move to murmur2 % the new count.
   */
  #onPartitionCount(counts: Array<[string, number]>): void {
    const count = counts.find(([topic]) => topic === this.spec.topic)?.[1];
    if (count === undefined || !this.accumulator.setPartitionCount(count)) return;
    this.#emit({
      kind: 'note',
      atUs: this.#sim.nowUs,
      entity: this.spec.clientId,
      message:
        `${this.spec.clientId} sees ${count} partitions of ${this.spec.topic} (metadata refresh):` +
        ' new records spread over them',
    });
    this.#scheduleWake(this.#sim.nowUs);
  }

  onConnectionReset(peer: string, reason: DisconnectReason = 'connection reset'): void {
    const broker = this.spec.brokerIds.find((id) => brokerNodeName(id) === peer);
    if (broker !== undefined) this.#disconnect(broker, reason);
  }

  /** The leader this producer believes a local partition has (for views). */
  leaderOf(local: number): number {
    return this.#leader[local] ?? -1;
  }

  #scheduleWake(atUs: number): void {
    const targetUs = Math.max(atUs, this.#sim.nowUs);
    // A batch that fills in more than 2^53 µs (a rate like 1e-300/s) closes after any run ends.
    if (targetUs > Number.MAX_SAFE_INTEGER) return;
    if (this.#wakeTimer !== null && this.#wakeAtUs <= targetUs) return;
    if (this.#wakeTimer !== null) this.#sim.cancel(this.#wakeTimer);
    this.#wakeAtUs = targetUs;
    // One handler for every wake-up: cancelling the timer that is running does nothing.
    this.#wakeTimer = this.#sim.scheduleAt(targetUs, 'producer/sender', this.#runSenderNow);
  }

  /** Runs the sender at once (a response freed a slot), replacing a pending wake-up. */
  readonly #runSenderNow = (): void => {
    if (this.#wakeTimer !== null) this.#sim.cancel(this.#wakeTimer);
    this.#wakeTimer = null;
    this.#wakeAtUs = Infinity;
    this.#runSender();
  };

  #isSendable(broker: number): boolean {
    if (broker < 0) return false;
    if ((this.#reconnectAtUs.get(broker) ?? 0) > this.#sim.nowUs) return false;
    return (this.#inFlightPerBroker.get(broker) ?? 0) < this.spec.maxInFlight;
  }

  #runSender(): void {
    const nowUs = this.#sim.nowUs;
    const accumulator = this.accumulator;
    accumulator.advance(nowUs);
    for (const batch of accumulator.expire(nowUs)) this.#fail(batch, 'delivery timeout', false);
    this.stats.recordsFailed += accumulator.expireBlocked(nowUs);
    const flushing =
      accumulator.spec.recordsLimit !== null &&
      accumulator.recordsGenerated >= accumulator.spec.recordsLimit;
    const readyBrokers: number[] = [];
    let unknownLeader = false;
    for (const local of accumulator.queuedLocals()) {
      const broker = this.#leader[local] as number;
      if (!accumulator.hasData(local, nowUs)) continue;
      if (broker < 0) {
        unknownLeader = true;
        continue;
      }
      if (!readyBrokers.includes(broker) && accumulator.isReady(local, nowUs, flushing)) {
        readyBrokers.push(broker);
      }
    }
    readyBrokers.sort((a, b) => a - b);
    this.waits.setBlocked(nowUs, accumulator.blocked);
    this.waits.setInFlightLimited(
      nowUs,
      readyBrokers.some((b) => (this.#inFlightPerBroker.get(b) ?? 0) >= this.spec.maxInFlight),
    );
    for (const broker of readyBrokers) if (this.#isSendable(broker)) this.#sendTo(broker, nowUs);
    if (unknownLeader) this.#metadata.refresh();
    this.#checkFinished();
    let nextUs = accumulator.nextReadyUs(
      nowUs,
      (local) => !this.#isSendable(this.#leader[local] as number),
    );
    for (const atUs of this.#reconnectAtUs.values())
      if (atUs > nowUs) nextUs = Math.min(nextUs, atUs);
    if (accumulator.blocked) nextUs = Math.min(nextUs, nowUs + accumulator.spec.maxBlockUs);
    if (nextUs <= nowUs) nextUs = nowUs + 1;
    if (nextUs !== Infinity && !(accumulator.drained && this.#inFlight.size === 0))
      this.#scheduleWake(nextUs);
  }

  /**
   * One request to `broker`: a batch from each of its partitions holding data, in round-robin
   * order from the broker's start index, up to max.request.size. Only partitions with data are
   * visited, in the order a walk over all of the broker's partitions would meet them.
   */
  #sendTo(broker: number, nowUs: number): void {
    const accumulator = this.accumulator;
    const count = this.#leaders.localsOf(broker, accumulator.partitionCount).length;
    const start = (this.#drainStart.get(broker) ?? 0) % Math.max(1, count);
    // Each partition's step from the start, as step × partitions + local: the steps differ, so
    // sorting these integers orders the partitions by step (no pair per partition).
    const partitions = accumulator.partitionCount;
    const steps: number[] = [];
    for (const local of accumulator.queuedLocals()) {
      if (this.#leader[local] !== broker || !accumulator.hasData(local, nowUs)) continue;
      const step = (this.#leaders.positionOf(local) - start + count) % count;
      steps.push(step * partitions + local);
    }
    sortAscending(steps);
    // RecordAccumulator.drainBatchesForOneNode: one batch per partition from the node's drain
    // index, stopping before a batch that would take the request past max.request.size (unless
    // it is the first); the index keeps the last partition visited, where the next drain starts.
    const batches: Batch[] = [];
    let bytes = 0;
    let nextStart = start + count - 1;
    for (const stepAndLocal of steps) {
      const local = stepAndLocal % partitions;
      const step = (stepAndLocal - local) / partitions;
      const size = accumulator.nextBatchBytes(local, nowUs);
      if (batches.length > 0 && bytes + size > this.spec.maxRequestSizeBytes) {
        nextStart = start + step;
        break;
      }
      const batch = accumulator.drain(local, nowUs);
      if (batch === null) continue;
      batches.push(batch);
      bytes += batch.bytes;
    }
    if (batches.length === 0) return;
    this.#drainStart.set(broker, nextStart % Math.max(1, count));
    this.#sendRequest(broker, batches);
  }

  #sendRequest(broker: number, batches: Batch[]): void {
    const requestId = this.#requestIdNext++;
    const message: Message = {
      kind: 'produceRequest',
      requestId,
      acks: this.spec.acks,
      idempotent: this.spec.idempotent,
      timeoutUs: this.spec.requestTimeoutUs,
      batches: batches.map((batch) => ({
        partitionIndex: batch.partitionIndex,
        batchId: batch.batchId,
        producerId: this.spec.producerId,
        sequence: batch.sequence,
        recordCount: batch.recordCount,
        bytes: batch.bytes,
        firstCreateUs: batch.firstCreateUs,
        lastCreateUs: batch.lastCreateUs,
        validateUs: batch.recordCount * this.spec.validateUsPerRecord,
      })),
    };
    for (const batch of batches) {
      batch.attempts++;
      if (batch.sentUs < 0) batch.sentUs = this.#sim.nowUs;
    }
    this.stats.requestsSent++;
    const delivered = this.#link(brokerNodeName(broker), message, 'data');
    if (this.spec.acks === 0) {
      // Fire and forget: done once written to the socket.
      for (const batch of batches) {
        if (delivered) this.#ack(batch, -1, -1);
        else this.#retryOrFail(batch, 'REQUEST_TIMED_OUT');
      }
      if (!delivered) this.#disconnect(broker, 'connection refused');
      return;
    }
    const timeoutUs = this.spec.requestTimeoutUs;
    const label = 'producer/requestTimeout';
    const timer = this.#sim.scheduleCall(timeoutUs, label, this.#timedOut, broker);
    this.#inFlight.set(requestId, { broker, batches, timer });
    this.#inFlightPerBroker.set(broker, (this.#inFlightPerBroker.get(broker) ?? 0) + 1);
    if (!delivered) this.#disconnect(broker, 'connection refused');
  }

  /** A request to `broker` timed out: one handler for every request. */
  readonly #timedOut = (broker: number): void => this.#disconnect(broker, 'request timeout');

  #takeInFlight(requestId: number): InFlight | undefined {
    const inFlight = this.#inFlight.get(requestId);
    if (inFlight === undefined) return undefined;
    this.#inFlight.delete(requestId);
    this.#sim.cancel(inFlight.timer);
    const count = (this.#inFlightPerBroker.get(inFlight.broker) ?? 0) - 1;
    assert(count >= 0, `${this.spec.clientId}: in-flight count below zero`);
    this.#inFlightPerBroker.set(inFlight.broker, count);
    return inFlight;
  }

  #onProduceResponse(message: Extract<Message, { kind: 'produceResponse' }>, from: string): void {
    const inFlight = this.#takeInFlight(message.requestId);
    if (inFlight === undefined) {
      // It timed out and its connection was closed: the kernel answers the answer with a reset.
      this.#link(from, { kind: 'connectionReset', channel: 0 }, 'data');
      return;
    }
    this.#reconnectFailures.set(inFlight.broker, 0);
    let refresh = false;
    inFlight.batches.forEach((batch, index) => {
      const result = message.results[index];
      assert(result !== undefined && result.batchId === batch.batchId, 'produce response mismatch');
      if (result.error === 'NONE') {
        this.#ack(batch, result.baseOffset, result.leaderEpoch);
        return;
      }
      if (result.error === 'NOT_LEADER_OR_FOLLOWER' || result.error === 'FENCED_LEADER_EPOCH') {
        refresh = true;
        if (this.spec.leaderInErrorResponse && result.currentLeader >= 0) {
          this.#metadata.setLeader(batch.local, result.currentLeader);
        }
      }
      this.#retryOrFail(batch, result.error);
    });
    if (refresh) this.#metadata.refresh();
    this.#runSenderNow();
  }

  #ack(batch: Batch, baseOffset: number, leaderEpoch: number): void {
    const nowUs = this.#sim.nowUs;
    this.accumulator.release(batch);
    this.stats.recordsAcked += batch.recordCount;
    this.stats.bytesAcked += batch.bytes;
    this.waits.onAcked(batch, nowUs);
    this.stats.latency.recordSpread(
      nowUs - batch.lastCreateUs,
      nowUs - batch.firstCreateUs,
      batch.recordCount,
    );
    this.stats.intervalLatency.recordSpread(
      nowUs - batch.lastCreateUs,
      nowUs - batch.firstCreateUs,
      batch.recordCount,
    );
    if (baseOffset < 0) return;
    this.#emit({
      kind: 'batchAcked',
      atUs: nowUs,
      producer: this.spec.clientId,
      partition: this.spec.partitionNames[batch.local] as string,
      leaderEpoch,
      baseOffset,
      recordCount: batch.recordCount,
    });
  }

  #retryOrFail(batch: Batch, error: ErrorCode | 'NETWORK_EXCEPTION'): void {
    const nowUs = this.#sim.nowUs;
    const backoffUs = this.#backoffUs(batch.attempts);
    const retriable = error === 'NETWORK_EXCEPTION' || RETRIABLE.has(error);
    const expired =
      nowUs + backoffUs - batch.firstCreateUs >= this.spec.accumulator.deliveryTimeoutUs;
    if (!retriable || expired || batch.attempts > this.spec.retries) {
      this.accumulator.release(batch);
      this.#fail(batch, error, true);
      return;
    }
    this.stats.batchesRetried++;
    this.accumulator.requeue(batch, nowUs + backoffUs);
  }

  #fail(batch: Batch, _reason: string, _wasSent: boolean): void {
    this.stats.recordsFailed += batch.recordCount;
  }

  #backoffUs(attempts: number): number {
    const base = this.spec.retryBackoffUs;
    if (!this.spec.exponentialBackoff) return base;
    let backoff = base;
    for (let attempt = 1; attempt < attempts && backoff < this.spec.retryBackoffMaxUs; attempt++) {
      backoff *= 2;
    }
    const jitter = this.#backoffRandom.uniformRange(0.8, 1.2);
    return Math.round(Math.min(backoff, this.spec.retryBackoffMaxUs) * jitter);
  }

  /**
   * Closes the connection to `broker`: its in-flight requests fail and are retried. When the
   * client closes it (a request timed out) the broker is told (a FIN): it reads what was
   * pipelined only until an answer brings the client's reset (connectionMutes.ts).
   */
  #disconnect(broker: number, reason: DisconnectReason): void {
    if (closedByClient(reason)) {
      this.#link(brokerNodeName(broker), { kind: 'connectionClose', channel: 0 }, 'data');
    }
    const failures = (this.#reconnectFailures.get(broker) ?? 0) + 1;
    this.#reconnectFailures.set(broker, failures);
    let backoff = this.spec.reconnectBackoffUs;
    for (let n = 1; n < failures && backoff < this.spec.reconnectBackoffMaxUs; n++) backoff *= 2;
    this.#reconnectAtUs.set(
      broker,
      this.#sim.nowUs + Math.min(backoff, this.spec.reconnectBackoffMaxUs),
    );
    const failed = [...this.#inFlight.entries()].filter(
      ([, inFlight]) => inFlight.broker === broker,
    );
    for (const [requestId] of failed) {
      const inFlight = this.#takeInFlight(requestId) as InFlight;
      for (const batch of inFlight.batches) this.#retryOrFail(batch, 'NETWORK_EXCEPTION');
    }
    this.#metadata.onDisconnect(broker);
    this.#metadata.refresh();
    this.#scheduleWake(this.#sim.nowUs);
  }

  #checkFinished(): void {
    if (this.finishedAtUs >= 0 || !this.accumulator.drained || this.#inFlight.size > 0) return;
    this.finishedAtUs = this.#sim.nowUs;
  }
}
