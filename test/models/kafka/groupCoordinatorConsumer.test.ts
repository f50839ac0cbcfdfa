/**
 * The KIP-848 group state machine (ConsumerGroup) driven directly with stub ports: joins bump the
 * group epoch and the server assignor sets the target; each member reconciles on its own heartbeats
 * (revoke first at its old epoch, then the target epoch with only the partitions others released),
 * with no group-wide barrier; session and revocation timeouts fence; static members leaving with
 * epoch -2 get their assignment back.
 */
import { describe, expect, it } from 'vitest';
import { ConsumerGroup } from '../../../sim/models/kafka/groups/consumerGroup.ts';
import type { Message } from '../../../sim/models/kafka/messages.ts';
import { harness, S } from './groupHarness.ts';

type Response = Extract<Message, { kind: 'consumerGroupHeartbeatResponse' }>;

let requestIdNext = 1;

function beat(
  group: ConsumerGroup,
  client: string,
  memberId: string,
  memberEpoch: number,
  owned: number[],
  instanceId: string | null = null,
): Response {
  const reply = group.onHeartbeat(
    {
      kind: 'consumerGroupHeartbeatRequest',
      requestId: requestIdNext++,
      groupId: 'g',
      memberId,
      instanceId,
      memberEpoch,
      topics: ['t'],
      owned,
      rebalanceTimeoutUs: 300 * S,
    },
    client,
  );
  if (reply.kind !== 'consumerGroupHeartbeatResponse') throw new Error(reply.kind);
  return reply;
}

/** A alone owns 0..5 at epoch 1; B joins at 1 s. */
function twoMembers() {
  const h = harness();
  const group = new ConsumerGroup('g', h.ports, undefined);
  const a = beat(group, 'a', '', 0, []);
  expect([a.error, a.memberEpoch, a.assignment]).toEqual(['NONE', 1, [0, 1, 2, 3, 4, 5]]);
  h.sim.run({ untilUs: 1 * S });
  const b = beat(group, 'b', '', 0, []);
  return { h, group, a: a.memberId, b };
}

describe('ConsumerGroup reconciliation (KIP-848)', () => {
  it('a joining member bumps the group epoch and gets only partitions nobody holds', () => {
    const { group, b } = twoMembers();
    expect(group.groupEpoch).toBe(2);
    expect(group.targetEpoch).toBe(2);
    expect(b.error).toBe('NONE');
    // Its target is half the partitions, all still held by A: it is at epoch 2 with nothing.
    expect(b.memberEpoch).toBe(2);
    expect(b.assignment).toEqual([]);
    expect(group.target.get(b.memberId)).toHaveLength(3);
  });

  it('the owner revokes first at its old epoch, then moves to the target epoch', () => {
    const { h, group, a, b } = twoMembers();
    h.sim.run({ untilUs: 5 * S });
    const first = beat(group, 'a', a, 1, [0, 1, 2, 3, 4, 5]);
    const target = group.target.get(a) ?? [];
    expect(first.memberEpoch).toBe(1);
    expect(first.assignment).toEqual(target);
    expect(target).toHaveLength(3);
    // Still owning the revoked partitions: no progress.
    expect(beat(group, 'a', a, 1, [0, 1, 2, 3, 4, 5]).memberEpoch).toBe(1);
    const acked = beat(group, 'a', a, 1, target);
    expect([acked.memberEpoch, acked.assignment]).toEqual([2, target]);
    // B's next heartbeat picks up the released partitions; the group is stable.
    h.sim.run({ untilUs: 6 * S });
    const next = beat(group, 'b', b.memberId, 2, []);
    expect(next.assignment).toEqual(group.target.get(b.memberId));
    expect([...(next.assignment ?? []), ...target].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(h.phases()).toEqual([
      '0ms start',
      '0ms join',
      '0ms stable',
      '1000ms start',
      '1000ms join',
      '6000ms stable',
    ]);
  });

  it('members the new target does not touch keep their partitions and epoch path (no barrier)', () => {
    const h = harness();
    const group = new ConsumerGroup('g', h.ports, undefined);
    const a = beat(group, 'a', '', 0, []);
    const b = beat(group, 'b', '', 0, []);
    const aAck = beat(group, 'a', a.memberId, 1, a.assignment ?? []);
    // a revoked what b takes; b picks it up at its next heartbeat.
    const kept = aAck.assignment ?? [];
    const aStable = beat(group, 'a', a.memberId, aAck.memberEpoch, kept);
    const bStable = beat(group, 'b', b.memberId, b.memberEpoch, []);
    expect(aStable.memberEpoch).toBe(2);
    expect(bStable.assignment).toHaveLength(3);
    // b leaves: a only gains partitions; it never revokes, and is at the new epoch at once.
    beat(group, 'b', b.memberId, -1, bStable.assignment ?? []);
    expect(group.groupEpoch).toBe(3);
    const gained = beat(group, 'a', a.memberId, 2, aStable.assignment ?? []);
    expect(gained.memberEpoch).toBe(3);
    expect(gained.assignment).toHaveLength(6);
    expect(gained.assignment?.slice(0, 3)).toEqual(aStable.assignment);
  });

  it('a stale member epoch is FENCED_MEMBER_EPOCH', () => {
    const { group, a } = twoMembers();
    expect(beat(group, 'a', a, 7, []).error).toBe('FENCED_MEMBER_EPOCH');
  });
});

describe('ConsumerGroup fencing and static members', () => {
  it('a member silent for group.consumer.session.timeout.ms (45 s) is fenced, its partitions freed', () => {
    const { h, group, a, b } = twoMembers();
    // A never heartbeats again (last at 0 s); B heartbeats every 5 s.
    for (let t = 5; t <= 40; t += 5) {
      h.sim.run({ untilUs: t * S });
      beat(group, 'b', b.memberId, group.members.get(b.memberId)?.epoch ?? 0, []);
    }
    h.sim.run({ untilUs: 45 * S - 1 });
    expect(group.members.has(a)).toBe(true);
    h.sim.run({ untilUs: 45 * S });
    expect(group.members.has(a)).toBe(false);
    expect(h.phases()).toContain('45000ms memberRemoved');
    const after = beat(group, 'b', b.memberId, group.members.get(b.memberId)?.epoch ?? 0, []);
    expect(after.assignment).toHaveLength(6);
  });

  it('a member that does not revoke within its rebalance timeout is fenced at the deadline', () => {
    const { h, group, a } = twoMembers();
    // Told at 1 s to revoke; keeps heartbeating but never releases.
    beat(group, 'a', a, 1, [0, 1, 2, 3, 4, 5]);
    for (let t = 5; t <= 300; t += 5) {
      h.sim.run({ untilUs: t * S });
      beat(group, 'a', a, 1, [0, 1, 2, 3, 4, 5]);
    }
    h.sim.run({ untilUs: 301 * S - 1 });
    expect(group.members.has(a)).toBe(true);
    // The rebalance timeout (300 s) after the revocation started, heartbeat or not.
    h.sim.run({ untilUs: 301 * S });
    expect(group.members.has(a)).toBe(false);
    expect(h.phases()).toContain('301000ms memberRemoved');
  });

  it('a member that revokes in time is not fenced later', () => {
    const { h, group, a } = twoMembers();
    const told = beat(group, 'a', a, 1, [0, 1, 2, 3, 4, 5]);
    h.sim.run({ untilUs: 10 * S });
    beat(group, 'a', a, 1, told.assignment ?? []);
    for (let t = 15; t <= 400; t += 5) {
      h.sim.run({ untilUs: t * S });
      beat(group, 'a', a, group.members.get(a)?.epoch ?? 0, group.target.get(a) ?? []);
    }
    expect(group.members.has(a)).toBe(true);
  });

  it('a static member leaving with epoch -2 and back within the session gets its assignment, no new epoch', () => {
    const h = harness();
    const group = new ConsumerGroup('g', h.ports, undefined);
    const a = beat(group, 'a', '', 0, [], 'app-0');
    const epoch = group.groupEpoch;
    h.sim.run({ untilUs: 2 * S });
    const left = beat(group, 'a', a.memberId, -2, a.assignment ?? [], 'app-0');
    expect(left.memberEpoch).toBe(-2);
    expect(group.members.has(a.memberId)).toBe(true);
    h.sim.run({ untilUs: 30 * S });
    const back = beat(group, 'a', '', 0, [], 'app-0');
    expect(back.memberId).not.toBe(a.memberId);
    expect([back.memberEpoch, back.assignment]).toEqual([a.memberEpoch, a.assignment]);
    expect(group.groupEpoch).toBe(epoch);
  });
});
