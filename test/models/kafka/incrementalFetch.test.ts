/**
 * KIP-227 incremental fetch sessions on the wire (incrementalFetch.ts): a session's first fetch
 * lists every partition, later ones only what changed, on both ends; and in a built cluster the
 * fetches of a quiet 1,000-partition topic shrink to their headers once the sessions stand.
 */
import { describe, expect, it } from 'vitest';
import { FetchSessionHandler, SessionAnswers } from '../../../sim/models/kafka/incrementalFetch.ts';
import {
  PARTITION_ENTRY_BYTES,
  REQUEST_HEADER_BYTES,
  wireBytes,
  type FetchPartitionRequest,
  type FetchPartitionResponse,
  type Message,
} from '../../../sim/models/kafka/messages.ts';
import { buildCluster } from '../../../sim/runner/build.ts';
import { formatScenarioErrors, parseScenarioText } from '../../../sim/scenario/load.ts';

function entry(partitionIndex: number, fetchOffset = 0): FetchPartitionRequest {
  return { partitionIndex, fetchOffset, lastFetchedEpoch: 0, currentLeaderEpoch: 0, maxBytes: 1 };
}

function answer(partitionIndex: number, change: Partial<FetchPartitionResponse> = {}) {
  const quiet: FetchPartitionResponse = {
    partitionIndex,
    error: 'NONE',
    highWatermark: 10,
    logStartOffset: 0,
    slices: [],
    divergingEpoch: null,
    preferredReadReplica: -1,
  };
  return { ...quiet, ...change };
}

function fetchOf(partitions: FetchPartitionRequest[], handler: FetchSessionHandler): Message {
  return {
    kind: 'fetchRequest',
    requestId: 1,
    replicaId: 1,
    rackId: null,
    fetcherIndex: 0,
    maxWaitUs: 500_000,
    minBytes: 1,
    maxBytes: 1 << 20,
    partitions,
    ...handler.build(partitions),
  };
}

const range = (count: number): number[] => Array.from({ length: count }, (_, index) => index);

describe('FetchSessionHandler', () => {
  it('build() writes 1,000 partitions in full once, then a header when nothing changed', () => {
    const handler = new FetchSessionHandler();
    const partitions = range(1000).map((index) => entry(index));
    const full = fetchOf(partitions, handler);
    expect(wireBytes(full)).toBe(REQUEST_HEADER_BYTES + 1000 * PARTITION_ENTRY_BYTES);
    // The same entries again, as new objects (values are compared): nothing to list.
    const again = fetchOf(
      partitions.map((partition) => ({ ...partition })),
      handler,
    );
    expect(again).toMatchObject({ sessionEpoch: 1, listedPartitionsCount: 0 });
    expect(wireBytes(again)).toBe(REQUEST_HEADER_BYTES);
    const moved = partitions.slice();
    moved[7] = entry(7, 100);
    expect(wireBytes(fetchOf(moved, handler))).toBe(REQUEST_HEADER_BYTES + PARTITION_ENTRY_BYTES);
  });

  it('build() lists added partitions and forgets dropped ones; reset() makes the next full', () => {
    const handler = new FetchSessionHandler();
    handler.build(range(10).map((index) => entry(index)));
    const next = [...range(8).map((index) => entry(index)), entry(20)];
    expect(handler.build(next)).toEqual({
      sessionEpoch: 1,
      listedPartitionsCount: 1,
      forgottenPartitionsCount: 2,
    });
    handler.reset();
    expect(handler.build(next)).toEqual({
      sessionEpoch: 0,
      listedPartitionsCount: 9,
      forgottenPartitionsCount: 0,
    });
  });
});

describe('SessionAnswers', () => {
  const requested = range(100).map((index) => entry(index));

  it('listed() counts every answer of a full fetch, then only those with news', () => {
    const session = new SessionAnswers();
    const quiet = range(100).map((index) => answer(index));
    expect(session.listed(0, requested, quiet, null)).toBe(100);
    expect(session.listed(1, requested, quiet.slice(), null)).toBe(0);
    const news = range(100).map((index) => answer(index));
    news[1] = answer(1, { highWatermark: 11 });
    news[2] = answer(2, { logStartOffset: 5 });
    news[3] = answer(3, { slices: [{ ...slice() }] });
    news[4] = answer(4, { error: 'NOT_LEADER_OR_FOLLOWER', highWatermark: 0 });
    news[5] = answer(5, { divergingEpoch: { epoch: 1, endOffset: 3 } });
    expect(session.listed(2, requested, news, null)).toBe(5);
    // Partition 4's error cleared: sent again, though its high watermark is the old one; 5's
    // divergence was sent, and its high watermark is the one its client got.
    const after = news.slice();
    after[3] = answer(3, { highWatermark: 11 });
    after[4] = answer(4);
    after[5] = answer(5);
    expect(session.listed(3, requested, after, null)).toBe(2);
    // A session start lists everything again.
    expect(session.listed(0, requested, after, null)).toBe(100);
  });

  it('listed() checks only the `changed` places given, and lists partitions new to it', () => {
    const session = new SessionAnswers();
    const quiet = range(100).map((index) => answer(index));
    session.listed(0, requested, quiet, null);
    const entries = quiet.slice();
    entries[9] = answer(9, { highWatermark: 12 });
    expect(session.listed(1, requested, entries, [{ position: 9 }])).toBe(1);
    const grown = [...requested, entry(500)];
    expect(session.listed(2, grown, [...entries, answer(500)], [])).toBe(1);
  });
});

function slice() {
  return {
    baseOffset: 10,
    recordCount: 1,
    bytes: 100,
    leaderEpoch: 0,
    firstCreateUs: 0,
    lastCreateUs: 0,
    producerId: -1,
    sequence: -1,
  };
}

const QUIET_TOPIC = `
name: quiet-sessions
duration: 10s
warmup: 1s
cluster: { brokers: 3 }
topics: [{ name: t, partitions: 1000, replicationFactor: 3 }]
producers: []
consumers: [{ group: g, count: 1, topics: [t], config: { enable.auto.commit: false } }]
`;

describe('fetch sessions in a cluster', () => {
  it('fetches of a quiet 1,000-partition topic carry each partition once, then headers', () => {
    const loaded = parseScenarioText(QUIET_TOPIC, 'quiet-sessions.yaml');
    if (!loaded.ok) throw new Error(formatScenarioErrors(loaded.errors));
    const cluster = buildCluster(loaded.scenario, 1, () => {});
    // Per session (from, to, fetcher): the bytes of each request and of each response.
    const requests = new Map<string, number[]>();
    const responses: number[] = [];
    cluster.network.observer = {
      sent(from: string, to: string, message: Message) {
        if (message.kind === 'fetchResponse') responses.push(wireBytes(message));
        if (message.kind !== 'fetchRequest') return;
        const key = `${from}>${to}/${message.replicaId < 0 ? 'consumer' : message.fetcherIndex}`;
        const bytes = requests.get(key) ?? [];
        bytes.push(wireBytes(message));
        requests.set(key, bytes);
      },
      delivered() {},
    };
    const snapshot = cluster.controller.snapshot();
    for (const broker of cluster.brokers) broker.start(snapshot, () => {});
    for (const consumer of cluster.consumers) consumer.start();
    cluster.sim.run({ untilUs: 9_000_000, eventsMax: 10_000_000 });
    const followerSessions = [...requests.keys()].filter((key) => !key.endsWith('consumer'));
    expect(followerSessions).toHaveLength(6);
    expect([...requests.keys()].filter((key) => key.endsWith('consumer'))).toHaveLength(3);
    const listed = { follower: 0, consumer: 0 };
    for (const [key, bytes] of requests) {
      expect(bytes.length, key).toBeGreaterThan(5);
      // Each partition once (the session's first fetches), then nothing changes: headers only.
      const entries = bytes.map((sent) => (sent - REQUEST_HEADER_BYTES) / PARTITION_ENTRY_BYTES);
      listed[key.endsWith('consumer') ? 'consumer' : 'follower'] += entries.reduce((a, b) => a + b);
      expect(bytes.slice(-3), key).toEqual(Array(3).fill(REQUEST_HEADER_BYTES));
    }
    // Every partition is followed on 2 brokers, as is the group's __consumer_offsets partition.
    expect(listed).toEqual({ follower: 2 * 1000 + 2, consumer: 1000 });
    expect(responses.slice(-10)).toEqual(Array(10).fill(REQUEST_HEADER_BYTES));
  });
});
