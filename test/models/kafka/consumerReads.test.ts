/**
 * What consumers read and what they report: the leader serves only records below the high
 * watermark (a batch straddling it is cut), OFFSET_OUT_OF_RANGE outside the log, followers refuse
 * fetches meant for the leader and serve preferred-read-replica ones (KIP-392);
 * in a running cluster no consumer position ever passes its leader's high watermark, lag is the
 * last fetched high watermark minus the position, committed offsets never move backwards, and
 * end-to-end latency is at least the produce latency.
 */
import { describe, expect, it } from 'vitest';
import type { HostedReplica } from '../../../sim/models/kafka/hostedReplica.ts';
import type { BatchSlice } from '../../../sim/models/kafka/messages.ts';
import { listOffset, serveConsumerFetch } from '../../../sim/models/kafka/consumerReads.ts';
import { groupLagRecords } from '../../../sim/runner/groupLag.ts';
import { simulate } from '../../../sim/runner/run.ts';
import { parseScenarioText } from '../../../sim/scenario/load.ts';
import { clusterYaml, S, startRun } from './consumerHarness.ts';

function batch(baseOffset: number, recordCount: number): BatchSlice {
  return {
    baseOffset,
    recordCount,
    bytes: recordCount * 100,
    leaderEpoch: 0,
    firstCreateUs: 1000,
    lastCreateUs: 1000 + recordCount * 10,
    producerId: -1,
    sequence: -1,
  };
}

/** A leader log [0, 30) in batches of 10 with the high watermark at 25. */
function replica(role: 'leader' | 'follower' = 'leader'): HostedReplica {
  const batches = [batch(0, 10), batch(10, 10), batch(20, 10)];
  const log = {
    logStartOffset: 0,
    logEndOffset: 30,
    highWatermark: 25,
    read: (from: number) => ({
      slices: batches.filter((b) => b.baseOffset + b.recordCount > from),
      oldestCachePosition: 0,
    }),
  };
  return { role, log, leaderEpoch: 4 } as unknown as HostedReplica;
}

/** A consumer's fetch of partition 7 from `fetchOffset`, naming leader epoch `epoch` or none. */
function at(fetchOffset: number, epoch = -1) {
  const request = { partitionIndex: 7, fetchOffset, lastFetchedEpoch: -1, maxBytes: 1 << 20 };
  return { ...request, currentLeaderEpoch: epoch };
}

describe('serveConsumerFetch()', () => {
  it('returns whole batches below the high watermark and cuts the one straddling it', () => {
    const response = serveConsumerFetch(replica(), at(0), 1 << 20);
    expect(response.error).toBe('NONE');
    expect(response.highWatermark).toBe(25);
    expect(response.slices.map((s) => [s.baseOffset, s.recordCount])).toEqual([
      [0, 10],
      [10, 10],
      [20, 5],
    ]);
    // The cut keeps the creation times in proportion.
    expect(response.slices[2]?.lastCreateUs).toBe(1050);
  });

  it('returns nothing at or above the high watermark (the fetch waits in purgatory)', () => {
    expect(serveConsumerFetch(replica(), at(25), 1 << 20).slices).toEqual([]);
    expect(serveConsumerFetch(replica(), at(28), 1 << 20).slices).toEqual([]);
  });

  it('answers OFFSET_OUT_OF_RANGE past the log end and NOT_LEADER_OR_FOLLOWER on a follower', () => {
    expect(serveConsumerFetch(replica(), at(31), 1 << 20).error).toBe('OFFSET_OUT_OF_RANGE');
    expect(serveConsumerFetch(replica('follower'), at(0), 1 << 20).error).toBe(
      'NOT_LEADER_OR_FOLLOWER',
    );
  });

  it('serves a preferred read replica (KIP-392) below its high watermark, checking the epoch', () => {
    const follower = replica('follower');
    expect(
      serveConsumerFetch(follower, at(0, 4), 1 << 20).slices.map((s) => s.recordCount),
    ).toEqual([10, 10, 5]);
    expect(serveConsumerFetch(follower, at(25, 4), 1 << 20).slices).toEqual([]);
    expect(serveConsumerFetch(follower, at(31, 4), 1 << 20).error).toBe('OFFSET_OUT_OF_RANGE');
    expect(serveConsumerFetch(follower, at(0, 3), 1 << 20).error).toBe('FENCED_LEADER_EPOCH');
    expect(serveConsumerFetch(follower, at(0, 5), 1 << 20).error).toBe('NOT_LEADER_OR_FOLLOWER');
    expect(serveConsumerFetch(replica(), at(0, 3), 1 << 20).error).toBe('FENCED_LEADER_EPOCH');
  });

  it('ListOffsets gives the high watermark for latest and the log start for earliest', () => {
    expect(listOffset(replica(), true)).toEqual({ error: 'NONE', offset: 25 });
    expect(listOffset(replica(), false)).toEqual({ error: 'NONE', offset: 0 });
  });
});

const GROUP = [
  clusterYaml(6),
  'consumers:',
  '  - { group: g, count: 3, topics: [orders], processing: { perRecord: 100us } }',
].join('\n');

describe('consumers in a running cluster', () => {
  it('no position passes its leader’s high watermark; lag = fetched HW − position', () => {
    const run = startRun(GROUP);
    const leaderHw = (index: number): number => {
      for (const broker of run.cluster.brokers) {
        const hosted = broker.replicas.get(index);
        if (hosted?.role === 'leader') return hosted.log.highWatermark;
      }
      return -1;
    };
    let checked = 0;
    run.cluster.sim.afterEvent = () => {
      for (const consumer of run.cluster.consumers) {
        let lag = 0;
        for (const partition of consumer.owned.values()) {
          if (partition.position < 0) continue;
          expect(partition.position).toBeLessThanOrEqual(leaderHw(partition.index));
          expect(partition.highWatermark).toBeLessThanOrEqual(leaderHw(partition.index));
          lag += partition.highWatermark - partition.position;
          checked++;
        }
        expect(consumer.lagRecords()).toBe(lag);
      }
    };
    run.runUntil(10 * S);
    expect(checked).toBeGreaterThan(1000);
  });

  it('group lag (leader HW − position) grows while a member is 40x slow, then drains', () => {
    const body = `${GROUP}\nfaults:\n  - { at: 10s, consumer: { group: g, member: 0, action: slow, factor: 40, for: 5s } }`;
    const run = startRun(body);
    const lag = (): number => groupLagRecords(run.cluster, run.cluster.consumers);
    run.runUntil(10 * S);
    const calm = lag();
    run.runUntil(15 * S);
    const behind = lag();
    run.runUntil(30 * S);
    // g-0's two partitions get ~667 records/s (the sticky partitioner's runs make it 550-700 over
    // 5 s); slowed it handles 250/s: over 1,500 behind after 5 s.
    expect(behind).toBeGreaterThan(calm + 500);
    expect(lag()).toBeLessThan(calm + 100);
  });

  it('committed offsets never move backwards, through a crash and a rebalance', () => {
    const body = [
      clusterYaml(6),
      'consumers:',
      '  - { group: g, count: 3, topics: [orders], processing: { perRecord: 100us },',
      '      config: { session.timeout.ms: 10s, auto.commit.interval.ms: 1s } }',
      'faults:',
      '  - { at: 12s, consumer: { group: g, member: 1, action: crash } }',
    ].join('\n');
    const run = startRun(body);
    const store = run.cluster.groupStore;
    const seen = new Map<number, number>();
    let commits = 0;
    run.cluster.sim.afterEvent = () => {
      for (const [index, offset] of store.offsets.get('g') ?? []) {
        const before = seen.get(index) ?? -1;
        expect(offset).toBeGreaterThanOrEqual(before);
        if (offset !== before) commits++;
        seen.set(index, offset);
      }
    };
    run.runUntil(28 * S);
    expect(run.phases().some((phase) => /session timeout/.test(phase.reason))).toBe(true);
    expect(commits).toBeGreaterThan(30);
    expect(store.backwardCommits).toBe(0);
  });

  it('end-to-end latency is at least the produce latency at every percentile', () => {
    const text = `name: e2e\nseed: 1\nduration: 30s\nwarmup: 10s\n${GROUP}`;
    const loaded = parseScenarioText(text, 'e2e.yaml');
    if (!loaded.ok) throw new Error('bad scenario');
    const summary = simulate(loaded.scenario).summary;
    const consume = summary.consume;
    expect(consume?.recordsPerSec).toBeGreaterThan(1900);
    for (const key of ['p50', 'p99', 'p999', 'max'] as const) {
      expect(consume?.endToEndLatencyMs[key]).toBeGreaterThanOrEqual(
        summary.produce.latencyMs[key],
      );
    }
  });
});
