/**
 * RangeAssignor cases ported from apache/kafka
 * clients/src/test/java/org/apache/kafka/clients/consumer/RangeAssignorTest.java (non-rack cases
 * and the non-rack-aware expectations of the rack tests), with Kafka's expected lists.
 */
import { describe, expect, it } from 'vitest';
import { assign, assignOrdered } from '../../../sim/models/kafka/assignors/index.ts';
import { member, parsePartitions, tp } from './helpers.ts';

const range = (topics: Record<string, number>, members: ReturnType<typeof member>[]) =>
  assignOrdered('range', { topics, members });

describe('range assignor (RangeAssignorTest)', () => {
  it('testOneConsumerNoTopic: the member is present with nothing', () => {
    expect(range({}, [member('consumer1', [])])).toEqual({ consumer1: [] });
  });

  it('testOneConsumerNonexistentTopic', () => {
    expect(range({}, [member('consumer1', ['topic1'])])).toEqual({ consumer1: [] });
  });

  it('testOneConsumerOneTopic', () => {
    expect(range({ topic1: 3 }, [member('consumer1', ['topic1'])]).consumer1).toEqual([
      tp('topic1', 0),
      tp('topic1', 1),
      tp('topic1', 2),
    ]);
  });

  it('testOnlyAssignsPartitionsFromSubscribedTopics', () => {
    const result = range({ topic1: 3, other: 3 }, [member('consumer1', ['topic1'])]);
    expect(result.consumer1).toEqual([tp('topic1', 0), tp('topic1', 1), tp('topic1', 2)]);
  });

  it('testOneConsumerMultipleTopics', () => {
    const result = assign('range', {
      topics: { topic1: 1, topic2: 2 },
      members: [member('consumer1', ['topic1', 'topic2'])],
    });
    expect(result.consumer1).toEqual([tp('topic1', 0), tp('topic2', 0), tp('topic2', 1)]);
  });

  it('testTwoConsumersOneTopicOnePartition', () => {
    const result = range({ topic1: 1 }, [
      member('consumer1', ['topic1']),
      member('consumer2', ['topic1']),
    ]);
    expect(result).toEqual({ consumer1: [tp('topic1', 0)], consumer2: [] });
  });

  it('testTwoConsumersOneTopicTwoPartitions', () => {
    const result = range({ topic1: 2 }, [
      member('consumer1', ['topic1']),
      member('consumer2', ['topic1']),
    ]);
    expect(result).toEqual({ consumer1: [tp('topic1', 0)], consumer2: [tp('topic1', 1)] });
  });

  it('testMultipleConsumersMixedTopics', () => {
    const result = assign('range', {
      topics: { topic1: 3, topic2: 2 },
      members: [
        member('consumer1', ['topic1']),
        member('consumer2', ['topic1', 'topic2']),
        member('consumer3', ['topic1']),
      ],
    });
    expect(result).toEqual({
      consumer1: [tp('topic1', 0)],
      consumer2: [tp('topic1', 1), tp('topic2', 0), tp('topic2', 1)],
      consumer3: [tp('topic1', 2)],
    });
  });

  it('testTwoConsumersTwoTopicsSixPartitions', () => {
    const both = ['topic1', 'topic2'];
    const result = assign('range', {
      topics: { topic1: 3, topic2: 3 },
      members: [member('consumer1', both), member('consumer2', both)],
    });
    expect(result).toEqual({
      consumer1: [tp('topic1', 0), tp('topic1', 1), tp('topic2', 0), tp('topic2', 1)],
      consumer2: [tp('topic1', 2), tp('topic2', 2)],
    });
  });

  it('testTwoStaticConsumersTwoTopicsSixPartitions: instance ids decide the order', () => {
    const both = ['topic1', 'topic2'];
    const result = assign('range', {
      topics: { topic1: 3, topic2: 3 },
      members: [
        member('consumer-b', both, { instanceId: 'instance1' }),
        member('consumer-a', both, { instanceId: 'instance2' }),
      ],
    });
    expect(result['consumer-b']).toEqual([
      tp('topic1', 0),
      tp('topic1', 1),
      tp('topic2', 0),
      tp('topic2', 1),
    ]);
    expect(result['consumer-a']).toEqual([tp('topic1', 2), tp('topic2', 2)]);
  });

  it('testOneStaticConsumerAndOneDynamicConsumerTwoTopicsSixPartitions: static first', () => {
    const both = ['topic1', 'topic2'];
    const result = assign('range', {
      topics: { topic1: 3, topic2: 3 },
      members: [
        member('consumer-b', both, { instanceId: 'instance1' }),
        member('consumer-a', both),
      ],
    });
    expect(result['consumer-b']).toEqual([
      tp('topic1', 0),
      tp('topic1', 1),
      tp('topic2', 0),
      tp('topic2', 1),
    ]);
    expect(result['consumer-a']).toEqual([tp('topic1', 2), tp('topic2', 2)]);
  });

  it('testStaticMemberRangeAssignmentPersistent: replacing a dynamic member keeps static ones', () => {
    const both = ['topic1', 'topic2'];
    const statics = [
      member('consumer1', both, { instanceId: 'instance1' }),
      member('consumer2', both, { instanceId: 'instance2' }),
      member('consumer3', both, { instanceId: 'instance3' }),
    ];
    const topics = { topic1: 5, topic2: 4 };
    const first = assign('range', { topics, members: [...statics, member('consumer4', both)] });
    expect(first).toEqual({
      consumer1: [tp('topic1', 0), tp('topic1', 1), tp('topic2', 0)],
      consumer2: [tp('topic1', 2), tp('topic2', 1)],
      consumer3: [tp('topic1', 3), tp('topic2', 2)],
      consumer4: [tp('topic1', 4), tp('topic2', 3)],
    });
    const second = assign('range', { topics, members: [...statics, member('consumer5', both)] });
    expect(second.consumer5).toEqual([tp('topic1', 4), tp('topic2', 3)]);
    expect(second.consumer1).toEqual(first.consumer1);
  });

  it('testStaticMemberRangeAssignmentPersistentAfterMemberIdChanges', () => {
    const both = ['topic1', 'topic2'];
    const topics = { topic1: 5, topic2: 5 };
    const expected = {
      instance1: [tp('topic1', 0), tp('topic1', 1), tp('topic2', 0), tp('topic2', 1)],
      instance2: [tp('topic1', 2), tp('topic1', 3), tp('topic2', 2), tp('topic2', 3)],
      instance3: [tp('topic1', 4), tp('topic2', 4)],
    };
    const before = assign('range', {
      topics,
      members: [
        member('consumer1', both, { instanceId: 'instance1' }),
        member('consumer2', both, { instanceId: 'instance2' }),
        member('consumer3', both, { instanceId: 'instance3' }),
      ],
    });
    expect({
      instance1: before.consumer1,
      instance2: before.consumer2,
      instance3: before.consumer3,
    }).toEqual(expected);
    const after = assign('range', {
      topics,
      members: [
        member('consumer1', both, { instanceId: 'instance1' }),
        member('consumer5', both, { instanceId: 'instance2' }),
        member('consumer4', both, { instanceId: 'instance3' }),
      ],
    });
    expect({
      instance1: after.consumer1,
      instance2: after.consumer5,
      instance3: after.consumer4,
    }).toEqual(expected);
  });

  // verifyNonRackAwareAssignment expectations of the rack-aware tests (consumers in index order).
  it.each([
    [
      'testRackAwareAssignmentWithUniformSubscription',
      { t1: 6, t2: 7, t3: 2 },
      [
        ['t1', 't2', 't3'],
        ['t1', 't2', 't3'],
        ['t1', 't2', 't3'],
      ],
      [
        't1-0, t1-1, t2-0, t2-1, t2-2, t3-0',
        't1-2, t1-3, t2-3, t2-4, t3-1',
        't1-4, t1-5, t2-5, t2-6',
      ],
    ],
    [
      'testRackAwareAssignmentWithNonEqualSubscription',
      { t1: 6, t2: 7, t3: 2 },
      [
        ['t1', 't2', 't3'],
        ['t1', 't2', 't3'],
        ['t1', 't3'],
      ],
      [
        't1-0, t1-1, t2-0, t2-1, t2-2, t2-3, t3-0',
        't1-2, t1-3, t2-4, t2-5, t2-6, t3-1',
        't1-4, t1-5',
      ],
    ],
    [
      'testRackAwareAssignmentWithUniformPartitions',
      { t1: 5, t2: 5, t3: 5 },
      [
        ['t1', 't2', 't3'],
        ['t1', 't2', 't3'],
        ['t1', 't2', 't3'],
      ],
      [
        't1-0, t1-1, t2-0, t2-1, t3-0, t3-1',
        't1-2, t1-3, t2-2, t2-3, t3-2, t3-3',
        't1-4, t2-4, t3-4',
      ],
    ],
    [
      'testRackAwareAssignmentWithUniformPartitionsNonEqualSubscription',
      { t1: 5, t2: 5, t3: 5 },
      [
        ['t1', 't2', 't3'],
        ['t1', 't2', 't3'],
        ['t1', 't3'],
      ],
      [
        't1-0, t1-1, t2-0, t2-1, t2-2, t3-0, t3-1',
        't1-2, t1-3, t2-3, t2-4, t3-2, t3-3',
        't1-4, t3-4',
      ],
    ],
  ] as const)('%s (without racks)', (_name, topics, subscriptions, expected) => {
    const members = subscriptions.map((list, index) => member(`consumer${index}`, [...list]));
    const result = assign('range', { topics: { ...topics }, members });
    expected.forEach((text, index) =>
      expect(result[`consumer${index}`]).toEqual(parsePartitions(text)),
    );
  });
});
