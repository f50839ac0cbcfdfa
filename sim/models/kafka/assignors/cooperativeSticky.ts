/**
 * Client-side CooperativeStickyAssignor ("cooperative-sticky", KIP-429, 2.4+): the sticky
 * assignment, minus every partition that would change owner this round. The old owner revokes
 * such a partition after SyncGroup and rejoins; the follow-up rebalance hands it out. So no
 * partition is ever assigned while another member still owns it. Owned partitions and generation
 * come from the subscription (ConsumerProtocolSubscription v2+). With racks (KIP-881) a member
 * also gives up owned partitions without a replica in its rack, and those move the same way.
 */
import { stickyAssign, type OrderedAssignment } from './abstractSticky.ts';
import { partitionKey, type AssignmentInput, type TopicPartition } from './memberOrder.ts';
import type { StickyOptions } from './stickyRacks.ts';

export interface CooperativeResult {
  assignment: OrderedAssignment;
  /** Partition key → member it will go to once its current owner has revoked it. */
  partitionsTransferringOwnership: Map<string, string>;
}

export function cooperativeStickyAssignDetailed(
  input: AssignmentInput,
  options: StickyOptions = {},
): CooperativeResult {
  const result = stickyAssign(input, options);
  const transferring =
    result.partitionsTransferringOwnership ?? computeTransferring(input, result.assignment);
  for (const [key, memberId] of transferring) {
    const list = result.assignment.get(memberId);
    const index = list?.findIndex(([t, p]) => partitionKey(t, p) === key) ?? -1;
    if (list !== undefined && index >= 0) list.splice(index, 1);
  }
  return { assignment: result.assignment, partitionsTransferringOwnership: transferring };
}

export function cooperativeStickyAssignOrdered(input: AssignmentInput): OrderedAssignment {
  return cooperativeStickyAssignDetailed(input).assignment;
}

/** Partitions added to some member that some member had to give up (general builder case). */
function computeTransferring(
  input: AssignmentInput,
  assignment: OrderedAssignment,
): Map<string, string> {
  const added = new Map<string, string>();
  const revoked = new Set<string>();
  for (const member of input.members) {
    const owned = new Set((member.owned ?? []).map(([t, p]) => partitionKey(t, p)));
    const assigned: TopicPartition[] = assignment.get(member.memberId) ?? [];
    const assignedKeys = new Set(assigned.map(([t, p]) => partitionKey(t, p)));
    for (const key of assignedKeys) if (!owned.has(key)) added.set(key, member.memberId);
    for (const key of owned) if (!assignedKeys.has(key)) revoked.add(key);
  }
  for (const key of [...added.keys()]) if (!revoked.has(key)) added.delete(key);
  return added;
}
