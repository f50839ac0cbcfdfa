/**
 * The requests that wait in a broker's purgatories (server/DelayedProduce.scala,
 * DelayedFetch.scala). A DelayedProduce (acks=all) waits until the high watermark passes each of
 * its batches, or answers REQUEST_TIMED_OUT for those still waiting after the request's
 * request.timeout.ms; a DelayedFetch waits until fetch.min.bytes are there (or an error needs an
 * answer), or its max wait passes and it answers with what there is. Their timeouts live in
 * Timeouts (one engine timer per duration, not one per request): the request handler's for
 * produces, the fetch server's for fetches (fetchServer.ts, which reads and answers them). They
 * are classes rather than closures: one object per request, however many partitions it watches.
 */
import type { Simulation, TimeoutEntry, Timeouts } from '../../engine/index.ts';
import type { FetchRead, PartitionRead } from './fetchServer.ts';
import type { ErrorCode, Message } from './messages.ts';
import type { FetchWaiter, ProduceWaiter } from './purgatory.ts';

export type ProduceRequest = Extract<Message, { kind: 'produceRequest' }>;
export type FetchRequest = Extract<Message, { kind: 'fetchRequest' }>;
export type ProduceResult = Extract<Message, { kind: 'produceResponse' }>['results'][number];

/** A batch appended (or found already appended) that the response waits for. */
export interface Appended {
  /** Its index in the results. */
  index: number;
  partitionIndex: number;
  endOffset: number;
}

/** What a DelayedProduce needs of its request handler. */
export interface DelayedProducePorts {
  readonly sim: Simulation;
  readonly produceTimeouts: Timeouts<DelayedProduce>;
  /** True when the partition's maximal ISR still satisfies min.insync.replicas. */
  hasMinIsr(partitionIndex: number): boolean;
  /** Answers a produce request; `isrWaitRecordUs` is its record-weighted wait for the ISR. */
  respondProduce(
    request: ProduceRequest,
    from: string,
    results: ProduceResult[],
    isrWaitRecordUs: number,
  ): void;
}

/** What a DelayedFetch needs of the fetch server. */
export interface DelayedFetchPorts {
  readonly fetchTimeouts: Timeouts<DelayedFetch>;
  /**
   * Reads the parked fetch again (no follower state update): its reads when they satisfy it or
   * `anyway`, else null.
   */
  readFetch(delayed: DelayedFetch, anyway: boolean): PartitionRead[] | null;
  /** Answers the fetch with `reads` (after the reads from the page cache or disk). */
  sendFetch(delayed: DelayedFetch, reads: PartitionRead[]): void;
  /** The fetch expired: it leaves the purgatory. */
  unpark(delayed: DelayedFetch): void;
}

export class DelayedProduce implements ProduceWaiter {
  done = false;
  remaining: number;
  readonly #ports: DelayedProducePorts;
  readonly #request: ProduceRequest;
  readonly #from: string;
  readonly #results: ProduceResult[];
  readonly #appended: Appended[];
  readonly #waitFromUs: number;
  readonly #timeout: TimeoutEntry<DelayedProduce>;

  constructor(
    ports: DelayedProducePorts,
    request: ProduceRequest,
    from: string,
    results: ProduceResult[],
    appended: Appended[],
  ) {
    this.#ports = ports;
    this.#request = request;
    this.#from = from;
    this.#results = results;
    this.#appended = appended;
    this.remaining = appended.length;
    this.#waitFromUs = ports.sim.nowUs;
    this.#timeout = ports.produceTimeouts.add(request.timeoutUs, this);
  }

  /** The high watermark passed batch `batchIndex` (ok), or its partition's leadership went. */
  complete(batchIndex: number, ok: boolean): void {
    if (this.done) return;
    const entry = this.#appended[batchIndex] as Appended;
    const result = this.#results[entry.index] as ProduceResult;
    result.error = finalAcksAllError(ok, this.#ports.hasMinIsr(entry.partitionIndex));
    this.remaining--;
    if (this.remaining > 0) return;
    this.done = true;
    this.#ports.produceTimeouts.cancel(this.#timeout);
    // Time in the produce purgatory: waiting for the ISR (acks=all), weighted by records.
    let records = 0;
    for (const batch of this.#request.batches) records += batch.recordCount;
    const waitedUs = this.#ports.sim.nowUs - this.#waitFromUs;
    this.#ports.respondProduce(this.#request, this.#from, this.#results, waitedUs * records);
  }

  /** request.timeout.ms passed: the batches still waiting answer REQUEST_TIMED_OUT. */
  expire(): void {
    if (this.done) return;
    this.done = true;
    for (const entry of this.#appended) {
      const result = this.#results[entry.index] as ProduceResult;
      if (result.error === 'NONE' && result.baseOffset >= 0) result.error = 'REQUEST_TIMED_OUT';
    }
    this.#ports.respondProduce(this.#request, this.#from, this.#results, 0);
  }
}

/**
 * A parked fetch. `arrival` is what was read when it arrived; `positionOf` maps its partitions
 * to their places in the request and `changed` collects the places changed since (purgatory.ts).
 */
export class DelayedFetch implements FetchWaiter {
  done = false;
  readonly request: FetchRequest;
  readonly from: string;
  readonly arrival: FetchRead;
  readonly positionOf: ReadonlyMap<number, number>;
  readonly changed = new Set<number>();
  readonly #ports: DelayedFetchPorts;
  readonly #timeout: TimeoutEntry<DelayedFetch>;

  constructor(
    ports: DelayedFetchPorts,
    request: FetchRequest,
    from: string,
    arrival: FetchRead,
    positionOf: ReadonlyMap<number, number>,
  ) {
    this.#ports = ports;
    this.request = request;
    this.from = from;
    this.arrival = arrival;
    this.positionOf = positionOf;
    this.#timeout = ports.fetchTimeouts.add(request.maxWaitUs, this);
  }

  /** New data or a new high watermark: answers if the fetch is satisfied now. */
  tryComplete(): boolean {
    if (this.done) return true;
    const reads = this.#ports.readFetch(this, false);
    if (reads === null) return false;
    this.done = true;
    this.#ports.fetchTimeouts.cancel(this.#timeout);
    this.#ports.sendFetch(this, reads);
    return true;
  }

  /** The max wait passed: answers with whatever is there. */
  expire(): void {
    if (this.done) return;
    this.done = true;
    this.#ports.unpark(this);
    this.#ports.sendFetch(this, this.#ports.readFetch(this, true) as PartitionRead[]);
  }
}

function finalAcksAllError(ok: boolean, hasMinIsr: boolean): ErrorCode {
  if (!ok) return 'NOT_LEADER_OR_FOLLOWER';
  return hasMinIsr ? 'NONE' : 'NOT_ENOUGH_REPLICAS_AFTER_APPEND';
}
