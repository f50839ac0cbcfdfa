/**
 * Builders shared by the assignor tests, shaped like the helpers of Kafka's assignor tests:
 * `tp('topic1', 0)`, `member('consumer1', ['topic1'], { owned, generation })`.
 */
import type {
  AssignmentInput,
  GroupMember,
  TopicPartition,
} from '../../../sim/models/kafka/assignors/index.ts';

export const tp = (topic: string, partition: number): TopicPartition => [topic, partition];

export function member(
  memberId: string,
  topics: string[],
  extra: Partial<Omit<GroupMember, 'memberId' | 'topics'>> = {},
): GroupMember {
  const result: GroupMember = { memberId, topics };
  if (extra.instanceId !== undefined) result.instanceId = extra.instanceId;
  if (extra.owned !== undefined) result.owned = extra.owned;
  if (extra.generation !== undefined) result.generation = extra.generation;
  if (extra.rack !== undefined) result.rack = extra.rack;
  return result;
}

/** Parses Kafka's verifyRackAssignment notation: "t1-0, t1-1" → [['t1', 0], ['t1', 1]]. */
export function parsePartitions(text: string): TopicPartition[] {
  if (text.trim() === '') return [];
  return text.split(',').map((entry) => {
    const trimmed = entry.trim();
    const dash = trimmed.lastIndexOf('-');
    return [trimmed.slice(0, dash), Number(trimmed.slice(dash + 1))];
  });
}

/** AbstractPartitionAssignorTest.RackConfig, the racks Kafka's sticky tests run each case with. */
export type RackConfig = 'NO_BROKER_RACK' | 'NO_CONSUMER_RACK' | 'BROKER_AND_CONSUMER_RACK';
export const RACK_CONFIGS: RackConfig[] = [
  'NO_CONSUMER_RACK',
  'NO_BROKER_RACK',
  'BROKER_AND_CONSUMER_RACK',
];
export const ALL_RACKS = ['a', 'b', 'c', 'd', 'e', 'f'];

/** AbstractPartitionAssignorTest.racks(n) and nullRacks(n). */
export const racks = (n: number): Array<string | null> =>
  Array.from({ length: n }, (_, i) => ALL_RACKS[i % 6] ?? null);
export const nullRacks = (n: number): Array<string | null> => Array<string | null>(n).fill(null);

/**
 * AbstractPartitionAssignorTest.partitionsPerTopic: broker i has rack brokerRacks[i] (null: none);
 * replica j of partition i of a topic is broker (i + j + offset) mod brokers, offset being the
 * partitions of the topics before it in insertion order. Returns each partition's replica racks.
 */
export function partitionRacks(
  topics: Record<string, number>,
  replicationFactor: number,
  brokerRacks: Array<string | null>,
): Record<string, string[][]> {
  const result: Record<string, string[][]> = {};
  let next = 0;
  for (const [topic, count] of Object.entries(topics)) {
    result[topic] = Array.from({ length: count }, (_, i) =>
      Array.from(
        { length: replicationFactor },
        (_, j) => brokerRacks[(i + j + next) % brokerRacks.length] ?? null,
      ).filter((rack): rack is string => rack !== null),
    );
    next += count;
  }
  return result;
}

/**
 * initializeRacks and consumerRackId: with broker racks each partition's three replicas sit on
 * racks a, b and c; a member's rack is ALL_RACKS[index % 3], or % 6 without broker racks
 * (its place in the input: with every partition on every rack, which rack does not matter).
 */
export function withRackConfig(config: RackConfig, input: AssignmentInput): AssignmentInput {
  const replicaRacks = config === 'NO_BROKER_RACK' ? [] : ['a', 'b', 'c'];
  const partitionRacks: Record<string, string[][]> = {};
  for (const [topic, count] of Object.entries(input.topics)) {
    partitionRacks[topic] = Array.from({ length: count }, () => replicaRacks);
  }
  const rackCount = config === 'NO_BROKER_RACK' ? 6 : 3;
  const members =
    config === 'NO_CONSUMER_RACK'
      ? input.members
      : input.members.map((m, i) => ({ ...m, rack: ALL_RACKS[i % rackCount] as string }));
  return { ...input, members, partitionRacks };
}
