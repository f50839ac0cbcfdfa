/**
 * KIP-848 server-side assignors, cases ported from apache/kafka group-coordinator tests:
 * OptimizedUniformAssignmentBuilderTest (homogeneous uniform, named
 * UniformHomogeneousAssignmentBuilderTest in later versions), UniformHeterogeneousAssignmentBuilderTest
 * and assignor/RangeAssignorTest. Kafka's topics are UUIDs named T1-…, T2-…, T3-…, members A, B, C
 * (a TreeMap, so member-id order, as here). Cases whose expectation hinges on the HashSet order of
 * topic UUIDs are checked for balance and stickiness only; see uniform.ts.
 */
import { describe, expect, it } from 'vitest';
import { assign } from '../../../sim/models/kafka/assignors/index.ts';
import { member, tp } from './helpers.ts';

describe('uniform, homogeneous (OptimizedUniformAssignmentBuilderTest)', () => {
  it('testOneMemberNoTopicSubscription', () => {
    expect(assign('uniform', { topics: { topic1: 3 }, members: [member('A', [])] })).toEqual({
      A: [],
    });
  });

  it('testFirstAssignmentNumMembersGreaterThanTotalNumPartitions', () => {
    const result = assign('uniform', {
      topics: { topic3: 2 },
      members: ['A', 'B', 'C'].map((id) => member(id, ['topic3'])),
    });
    expect(result).toEqual({ A: [tp('topic3', 0)], B: [tp('topic3', 1)], C: [] });
  });

  it('testReassignmentForTwoMembersTwoTopicsGivenUnbalancedPrevAssignment', () => {
    const both = ['topic1', 'topic2'];
    const result = assign('uniform', {
      topics: { topic1: 3, topic2: 3 },
      members: [
        member('A', both, {
          owned: [tp('topic1', 0), tp('topic1', 1), tp('topic2', 0), tp('topic2', 1)],
        }),
        member('B', both, { owned: [tp('topic1', 2), tp('topic2', 2)] }),
      ],
    });
    expect(result).toEqual({
      A: [tp('topic1', 0), tp('topic1', 1), tp('topic2', 0)],
      B: [tp('topic1', 2), tp('topic2', 1), tp('topic2', 2)],
    });
  });

  it('testReassignmentWhenPartitionsAreAddedForTwoMembersTwoTopics (shape)', () => {
    const both = ['topic1', 'topic2'];
    const result = assign('uniform', {
      topics: { topic1: 6, topic2: 5 },
      members: [
        member('A', both, { owned: [tp('topic1', 0), tp('topic1', 2), tp('topic2', 0)] }),
        member('B', both, { owned: [tp('topic1', 1), tp('topic2', 1), tp('topic2', 2)] }),
      ],
    });
    expect(result.A).toEqual(
      expect.arrayContaining([tp('topic1', 0), tp('topic1', 2), tp('topic2', 0)]),
    );
    expect(result.B).toEqual(
      expect.arrayContaining([tp('topic1', 1), tp('topic2', 1), tp('topic2', 2)]),
    );
    expect([result.A?.length, result.B?.length].sort()).toEqual([5, 6]);
  });

  it('testReassignmentWhenOneMemberAddedAfterInitialAssignmentWithTwoMembersTwoTopics', () => {
    const both = ['topic1', 'topic2'];
    const result = assign('uniform', {
      topics: { topic1: 3, topic2: 3 },
      members: [
        member('A', both, { owned: [tp('topic1', 0), tp('topic1', 2), tp('topic2', 0)] }),
        member('B', both, { owned: [tp('topic1', 1), tp('topic2', 1), tp('topic2', 2)] }),
        member('C', both),
      ],
    });
    expect(result).toEqual({
      A: [tp('topic1', 0), tp('topic1', 2)],
      B: [tp('topic1', 1), tp('topic2', 1)],
      C: [tp('topic2', 0), tp('topic2', 2)],
    });
  });

  it('testReassignmentWhenOneMemberRemovedAfterInitialAssignmentWithThreeMembersTwoTopics (balance, stickiness)', () => {
    // Kafka expects A += topic2-2, B += topic1-2: its UUID order lists topic2 before topic1.
    const both = ['topic1', 'topic2'];
    const result = assign('uniform', {
      topics: { topic1: 3, topic2: 3 },
      members: [
        member('A', both, { owned: [tp('topic1', 0), tp('topic2', 0)] }),
        member('B', both, { owned: [tp('topic1', 1), tp('topic2', 1)] }),
      ],
    });
    expect(result.A).toEqual(expect.arrayContaining([tp('topic1', 0), tp('topic2', 0)]));
    expect(result.B).toEqual(expect.arrayContaining([tp('topic1', 1), tp('topic2', 1)]));
    expect(result.A).toHaveLength(3);
    expect(result.B).toHaveLength(3);
  });
});

describe('uniform, heterogeneous (UniformHeterogeneousAssignmentBuilderTest)', () => {
  it('testTwoMembersNoTopicSubscription', () => {
    expect(
      assign('uniform', { topics: { topic1: 3 }, members: [member('A', []), member('B', ['x'])] }),
    ).toEqual({ A: [], B: [] });
  });

  it('testFirstAssignmentTwoMembersTwoTopics', () => {
    const result = assign('uniform', {
      topics: { topic1: 3, topic3: 6 },
      members: [member('A', ['topic1', 'topic3']), member('B', ['topic3'])],
    });
    expect(result).toEqual({
      A: [tp('topic1', 0), tp('topic1', 1), tp('topic1', 2), tp('topic3', 4)],
      B: [tp('topic3', 0), tp('topic3', 1), tp('topic3', 2), tp('topic3', 3), tp('topic3', 5)],
    });
  });

  it('testReassignmentForTwoMembersThreeTopicsGivenUnbalancedPrevAssignment', () => {
    const result = assign('uniform', {
      topics: { topic1: 6, topic2: 4, topic3: 4 },
      members: [
        member('A', ['topic1'], { owned: [tp('topic1', 0), tp('topic1', 1), tp('topic1', 2)] }),
        member('B', ['topic1', 'topic2'], { owned: [tp('topic1', 3), tp('topic2', 0)] }),
        member('C', ['topic1', 'topic2', 'topic3'], {
          owned: [
            tp('topic1', 4),
            tp('topic1', 5),
            tp('topic2', 1),
            tp('topic2', 2),
            tp('topic2', 3),
            tp('topic3', 0),
            tp('topic3', 1),
            tp('topic3', 2),
            tp('topic3', 3),
          ],
        }),
      ],
    });
    expect(result).toEqual({
      A: [tp('topic1', 0), tp('topic1', 1), tp('topic1', 2), tp('topic1', 5)],
      B: [tp('topic1', 3), tp('topic2', 0), tp('topic2', 1), tp('topic2', 2), tp('topic2', 3)],
      C: [tp('topic1', 4), tp('topic3', 0), tp('topic3', 1), tp('topic3', 2), tp('topic3', 3)],
    });
  });

  it('testReassignmentWhenTopicPartitionsRunOutAndMembersHaveNoPartitions (balance, stickiness)', () => {
    // All topics have 2 partitions and 2 subscribers: which topic B takes first depends on UUIDs.
    const all = ['topic1', 'topic2', 'topic3'];
    const owned = all.flatMap((topic) => [tp(topic, 0), tp(topic, 1)]);
    const result = assign('uniform', {
      topics: { topic1: 2, topic2: 2, topic3: 2 },
      members: [member('A', ['topic1', 'topic2', 'topic3'], { owned }), member('B', all)],
    });
    expect(result.A).toHaveLength(3);
    expect(result.B).toHaveLength(3);
    expect(owned).toEqual(expect.arrayContaining(result.A ?? []));
  });

  it('testFirstAssignmentWithTwoMembersIncludingOneWithoutSubscriptions', () => {
    const result = assign('uniform', {
      topics: { topic1: 3 },
      members: [member('A', ['topic1']), member('B', [])],
    });
    expect(result).toEqual({ A: [tp('topic1', 0), tp('topic1', 1), tp('topic1', 2)], B: [] });
  });
});

describe('server-range (group-coordinator RangeAssignorTest)', () => {
  it('testOneMemberNoTopic', () => {
    expect(assign('server-range', { topics: { topic1: 3 }, members: [member('A', [])] })).toEqual({
      A: [],
    });
  });

  it('testFirstAssignmentThreeMembersThreeTopicsDifferentSubscriptions', () => {
    const result = assign('server-range', {
      topics: { topic1: 3, topic2: 3, topic3: 2 },
      members: [
        member('A', ['topic1', 'topic2']),
        member('B', ['topic3']),
        member('C', ['topic2', 'topic3']),
      ],
    });
    expect(result).toEqual({
      A: [tp('topic1', 0), tp('topic1', 1), tp('topic1', 2), tp('topic2', 0), tp('topic2', 1)],
      B: [tp('topic3', 0)],
      C: [tp('topic2', 2), tp('topic3', 1)],
    });
  });

  it('testReassignmentWhenOnePartitionAddedForTwoMembersTwoTopics: not sticky, plain ranges', () => {
    const both = ['topic1', 'topic2'];
    const result = assign('server-range', {
      topics: { topic1: 4, topic2: 4 },
      members: [
        member('A', both, {
          owned: [tp('topic1', 0), tp('topic1', 1), tp('topic2', 0), tp('topic2', 1)],
        }),
        member('B', both, { owned: [tp('topic1', 2), tp('topic2', 2)] }),
      ],
    });
    expect(result).toEqual({
      A: [tp('topic1', 0), tp('topic1', 1), tp('topic2', 0), tp('topic2', 1)],
      B: [tp('topic1', 2), tp('topic1', 3), tp('topic2', 2), tp('topic2', 3)],
    });
  });

  it('testStaticMembership-like: static members by instance id come first', () => {
    const result = assign('server-range', {
      topics: { topic1: 5 },
      members: [
        member('memberA', ['topic1'], { instanceId: 'instanceA' }),
        member('memberC', ['topic1'], { instanceId: 'instanceC' }),
        member('memberB', ['topic1']),
      ],
    });
    expect(result).toEqual({
      memberA: [tp('topic1', 0), tp('topic1', 1)],
      memberC: [tp('topic1', 2), tp('topic1', 3)],
      memberB: [tp('topic1', 4)],
    });
  });

  it('testFirstAssignmentNumMembersGreaterThanNumPartitions', () => {
    const result = assign('server-range', {
      topics: { topic1: 2 },
      members: ['A', 'B', 'C'].map((id) => member(id, ['topic1'])),
    });
    expect(result).toEqual({ A: [tp('topic1', 0)], B: [tp('topic1', 1)], C: [] });
  });
});
