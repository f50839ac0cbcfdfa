/** formatSummary on a hand-built RunSummary: every table, the verdict, the hash; pure. */
import { describe, expect, it } from 'vitest';
import { formatExpected, formatSummary, summaryTables } from '../../sim/report/summary.ts';
import { runSummary } from './fixtures.ts';

describe('formatSummary', () => {
  const text = formatSummary(runSummary());
  const lines = text.split('\n');

  it('opens with the scenario, seed, virtual and wall time and the speed-up', () => {
    expect(lines[0]).toBe('kafkasim: broker-crash (seed 7)');
    expect(lines[1]).toBe(
      '  virtual time 30.0 s in 1.5 s of wall time (20.0x real time), 1,234,567 events',
    );
  });

  it('has a row per producer and a total, with rate, MB/s and latency percentiles', () => {
    const header = lines.find((line) => line.trim().startsWith('producer'));
    expect(
      header
        ?.trim()
        .split(/\s{2,}/)
        .slice(1),
    ).toEqual([
      'sent',
      'acked',
      'failed',
      'records/s',
      'MB/s',
      'p50 ms',
      'p99 ms',
      'p99.9 ms',
      'max ms',
    ]);
    const row = (name: string): string[] | undefined =>
      lines
        .find((line) => line.startsWith(`  ${name} `))
        ?.trim()
        .split(/\s{2,}/);
    expect(row('checkout')).toEqual([
      'checkout',
      '2,000,010',
      '2,000,000',
      '3',
      '80,000',
      '81.92',
      '2.500',
      '9.750',
      '48.25',
      '1,204',
    ]);
    expect(row('audit')?.[7]).toBe('312.5');
    expect(row('all producers')?.[2]).toBe('3,000,000');
  });

  it('lists durability, availability, bottlenecks, expectations and warnings', () => {
    expect(text).toMatch(/acknowledged records lost\s+42\n/);
    expect(text).toMatch(/under-replicated partition-time\s+120\.50 s\n/);
    expect(text).toMatch(/broker-1\/disk\/write\s+97\.8%\s+12\.0 s\s+20\.5 s\n/);
    expect(text).toMatch(/FAIL\s+durability\.ackedRecordsLost\s+= 0\s+42\s+scenarios\//);
    expect(text).toMatch(/pass\s+produce\.recordsPerSec\s+100,000 to 150,000\s+120,000\.25/);
    expect(text).toContain('  - a warning with a | pipe');
    expect(text).toContain('1 of 2 expectations FAILED.');
    expect(text.endsWith('trace hash 0123456789abcdef\n')).toBe(true);
  });

  it('is the same text for the same summary, and the produce table fits 100 columns', () => {
    expect(formatSummary(runSummary())).toBe(text);
    const produce = text.slice(text.indexOf('Produce'), text.indexOf('Durability'));
    expect(produce.split('\n').filter((line) => line.length > 100)).toEqual([]);
  });

  it('with one producer prints no total row, and says when nothing was saturated', () => {
    const summary = runSummary();
    summary.producers = { checkout: summary.produce };
    summary.bottlenecks = [
      {
        kind: 'busiest',
        resource: 'broker-0/nic/ingress',
        busyRatio: 0.05,
        fromMs: 5000,
        toMs: 30000,
      },
    ];
    summary.expectations = [];
    const single = formatSummary(summary);
    expect(single).not.toContain('all producers');
    expect(single).toContain('Bottlenecks: none (no resource 90% busy');
    expect(single).toContain('none in this scenario');
    expect(single).not.toContain('expectations FAILED');
  });
});

describe('summaryTables and formatExpected', () => {
  it('builds produce, durability, availability, bottleneck and expectation tables', () => {
    expect(summaryTables(runSummary()).map((table) => table.title.split(/[ (:]/)[0])).toEqual([
      'Produce',
      'Durability',
      'Availability',
      'Cross-zone',
      'Bottlenecks',
      'Expectations',
    ]);
  });

  it('shows cross-zone traffic in MB/s by kind, and no table when nothing crossed zones', () => {
    const table = summaryTables(runSummary()).find((t) => t.title.startsWith('Cross-zone'));
    expect(table?.rows.map((row) => row[1])).toEqual([
      '50.00',
      '200.00',
      '12.00',
      '0.50',
      '262.50',
    ]);
    const none = runSummary();
    none.network = {
      crossZoneBytesPerSec: 0,
      crossZone: {
        produceBytesPerSec: 0,
        replicationBytesPerSec: 0,
        consumeBytesPerSec: 0,
        otherBytesPerSec: 0,
      },
    };
    expect(summaryTables(none).some((t) => t.title.startsWith('Cross-zone'))).toBe(false);
  });

  it.each([
    ['atLeast', [190000], '>= 190,000'],
    ['atMost', [10], '<= 10'],
    ['equals', [0], '= 0'],
    ['between', [1.5, 2], '1.5 to 2'],
  ])('%s %j reads %s', (op, values, text) => {
    const result = { metric: 'm', op, values, actual: 1, pass: true, source: 'x:1' };
    expect(formatExpected(result)).toBe(text);
  });
});
