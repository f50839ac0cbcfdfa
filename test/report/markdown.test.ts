/** markdownReport: the summary tables, the events (first 200 and a count), no wall time. */
import { describe, expect, it } from 'vitest';
import { EVENTS_LISTED_MAX, markdownReport } from '../../sim/report/markdown.ts';
import { runSummary, trace } from './fixtures.ts';

describe('markdownReport', () => {
  it('has a heading, the description, the hash and every summary table', () => {
    const report = markdownReport(runSummary(), trace(3));
    expect(
      report.startsWith('# kafkasim report: broker-crash\n\nOne broker crashes at 20 s.\n'),
    ).toBe(true);
    expect(report).toContain('hash `0123456789abcdef`');
    for (const heading of [
      'Produce',
      'Durability',
      'Availability',
      'Bottlenecks',
      'Expectations',
    ]) {
      expect(report).toMatch(new RegExp(`^## ${heading}`, 'm'));
    }
    expect(report).toContain(
      '| checkout | 2,000,010 | 2,000,000 | 3 | 80,000 | 81.92 | 2.500 | 9.750 | 48.25 | 1,204 |',
    );
    expect(report).toContain('| FAIL | durability.ackedRecordsLost | = 0 | 42 |');
    expect(report).toContain('- a warning with a \\| pipe');
  });

  it('lists the trace events with their time, kind and entity', () => {
    const report = markdownReport(runSummary(), trace(3));
    expect(report).toContain('## Events (3 in the trace)');
    expect(report).toContain('| 20.0 s | fault | broker-1 | crash broker-1 |');
    expect(report).toContain(
      '| 20.002 s | leaderChange | orders-1 | orders-1 leader broker-2 epoch 1 |',
    );
    expect(report).not.toContain('more events');
  });

  it(`lists the first ${EVENTS_LISTED_MAX} events and counts the rest`, () => {
    const report = markdownReport(runSummary(), trace(250));
    const rows = report.split('\n').filter((line) => / \| (fault|leaderChange) \| /.test(line));
    expect(rows).toHaveLength(EVENTS_LISTED_MAX);
    expect(report).toContain('…and 50 more events, in trace.json.');
  });

  it('does not depend on wall time: the same run timed differently gives the same bytes', () => {
    const slow = { ...runSummary(), wallMs: 99_999 };
    expect(markdownReport(slow, trace(5))).toBe(markdownReport(runSummary(), trace(5)));
    expect(markdownReport(runSummary(), trace(5))).not.toContain('1.5 s');
  });
});
