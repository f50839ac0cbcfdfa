/**
 * Seeded random streams. Each entity draws from its own stream, a `seedrandom.alea` generator
 * seeded with the string `${seed}/${path}`, so adding an entity (a consumer, a broker) never
 * changes the draws of another. ECMAScript leaves Math.log/exp/pow implementation-approximated, so
 * they appear only here; callers that turn a variate into time use the `...Int` forms, which round
 * at once.
 */
import seedrandom from 'seedrandom';
import { assert } from './assert.ts';

export class RandomStream {
  readonly path: string;
  readonly #next: () => number;

  constructor(seed: number | string, path: string) {
    this.path = path;
    this.#next = seedrandom.alea(`${seed}/${path}`);
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.#next();
  }

  /** Uniform in [low, high). */
  uniformRange(low: number, high: number): number {
    return low + (high - low) * this.#next();
  }

  /** Uniform integer in [low, highInclusive]. */
  integer(low: number, highInclusive: number): number {
    if (!(highInclusive >= low)) assert(false, `${this.path}: integer(${low}, ${highInclusive})`);
    return low + Math.floor(this.#next() * (highInclusive - low + 1));
  }

  /** True with probability `probability`. */
  chance(probability: number): boolean {
    return this.#next() < probability;
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.#next());
  }

  exponentialInt(mean: number): number {
    return Math.round(this.exponential(mean));
  }

  /** Normal variate by Box-Muller (one pair per call, the second value discarded). */
  normal(mean: number, standardDeviation: number): number {
    const u1 = 1 - this.#next();
    const u2 = this.#next();
    return mean + standardDeviation * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  normalInt(mean: number, standardDeviation: number): number {
    return Math.round(this.normal(mean, standardDeviation));
  }

  /** exp(N(mu, sigma)): median e^mu. */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /** A lognormal with the given median and sigma of its logarithm, rounded. */
  lognormalIntByMedian(median: number, sigma: number): number {
    if (median <= 0) return 0;
    return Math.round(this.lognormal(Math.log(median), sigma));
  }

  /** Poisson variate: Knuth's product method below 30, Hörmann's PTRS above. */
  poisson(lambda: number): number {
    assert(lambda >= 0, `${this.path}: poisson(${lambda})`);
    if (lambda === 0) return 0;
    if (lambda < 30) {
      const limit = Math.exp(-lambda);
      let count = 0;
      let product = this.#next();
      while (product > limit) {
        count++;
        product *= this.#next();
      }
      return count;
    }
    return this.#poissonPtrs(lambda);
  }

  #poissonPtrs(lambda: number): number {
    const slam = Math.sqrt(lambda);
    const loglam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.#next() - 0.5;
      const v = this.#next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      const lhs = Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b);
      if (lhs <= -lambda + k * loglam - logGamma(k + 1)) return k;
    }
  }

  /** Index drawn with probability proportional to weights[index]. */
  weightedIndex(weights: ArrayLike<number>, total: number): number {
    let target = this.#next() * total;
    for (let index = 0; index < weights.length; index++) {
      target -= weights[index] as number;
      if (target < 0) return index;
    }
    return weights.length - 1;
  }
}

/** ln Γ(x) by the Lanczos approximation (g = 7, n = 9). */
function logGamma(x: number): number {
  const coefficients = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  const shifted = x - 1;
  let sum = coefficients[0] as number;
  for (let index = 1; index < 9; index++) {
    sum += (coefficients[index] as number) / (shifted + index);
  }
  const t = shifted + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
}

export function stream(seed: number | string, path: string): RandomStream {
  return new RandomStream(seed, path);
}

/**
 * Zipf weights: entry i is (i + 1)^-skew, normalised to sum to 1. Lives here because it needs
 * Math.exp/Math.log, which ECMAScript leaves implementation-approximated; callers (the key
 * distribution of a producer) get the weights once, at set-up, never per event.
 */
export function zipfWeights(count: number, skew: number): Float64Array {
  assert(Number.isSafeInteger(count) && count > 0, `zipfWeights: count ${count}`);
  assert(Number.isFinite(skew) && skew >= 0, `zipfWeights: skew ${skew}`);
  const weights = new Float64Array(count);
  let total = 0;
  for (let index = 0; index < count; index++) {
    const weight = Math.exp(-skew * Math.log(index + 1));
    weights[index] = weight;
    total += weight;
  }
  for (let index = 0; index < count; index++) weights[index] = (weights[index] as number) / total;
  return weights;
}
