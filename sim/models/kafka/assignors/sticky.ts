/**
 * Client-side StickyAssignor ("sticky", KIP-54): eager, so every member revokes everything before
 * the rebalance, but the assignment keeps each member's previous partitions where balance allows.
 * Kafka carries the previous assignment and generation in the subscription's user data; here they
 * are the member's `owned` and `generation`. The algorithm is the shared core in abstractSticky.ts.
 */
import { stickyAssign, type OrderedAssignment } from './abstractSticky.ts';
import type { Assignment, AssignmentInput } from './memberOrder.ts';

export function stickyAssignOrdered(input: AssignmentInput): OrderedAssignment {
  return stickyAssign(input).assignment;
}

export function stickyAssignRecord(input: AssignmentInput): Assignment {
  return orderedToRecord(input, stickyAssignOrdered(input));
}

/** Member id → list, keys in input member order, lists in the builder's order. */
export function orderedToRecord(input: AssignmentInput, ordered: OrderedAssignment): Assignment {
  const assignment: Assignment = {};
  for (const member of input.members) {
    assignment[member.memberId] = (ordered.get(member.memberId) ?? []).map(([t, p]) => [t, p]);
  }
  return assignment;
}
