import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CountTree } from '../../../sim/models/kafka/countTree.ts';

describe('CountTree', () => {
  it('find(rank) is the slot holding that unit, counting slots in order, as takeOne() empties them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 60 }),
        (counts, picks) => {
          const tree = new CountTree(64);
          tree.reset(counts, counts.length);
          const left = [...counts];
          for (const pick of picks) {
            const total = left.reduce((sum, count) => sum + count, 0);
            expect(tree.total).toBe(total);
            if (total === 0) break;
            const rank = pick % total;
            let slot = 0;
            let below = rank;
            while (below >= (left[slot] as number)) below -= left[slot++] as number;
            expect(tree.find(rank)).toBe(slot);
            tree.takeOne(slot);
            left[slot] = (left[slot] as number) - 1;
          }
        },
      ),
    );
  });

  it('reset() reuses the tree for fewer slots', () => {
    const tree = new CountTree(8);
    tree.reset([5, 5, 5, 5, 5, 5, 5, 5], 8);
    tree.reset([0, 2, 1], 3);
    expect([tree.total, tree.find(0), tree.find(1), tree.find(2)]).toEqual([3, 1, 1, 2]);
  });
});
