/**
 * Fetch sessions are a shortcut, never a behaviour: a follower fetch on the leader reads in full
 * only the partitions that changed and consumers' quiet answers are kept (fetchSessions.ts), the
 * follower rebuilds only the request entries whose log changed and skips repeated quiet answers
 * (fetcherPartitions.ts). Each run here is compared with the same run where every fetch is
 * read, built and applied in full (the shortcuts switched off through their prototypes): the
 * traces must be byte-identical and every replica must end in the same state. A change to a
 * replica that the replica manager does not report (ReplicaWatcher.changed) shows up here.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import YAML from 'yaml';
import { FetcherPartitions } from '../../../sim/models/kafka/fetcherPartitions.ts';
import { FollowerSession, QuietConsumerAnswers } from '../../../sim/models/kafka/fetchSessions.ts';
import { lastCaughtUpUs } from '../../../sim/models/kafka/isr.ts';
import type { FetchPartitionRequest } from '../../../sim/models/kafka/messages.ts';
import { simulate } from '../../../sim/runner/run.ts';
import { formatScenarioErrors, parseScenarioText } from '../../../sim/scenario/load.ts';

interface Shape {
  seed: number;
  version: string;
  brokers: number;
  partitions: number;
  keys: boolean;
  broker: Record<string, number>;
  consumer: Record<string, number>;
}

/** Crash and restart, an isolated broker, short retention, and the shape's fetch limits. */
function scenarioText(shape: Shape): string {
  return YAML.stringify({
    name: `fetch-sessions-${shape.seed}`,
    seed: shape.seed,
    duration: '24s',
    warmup: '1s',
    kafkaVersion: shape.version,
    cluster: {
      brokers: shape.brokers,
      config: { 'log.retention.check.interval.ms': 2000, ...shape.broker },
    },
    topics: [
      {
        name: 'events',
        partitions: shape.partitions,
        replicationFactor: 3,
        config: { 'min.insync.replicas': 2, 'retention.ms': 4000, 'segment.bytes': 200_000 },
      },
    ],
    producers: [
      {
        name: 'writer',
        count: 2,
        topic: 'events',
        rate: '20000/s',
        recordSize: '200B',
        keys: shape.keys ? { count: 100, distribution: 'uniform' } : null,
        config: { acks: 'all', 'linger.ms': 5 },
      },
    ],
    consumers: [{ group: 'readers', count: 2, topics: ['events'], config: shape.consumer }],
    faults: [
      { at: '6s', crash: 'broker-1', restartAfter: '5s' },
      { at: '15s', partitionNetwork: { isolate: ['broker-2'], healAfter: '3s' } },
    ],
  });
}

/**
 * The trace's hash, then every replica at the end: offsets, high watermark (followers' too),
 * role and ISR, and each follower's fetch state on its leader.
 */
function outcomeOf(text: string): string[] {
  const loaded = parseScenarioText(text, 'fetch-sessions.yaml');
  if (!loaded.ok) throw new Error(formatScenarioErrors(loaded.errors));
  const result = simulate(loaded.scenario);
  const lines = [result.traceHash];
  for (const broker of result.cluster.brokers) {
    for (const replica of broker.replicas.replicas()) {
      const { log } = replica;
      const followers = [...replica.followers.values()].map(
        (state) => `${state.broker}@${state.logEndOffset}/${lastCaughtUpUs(state)}`,
      );
      lines.push(
        `${broker.nodeName} ${replica.info.name} ${replica.role} e${replica.leaderEpoch}` +
          ` [${log.logStartOffset}, ${log.highWatermark}, ${log.logEndOffset}]` +
          ` isr ${replica.isr.join(',')} ${followers.join(' ')}`,
      );
    }
  }
  return lines;
}

/** Every fetch read, built and applied in full: the behaviour the shortcuts must keep. */
function switchShortcutsOff(): { recorded: () => number } {
  let recorded = 0;
  const begin = FollowerSession.prototype.begin;
  vi.spyOn(FollowerSession.prototype, 'begin').mockImplementation(function (
    this: FollowerSession,
    partitions: readonly FetchPartitionRequest[],
  ) {
    begin.call(this, partitions);
    recorded += partitions.length;
    return partitions.map((_, position) => position);
  });
  vi.spyOn(FetcherPartitions.prototype, 'next').mockImplementation(function (
    this: FetcherPartitions,
    entryFor: (index: number) => FetchPartitionRequest | null,
  ) {
    const entries: FetchPartitionRequest[] = [];
    for (const index of this.indexes()) {
      const entry = entryFor(index);
      if (entry !== null) entries.push(entry);
    }
    return entries;
  });
  vi.spyOn(QuietConsumerAnswers.prototype, 'quiet').mockReturnValue(null);
  vi.spyOn(FetcherPartitions.prototype, 'takeResponse').mockImplementation((partitions) =>
    partitions.map((_, position) => position),
  );
  return { recorded: () => recorded };
}

const SHAPES: Shape[] = [
  { seed: 1, version: '4.0', brokers: 5, partitions: 40, keys: false, broker: {}, consumer: {} },
  {
    seed: 2,
    version: '3.0',
    brokers: 4,
    partitions: 12,
    keys: true,
    broker: {
      'replica.fetch.min.bytes': 20_000,
      'replica.fetch.max.bytes': 3_000,
      'replica.fetch.response.max.bytes': 6_000,
      'num.replica.fetchers': 2,
    },
    consumer: { 'fetch.min.bytes': 5_000, 'max.partition.fetch.bytes': 4_000 },
  },
];

describe('fetch sessions', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each(SHAPES)(
    'seed $seed: the trace equals the one of full reads ($partitions partitions)',
    (shape) => {
      const text = scenarioText(shape);
      const withSessions = outcomeOf(text);
      const fullReads = switchShortcutsOff();
      const full = outcomeOf(text);
      const fullRecorded = fullReads.recorded();
      vi.restoreAllMocks();
      let recorded = 0;
      const original = FollowerSession.prototype.record;
      vi.spyOn(FollowerSession.prototype, 'record').mockImplementation(function (
        this: FollowerSession,
        ...args: Parameters<FollowerSession['record']>
      ) {
        recorded++;
        original.apply(this, args);
      });
      expect(outcomeOf(text), `scenario:\n${text}`).toEqual(withSessions);
      expect(withSessions, `scenario:\n${text}`).toEqual(full);
      // The shortcut was taken: fewer partitions read in full than without it.
      expect(recorded).toBeLessThan(fullRecorded);
    },
  );
});
