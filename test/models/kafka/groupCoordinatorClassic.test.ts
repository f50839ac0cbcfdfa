/**
 * The classic group state machine (ClassicGroup) driven directly with stub ports: JoinGroup's
 * MEMBER_ID_REQUIRED round trip, the initial rebalance delay and its extension per new member,
 * session-timeout removal, LeaveGroup, the rebalance timeout, SyncGroup waiting for the leader,
 * and static members that restart without a rebalance. Times are exact (no network here).
 */
import { describe, expect, it } from 'vitest';
import { ClassicGroup } from '../../../sim/models/kafka/groups/classicGroup.ts';
import type { Message } from '../../../sim/models/kafka/messages.ts';
import { harness, S } from './groupHarness.ts';

type Reply = { atUs: number; message: Message } | null;
type Harness = ReturnType<typeof harness>;

interface JoinOptions {
  memberId?: string;
  instanceId?: string | null;
  owned?: number[];
  generation?: number;
  protocols?: string[];
  sessionTimeoutUs?: number;
  rebalanceTimeoutUs?: number;
}

let requestIdNext = 1;

function join(h: Harness, group: ClassicGroup, client: string, options: JoinOptions = {}) {
  const box: { reply: Reply } = { reply: null };
  group.onJoin(
    {
      kind: 'joinGroupRequest',
      requestId: requestIdNext++,
      groupId: 'g',
      memberId: options.memberId ?? '',
      instanceId: options.instanceId ?? null,
      sessionTimeoutUs: options.sessionTimeoutUs ?? 45 * S,
      rebalanceTimeoutUs: options.rebalanceTimeoutUs ?? 300 * S,
      topics: ['t'],
      rack: null,
      owned: options.owned ?? [],
      generation: options.generation ?? -1,
      protocols: options.protocols ?? ['range'],
    },
    (message) => (box.reply = { atUs: h.sim.nowUs, message }),
    client,
  );
  return box;
}

function joined(box: { reply: Reply }) {
  const message = box.reply?.message;
  if (message?.kind !== 'joinGroupResponse') throw new Error('no JoinGroup response');
  return { ...message, atUs: box.reply?.atUs ?? -1 };
}

/** A dynamic member's two JoinGroups (MEMBER_ID_REQUIRED first); returns the second's box. */
function joinDynamic(h: Harness, group: ClassicGroup, client: string, options: JoinOptions = {}) {
  const first = joined(join(h, group, client, options));
  expect(first.error).toBe('MEMBER_ID_REQUIRED');
  return join(h, group, client, { ...options, memberId: first.memberId });
}

function sync(
  h: Harness,
  group: ClassicGroup,
  memberId: string,
  generation: number,
  assignments: Array<{ memberId: string; partitions: number[] }> = [],
) {
  const box: { reply: Reply } = { reply: null };
  group.onSync(
    {
      kind: 'syncGroupRequest',
      requestId: requestIdNext++,
      groupId: 'g',
      memberId,
      generation,
      assignments,
    },
    (message) => (box.reply = { atUs: h.sim.nowUs, message }),
  );
  return box;
}

function heartbeat(group: ClassicGroup, memberId: string, generation: number) {
  return group.onHeartbeat({
    kind: 'heartbeatRequest',
    requestId: requestIdNext++,
    groupId: 'g',
    memberId,
    generation,
  });
}

/** Two dynamic members joined at 0 and synced (a gets 0-2, b gets 3-5), at 6 s. */
function stableGroupOfTwo(h: Harness) {
  const group = new ClassicGroup('g', h.ports, undefined);
  const a = joinDynamic(h, group, 'a');
  const b = joinDynamic(h, group, 'b');
  h.sim.run({ untilUs: 6 * S });
  const ja = joined(a);
  const jb = joined(b);
  const assignments = [
    { memberId: ja.memberId, partitions: [0, 1, 2] },
    { memberId: jb.memberId, partitions: [3, 4, 5] },
  ];
  sync(h, group, ja.memberId, ja.generation, assignments);
  sync(h, group, jb.memberId, jb.generation);
  expect(group.state).toBe('Stable');
  return { group, a: ja.memberId, b: jb.memberId, generation: ja.generation };
}

describe('ClassicGroup JoinGroup', () => {
  it('answers a JoinGroup without a member id with MEMBER_ID_REQUIRED and a new id', () => {
    const h = harness();
    const group = new ClassicGroup('g', h.ports, undefined);
    const first = joined(join(h, group, 'c'));
    expect(first.error).toBe('MEMBER_ID_REQUIRED');
    expect(first.memberId).toBe('c-1');
    expect(group.members.size).toBe(0);
    expect(group.state).toBe('Empty');
    const second = join(h, group, 'c', { memberId: 'c-1' });
    expect(group.members.has('c-1')).toBe(true);
    expect(group.state).toBe('PreparingRebalance');
    expect(second.reply).toBeNull();
  });

  it('a lone first member waits group.initial.rebalance.delay.ms (3 s), then leads generation 1', () => {
    const h = harness();
    const group = new ClassicGroup('g', h.ports, undefined);
    const box = joinDynamic(h, group, 'c');
    h.sim.run({ untilUs: 2_999_999 });
    expect(box.reply).toBeNull();
    h.sim.run({ untilUs: 3 * S });
    const reply = joined(box);
    expect([reply.atUs, reply.error, reply.generation]).toEqual([3 * S, 'NONE', 1]);
    expect(reply.leaderId).toBe(reply.memberId);
    expect(reply.members.map((member) => member.memberId)).toEqual([reply.memberId]);
    expect(group.state).toBe('CompletingRebalance');
    expect(h.phases()).toEqual(['0ms start', '3000ms join']);
  });

  it('each new member inside the delay extends it by another 3 s', () => {
    const h = harness();
    const group = new ClassicGroup('g', h.ports, undefined);
    const a = joinDynamic(h, group, 'a');
    h.sim.run({ untilUs: 2 * S });
    const b = joinDynamic(h, group, 'b');
    h.sim.run({ untilUs: 5 * S });
    const c = joinDynamic(h, group, 'c');
    h.sim.run({ untilUs: 8_999_999 });
    expect(a.reply).toBeNull();
    h.sim.run({ untilUs: 20 * S });
    // 0 → 3 s (b arrived) → 6 s (c arrived) → 9 s (nobody new).
    for (const box of [a, b, c]) expect(joined(box).atUs).toBe(9 * S);
    expect(joined(a).members).toHaveLength(3);
    expect(joined(b).members).toHaveLength(0);
  });

  it('the delay extensions stop at the rebalance timeout', () => {
    const h = harness();
    const group = new ClassicGroup('g', h.ports, undefined);
    const a = joinDynamic(h, group, 'a', { rebalanceTimeoutUs: 4 * S });
    h.sim.run({ untilUs: 2 * S });
    joinDynamic(h, group, 'b', { rebalanceTimeoutUs: 4 * S });
    h.sim.run({ untilUs: 20 * S });
    // 3 s, then min(3 s, 4 s − 3 s) = 1 s more.
    expect(joined(a).atUs).toBe(4 * S);
  });

  it('rejects a session timeout outside the broker bounds with INVALID_SESSION_TIMEOUT', () => {
    const h = harness();
    const group = new ClassicGroup('g', h.ports, undefined);
    expect(joined(join(h, group, 'c', { sessionTimeoutUs: 1000 })).error).toBe(
      'INVALID_SESSION_TIMEOUT',
    );
  });
});

describe('ClassicGroup SyncGroup and heartbeats', () => {
  it('followers wait for the leader’s SyncGroup, then all get their assignment', () => {
    const h = harness();
    const group = new ClassicGroup('g', h.ports, undefined);
    const a = joinDynamic(h, group, 'a');
    const b = joinDynamic(h, group, 'b');
    h.sim.run({ untilUs: 6 * S });
    const ja = joined(a);
    const jb = joined(b);
    const follower = sync(h, group, jb.memberId, jb.generation);
    expect(follower.reply).toBeNull();
    h.sim.run({ untilUs: 6_500_000 });
    const leader = sync(h, group, ja.memberId, ja.generation, [
      { memberId: ja.memberId, partitions: [0, 1, 2] },
      { memberId: jb.memberId, partitions: [3, 4, 5] },
    ]);
    expect(follower.reply?.atUs).toBe(6_500_000);
    expect(follower.reply?.message).toMatchObject({ error: 'NONE', partitions: [3, 4, 5] });
    expect(leader.reply?.message).toMatchObject({ error: 'NONE', partitions: [0, 1, 2] });
    expect(group.state).toBe('Stable');
    expect(h.ports.store.groups.get('g')?.generation).toBe(1);
  });

  it('a member silent for session.timeout.ms is removed and the others see REBALANCE_IN_PROGRESS', () => {
    const h = harness();
    const { group, a, b, generation } = stableGroupOfTwo(h);
    // a heartbeats every 3 s; b's last word was its SyncGroup at 6 s.
    for (let t = 9; t <= 48; t += 3) {
      h.sim.run({ untilUs: t * S });
      expect(heartbeat(group, a, generation)).toBe('NONE');
    }
    h.sim.run({ untilUs: 51 * S - 1 });
    expect(group.members.has(b)).toBe(true);
    h.sim.run({ untilUs: 51 * S });
    expect(group.members.has(b)).toBe(false);
    expect(group.state).toBe('PreparingRebalance');
    expect(heartbeat(group, a, generation)).toBe('REBALANCE_IN_PROGRESS');
    expect(h.phases().slice(-2)).toEqual(['51000ms memberRemoved', '51000ms start']);
    // The survivor rejoins: the join phase ends at once (every known member is in).
    h.sim.run({ untilUs: 52 * S });
    const rejoin = joined(join(h, group, 'a', { memberId: a, generation, owned: [] }));
    expect([rejoin.atUs, rejoin.generation]).toEqual([52 * S, 2]);
  });

  it('LeaveGroup removes the member and starts a rebalance at once', () => {
    const h = harness();
    const { group, a, b, generation } = stableGroupOfTwo(h);
    h.sim.run({ untilUs: 7 * S });
    expect(group.onLeave(b)).toBe('NONE');
    expect(group.state).toBe('PreparingRebalance');
    expect(heartbeat(group, a, generation)).toBe('REBALANCE_IN_PROGRESS');
    expect(h.phases().slice(-2)).toEqual(['7000ms memberRemoved', '7000ms start']);
    expect(group.onLeave(b)).toBe('UNKNOWN_MEMBER_ID');
  });

  it('the join phase ends at the rebalance timeout, removing members that did not rejoin', () => {
    const h = harness();
    const { group, a, b, generation } = stableGroupOfTwo(h);
    h.sim.run({ untilUs: 10 * S });
    // a's subscription changed (owns something new): a rebalance; b keeps heartbeating only.
    const box = join(h, group, 'a', { memberId: a, generation, owned: [0, 1] });
    expect(group.state).toBe('PreparingRebalance');
    for (let t = 13; t < 310; t += 3) {
      h.sim.run({ untilUs: t * S });
      heartbeat(group, b, generation);
    }
    h.sim.run({ untilUs: 310 * S });
    // Rebalance timeout = max max.poll.interval.ms = 300 s from 10 s.
    expect(joined(box).atUs).toBe(310 * S);
    expect(group.members.has(b)).toBe(false);
    expect(joined(box).generation).toBe(2);
  });
});

describe('ClassicGroup pending SyncGroups', () => {
  it('a member that heartbeats but never sends SyncGroup is removed at the rebalance timeout', () => {
    const h = harness();
    const group = new ClassicGroup('g', h.ports, undefined);
    const a = joinDynamic(h, group, 'a');
    const b = joinDynamic(h, group, 'b', { rebalanceTimeoutUs: 100 * S });
    h.sim.run({ untilUs: 6 * S });
    const ja = joined(a);
    const jb = joined(b);
    sync(h, group, ja.memberId, ja.generation, [
      { memberId: ja.memberId, partitions: [0, 1, 2] },
      { memberId: jb.memberId, partitions: [3, 4, 5] },
    ]);
    expect(group.state).toBe('Stable');
    // b heartbeats (its heartbeat thread is alive) but its SyncGroup never comes.
    for (let t = 9; t < 306; t += 3) {
      h.sim.run({ untilUs: t * S });
      expect(heartbeat(group, ja.memberId, ja.generation)).toBe('NONE');
      heartbeat(group, jb.memberId, jb.generation);
    }
    h.sim.run({ untilUs: 306 * S - 1 });
    expect(group.members.has(jb.memberId)).toBe(true);
    // The deadline: the largest rebalance timeout (300 s) after the join phase ended at 6 s.
    h.sim.run({ untilUs: 306 * S });
    expect(group.members.has(jb.memberId)).toBe(false);
    expect(group.state).toBe('PreparingRebalance');
    expect(h.phases().slice(-2)).toEqual(['306000ms memberRemoved', '306000ms start']);
  });

  it('no one is removed once every member has synced', () => {
    const h = harness();
    const { group, a, b, generation } = stableGroupOfTwo(h);
    for (let t = 9; t <= 400; t += 3) {
      h.sim.run({ untilUs: t * S });
      heartbeat(group, a, generation);
      heartbeat(group, b, generation);
    }
    expect([group.state, group.members.size]).toEqual(['Stable', 2]);
  });
});

describe('ClassicGroup static membership (KIP-345)', () => {
  it('a static member back within the session timeout takes its old assignment, no rebalance', () => {
    const h = harness();
    const group = new ClassicGroup('g', h.ports, undefined);
    const a = join(h, group, 'a', { instanceId: 'app-0' });
    const b = join(h, group, 'b', { instanceId: 'app-1' });
    h.sim.run({ untilUs: 6 * S });
    const ja = joined(a);
    const jb = joined(b);
    sync(h, group, ja.memberId, 1, [
      { memberId: ja.memberId, partitions: [0, 1, 2] },
      { memberId: jb.memberId, partitions: [3, 4, 5] },
    ]);
    sync(h, group, jb.memberId, 1);
    const phasesBefore = h.phases().length;
    // app-1 restarts: silent from 6 s, back at 40 s (< 45 s session timeout) with no member id.
    for (let t = 9; t <= 39; t += 3) {
      h.sim.run({ untilUs: t * S });
      heartbeat(group, ja.memberId, 1);
    }
    h.sim.run({ untilUs: 40 * S });
    const back = joined(join(h, group, 'b', { instanceId: 'app-1' }));
    expect(back.error).toBe('NONE');
    expect(back.memberId).not.toBe(jb.memberId);
    expect([back.atUs, back.generation]).toEqual([40 * S, 1]);
    const resync = sync(h, group, back.memberId, 1);
    expect(resync.reply?.message).toMatchObject({ error: 'NONE', partitions: [3, 4, 5] });
    expect(group.state).toBe('Stable');
    h.sim.run({ untilUs: 60 * S });
    expect(h.phases().length).toBe(phasesBefore);
    expect(group.generation).toBe(1);
  });

  it('the old member id of a replaced static member is fenced', () => {
    const h = harness();
    const group = new ClassicGroup('g', h.ports, undefined);
    const a = join(h, group, 'a', { instanceId: 'app-0' });
    h.sim.run({ untilUs: 3 * S });
    const ja = joined(a);
    sync(h, group, ja.memberId, 1, [{ memberId: ja.memberId, partitions: [0, 1, 2, 3, 4, 5] }]);
    const back = joined(join(h, group, 'a', { instanceId: 'app-0' }));
    expect(back.memberId).not.toBe(ja.memberId);
    expect(heartbeat(group, ja.memberId, 1)).toBe('UNKNOWN_MEMBER_ID');
    expect(heartbeat(group, back.memberId, 1)).toBe('NONE');
  });
});
