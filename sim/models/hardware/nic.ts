/**
 * One direction of a NIC as a fluid FIFO line: a transfer starts when the line is free and takes
 * bytes / bandwidth. Reserving a transfer needs no event of its own (the message's delivery is the
 * only event), which halves the events per request compared with re-dividing a processor-shared
 * capacity on every start and end (engine/bandwidth.ts), for the same throughput and utilisation.
 * What it changes: concurrent transfers are served one after the other instead of side by side,
 * so a small message may wait behind a large one (at 25 Gbps a 1 MiB fetch response holds the line
 * for 335 µs). Utilisation is exact: the line is busy from each start to its end.
 */
import { assert } from '../../engine/index.ts';

export class NicLine {
  readonly path: string;
  #bytesPerSec: number;
  #freeAtUs = 0;
  #reservedBusyUs = 0;
  bytesSent = 0;

  constructor(path: string, bytesPerSec: number) {
    assert(bytesPerSec > 0, `${path}: bandwidth ${bytesPerSec} must be > 0`);
    this.path = path;
    this.#bytesPerSec = bytesPerSec;
  }

  get bytesPerSec(): number {
    return this.#bytesPerSec;
  }

  /** Reserves the line for `bytes` from `nowUs` on; returns when the last byte has passed. */
  reserve(nowUs: number, bytes: number): number {
    const startUs = Math.max(nowUs, this.#freeAtUs);
    const durationUs = bytes <= 0 ? 0 : Math.ceil((bytes * 1e6) / this.#bytesPerSec);
    this.#freeAtUs = startUs + durationUs;
    this.#reservedBusyUs += durationUs;
    this.bytesSent += bytes;
    return this.#freeAtUs;
  }

  /** Microseconds the line has been busy up to `nowUs`. */
  utilisedUs(nowUs: number): number {
    return this.#reservedBusyUs - Math.max(0, this.#freeAtUs - nowUs);
  }

  /** Queued transfers are dropped (the node's process died); the line is free at once. */
  clear(nowUs: number): void {
    if (this.#freeAtUs > nowUs) {
      this.#reservedBusyUs -= this.#freeAtUs - nowUs;
      this.#freeAtUs = nowUs;
    }
  }
}
