/**
 * KIP-848 server-side `range` assignor (group-coordinator/.../assignor/RangeAssignor.java, the
 * 3.9+ rewrite of KAFKA-16944): members sorted like MemberInfo (static by instance id, then member
 * id), each topic split into contiguous runs with the first `n % k` subscribers one longer. It is
 * not sticky (the 3.7/3.8 version was). Topics missing from the metadata are skipped here, where
 * Kafka throws; lists come out by topic name, then partition.
 */
import { assert } from '../../../engine/assert.ts';
import {
  emptyAssignment,
  sortMembers,
  subscribedTopics,
  type Assignment,
  type AssignmentInput,
} from './memberOrder.ts';

export function serverRangeAssign(input: AssignmentInput): Assignment {
  const assignment = emptyAssignment(input.members);
  const members = sortMembers(input.members);
  for (const topic of subscribedTopics(input)) {
    const partitionCount = input.topics[topic] as number;
    const subscribers = members.filter((member) => member.topics.includes(topic));
    const quota = Math.floor(partitionCount / subscribers.length);
    let extraCount = partitionCount % subscribers.length;
    let next = 0;
    for (const member of subscribers) {
      const length = quota + (extraCount > 0 ? 1 : 0);
      if (extraCount > 0) extraCount--;
      const end = Math.min(next + length, partitionCount);
      const list = assignment[member.memberId] as Assignment[string];
      for (let partition = next; partition < end; partition++) list.push([topic, partition]);
      next = end;
    }
    assert(next === partitionCount, `server range: ${topic} assigned ${next} of ${partitionCount}`);
  }
  for (const list of Object.values(assignment)) {
    list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
  }
  return assignment;
}
