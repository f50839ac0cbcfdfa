/**
 * Builders shared by the assignor tests, shaped like the helpers of Kafka's assignor tests:
 * `tp('topic1', 0)`, `member('consumer1', ['topic1'], { owned, generation })`.
 */
import type { GroupMember, TopicPartition } from '../../../sim/models/kafka/assignors/index.ts';

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
