/**
 * A producer's record arrivals as a rate over time, counted lazily: the model asks "how many
 * records arrived between t0 and t1" at the moments it needs to know (a sender wake-up), never
 * once per record. Constant arrivals carry the fractional part so long runs are exact; Poisson
 * arrivals draw the count from the stream; steps change the rate at given times.
 */
import { assert, type RandomStream } from '../../engine/index.ts';

export interface RateStep {
  atUs: number;
  recordsPerSec: number;
}

export class ArrivalProcess {
  readonly #steps: RateStep[];
  readonly #poisson: boolean;
  readonly #random: RandomStream;

  constructor(steps: RateStep[], poisson: boolean, random: RandomStream) {
    assert(steps.length > 0, 'arrivals: no rate');
    assert(steps[0]?.atUs === 0, 'arrivals: the first step must start at 0');
    this.#steps = steps;
    this.#poisson = poisson;
    this.#random = random;
  }

  get poisson(): boolean {
    return this.#poisson;
  }

  rateAt(atUs: number): number {
    let rate = 0;
    for (const step of this.#steps) {
      if (step.atUs > atUs) break;
      rate = step.recordsPerSec;
    }
    return rate;
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

  /** Records that arrive in [fromUs, toUs). */
  count(fromUs: number, toUs: number): number {
    if (toUs <= fromUs) return 0;
    if (this.#poisson) return this.#random.poisson(this.cumulative(toUs) - this.cumulative(fromUs));
    // A small tolerance keeps float residue (28.999999999999996) from losing a record.
    return Math.floor(this.cumulative(toUs) + 1e-9) - Math.floor(this.cumulative(fromUs) + 1e-9);
  }

  /** Microseconds from `fromUs` until `records` more are expected to have arrived. */
  timeForUs(fromUs: number, records: number): number {
    const rate = this.rateAt(fromUs);
    if (rate <= 0) return Infinity;
    return Math.ceil((records * 1e6) / rate);
  }
}
