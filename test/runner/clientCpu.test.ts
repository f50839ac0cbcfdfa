import { describe, expect, it } from 'vitest';
import { clientCpuWarnings } from '../../sim/runner/clientCpu.ts';
import { scenarioFromText } from '../models/kafka/consumerHarness.ts';

function warningsFor(producer: string): string[] {
  const text = `name: cpu\ntopics: [{ name: t }]\nproducers:\n  - ${producer}\n`;
  return clientCpuWarnings(scenarioFromText(text, 'cpu.yaml'));
}

describe('clientCpuWarnings', () => {
  it('names a block whose clients cannot compress as fast as they are asked to send', () => {
    // 400 ns a record + gzip's 20 ns a byte x 1024 B = 20.88 µs: 47,892 records/s a client.
    const producer =
      '{ name: p, count: 2, topic: t, rate: 100000/s, recordSize: 1KiB, config: { compression.type: gzip } }';
    expect(warningsFor(producer)).toEqual([
      'producer p: 20.88 µs of client CPU a record (gzip on 1024 B records) caps each of its 2' +
        ' clients at 47,892 records/s, below the 50,000 asked (a larger count: spreads the rate' +
        ' over more clients)',
    ]);
  });

  it('says nothing when the clients keep up, or when the rate is unlimited', () => {
    expect(
      warningsFor('{ name: p, count: 3, topic: t, rate: 100000/s, recordSize: 1KiB }'),
    ).toEqual([]);
    expect(
      warningsFor('{ name: p, topic: t, rate: unlimited, config: { compression.type: gzip } }'),
    ).toEqual([]);
  });
});
