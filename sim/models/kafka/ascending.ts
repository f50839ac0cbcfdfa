/**
 * Sorting small lists of integers (places in a fetch, local partition indexes) in ascending
 * order. The lists are usually a handful long and sorted many times a simulated second;
 * Array.prototype.sort with a comparator costs about a microsecond even for two elements, so
 * short lists are insertion-sorted. Integers compare exactly: the result is the same either way.
 */

const INSERTION_MAX = 16;

/** Sorts `numbers` ascending in place and returns it. */
export function sortAscending(numbers: number[]): number[] {
  if (numbers.length > INSERTION_MAX) return numbers.sort((a, b) => a - b);
  for (let at = 1; at < numbers.length; at++) {
    const value = numbers[at] as number;
    let to = at;
    while (to > 0 && (numbers[to - 1] as number) > value) {
      numbers[to] = numbers[to - 1] as number;
      to--;
    }
    numbers[to] = value;
  }
  return numbers;
}

/** Sorts `numbers` ascending and drops repeats, in place; returns it. */
export function ascendingUnique(numbers: number[]): number[] {
  if (numbers.length < 2) return numbers;
  sortAscending(numbers);
  let kept = 1;
  for (let at = 1; at < numbers.length; at++) {
    if (numbers[at] !== numbers[kept - 1]) numbers[kept++] = numbers[at] as number;
  }
  numbers.length = kept;
  return numbers;
}
