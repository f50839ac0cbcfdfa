/**
 * The consumer's poll loop against the fetcher: the next fetch to a broker goes out from poll()
 * after it drained the previous answer (KafkaConsumer.poll: fetchedRecords, then sendFetches), so
 * partitions that just brought data are in it; commitSync holds the loop until its answer while
 * commitAsync does not; `commit:` is refused where auto-commit does the committing.
 */
import { describe, expect, it } from 'vitest';
import type { Message } from '../../../sim/models/kafka/messages.ts';
import { simulate } from '../../../sim/runner/run.ts';
import { parseScenarioText } from '../../../sim/scenario/load.ts';
import { S, startRun } from './consumerHarness.ts';

/** Four consumers on 100 partitions fed by sticky producers: each partition gets a batch only
 * every ~25 ms, so a fetch parked on the partitions that did not just answer waits that long. */
function groupYaml(commit: 'sync' | 'async'): string {
  return [
    'kafkaVersion: "2.6"',
    'topics:',
    '  - { name: t, partitions: 100, replicationFactor: 3, config: { min.insync.replicas: 2 } }',
    'producers:',
    '  - name: p',
    '    count: 4',
    '    topic: t',
    '    rate: 40000/s',
    '    arrivals: constant',
    '    recordSize: 1KiB',
    '    keys: null',
    '    config: { acks: all, linger.ms: 1, batch.size: 131072 }',
    'consumers:',
    '  - group: g',
    '    count: 4',
    '    topics: [t]',
    '    startAt: latest',
    `    commit: ${commit}`,
    '    config: { enable.auto.commit: false }',
  ].join('\n');
}

describe('consumer fetch loop', () => {
  it('fetches the partitions it just drained: end-to-end p99 stays near produce p99', () => {
    const text = `name: loop\nseed: 3\nduration: 11s\nwarmup: 7s\n${groupYaml('async')}`;
    const loaded = parseScenarioText(text, 'loop.yaml');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const summary = simulate(loaded.scenario).summary;
    const produceP99 = summary.produce.latencyMs.p99;
    const consume = summary.consume;
    expect(consume).toBeDefined();
    expect(consume?.recordsPerSec).toBeGreaterThan(39_000);
    // Sending the next fetch before the drain left out the answered partitions: e2e p99 was
    // ~10 ms against a produce p99 under 2 ms in this setup.
    expect(consume?.endToEndLatencyMs.p99 ?? Infinity).toBeLessThan(produceP99 + 1.5);
  });

  it('commitSync keeps one OffsetCommit in flight and no poll runs meanwhile; async does not', () => {
    const inFlightMax = (commit: 'sync' | 'async'): { max: number; sent: number } => {
      const run = startRun(groupYaml(commit), 5);
      const consumer = run.member('g-0');
      let inFlight = 0;
      let max = 0;
      let sent = 0;
      const request = consumer.request.bind(consumer);
      consumer.request = (broker, build, onResponse, onFail, timeoutUs) => {
        let commitRequest = false;
        const wrappedBuild = (requestId: number): Message => {
          const message = build(requestId);
          commitRequest = message.kind === 'offsetCommitRequest';
          if (commitRequest) {
            inFlight++;
            sent++;
            max = Math.max(max, inFlight);
          }
          return message;
        };
        const settle = (): void => {
          if (commitRequest) inFlight--;
        };
        request(
          broker,
          wrappedBuild,
          (message) => {
            settle();
            onResponse(message);
          },
          () => {
            settle();
            onFail();
          },
          timeoutUs,
        );
      };
      run.runUntil(10 * S);
      return { max, sent };
    };
    const sync = inFlightMax('sync');
    const async = inFlightMax('async');
    expect(sync.sent).toBeGreaterThan(100);
    expect(sync.max).toBe(1);
    // commitAsync does not wait: the loop polls (and commits) more often, with overlaps.
    expect(async.sent).toBeGreaterThan(sync.sent);
    expect(async.max).toBeGreaterThan(1);
  });

  it('refuses commit: where enable.auto.commit is on', () => {
    const text = [
      'name: bad',
      'topics: [{ name: t, partitions: 3 }]',
      'consumers:',
      '  - group: g',
      '    topics: [t]',
      '    commit: async',
    ].join('\n');
    const loaded = parseScenarioText(text, 'bad.yaml');
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.errors).toHaveLength(1);
    expect(loaded.errors[0]?.path).toBe('consumers[0].commit');
    expect(loaded.errors[0]?.line).toBe(6);
    expect(loaded.errors[0]?.message).toMatch(/enable.auto.commit: false/);
  });
});

describe('records handed out in the order their fetches arrived', () => {
  // Regression test for a fixed bug: poll() took records partition by partition in a fixed
  // order, so a consumer slower than its producers kept its first partition near the head and
  // left the others ever further behind (e2e p50 1.2 s against p99 41 s after a minute).
  it('a consumer slower than its producers falls behind on every partition alike', () => {
    const text = [
      'name: slow',
      'duration: 30s',
      'warmup: 10s',
      'topics: [{ name: t, partitions: 3, replicationFactor: 3 }]',
      'producers:',
      '  - { name: p, topic: t, rate: 20000/s, recordSize: 1KiB, config: { linger.ms: 5 } }',
      'consumers:',
      '  - group: g',
      '    topics: [t]',
      '    processing: { perRecord: 80us }',
    ].join('\n');
    const loaded = parseScenarioText(text, 'slow.yaml');
    if (!loaded.ok) throw new Error('slow.yaml does not load');
    const consume = simulate(loaded.scenario).summary.consume;
    // 12,500 of 20,000 records/s: the delay grows alike on each partition, ~3 to ~10 s here.
    expect(consume?.recordsPerSec).toBeLessThan(13_000);
    const e2e = consume?.endToEndLatencyMs ?? { p50: 0, p99: 0 };
    expect(e2e.p50).toBeGreaterThan(2500);
    expect(e2e.p50).toBeGreaterThan(0.4 * e2e.p99);
  });
});

describe('a catching-up consumer against fetch.max.bytes', () => {
  // Regression test for a fixed bug: fetches listed the partitions in a fixed order, so when
  // fetch.max.bytes held two of eight partitions' 1 MiB, the first ones took every fetch and the
  // last four had not moved after 8 s. Kafka moves drained partitions to the end
  // (movePartitionToEnd): every partition catches up alike.
  it('rotates the partitions that brought data to the end of its next fetches', () => {
    const run = startRun(
      [
        'kafkaVersion: "3.9"',
        'cluster: { brokers: 1 }',
        'topics:',
        '  - name: h',
        '    partitions: 8',
        '    replicationFactor: 1',
        '    prefill: { records: 8000000, recordSize: 1KiB }',
        'consumers:',
        '  - { group: g, topics: [h], startAt: earliest, config: { fetch.max.bytes: 2097152 } }',
      ].join('\n'),
    );
    run.runUntil(8 * S);
    const positions = [...(run.cluster.consumers[0]?.owned.values() ?? [])].map(
      (partition) => partition.position,
    );
    expect(positions).toHaveLength(8);
    expect(Math.min(...positions)).toBeGreaterThan(0.9 * Math.max(...positions));
  });
});
