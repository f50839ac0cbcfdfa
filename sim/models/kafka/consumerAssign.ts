/**
 * The classic group leader's assignment (ConsumerCoordinator.onLeaderElected): the chosen
 * assignor runs client-side over every member's subscription (topics, rack), owned partitions and
 * generation, on the partition counts and replica racks of the leader's metadata; partitions
 * travel as catalog indexes.
 */
import type {
  Assignment,
  AssignmentInput,
  AssignorStrategy,
  GroupMember,
} from './assignors/index.ts';
import type { Consumer } from './consumer.ts';
import type { JoinGroupMember } from './messages.ts';

export function classicAssignment(
  consumer: Consumer,
  protocol: string,
  members: JoinGroupMember[],
  assignOrdered: (strategy: AssignorStrategy, input: AssignmentInput) => Assignment,
): Array<{ memberId: string; partitions: number[] }> {
  const spec = consumer.spec;
  const topics: Record<string, number> = {};
  const topicOf = new Map<number, [string, number]>();
  for (const [topic, indexes] of spec.topicPartitions) {
    const count = consumer.topicCounts.get(topic) ?? indexes.length;
    topics[topic] = count;
    indexes.slice(0, count).forEach((index, partition) => topicOf.set(index, [topic, partition]));
  }
  const input: GroupMember[] = members.map((member) => {
    const entry: GroupMember = {
      memberId: member.memberId,
      topics: member.topics.filter((topic) => topic in topics),
      owned: member.owned.flatMap((index) => {
        const pair = topicOf.get(index);
        return pair === undefined ? [] : [pair];
      }),
      generation: member.generation,
    };
    if (member.instanceId !== null) entry.instanceId = member.instanceId;
    if (member.rack !== null) entry.rack = member.rack;
    return entry;
  });
  const strategy = (spec.strategies.find((name) => name === protocol) ??
    spec.strategies[0] ??
    'range') as AssignorStrategy;
  const partitionRacks: Record<string, string[][]> = {};
  for (const [topic, racks] of spec.partitionRacks) {
    partitionRacks[topic] = racks.slice(0, topics[topic] ?? 0);
  }
  const result = assignOrdered(strategy, { topics, members: input, partitionRacks });
  return members.map((member) => ({
    memberId: member.memberId,
    partitions: (result[member.memberId] ?? []).map(
      ([topic, partition]) => spec.topicPartitions.get(topic)?.[partition] ?? -1,
    ),
  }));
}
