/**
 * Whole counts per slot in a Fenwick (binary indexed) tree: draw a slot with probability
 * proportional to its count, and take one from it, each in O(log n). The accumulator uses it to
 * replay the arrival order of keyed records (each record's partition drawn by what is left of
 * the partitions' shares) when buffer.memory runs out in the middle of a burst. Pure.
 */
import { assert } from '../../engine/index.ts';

export class CountTree {
  readonly #tree: Float64Array;
  #size = 0;
  #total = 0;

  constructor(capacity: number) {
    this.#tree = new Float64Array(capacity + 1);
  }

  /** Counts of slots 0 to counts.length - 1 (whole numbers, at least 0). */
  reset(counts: ArrayLike<number>, size: number): void {
    assert(
      size < this.#tree.length,
      `count tree: ${size} slots, room for ${this.#tree.length - 1}`,
    );
    const tree = this.#tree;
    tree.fill(0, 0, size + 1);
    let total = 0;
    for (let slot = 1; slot <= size; slot++) {
      const count = counts[slot - 1] as number;
      total += count;
      tree[slot] = (tree[slot] as number) + count;
      const parent = slot + (slot & -slot);
      if (parent <= size) tree[parent] = (tree[parent] as number) + (tree[slot] as number);
    }
    this.#size = size;
    this.#total = total;
  }

  get total(): number {
    return this.#total;
  }

  /** The slot holding the `rank`-th unit (0 <= rank < total), counting slots in order. */
  find(rank: number): number {
    assert(rank >= 0 && rank < this.#total, `count tree: rank ${rank} of ${this.#total}`);
    const tree = this.#tree;
    let position = 0;
    let remaining = rank;
    for (let step = highestPowerOfTwo(this.#size); step > 0; step >>= 1) {
      const next = position + step;
      if (next <= this.#size && (tree[next] as number) <= remaining) {
        position = next;
        remaining -= tree[next] as number;
      }
    }
    return position;
  }

  /** Takes one unit from `slot`. */
  takeOne(slot: number): void {
    const tree = this.#tree;
    for (let node = slot + 1; node <= this.#size; node += node & -node) {
      tree[node] = (tree[node] as number) - 1;
    }
    this.#total--;
  }
}

function highestPowerOfTwo(value: number): number {
  let power = 1;
  while (power * 2 <= value) power *= 2;
  return value === 0 ? 0 : power;
}
