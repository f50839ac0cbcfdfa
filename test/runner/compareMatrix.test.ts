import { describe, expect, it } from 'vitest';
import {
  expandMatrix,
  matrixRuns,
  parseAxis,
  parseShard,
  shardRuns,
  splitValues,
} from '../../sim/runner/compareMatrix.ts';

describe('compare matrix', () => {
  it('parseAxis() splits values at top-level commas only', () => {
    expect(parseAxis('producers.checkout.config.acks=0,1,all')).toEqual({
      path: 'producers.checkout.config.acks',
      values: ['0', '1', 'all'],
    });
    expect(splitValues('[[0,1],[1,0]], {a: 1, b: 2},"x,y"')).toEqual([
      '[[0,1],[1,0]]',
      '{a: 1, b: 2}',
      '"x,y"',
    ]);
    expect(parseAxis('acks')).toMatch(/expected PATH=v1,v2/);
    expect(parseAxis('acks=1,,all')).toMatch(/empty value/);
    expect(parseAxis('acks=1,1')).toMatch(/repeats/);
  });

  it('expandMatrix() is the cartesian product, the first axis varying slowest', () => {
    const variants = expandMatrix([
      { path: 'a', values: ['1', 'all'] },
      { path: 'b', values: ['1', '2', '3'] },
    ]);
    expect(variants.map((v) => v.sets.join(' '))).toEqual([
      'a=1 b=1',
      'a=1 b=2',
      'a=1 b=3',
      'a=all b=1',
      'a=all b=2',
      'a=all b=3',
    ]);
    expect(variants[4]).toEqual({ index: 4, set: { a: 'all', b: '2' }, sets: ['a=all', 'b=2'] });
    expect(expandMatrix([])).toEqual([{ index: 0, set: {}, sets: [] }]);
  });

  it('matrixRuns() numbers runs variant by variant, seed by seed', () => {
    expect(matrixRuns(2, 2, 7)).toEqual([
      { index: 0, variant: 0, seedIndex: 0, seed: 7 },
      { index: 1, variant: 0, seedIndex: 1, seed: 8 },
      { index: 2, variant: 1, seedIndex: 0, seed: 7 },
      { index: 3, variant: 1, seedIndex: 1, seed: 8 },
    ]);
  });

  it('shardRuns() gives each run to exactly one of n shards, the shares within one run', () => {
    const runs = matrixRuns(5, 3, 1);
    for (const count of [1, 2, 4, 15, 20]) {
      const shares = Array.from({ length: count }, (_, i) =>
        shardRuns(runs, { index: i + 1, count }),
      );
      const indices = shares.flatMap((share) => share.map((run) => run.index));
      expect(indices.sort((a, b) => a - b)).toEqual(runs.map((run) => run.index));
      const sizes = shares.map((share) => share.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });

  it('parseShard() reads 1-based i/n', () => {
    expect(parseShard('2/8')).toEqual({ index: 2, count: 8 });
    for (const bad of ['0/8', '9/8', '1/0', 'a/b', '3']) expect(parseShard(bad)).toMatch(/i\/n/);
  });
});
