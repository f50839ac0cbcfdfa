/**
 * Leader election (PartitionChangeBuilder.java): clean elections keep a valid leader or take the
 * first active ISR member in assignment order, go offline without emptying the ISR, and unclean
 * elections take the first active replica with ISR = [it]; the preferred leader.
 */
import { describe, expect, it } from 'vitest';
import { electLeader, preferredLeader } from '../../../sim/models/kafka/election.ts';

const activeOnly =
  (...brokers: number[]) =>
  (broker: number): boolean =>
    brokers.includes(broker);

describe('electLeader', () => {
  it.each([
    {
      name: 'a valid leader is kept, even if not first in assignment order',
      isr: [3, 1, 2],
      leader: 2,
      active: [1, 2, 3],
      want: { leader: 2, isr: [3, 1, 2], unclean: false },
    },
    {
      name: 'a fenced leader: first ISR member in assignment order, fenced removed from the ISR',
      isr: [3, 2, 1],
      leader: 1,
      active: [2, 3],
      want: { leader: 2, isr: [3, 2], unclean: false },
    },
    {
      name: 'assignment order, not ISR order, picks the leader',
      isr: [3, 2],
      leader: -1,
      active: [2, 3],
      want: { leader: 2, isr: [3, 2], unclean: false },
    },
    {
      name: 'no active ISR member: offline, the ISR is kept (never emptied)',
      isr: [1],
      leader: 1,
      active: [2, 3],
      want: { leader: -1, isr: [1], unclean: false },
    },
    {
      name: 'an active replica outside the ISR is not elected cleanly',
      isr: [1, 3],
      leader: 1,
      active: [2],
      want: { leader: -1, isr: [1, 3], unclean: false },
    },
  ])('clean: $name', ({ isr, leader, active, want }) => {
    const result = electLeader({
      replicas: [1, 2, 3],
      isr,
      leader,
      isActive: activeOnly(...active),
      uncleanLeaderElectionEnable: false,
    });
    expect(result).toEqual(want);
  });

  it('unclean: with no ISR member active, the first active replica leads with ISR = [it]', () => {
    const result = electLeader({
      replicas: [1, 3, 2],
      isr: [1],
      leader: 1,
      isActive: activeOnly(2, 3),
      uncleanLeaderElectionEnable: true,
    });
    expect(result).toEqual({ leader: 3, isr: [3], unclean: true });
  });

  it('unclean is not used while an ISR member is active', () => {
    const result = electLeader({
      replicas: [1, 2, 3],
      isr: [1, 3],
      leader: 1,
      isActive: activeOnly(2, 3),
      uncleanLeaderElectionEnable: true,
    });
    expect(result).toEqual({ leader: 3, isr: [3], unclean: false });
  });

  it('unclean with no replica active: offline, ISR kept', () => {
    const result = electLeader({
      replicas: [1, 2],
      isr: [1],
      leader: 1,
      isActive: activeOnly(),
      uncleanLeaderElectionEnable: true,
    });
    expect(result).toEqual({ leader: -1, isr: [1], unclean: false });
  });
});

describe('preferredLeader', () => {
  it.each([
    [[1, 2, 3], [1, 2, 3], [1, 2, 3], 1],
    [[1, 2, 3], [2, 3], [1, 2, 3], -1],
    [[1, 2, 3], [1, 2, 3], [2, 3], -1],
    [[], [], [], -1],
  ])('replicas %j, ISR %j, active %j: %i', (replicas, isr, active, want) => {
    expect(preferredLeader(replicas, isr, activeOnly(...active))).toBe(want);
  });
});
