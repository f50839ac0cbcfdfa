/**
 * A producer's record arrivals as a rate over time, counted lazily: the model asks "how many
 * records arrived since I last looked, and when did the first and last of them arrive" at the
 * moments it needs to know (a sender wake-up), never once per record, and "when does the n-th
 * next record arrive" to plan its next wake-up. Constant arrivals are exact: record n arrives at
 * the first microsecond where the integral of the rate reaches n, so long runs carry every
 * fraction. Poisson arrivals keep the time of the next record drawn ahead (an exponential gap in
 * the integrated rate, so rate steps stay exact); the records after it in a window are a Poisson
 * count, the last of them placed where the largest of that many uniform times is expected.
 */
import { assert, type RandomStream } from '../../engine/index.ts';

export interface RateStep {
  atUs: number;
  recordsPerSec: number;
}

/** Keeps float residue (28.999999999999996) from losing a record. */
const EPSILON = 1e-9;

export class ArrivalProcess {
  readonly #steps: RateStep[];
  readonly #poisson: boolean;
  readonly #random: RandomStream;
  /** Of the last take() that counted records: when its first and last record arrived. */
  firstUs = 0;
  lastUs = 0;
  #takenToUs = 0;
  /** Poisson: the next record's arrival, after #takenToUs (Infinity when the rate stays 0). */
  #poissonNextUs = Infinity;
  /** Constant: nextUs()'s last `afterUs` and the records counted by then. */
  #memoAfterUs = -1;
  #memoRecords = 0;

  constructor(steps: RateStep[], poisson: boolean, random: RandomStream) {
    assert(steps.length > 0, 'arrivals: no rate');
    assert(steps[0]?.atUs === 0, 'arrivals: the first step must start at 0');
    this.#steps = steps;
    this.#poisson = poisson;
    this.#random = random;
    if (poisson) this.#poissonNextUs = this.#drawAfter(0);
  }

  get poisson(): boolean {
    return this.#poisson;
  }

  /** Expected records in [0, atUs). */
  cumulative(atUs: number): number {
    let total = 0;
    for (let index = 0; index < this.#steps.length; index++) {
      const step = this.#steps[index] as RateStep;
      if (step.atUs >= atUs) break;
      const endUs = Math.min(atUs, this.#steps[index + 1]?.atUs ?? Infinity);
      total += (step.recordsPerSec * (endUs - step.atUs)) / 1e6;
    }
    return total;
  }

  /**
   * Records arriving in (fromUs, toUs]; when there are any, firstUs and lastUs say when the first
   * and the last arrived. Calls must follow on from each other (fromUs is the last toUs).
   */
  take(fromUs: number, toUs: number): number {
    if (toUs <= fromUs) return 0;
    const takenToUs = this.#takenToUs;
    assert(fromUs === takenToUs, `arrivals: take from ${fromUs}, taken to ${takenToUs}`);
    this.#takenToUs = toUs;
    return this.#poisson ? this.#takePoisson(toUs) : this.#takeConstant(fromUs, toUs);
  }

  /**
   * When the `nth` record after `afterUs` (the time taken to) arrives: exact for constant
   * arrivals; with Poisson arrivals the next one is drawn and later ones follow at the mean gap.
   */
  nextUs(afterUs: number, nth: number): number {
    assert(nth >= 1, `arrivals: nextUs nth ${nth}`);
    if (this.#poisson) {
      if (nth === 1 || this.#poissonNextUs === Infinity) return this.#poissonNextUs;
      const timeUs = this.#inverse(this.cumulative(this.#poissonNextUs) + nth - 1);
      return Math.max(this.#poissonNextUs, Math.ceil(timeUs));
    }
    if (afterUs !== this.#memoAfterUs) {
      this.#memoAfterUs = afterUs;
      this.#memoRecords = this.#recordsBy(afterUs);
    }
    return this.#arrivalUs(this.#memoRecords + nth);
  }

  #takeConstant(fromUs: number, toUs: number): number {
    const before = this.#recordsBy(fromUs);
    const by = this.#recordsBy(toUs);
    if (by > before) {
      this.firstUs = this.#arrivalUs(before + 1);
      this.lastUs = this.#arrivalUs(by);
    }
    return by - before;
  }

  #takePoisson(toUs: number): number {
    const firstUs = this.#poissonNextUs;
    if (firstUs > toUs) return 0;
    const expected = this.cumulative(toUs) - this.cumulative(firstUs);
    const more = this.#random.poisson(Math.max(0, expected));
    this.firstUs = firstUs;
    this.lastUs = firstUs + Math.floor(((toUs - firstUs) * more) / (more + 1));
    this.#poissonNextUs = this.#drawAfter(toUs);
    return 1 + more;
  }

  /** The first arrival after `afterUs`: an exponential gap in the integrated rate. */
  #drawAfter(afterUs: number): number {
    const timeUs = this.#inverse(this.cumulative(afterUs) + this.#random.exponential(1));
    return timeUs === Infinity ? Infinity : Math.max(afterUs + 1, Math.ceil(timeUs));
  }

  /** Constant arrivals: records that have arrived by `atUs` (inclusive). */
  #recordsBy(atUs: number): number {
    return Math.floor(this.cumulative(atUs) + EPSILON);
  }

  /** Constant arrivals: the microsecond record `n` (counting from 1) arrives. */
  #arrivalUs(n: number): number {
    const estimateUs = this.#inverse(n - EPSILON);
    if (estimateUs === Infinity) return Infinity;
    let timeUs = Math.max(0, Math.ceil(estimateUs));
    while (this.#recordsBy(timeUs) < n) timeUs++;
    while (timeUs > 0 && this.#recordsBy(timeUs - 1) >= n) timeUs--;
    return timeUs;
  }

  /**
   * The time at which cumulative() reaches `records`: Infinity if it never does, or not within
   * whole microseconds (a rate of 1e-300/s).
   */
  #inverse(records: number): number {
    let total = 0;
    for (let index = 0; index < this.#steps.length; index++) {
      const step = this.#steps[index] as RateStep;
      const endUs = this.#steps[index + 1]?.atUs ?? Infinity;
      const stepRecords = (step.recordsPerSec * (endUs - step.atUs)) / 1e6;
      if (step.recordsPerSec > 0 && total + stepRecords >= records) {
        const atUs = step.atUs + ((records - total) * 1e6) / step.recordsPerSec;
        return atUs < Number.MAX_SAFE_INTEGER ? atUs : Infinity;
      }
      total += stepRecords;
    }
    return Infinity;
  }
}
