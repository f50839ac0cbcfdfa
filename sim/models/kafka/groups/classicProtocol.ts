/**
 * Pure parts of the classic group: the protocol vote (ClassicGroup.selectProtocol: each member
 * votes for its first protocol that every member supports, most votes wins) and the group
 * metadata record a coordinator stores when a generation settles.
 */
import type { ErrorCode, Message } from '../messages.ts';
import type { GroupPorts } from './groupPorts.ts';
import type { StoredGroup } from './groupStore.ts';

export function selectProtocol(members: Array<{ protocols: string[] }>): string {
  const first = members[0];
  if (first === undefined) return '';
  const common = first.protocols.filter((name) => members.every((m) => m.protocols.includes(name)));
  const votes = new Map<string, number>();
  for (const member of members) {
    const vote = member.protocols.find((name) => common.includes(name));
    if (vote !== undefined) votes.set(vote, (votes.get(vote) ?? 0) + 1);
  }
  let best = common[0] ?? first.protocols[0] ?? '';
  for (const [name, count] of votes) if (count > (votes.get(best) ?? 0)) best = name;
  return best;
}

export function storedClassicGroup(
  group: { generation: number; protocolName: string; leaderId: string },
  members: Array<{
    memberId: string;
    instanceId: string | null;
    sessionTimeoutUs: number;
    rebalanceTimeoutUs: number;
    topics: string[];
    assignment: number[];
  }>,
): StoredGroup {
  return {
    protocol: 'classic',
    generation: group.generation,
    protocolName: group.protocolName,
    leaderId: group.leaderId,
    members: members.map((member) => ({
      memberId: member.memberId,
      instanceId: member.instanceId,
      sessionTimeoutUs: member.sessionTimeoutUs,
      rebalanceTimeoutUs: member.rebalanceTimeoutUs,
      topics: member.topics,
      assignment: member.assignment,
      epoch: group.generation,
    })),
  };
}

/** Reports a rebalance phase of a classic group. */
export function emitPhase(
  ports: GroupPorts,
  group: { groupId: string; generation: number },
  phase: 'start' | 'join' | 'stable' | 'memberRemoved',
  members: Array<{ protocols: string[] }>,
  reason: string,
): void {
  // Cooperative when every member lists only cooperative assignors (ConsumerCoordinator).
  const cooperative =
    members.length > 0 &&
    members.every((member) => member.protocols.every((name) => name === 'cooperative-sticky'));
  ports.emit({
    kind: 'rebalancePhase',
    atUs: ports.sim.nowUs,
    group: group.groupId,
    phase,
    protocol: cooperative ? 'cooperative' : 'eager',
    generation: group.generation,
    members: members.length,
    reason,
  });
}

/** OffsetCommit's checks: a known member of the current generation, not while syncing. */
export function classicCommitError(
  group: { generation: number; state: string; members: { size: number } },
  known: boolean,
  memberId: string,
  generation: number,
): ErrorCode {
  if (memberId === '' && generation < 0)
    return group.members.size === 0 ? 'NONE' : 'UNKNOWN_MEMBER_ID';
  if (!known) return 'UNKNOWN_MEMBER_ID';
  if (generation !== group.generation) return 'ILLEGAL_GENERATION';
  if (group.state === 'CompletingRebalance') return 'REBALANCE_IN_PROGRESS';
  return 'NONE';
}

/** A JoinGroup answer carrying only an error (and the member id, where one is handed out). */
/** A SyncGroup answer to `request`: its assignment, or an error with none. */
export function syncAnswer(
  request: { requestId: number },
  error: ErrorCode,
  partitions: number[] = [],
): Message {
  return { kind: 'syncGroupResponse', requestId: request.requestId, error, partitions };
}

export function joinError(
  request: { requestId: number },
  error: ErrorCode,
  memberId = '',
): Message {
  return {
    kind: 'joinGroupResponse',
    requestId: request.requestId,
    error,
    memberId,
    generation: -1,
    protocol: '',
    leaderId: '',
    members: [],
  };
}
