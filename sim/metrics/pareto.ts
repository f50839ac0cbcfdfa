/**
 * The Pareto front of a comparison: the options that no other option beats on every objective
 * (at least as good everywhere and strictly better somewhere). `kafkasim compare` marks them as
 * "never worse" on throughput, p99 latency and acknowledged records lost. Pure; O(n²) over the
 * options, which is fine for the tens or hundreds a sweep has.
 */

export type Direction = 'higher' | 'lower';

/** True when `a` is at least as good as `b` on every objective and better on one. */
export function dominates(
  a: readonly number[],
  b: readonly number[],
  directions: readonly Direction[],
): boolean {
  let better = false;
  for (const [index, direction] of directions.entries()) {
    const x = a[index] ?? NaN;
    const y = b[index] ?? NaN;
    const gain = direction === 'higher' ? x - y : y - x;
    if (gain < 0) return false;
    if (gain > 0) better = true;
  }
  return better;
}

/** For each point, whether it is on the front (no other point dominates it). */
export function paretoFront(
  points: readonly (readonly number[])[],
  directions: readonly Direction[],
): boolean[] {
  return points.map(
    (point, index) =>
      !points.some(
        (other, otherIndex) => otherIndex !== index && dominates(other, point, directions),
      ),
  );
}
