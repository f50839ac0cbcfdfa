/**
 * RoundRobinAssignor cases ported from apache/kafka
 * clients/src/test/java/org/apache/kafka/clients/consumer/RoundRobinAssignorTest.java.
 */
import { describe, expect, it } from 'vitest';
import { assignOrdered, type AssignmentInput } from '../../../sim/models/kafka/assignors/index.ts';
import { member, tp } from './helpers.ts';

const roundRobin = (input: AssignmentInput) => assignOrdered('roundrobin', input);
const both = ['topic1', 'topic2'];

describe('roundrobin assignor (RoundRobinAssignorTest)', () => {
  it('testOneConsumerNoTopic', () => {
    expect(roundRobin({ topics: {}, members: [member('consumer', [])] })).toEqual({ consumer: [] });
  });

  it('testOneConsumerNonexistentTopic', () => {
    expect(roundRobin({ topics: {}, members: [member('consumer', ['topic'])] })).toEqual({
      consumer: [],
    });
  });

  it('testOneConsumerOneTopic', () => {
    expect(roundRobin({ topics: { topic: 3 }, members: [member('consumer', ['topic'])] })).toEqual({
      consumer: [tp('topic', 0), tp('topic', 1), tp('topic', 2)],
    });
  });

  it('testOnlyAssignsPartitionsFromSubscribedTopics', () => {
    const result = roundRobin({
      topics: { topic: 3, other: 3 },
      members: [member('consumer', ['topic'])],
    });
    expect(result.consumer).toEqual([tp('topic', 0), tp('topic', 1), tp('topic', 2)]);
  });

  it('testOneConsumerMultipleTopics', () => {
    const result = roundRobin({
      topics: { topic1: 1, topic2: 2 },
      members: [member('consumer', both)],
    });
    expect(result.consumer).toEqual([tp('topic1', 0), tp('topic2', 0), tp('topic2', 1)]);
  });

  it('testTwoConsumersOneTopicOnePartition', () => {
    const result = roundRobin({
      topics: { topic: 1 },
      members: [member('consumer1', ['topic']), member('consumer2', ['topic'])],
    });
    expect(result).toEqual({ consumer1: [tp('topic', 0)], consumer2: [] });
  });

  it('testTwoConsumersOneTopicTwoPartitions', () => {
    const result = roundRobin({
      topics: { topic: 2 },
      members: [member('consumer1', ['topic']), member('consumer2', ['topic'])],
    });
    expect(result).toEqual({ consumer1: [tp('topic', 0)], consumer2: [tp('topic', 1)] });
  });

  it('testMultipleConsumersMixedTopics', () => {
    const result = roundRobin({
      topics: { topic1: 3, topic2: 2 },
      members: [
        member('consumer1', ['topic1']),
        member('consumer2', both),
        member('consumer3', ['topic1']),
      ],
    });
    expect(result).toEqual({
      consumer1: [tp('topic1', 0)],
      consumer2: [tp('topic1', 1), tp('topic2', 0), tp('topic2', 1)],
      consumer3: [tp('topic1', 2)],
    });
  });

  it('testTwoDynamicConsumersTwoTopicsSixPartitions', () => {
    const result = roundRobin({
      topics: { topic1: 3, topic2: 3 },
      members: [member('consumer1', both), member('consumer2', both)],
    });
    expect(result).toEqual({
      consumer1: [tp('topic1', 0), tp('topic1', 2), tp('topic2', 1)],
      consumer2: [tp('topic1', 1), tp('topic2', 0), tp('topic2', 2)],
    });
  });

  it('testTwoStaticConsumersTwoTopicsSixPartitions', () => {
    const result = roundRobin({
      topics: { topic1: 3, topic2: 3 },
      members: [
        member('consumer-b', both, { instanceId: 'instance1' }),
        member('consumer-a', both, { instanceId: 'instance2' }),
      ],
    });
    expect(result['consumer-b']).toEqual([tp('topic1', 0), tp('topic1', 2), tp('topic2', 1)]);
    expect(result['consumer-a']).toEqual([tp('topic1', 1), tp('topic2', 0), tp('topic2', 2)]);
  });

  it('testOneStaticConsumerAndOneDynamicConsumerTwoTopicsSixPartitions', () => {
    const result = roundRobin({
      topics: { topic1: 3, topic2: 3 },
      members: [
        member('consumer-b', both, { instanceId: 'instance1' }),
        member('consumer-a', both),
      ],
    });
    expect(result['consumer-b']).toEqual([tp('topic1', 0), tp('topic1', 2), tp('topic2', 1)]);
    expect(result['consumer-a']).toEqual([tp('topic1', 1), tp('topic2', 0), tp('topic2', 2)]);
  });

  it('testStaticMemberRoundRobinAssignmentPersistent', () => {
    const statics = [1, 2, 3].map((i) =>
      member(`consumer${i}`, both, { instanceId: `instance${i}` }),
    );
    const topics = { topic1: 3, topic2: 3 };
    expect(roundRobin({ topics, members: [...statics, member('consumer4', both)] })).toEqual({
      consumer1: [tp('topic1', 0), tp('topic2', 1)],
      consumer2: [tp('topic1', 1), tp('topic2', 2)],
      consumer3: [tp('topic1', 2)],
      consumer4: [tp('topic2', 0)],
    });
    const replaced = roundRobin({ topics, members: [...statics, member('consumer5', both)] });
    expect(replaced.consumer5).toEqual([tp('topic2', 0)]);
    expect(replaced.consumer3).toEqual([tp('topic1', 2)]);
  });

  it('testStaticMemberRoundRobinAssignmentPersistentAfterMemberIdChanges', () => {
    const topics = { topic1: 5, topic2: 5 };
    const expected = {
      instance1: [tp('topic1', 0), tp('topic1', 3), tp('topic2', 1), tp('topic2', 4)],
      instance2: [tp('topic1', 1), tp('topic1', 4), tp('topic2', 2)],
      instance3: [tp('topic1', 2), tp('topic2', 0), tp('topic2', 3)],
    };
    const before = roundRobin({
      topics,
      members: [1, 2, 3].map((i) => member(`consumer${i}`, both, { instanceId: `instance${i}` })),
    });
    expect({
      instance1: before.consumer1,
      instance2: before.consumer2,
      instance3: before.consumer3,
    }).toEqual(expected);
    const after = roundRobin({
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
});
