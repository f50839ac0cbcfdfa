/**
 * StickyAssignorTest cases (eager sticky, previous assignment and generation from the user data)
 * ported from apache/kafka, each run for every RackConfig as Kafka does: ownership claimed twice
 * in one generation, assignments over several generations and conflicting previous generations,
 * for equal and unequal subscriptions. Where Kafka checks properties (sizes, containment,
 * verifyValidityAndBalance, isFullyBalanced) these check the same.
 */
import { describe, expect, it } from 'vitest';
import { stickyAssign } from '../../../sim/models/kafka/assignors/abstractSticky.ts';
import type {
  Assignment,
  AssignmentInput,
  GroupMember,
  TopicPartition,
} from '../../../sim/models/kafka/assignors/index.ts';
import { orderedToRecord } from '../../../sim/models/kafka/assignors/sticky.ts';
import { member, RACK_CONFIGS, tp, withRackConfig, type RackConfig } from './helpers.ts';

const GENERATION = 1;

function assignSticky(config: RackConfig, topics: Record<string, number>, members: GroupMember[]) {
  const input = withRackConfig(config, { topics, members });
  return orderedToRecord(input, stickyAssign(input, { preferRackAwareLogic: true }).assignment);
}

const keyOf = ([topic, partition]: TopicPartition) => `${topic}-${partition}`;
const containsAll = (list: TopicPartition[], part: TopicPartition[]) =>
  part.every((p) => list.some((q) => keyOf(q) === keyOf(p)));
const disjoint = (left: TopicPartition[], right: TopicPartition[]) =>
  !left.some((p) => right.some((q) => keyOf(q) === keyOf(p)));

/** AbstractStickyAssignorTest.verifyValidityAndBalance. */
function verifyValidityAndBalance(input: AssignmentInput, assignment: Assignment): void {
  const members = [...input.members].sort((a, b) => (a.memberId < b.memberId ? -1 : 1));
  members.forEach((m, i) => {
    const list = assignment[m.memberId] ?? [];
    for (const [topic] of list) expect(m.topics, `${m.memberId} got ${topic}`).toContain(topic);
    for (const other of members.slice(i + 1)) {
      const otherList = assignment[other.memberId] ?? [];
      expect(disjoint(list, otherList), `${m.memberId} and ${other.memberId} share`).toBe(true);
      if (Math.abs(list.length - otherList.length) <= 1) continue;
      const topics = new Set(list.map(([topic]) => topic));
      const shared = otherList.some(([topic]) => topics.has(topic));
      expect(shared, `${m.memberId} and ${other.memberId} could balance`).toBe(false);
    }
  });
}

function isFullyBalanced(assignment: Assignment): boolean {
  const sizes = Object.values(assignment).map((list) => list.length);
  return Math.max(...sizes) - Math.min(...sizes) <= 1;
}

function check(config: RackConfig, topics: Record<string, number>, members: GroupMember[]) {
  const assignment = assignSticky(config, topics, members);
  verifyValidityAndBalance({ topics, members }, assignment);
  expect(isFullyBalanced(assignment)).toBe(true);
  return assignment;
}

const owning = (m: GroupMember, owned: TopicPartition[], generation: number): GroupMember => ({
  ...m,
  owned,
  generation,
});

const CASES = RACK_CONFIGS.flatMap((config) =>
  [true, false].map((equal) => [config, equal] as const),
);

describe.each(RACK_CONFIGS)('sticky, %s (StickyAssignorTest)', (config) => {
  it('...ClaimedByMultipleConsumersInSameGenerationWithEqualPartitionsPerConsumer', () => {
    const assignment = check(config, { topic: 3 }, [
      member('consumer1', ['topic'], { owned: [tp('topic', 0), tp('topic', 1)], generation: 1 }),
      member('consumer2', ['topic'], { owned: [tp('topic', 0), tp('topic', 2)], generation: 1 }),
      member('consumer3', ['topic'], { owned: [], generation: 1 }),
    ]);
    expect(assignment).toEqual({
      consumer1: [tp('topic', 1)],
      consumer2: [tp('topic', 2)],
      consumer3: [tp('topic', 0)],
    });
  });

  it('...ClaimedByMultipleConsumersInSameGenerationWithUnequalPartitionsPerConsumer', () => {
    const assignment = check(config, { topic: 4 }, [
      member('consumer1', ['topic'], { owned: [tp('topic', 0), tp('topic', 1)], generation: 1 }),
      member('consumer2', ['topic'], { owned: [tp('topic', 0), tp('topic', 2)], generation: 1 }),
      member('consumer3', ['topic'], { owned: [], generation: 1 }),
    ]);
    expect(assignment).toEqual({
      consumer1: [tp('topic', 1), tp('topic', 3)],
      consumer2: [tp('topic', 2)],
      consumer3: [tp('topic', 0)],
    });
  });
});

describe.each(CASES)(
  'sticky, %s, all subscriptions equal %s (StickyAssignorTest)',
  (config, equal) => {
    it('testAssignmentWithMultipleGenerations1', () => {
      const topics = { topic: 6, topic2: 6 };
      const all = ['topic', 'topic2'];
      const c1 = member('consumer1', all);
      const c2 = member('consumer2', equal ? all : ['topic']);
      const c3 = member('consumer3', all);
      const r1 = check(config, topics, [c1, c2, c3]);
      const [r1p1, r1p2, r1p3] = [r1.consumer1 ?? [], r1.consumer2 ?? [], r1.consumer3 ?? []];
      expect([r1p1.length, r1p2.length, r1p3.length]).toEqual([4, 4, 4]);

      const r2 = check(config, topics, [
        owning(c1, r1p1, GENERATION),
        owning(c2, r1p2, GENERATION),
      ]);
      const [r2p1, r2p2] = [r2.consumer1 ?? [], r2.consumer2 ?? []];
      expect([r2p1.length, r2p2.length]).toEqual([6, 6]);
      if (equal) expect(containsAll(r2p1, r1p1)).toBe(true);
      expect(containsAll(r2p2, r1p2)).toBe(true);
      expect(disjoint(r2p2, r1p3)).toBe(false);

      const r3 = check(config, topics, [owning(c2, r2p2, 2), owning(c3, r1p3, 1)]);
      const [r3p2, r3p3] = [r3.consumer2 ?? [], r3.consumer3 ?? []];
      expect([r3p2.length, r3p3.length]).toEqual([6, 6]);
      expect(disjoint(r3p2, r3p3)).toBe(true);
    });

    it('testAssignmentWithMultipleGenerations2', () => {
      const topics = { topic: 4, topic2: 4, topic3: 4 };
      const all = ['topic', 'topic2', 'topic3'];
      const c1 = member('consumer1', equal ? all : ['topic']);
      const c2 = member('consumer2', all);
      const c3 = member('consumer3', equal ? all : ['topic', 'topic2']);
      const r1 = check(config, topics, [c1, c2, c3]);
      const [r1p1, r1p2, r1p3] = [r1.consumer1 ?? [], r1.consumer2 ?? [], r1.consumer3 ?? []];
      expect([r1p1.length, r1p2.length, r1p3.length]).toEqual([4, 4, 4]);

      const r2 = check(config, topics, [owning(c2, r1p2, 1)]);
      const r2p2 = r2.consumer2 ?? [];
      expect(r2p2.length).toBe(12);
      expect(containsAll(r2p2, r1p2)).toBe(true);

      const r3 = check(config, topics, [
        owning(c1, r1p1, 1),
        owning(c2, r2p2, 2),
        owning(c3, r1p3, 1),
      ]);
      const sizes = [r3.consumer1, r3.consumer2, r3.consumer3].map((list) => list?.length);
      expect(sizes).toEqual([4, 4, 4]);
    });

    it('testAssignmentWithConflictingPreviousGenerations', () => {
      const topics = { topic: 4, topic2: 4, topic3: 4 };
      const all = ['topic', 'topic2', 'topic3'];
      const t = (topic: string, ...partitions: number[]) => partitions.map((p) => tp(topic, p));
      const c1Owned = equal
        ? [...t('topic', 0, 1, 2), ...t('topic2', 2, 3), ...t('topic3', 0)]
        : t('topic', 0, 1, 2, 3);
      const c2Owned = [...t('topic', 0, 1), ...t('topic2', 0, 1, 2, 3)];
      const c3Owned = [...t('topic', 2, 3), ...t('topic3', 0, 1, 2, 3)];
      const assignment = check(config, topics, [
        member('consumer1', equal ? all : ['topic'], { owned: c1Owned, generation: 1 }),
        member('consumer2', equal ? all : ['topic', 'topic2'], { owned: c2Owned, generation: 2 }),
        member('consumer3', all, { owned: c3Owned, generation: 2 }),
      ]);
      const [p1, p2, p3] = [assignment.consumer1, assignment.consumer2, assignment.consumer3];
      expect([p1?.length, p2?.length, p3?.length]).toEqual([4, 4, 4]);
      expect(containsAll(c2Owned, p2 ?? [])).toBe(true);
      expect(containsAll(c3Owned, p3 ?? [])).toBe(true);
    });
  },
);
