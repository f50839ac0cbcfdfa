/**
 * Client-side RangeAssignor (`partition.assignment.strategy` "range", Kafka's first default; the
 * 3.x+ default list [range, cooperative-sticky] still runs it). Each topic is split on its own:
 * its subscribers in member order, partitions in contiguous runs, the first `n % k` members one
 * longer. Topics of equal size with equal subscribers are therefore co-partitioned. A member's
 * list concatenates the topics in Java HashMap order of topic names, as Kafka's partitionsPerTopic
 * map yields them. Rack-aware range (KIP-881) is left out: the input carries no replica racks.
 */
import { assert } from '../../../engine/assert.ts';
import { javaHashMapIterationOrder } from '../partitioner.ts';
import {
  emptyAssignment,
  sortMembers,
  subscribedTopics,
  type Assignment,
  type AssignmentInput,
} from './memberOrder.ts';

export function rangeAssign(input: AssignmentInput): Assignment {
  const assignment = emptyAssignment(input.members);
  for (const topic of javaHashMapIterationOrder(subscribedTopics(input))) {
    const partitionCount = input.topics[topic] as number;
    const subscribers = sortMembers(
      input.members.filter((member) => member.topics.includes(topic)),
    );
    assert(subscribers.length > 0, `range: topic ${topic} has no subscriber`);
    const quota = Math.floor(partitionCount / subscribers.length);
    const extraCount = partitionCount % subscribers.length;
    let next = 0;
    subscribers.forEach((member, index) => {
      const length = quota + (index < extraCount ? 1 : 0);
      const list = assignment[member.memberId] as Assignment[string];
      for (let partition = next; partition < next + length; partition++)
        list.push([topic, partition]);
      next += length;
    });
    assert(next === partitionCount, `range: topic ${topic} assigned ${next} of ${partitionCount}`);
  }
  return assignment;
}
