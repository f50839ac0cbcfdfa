/**
 * Consumer-group scenarios (scenarios/consumers/*.yaml): exact protocol timings (initial rebalance
 * delay, a crash detected at the session timeout after the last heartbeat), static members that
 * restart without a rebalance, lag growing while a group is paused, end-to-end latency at least
 * the produce latency, committed offsets never moving backwards, and each file's `expect:` block.
 */
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, formatScenarioErrors } from '../../sim/scenario/load.ts';
import { simulate, type SimulateResult } from '../../sim/runner/run.ts';

async function run(file: string, sets: string[] = []): Promise<SimulateResult> {
  const loaded = await loadScenarioFile(file, { sets });
  if (!loaded.ok) throw new Error(formatScenarioErrors(loaded.errors));
  return simulate(loaded.scenario);
}

function reproduce(file: string): string {
  return `npx tsx sim/cli.ts run ${file}`;
}

describe('scenarios/consumers', () => {
  it('consumer-crash.yaml: the crash is noticed 45 s after the last heartbeat, lag grows meanwhile', async () => {
    const file = 'scenarios/consumers/consumer-crash.yaml';
    const result = await run(file);
    const summary = result.summary;
    const rebalances = summary.rebalances ?? [];
    // First rebalance: joins at ~0.1 s, 3 s initial delay, extended once by 3 s for new members.
    expect(rebalances[0]?.endMs, reproduce(file)).toBeCloseTo(6101.4, 0);
    // Last heartbeat at 27 s (every 3 s from the start), session.timeout.ms 45 s: removed at 72 s.
    expect(rebalances[1]?.trigger).toMatch(/session timeout/);
    expect(rebalances[1]?.startMs).toBeCloseTo(72000, -1);
    expect(rebalances[1]?.partitionsMoved).toBe(4);
    const lag = result.trace.series.columns['group.billing.lag'] ?? [];
    const at = (seconds: number): number => lag[seconds - 1] ?? -1;
    expect(at(70)).toBeGreaterThan(at(40));
    expect(at(40)).toBeGreaterThan(at(29));
    expect(at(100)).toBeLessThan(1000);
    expect(summary.durability.reprocessedRecords).toBeGreaterThan(0);
    expect(summary.consume?.endToEndLatencyMs.p50).toBeGreaterThanOrEqual(
      summary.produce.latencyMs.p50,
    );
    expect(result.cluster.groupStore.backwardCommits).toBe(0);
    for (const expectation of summary.expectations) expect(expectation.pass).toBe(true);
  }, 60_000);

  it('static-membership.yaml: a static member back within the session timeout causes no rebalance', async () => {
    const file = 'scenarios/consumers/static-membership.yaml';
    const summary = (await run(file)).summary;
    expect((summary.rebalances ?? []).length, reproduce(file)).toBe(1);
    expect(summary.consume?.lagRecordsMax).toBeGreaterThan(30_000);
    for (const expectation of summary.expectations) expect(expectation.pass).toBe(true);
  }, 60_000);

  it('kip848-vs-classic.yaml: a leave pauses less partition-time with the consumer protocol', async () => {
    const file = 'scenarios/consumers/kip848-vs-classic.yaml';
    const summary = (await run(file)).summary;
    const leave = (group: string) =>
      (summary.consumers?.[group]?.rebalances ?? []).find((r) => /left/.test(r.trigger));
    expect(leave('classic')?.protocol, reproduce(file)).toBe('eager');
    expect(leave('modern')?.protocol).toBe('consumer');
    expect(leave('modern')?.pausedPartitionMs ?? Infinity).toBeLessThan(
      leave('classic')?.pausedPartitionMs ?? 0,
    );
    for (const expectation of summary.expectations) expect(expectation.pass).toBe(true);
  }, 60_000);

  it('rebalance-eager-vs-cooperative.yaml: cooperative runs two rounds and moves fewer partitions', async () => {
    const file = 'scenarios/consumers/rebalance-eager-vs-cooperative.yaml';
    const summary = (await run(file)).summary;
    const afterJoin = (group: string) =>
      (summary.consumers?.[group]?.rebalances ?? []).filter((r) => r.startMs >= 40_000);
    expect(afterJoin('eager').length, reproduce(file)).toBe(1);
    expect(afterJoin('coop').length).toBe(2);
    const moved = (group: string) => afterJoin(group).reduce((n, r) => n + r.partitionsMoved, 0);
    expect(moved('coop')).toBeLessThan(moved('eager'));
  }, 60_000);

  it('coordinator-crash.yaml: the coordinator moves to the new offsets leader; the group resumes without a rebalance', async () => {
    const file = 'scenarios/consumers/coordinator-crash.yaml';
    const result = await run(file);
    const events = result.trace.events.filter((event) => event.entity === 'billing');
    const at = (phase: string): number[] =>
      events.filter((event) => event.data.phase === phase).map((event) => event.atUs);
    // Unloaded with broker-0 at the crash; loaded on the new leader of __consumer_offsets-9 once
    // the controller fenced broker-0 and the new leader read the partition.
    expect(at('coordinatorUnloaded'), reproduce(file)).toEqual([30_000_000]);
    const loaded = at('coordinatorLoaded');
    expect(loaded).toHaveLength(1);
    expect((loaded[0] ?? 0) / 1000).toBeCloseTo(37026.4, 0);
    // The stored generation survives: no second rebalance, every member now talks to broker-1.
    expect((result.summary.rebalances ?? []).length).toBe(1);
    for (const consumer of result.cluster.consumers) expect(consumer.coordinator).toBe(1);
    expect(result.cluster.groupStore.backwardCommits).toBe(0);
    expect(result.summary.durability.reprocessedRecords).toBe(0);
    for (const expectation of result.summary.expectations) expect(expectation.pass).toBe(true);
  }, 60_000);
});
