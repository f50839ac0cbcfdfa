/**
 * The cluster view's derivation (ui/src/state/clusterAt.ts) in Node: hand-made events for each
 * rule, checkpoints giving the same state as applying every event, and the real broker-crash
 * trace (broker-1 down, fenced, its leaders moved, back at the end). Also that the app's hash
 * equals `kafkasim run`'s for the same trace.
 */
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../sim/trace/types.ts';
import { CHECKPOINT_EVENTS, ClusterTimeline } from '../../ui/src/state/clusterAt.ts';
import { traceHash } from '../../ui/src/trace/hash.ts';
import { scenarioShape } from '../../ui/src/trace/shape.ts';
import { simulateFile } from './appServer.ts';

const shape = scenarioShape({
  name: 'hand-made',
  cluster: { brokerNames: ['broker-0', 'broker-1', 'broker-2'] },
  network: { brokerZones: ['a', 'b', 'c'] },
  topics: [
    {
      name: 'orders',
      partitions: 2,
      replicas: [
        [0, 1, 2],
        [1, 2, 0],
      ],
      config: { minInsyncReplicas: 2 },
    },
  ],
  consumers: [{ group: 'billing' }],
});

const event = (
  atUs: number,
  kind: string,
  entity: string,
  data: TraceEvent['data'],
): TraceEvent => ({
  atUs,
  kind,
  entity,
  message: `${kind} ${entity}`,
  data,
});

describe('ClusterTimeline', () => {
  const events: TraceEvent[] = [
    event(10, 'brokerState', 'broker-1', { state: 'down' }),
    event(20, 'brokerFenced', 'broker-1', { fenced: true }),
    event(30, 'leaderChange', 'orders-1', {
      leader: 2,
      leaderEpoch: 1,
      isr: [2, 0],
      unclean: false,
    }),
    event(30, 'isrChange', 'orders-0', { isr: [0, 2] }),
    event(40, 'linkCut', 'broker-0', {
      between: 'broker-0',
      and: 'broker-2,checkout-0',
      cut: true,
    }),
    event(45, 'isolation', 'broker-2', { isolated: true }),
    event(50, 'rebalance', 'billing', {
      phase: 'stable',
      protocol: 'eager',
      generation: 1,
      members: 2,
    }),
    event(50, 'assignment', 'billing', {
      member: 'billing-0',
      started: 'orders-0,orders-2',
      stopped: '',
    }),
    event(50, 'assignment', 'billing', { member: 'billing-1', started: 'orders-1', stopped: '' }),
    event(60, 'assignment', 'billing', { member: 'billing-0', started: '', stopped: 'orders-0' }),
    event(70, 'linkCut', 'broker-0', {
      between: 'broker-0',
      and: 'broker-2,checkout-0',
      cut: false,
    }),
    event(80, 'leaderChange', 'orders-0', { leader: -1, leaderEpoch: 2, isr: [0], unclean: false }),
  ];
  const timeline = new ClusterTimeline(shape, events);

  it('at(timeUs) starts from the initial assignment with every broker up', () => {
    const start = timeline.at(0);
    expect(start.brokers.map((broker) => [broker.name, broker.zone, broker.process])).toEqual([
      ['broker-0', 'a', 'up'],
      ['broker-1', 'b', 'up'],
      ['broker-2', 'c', 'up'],
    ]);
    expect(start.partitions.map((p) => [p.name, p.leader, p.isr, p.health])).toEqual([
      ['orders-0', 0, [0, 1, 2], 'healthy'],
      ['orders-1', 1, [1, 2, 0], 'healthy'],
    ]);
  });

  it('applies broker state, fencing, leader and ISR changes, and derives health', () => {
    expect(timeline.at(15).partitions[1]?.health).toBe('unavailable');
    const after = timeline.at(35);
    expect(after.brokers[1]).toMatchObject({ process: 'down', fenced: true });
    expect(after.partitions.map((p) => [p.leader, p.leaderEpoch, p.isr, p.health])).toEqual([
      [0, 0, [0, 2], 'underReplicated'],
      [2, 1, [2, 0], 'underReplicated'],
    ]);
    expect(timeline.at(80).partitions[0]).toMatchObject({ leader: -1, health: 'offline' });
  });

  it('tracks cut links, isolation and group members with their partitions', () => {
    expect(timeline.at(45).cutLinks).toEqual([
      { between: ['broker-0'], and: ['broker-2', 'checkout-0'] },
    ]);
    expect(timeline.at(45).brokers[2]?.isolated).toBe(true);
    expect(timeline.at(70).cutLinks).toEqual([]);
    expect(timeline.at(55).groups).toEqual([
      {
        name: 'billing',
        phase: 'stable',
        protocol: 'eager',
        generation: 1,
        members: [
          { member: 'billing-0', partitions: ['orders-0', 'orders-2'] },
          { member: 'billing-1', partitions: ['orders-1'] },
        ],
      },
    ]);
    expect(timeline.at(65).groups[0]?.members[0]).toEqual({
      member: 'billing-0',
      partitions: ['orders-2'],
    });
    // orders-2 was added after the start: it gets its topic's assignment, wrapping around.
    expect(timeline.at(55).partitions.find((p) => p.name === 'orders-2')?.replicas).toEqual([
      0, 1, 2,
    ]);
  });

  it('a state from a checkpoint equals the state from applying every event', () => {
    const many: TraceEvent[] = [];
    for (let index = 0; index < CHECKPOINT_EVENTS * 3 + 7; index++) {
      const isr = index % 3 === 0 ? [0, 1, 2] : index % 3 === 1 ? [0, 2] : [0];
      many.push(event(index * 10, 'isrChange', `orders-${index % 2}`, { isr }));
      if (index % 97 === 0)
        many.push(
          event(index * 10, 'brokerState', 'broker-2', { state: index % 2 ? 'up' : 'paused' }),
        );
    }
    const checkpointed = new ClusterTimeline(shape, many);
    for (const index of [
      0,
      CHECKPOINT_EVENTS - 1,
      CHECKPOINT_EVENTS,
      2 * CHECKPOINT_EVENTS + 5,
      many.length - 1,
    ]) {
      const timeUs = (many[index] as TraceEvent).atUs;
      const direct = new ClusterTimeline(shape, many.slice(0, index + 1)).afterEvent(index, timeUs);
      expect(checkpointed.afterEvent(index, timeUs)).toEqual(direct);
    }
  });

  it('the real broker-crash trace: broker-1 down and fenced with no leaders, then back', async () => {
    const result = await simulateFile('scenarios/broker-crash.yaml', ['duration=60s']);
    expect(traceHash(JSON.parse(result.traceText))).toBe(result.traceHash);
    const real = new ClusterTimeline(scenarioShape(result.trace.scenario), result.trace.events);
    const before = real.at(10_000_000);
    expect(before.partitions.filter((p) => p.leader === 1)).toHaveLength(10);
    expect(before.partitions.every((p) => p.health === 'healthy')).toBe(true);
    const crashed = real.at(40_000_000);
    expect(crashed.brokers[1]).toMatchObject({ process: 'down', fenced: true });
    expect(crashed.partitions.filter((p) => p.leader === 1)).toHaveLength(0);
    expect(crashed.partitions.every((p) => p.health === 'underReplicated')).toBe(true);
    const end = real.at(60_000_000);
    expect(end.brokers[1]).toMatchObject({ process: 'up', fenced: false });
    expect(end.partitions.every((p) => p.isr.length === 3)).toBe(true);
  });
});
