/**
 * Client-side RoundRobinAssignor ("roundrobin"): all partitions of all subscribed topics, topics
 * by name and partitions ascending, dealt around a circle of members in member order; a member
 * not subscribed to the partition's topic is skipped. Balanced (max − min ≤ 1) when every member
 * subscribes to the same topics, possibly lopsided otherwise. Eager only, not sticky.
 */
import { assert } from '../../../engine/assert.ts';
import {
  emptyAssignment,
  sortMembers,
  subscribedTopics,
  type Assignment,
  type AssignmentInput,
} from './memberOrder.ts';

export function roundRobinAssign(input: AssignmentInput): Assignment {
  const assignment = emptyAssignment(input.members);
  const circle = sortMembers(input.members);
  let cursor = 0;
  for (const topic of subscribedTopics(input)) {
    const partitionCount = input.topics[topic] as number;
    for (let partition = 0; partition < partitionCount; partition++) {
      // Some member subscribes to the topic, so this stops within one turn of the circle.
      let steps = 0;
      while (!(circle[cursor % circle.length]?.topics.includes(topic) ?? false)) {
        cursor++;
        steps++;
        assert(steps <= circle.length, `roundrobin: no subscriber for ${topic}`);
      }
      const member = circle[cursor % circle.length];
      assert(member !== undefined, `roundrobin: empty circle for ${topic}`);
      (assignment[member.memberId] as Assignment[string]).push([topic, partition]);
      cursor++;
    }
  }
  return assignment;
}
