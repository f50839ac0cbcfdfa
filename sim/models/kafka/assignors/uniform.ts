/**
 * KIP-848 server-side `uniform` assignor, the default of `group.consumer.assignors`
 * (group-coordinator/.../assignor/UniformAssignor.java and its two builders). When every member
 * subscribes to the same topics (homogeneous), each member keeps its owned partitions up to its
 * quota (minQuota, one more for the first `total % members` members), and the free partitions
 * (never-owned ones by topic and partition, then revoked excess by member) are dealt in runs to
 * members under quota. Otherwise (heterogeneous) members keep every owned partition of a topic
 * they still subscribe to, free partitions go topic by topic to the least-loaded subscriber, and
 * up to 16 passes move partitions from the most to the least loaded subscriber of each topic.
 * Kafka iterates members and topic ids (UUIDs) in HashMap order; here members go by member id and
 * topics by name, so which member gets an extra partition may differ from a real broker. A
 * partition claimed by two members (impossible in Kafka's target assignment) stays with the first
 * member id.
 */
import { assert } from '../../../engine/assert.ts';
import {
  compareJavaStrings,
  emptyAssignment,
  subscribedTopics,
  type Assignment,
  type AssignmentInput,
  type GroupMember,
} from './memberOrder.ts';
import { uniformHeterogeneousAssign } from './uniformHeterogeneous.ts';

/** The input reduced to what the server-side builders read. */
export interface ServerGroupSpec {
  /** Members by member id. */
  memberIds: string[];
  /** Subscribed topics that exist, per member, by name. */
  subscriptions: Map<string, string[]>;
  /** Current (owned) partitions per member and topic, ascending, without duplicates. */
  owned: Map<string, Map<string, number[]>>;
  partitionCounts: Map<string, number>;
}

export function serverGroupSpec(input: AssignmentInput): ServerGroupSpec {
  const topics = subscribedTopics(input);
  const partitionCounts = new Map(topics.map((topic) => [topic, input.topics[topic] as number]));
  const members = [...input.members].sort((a, b) => compareJavaStrings(a.memberId, b.memberId));
  const claimed = new Set<string>();
  const owned = new Map<string, Map<string, number[]>>();
  const subscriptions = new Map<string, string[]>();
  for (const member of members) {
    subscriptions.set(
      member.memberId,
      [...new Set(member.topics)].filter((t) => partitionCounts.has(t)).sort(compareJavaStrings),
    );
    const byTopic = new Map<string, number[]>();
    for (const [topic, partition] of sortedOwned(member)) {
      const count = partitionCounts.get(topic);
      const key = JSON.stringify([topic, partition]);
      if (count === undefined || partition < 0 || partition >= count || claimed.has(key)) continue;
      claimed.add(key);
      const list = byTopic.get(topic) ?? [];
      list.push(partition);
      byTopic.set(topic, list);
    }
    owned.set(member.memberId, byTopic);
  }
  return { memberIds: members.map((m) => m.memberId), subscriptions, owned, partitionCounts };
}

function sortedOwned(member: GroupMember): Array<[string, number]> {
  return [...(member.owned ?? [])].sort((a, b) => compareJavaStrings(a[0], b[0]) || a[1] - b[1]);
}

export function uniformAssign(input: AssignmentInput): Assignment {
  const assignment = emptyAssignment(input.members);
  if (input.members.length === 0) return assignment;
  const spec = serverGroupSpec(input);
  const first = spec.subscriptions.get(spec.memberIds[0] as string) as string[];
  const homogeneous = input.members.every((member) => {
    const topics = new Set(member.topics);
    const reference = new Set((input.members[0] as GroupMember).topics);
    return topics.size === reference.size && [...topics].every((topic) => reference.has(topic));
  });
  const target = homogeneous
    ? uniformHomogeneousAssign(spec, first)
    : uniformHeterogeneousAssign(spec);
  for (const [memberId, byTopic] of target) {
    const list = assignment[memberId] as Assignment[string];
    for (const topic of [...byTopic.keys()].sort(compareJavaStrings)) {
      const partitions = [...(byTopic.get(topic) as Set<number>)].sort((a, b) => a - b);
      for (const partition of partitions) list.push([topic, partition]);
    }
  }
  return assignment;
}

/** UniformHomogeneousAssignmentBuilder. */
function uniformHomogeneousAssign(
  spec: ServerGroupSpec,
  topics: readonly string[],
): Map<string, Map<string, Set<number>>> {
  const target = new Map<string, Map<string, Set<number>>>();
  const owners = new Set<string>();
  for (const byTopic of spec.owned.values()) {
    for (const [topic, partitions] of byTopic)
      for (const p of partitions) owners.add(`${topic}\u0000${p}`);
  }
  const unassigned: Array<[string, number]> = [];
  let total = 0;
  for (const topic of topics) {
    const count = spec.partitionCounts.get(topic) as number;
    for (let p = 0; p < count; p++)
      if (!owners.has(`${topic}\u0000${p}`)) unassigned.push([topic, p]);
    total += count;
  }
  const minQuota = Math.floor(total / spec.memberIds.length);
  let extraCount = total % spec.memberIds.length;
  const subscribed = new Set(topics);
  const unfilled: Array<{ memberId: string; quota: number }> = [];
  for (const memberId of spec.memberIds) {
    let quota = minQuota;
    if (extraCount > 0) {
      quota++;
      extraCount--;
    }
    const kept = new Map<string, Set<number>>();
    for (const [topic, partitions] of spec.owned.get(memberId) as Map<string, number[]>) {
      if (!subscribed.has(topic)) continue;
      const keep = new Set<number>();
      for (const partition of partitions) {
        if (quota > 0) {
          keep.add(partition);
          quota--;
        } else {
          unassigned.push([topic, partition]);
        }
      }
      if (keep.size > 0) kept.set(topic, keep);
    }
    if (quota > 0) unfilled.push({ memberId, quota });
    target.set(memberId, kept);
  }
  let next = 0;
  for (const { memberId, quota } of unfilled) {
    const kept = target.get(memberId) as Map<string, Set<number>>;
    for (let i = 0; i < quota && next < unassigned.length; i++) {
      const [topic, partition] = unassigned[next++] as [string, number];
      const set = kept.get(topic) ?? new Set<number>();
      set.add(partition);
      kept.set(topic, set);
    }
  }
  assert(
    next === unassigned.length,
    `uniform: ${unassigned.length - next} partitions left unassigned`,
  );
  return target;
}
