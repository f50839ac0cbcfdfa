/** Binary searches over sorted numeric arrays: the replay never scans events per frame. */

/** The last index whose value is <= target, or -1 when every value is greater. */
export function lastAtOrBefore(sorted: ArrayLike<number>, target: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) <= target) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/** The first index whose value is >= target, or length when every value is smaller. */
export function firstAtOrAfter(sorted: ArrayLike<number>, target: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < target) low = middle + 1;
    else high = middle;
  }
  return low;
}
