/** bench/scalingPoint.ts: a point's values land in a copy of the reference scenario. */
import { describe, expect, it } from 'vitest';
import { scenarioValue } from '../../bench/scalingPoint.ts';

const BASE = {
  cluster: { brokers: 6 },
  topics: [{ name: 'events', partitions: 60 }],
  producers: [{ name: 'load', rate: '1000000/s', recordSize: '100B', keys: null }],
};

describe('scenarioValue', () => {
  const point = { brokers: 3, partitions: 10_000, recordsPerSec: 1000, recordBytes: 200 };

  it('sets brokers, partitions, rate, record size and duration, leaving the base alone', () => {
    const value = scenarioValue(BASE, { ...point, durationSeconds: 30 }) as any;
    expect(value.cluster.brokers).toBe(3);
    expect(value.topics[0].partitions).toBe(10_000);
    expect([value.producers[0].rate, value.producers[0].recordSize]).toEqual(['1000/s', '200B']);
    expect(value.duration).toBe('30s');
    expect(value.producers[0].keys).toBeNull();
    expect(BASE.topics[0]?.partitions).toBe(60);
  });

  it('keys: N makes the producer keyed over N uniform keys', () => {
    const value = scenarioValue(BASE, { ...point, durationSeconds: 5, keys: 100_000 }) as any;
    expect(value.producers[0].keys).toEqual({ count: 100_000, distribution: 'uniform' });
  });
});
