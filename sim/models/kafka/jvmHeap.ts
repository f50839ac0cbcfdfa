/**
 * JVM young-generation collections: request data is allocated on the heap (produce batches and
 * replicated fetch data; consumer fetches use zero-copy sendfile), and every young generation's
 * worth of allocation costs a stop-the-world pause drawn around G1's MaxGCPauseMillis.
 */
import type { RandomStream } from '../../engine/index.ts';
import type { GcSpec } from './brokerContext.ts';

export class JvmHeap {
  readonly #spec: GcSpec | null;
  readonly #random: RandomStream;
  #allocatedBytes = 0;
  pauses = 0;
  pausedUs = 0;

  constructor(spec: GcSpec | null, random: RandomStream) {
    this.#spec = spec;
    this.#random = random;
  }

  /** Allocates a request's bytes; returns the pause this allocation triggers, or 0. A process
   * that is not running collects nothing (the count still grows: the next young GC is nearer). */
  allocate(bytes: number, running: boolean): number {
    const spec = this.#spec;
    if (spec === null) return 0;
    this.#allocatedBytes += bytes + spec.allocationPerRequestBytes;
    if (this.#allocatedBytes < spec.youngGenBytes || !running) return 0;
    this.#allocatedBytes = 0;
    const pauseUs = Math.max(
      1,
      this.#random.lognormalIntByMedian(spec.pauseMedianUs, spec.pauseSigma),
    );
    this.pauses++;
    this.pausedUs += pauseUs;
    return pauseUs;
  }
}
