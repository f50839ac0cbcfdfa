/**
 * AvailabilityTracker: exact offline, under-replicated and unavailable partition-time over the
 * summary window, and the longest unavailable stretch.
 */
import { describe, expect, it } from 'vitest';
import type { ModelEvent } from '../../sim/models/kafka/events.ts';
import { AvailabilityTracker } from '../../sim/runner/availability.ts';

const leaderChange = (atUs: number, partition: string, leader: number, isr: number[]) =>
  ({
    kind: 'leaderChange',
    atUs,
    partition,
    leader,
    leaderEpoch: 1,
    isr,
    reason: 'test',
    unclean: false,
  }) satisfies ModelEvent;

describe('AvailabilityTracker', () => {
  it('integrates offline, under-replicated and unavailable partition-time in the window', () => {
    const tracker = new AvailabilityTracker(
      [
        { name: 'p0', replicas: 3, minIsr: 1, leader: 1 },
        { name: 'p1', replicas: 3, minIsr: 1, leader: 2 },
      ],
      1000,
    );
    const events: ModelEvent[] = [
      leaderChange(500, 'p0', -1, [1]),
      leaderChange(2000, 'p0', 2, [2, 3]),
      { kind: 'isrChange', atUs: 3000, partition: 'p0', isr: [2, 3, 1], reason: 'test' },
      { kind: 'brokerState', atUs: 4000, broker: 2, state: 'down', reason: 'crash' },
      { kind: 'brokerState', atUs: 4500, broker: 2, state: 'up', reason: 'restart' },
      { kind: 'brokerFenced', atUs: 4500, broker: 2, fenced: false, reason: 'caught up' },
      { kind: 'brokerState', atUs: 5500, broker: 2, state: 'paused', reason: 'gc' },
      { kind: 'isrChange', atUs: 5600, partition: 'unknown', isr: [], reason: 'ignored' },
    ];
    for (const event of events) tracker.onModelEvent(event);
    tracker.advance(6000, true);
    // Offline 500-2000, counted from the window start at 1000.
    expect(tracker.offlinePartitionUs).toBe(1000);
    // Under-replicated 500-3000 (offline counts too), from 1000.
    expect(tracker.underReplicatedPartitionUs).toBe(2000);
    // p0 1000-2000; p0 and p1 4000-4500 and 5500-6000 while broker 2 does not serve.
    expect(tracker.unavailablePartitionUs).toBe(1000 + 2 * 500 + 2 * 500);
    expect(tracker.maxUnavailableUs).toBe(1000);
  });

  it('a stretch open at the end of the run is closed by advance(now, true)', () => {
    const tracker = new AvailabilityTracker([{ name: 'p0', replicas: 1, minIsr: 1 }], 0);
    tracker.onModelEvent(leaderChange(1000, 'p0', -1, [1]));
    tracker.advance(9000, true);
    expect([tracker.offlinePartitionUs, tracker.unavailablePartitionUs]).toEqual([8000, 8000]);
    expect([tracker.underReplicatedPartitionUs, tracker.maxUnavailableUs]).toEqual([8000, 8000]);
  });

  it('a leader never announced is taken as available; its broker\u2019s state is ignored', () => {
    const tracker = new AvailabilityTracker([{ name: 'p0', replicas: 3, minIsr: 1 }], 0);
    tracker.onModelEvent({ kind: 'brokerState', atUs: 10, broker: 1, state: 'down', reason: '' });
    tracker.advance(1000, true);
    expect([tracker.unavailablePartitionUs, tracker.offlinePartitionUs]).toEqual([0, 0]);
  });

  it('advance() never counts time twice', () => {
    const tracker = new AvailabilityTracker([{ name: 'p0', replicas: 3, minIsr: 1 }], 0);
    tracker.onModelEvent(leaderChange(0, 'p0', 1, [1]));
    tracker.advance(1000);
    tracker.advance(500);
    tracker.advance(1000);
    expect(tracker.underReplicatedPartitionUs).toBe(1000);
  });
});

describe('AvailabilityTracker under min ISR', () => {
  it('counts a leader with fewer in-sync replicas than min.insync.replicas, capped at RF', () => {
    const tracker = new AvailabilityTracker(
      [
        { name: 'p0', replicas: 3, minIsr: 2, leader: 0 },
        // min.insync.replicas 3 on RF 2 counts as 2 (Partition.effectiveMinIsr).
        { name: 'p1', replicas: 2, minIsr: 3, leader: 1 },
      ],
      0,
    );
    tracker.onModelEvent({
      kind: 'isrChange',
      atUs: 1000,
      partition: 'p0',
      isr: [0, 1],
      reason: '',
    });
    tracker.onModelEvent({ kind: 'isrChange', atUs: 2000, partition: 'p0', isr: [0], reason: '' });
    tracker.onModelEvent({
      kind: 'isrChange',
      atUs: 2000,
      partition: 'p1',
      isr: [1, 0],
      reason: '',
    });
    // Offline is not under min ISR: there is no leader to refuse the write.
    tracker.onModelEvent(leaderChange(5000, 'p0', -1, [0]));
    tracker.onModelEvent(leaderChange(7000, 'p0', 0, [0, 1]));
    tracker.advance(9000, true);
    expect(tracker.underMinIsrPartitionUs).toBe(3000);
    expect(tracker.offlinePartitionUs).toBe(2000);
  });
});

describe('AvailabilityTracker and a restarted leader', () => {
  it('a crashed leader serves again once up and unfenced, not merely up', () => {
    const tracker = new AvailabilityTracker([{ name: 'p0', replicas: 3, minIsr: 1, leader: 0 }], 0);
    const state = (atUs: number, value: 'down' | 'recovering' | 'up') =>
      tracker.onModelEvent({ kind: 'brokerState', atUs, broker: 0, state: value, reason: '' });
    state(1000, 'down');
    state(2000, 'recovering');
    state(5000, 'up');
    // ZooKeeper mode: the old session still holds the registration until it expires at 17000.
    tracker.onModelEvent({
      kind: 'brokerFenced',
      atUs: 17000,
      broker: 0,
      fenced: true,
      reason: '',
    });
    tracker.onModelEvent({
      kind: 'brokerFenced',
      atUs: 19000,
      broker: 0,
      fenced: false,
      reason: '',
    });
    // A pause does not need a new registration.
    tracker.onModelEvent({
      kind: 'brokerState',
      atUs: 20000,
      broker: 0,
      state: 'paused',
      reason: '',
    });
    state(21000, 'up');
    tracker.advance(30000, true);
    expect(tracker.unavailablePartitionUs).toBe(18000 + 1000);
  });
});

describe('AvailabilityTracker and isolation', () => {
  it('a leader cut off from the network makes its partitions unavailable until healed', () => {
    const tracker = new AvailabilityTracker(
      [{ name: 'orders-0', replicas: 3, minIsr: 1, leader: 1 }],
      0,
    );
    tracker.onModelEvent({ kind: 'isolation', atUs: 1_000_000, node: 'broker-1', isolated: true });
    tracker.onModelEvent({ kind: 'isolation', atUs: 4_000_000, node: 'broker-1', isolated: false });
    tracker.onModelEvent({ kind: 'isolation', atUs: 5_000_000, node: 'writer-0', isolated: true });
    tracker.advance(10_000_000, true);
    expect(tracker.unavailablePartitionUs).toBe(3_000_000);
    expect(tracker.maxUnavailableUs).toBe(3_000_000);
  });
});
