/**
 * nextStickyPartition draws from candidates described by exclusions and the non-empty queues
 * (no list of every partition). It must pick exactly what BuiltInPartitioner's walk over the full
 * list picks, drawing the same random numbers: checked here against that walk, written out over
 * explicit arrays, on generated partition counts, exclusions and queue lengths.
 */
import { describe, expect, it } from 'vitest';
import { stream, type RandomStream } from '../../../sim/engine/index.ts';
import {
  nextStickyPartition,
  type NullKeyPartitioner,
  type StickyCandidates,
} from '../../../sim/models/kafka/stickyPartitioner.ts';

/** The choice made over the explicit candidate list (the partitioner before the index). */
function walkOverAll(
  kind: NullKeyPartitioner,
  adaptive: boolean,
  candidates: number[],
  current: number,
  queueLength: (local: number) => number,
  random: RandomStream,
): number {
  if (kind === 'uniform-sticky' && adaptive) {
    const lengths = candidates.map(queueLength);
    const longest = Math.max(...lengths);
    if (lengths.some((length) => length !== longest)) {
      const weights = lengths.map((length) => longest + 1 - length);
      const total = weights.reduce((sum, weight) => sum + weight, 0);
      return candidates[random.weightedIndex(weights, total)] as number;
    }
  }
  if (kind === 'sticky') {
    const others = candidates.filter((local) => local !== current);
    const from = others.length > 0 ? others : candidates;
    return from[random.integer(0, from.length - 1)] as number;
  }
  return candidates[random.integer(0, candidates.length - 1)] as number;
}

interface Case {
  kind: NullKeyPartitioner;
  adaptive: boolean;
  count: number;
  excluded: number[];
  lengths: Map<number, number>;
  current: number;
}

/** A case drawn from `random`: up to 400 partitions, some excluded, a few queues non-empty. */
function generateCase(random: RandomStream, index: number): Case {
  const kinds: NullKeyPartitioner[] = ['sticky', 'uniform-sticky'];
  const count = random.integer(2, index % 3 === 0 ? 12 : 400);
  const excluded: number[] = [];
  const excludeRatio = [0, 0.05, 0.4][index % 3] as number;
  for (let local = 0; local < count; local++) if (random.chance(excludeRatio)) excluded.push(local);
  if (excluded.length === count) excluded.pop();
  const lengths = new Map<number, number>();
  const queued = random.integer(0, Math.min(count, index % 5 === 0 ? count : 6));
  for (let drawn = 0; drawn < queued; drawn++) {
    lengths.set(random.integer(0, count - 1), random.integer(1, index % 4 === 0 ? 1 : 9));
  }
  return {
    kind: kinds[index % 2] as NullKeyPartitioner,
    adaptive: index % 4 !== 1,
    count,
    excluded,
    lengths,
    current: random.integer(0, count - 1),
  };
}

function describedBy(one: Case): StickyCandidates {
  const queued = [...one.lengths]
    .filter(([local]) => !one.excluded.includes(local))
    .sort((a, b) => a[0] - b[0]);
  return {
    count: one.count,
    excluded: one.excluded,
    queuedLocals: queued.map(([local]) => local),
    queuedLengths: queued.map(([, length]) => length),
  };
}

describe('nextStickyPartition', () => {
  it('picks what the walk over every candidate picks, with the same draws (2,000 cases)', () => {
    const cases = stream(7, 'test/stickyCases');
    for (let index = 0; index < 2000; index++) {
      const one = generateCase(cases, index);
      const explicit: number[] = [];
      for (let local = 0; local < one.count; local++) {
        if (!one.excluded.includes(local)) explicit.push(local);
      }
      const indexed = stream(index, 'test/draws');
      const walked = stream(index, 'test/draws');
      const picked = nextStickyPartition(
        one.kind,
        one.adaptive,
        describedBy(one),
        one.current,
        indexed,
      );
      const expected = walkOverAll(
        one.kind,
        one.adaptive,
        explicit,
        one.current,
        (local) => one.lengths.get(local) ?? 0,
        walked,
      );
      const label = `case ${index}: ${JSON.stringify({ ...one, lengths: [...one.lengths] })}`;
      expect(picked, label).toBe(expected);
      expect(indexed.uniform(), `${label}: draws consumed`).toBe(walked.uniform());
    }
  });

  it('never picks an excluded partition, and avoids the current one with the sticky kind', () => {
    const random = stream(3, 'test/sticky');
    const candidates: StickyCandidates = {
      count: 5,
      excluded: [0, 2, 3],
      queuedLocals: [],
      queuedLengths: [],
    };
    for (let draw = 0; draw < 50; draw++) {
      expect(nextStickyPartition('sticky', false, candidates, 1, random)).toBe(4);
      expect([1, 4]).toContain(nextStickyPartition('uniform-sticky', true, candidates, 1, random));
    }
  });
});
