/**
 * flush.ms and the log flusher: with log.flush.scheduler.interval.ms set, logs unflushed for
 * flush.ms are fsynced by the flusher (first run after log.initial.task.delay.ms, 30 s); with
 * Kafka's default interval (never) flush.ms flushes nothing and the run warns about it.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../sim/runner/run.ts';
import { parseScenarioText } from '../../../sim/scenario/load.ts';
import { S, startRun } from './consumerHarness.ts';

function body(schedulerMs: string | null): string {
  return `
kafkaVersion: "4.0"
cluster:
  brokers: 3
  config:
    log.flush.scheduler.interval.ms: ${schedulerMs ?? 'null'}
topics:
  - name: orders
    partitions: 3
    replicationFactor: 3
    config: { flush.ms: 2000 }
producers:
  - name: checkout
    topic: orders
    rate: 1000/s
    recordSize: 1KiB
    config: { acks: all, linger.ms: 5 }
`;
}

function unflushedBytes(schedulerMs: string | null, atS: number): number {
  const run = startRun(body(schedulerMs));
  run.runUntil(atS * S);
  return run.cluster.brokers.reduce((sum, broker) => sum + broker.replicas.unflushedBytes(), 0);
}

describe('log flusher (flush.ms)', () => {
  it('fsyncs logs unflushed for flush.ms, checked every log.flush.scheduler.interval.ms', () => {
    // 1 MB/s to 3 replicas: 3 MB/s of log. Before the flusher's first run (30 s) nothing is
    // flushed; afterwards at most flush.ms + one check interval of data stays unflushed.
    const before = unflushedBytes('1000', 29);
    expect(before).toBeGreaterThan(80_000_000);
    const after = unflushedBytes('1000', 45);
    expect(after).toBeLessThan(3.1e6 * 3.2);
    expect(after).toBeGreaterThan(0);
  });

  it('with the default scheduler interval flush.ms does nothing, and the run says so', () => {
    expect(unflushedBytes(null, 45)).toBeGreaterThan(130_000_000);
    const loaded = parseScenarioText(`name: f\nseed: 1\nduration: 2s\n${body(null)}`, 'f.yaml');
    if (!loaded.ok) throw new Error('scenario');
    const { summary } = simulate(loaded.scenario);
    expect(summary.warnings).toContain(
      'flush.ms of orders has no effect: log.flush.scheduler.interval.ms is not set' +
        " (Kafka's default Long.MAX_VALUE), so the log flusher never runs",
    );
  });
});
