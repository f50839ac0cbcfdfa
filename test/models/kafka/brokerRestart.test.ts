/**
 * A broker restarted before the controller noticed its crash. KRaft: the new process registers
 * at process start, before log recovery (BrokerServer starts its lifecycle manager first), so the
 * controller fences the old incarnation and moves its leaders then; the broker heartbeats, fenced,
 * while it recovers and is unfenced as soon as it is up and has the metadata. ZooKeeper mode
 * registers only after log recovery (KafkaServer.startup), and only once the crashed process's
 * ephemeral broker node is gone with its session (NodeExistsException before).
 */
import { describe, expect, it } from 'vitest';
import type { ModelEvent } from '../../../sim/models/kafka/events.ts';
import { S, startRun } from './consumerHarness.ts';

function restartEvents(controller: 'kraft' | 'zookeeper'): ModelEvent[] {
  const run = startRun(`kafkaVersion: "3.9"
cluster: { brokers: 3, controller: ${controller} }
topics: [{ name: t, partitions: 12, replicationFactor: 3 }]
producers:
  - { name: p, topic: t, rate: 5000/s, recordSize: 1KiB, config: { acks: all } }
faults:
  - { at: 15s, crash: broker-0, restartAfter: 2s }
`);
  run.runUntil(40 * S);
  return run.events.filter(
    (event) =>
      event.atUs > 16 * S &&
      ((event.kind === 'brokerState' && event.broker === 0) ||
        (event.kind === 'brokerFenced' && event.broker === 0)),
  );
}

const at = (events: ModelEvent[], match: (event: ModelEvent) => boolean): number =>
  events.find(match)?.atUs ?? -1;

describe('a broker back before its session expired', () => {
  it('KRaft: registers at process start, fenced through log recovery, unfenced when up', () => {
    const events = restartEvents('kraft');
    const up = at(events, (e) => e.kind === 'brokerState' && e.state === 'up');
    const fenced = at(events, (e) => e.kind === 'brokerFenced' && e.fenced);
    const unfenced = at(events, (e) => e.kind === 'brokerFenced' && !e.fenced);
    // Process start (3 s) after the restart at 17 s; recovery then brings it up.
    expect(fenced).toBeGreaterThanOrEqual(20 * S);
    expect(fenced).toBeLessThan(20.01 * S);
    expect(up).toBeGreaterThan(fenced);
    expect(unfenced - up).toBeGreaterThanOrEqual(0);
    expect(unfenced - up).toBeLessThan(10_000);
  });

  it('ZooKeeper mode: the new process registers only once the old session expired', () => {
    const events = restartEvents('zookeeper');
    const up = at(events, (e) => e.kind === 'brokerState' && e.state === 'up');
    const fenced = at(events, (e) => e.kind === 'brokerFenced' && e.fenced);
    const unfenced = at(events, (e) => e.kind === 'brokerFenced' && !e.fenced);
    // Up at ~20 s, but its ephemeral node stays until zookeeper.session.timeout.ms (18 s) after
    // the old process's last heartbeat before the crash at 15 s.
    expect(up).toBeLessThan(21 * S);
    expect(fenced).toBeGreaterThan(31 * S);
    expect(fenced).toBeLessThanOrEqual(33 * S);
    expect(unfenced).toBeGreaterThan(fenced);
  });
});
