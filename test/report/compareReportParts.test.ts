/**
 * The parts of a comparison's reports beyond the tables: the never-worse list in report.md, the
 * `expect:` section of report.md and report.html, and compare-series.csv.
 */
import { describe, expect, it } from 'vitest';
import { REPORT_FAILURES_SHOWN } from '../../sim/report/compareExpectHtml.ts';
import { compareHtmlReport } from '../../sim/report/compareHtml.ts';
import { compareMarkdown } from '../../sim/report/compareMarkdown.ts';
import { compareTableKeys, compareTables } from '../../sim/report/compareTables.ts';
import type { CompareReportData, CompareReportVariant } from '../../sim/report/compareTypes.ts';
import { compareSeriesCsv } from '../../sim/report/csv.ts';
import { runSummary } from './fixtures.ts';

function variant(acks: string, figures: [number, number, number], lost = 0): CompareReportVariant {
  const run = runSummary();
  run.expectations = [
    {
      metric: 'durability.ackedRecordsLost',
      op: 'equals',
      values: [0],
      actual: lost,
      pass: lost === 0,
      source: 'acks.yaml:12:5',
    },
  ];
  const [throughput, p99, meanLost] = figures;
  return {
    set: { 'producers.checkout.config.acks': acks },
    runs: [run],
    mean: run,
    stats: {
      'produce.recordsPerSec': { mean: throughput, halfWidth95: null },
      'produce.latencyMs.p99': { mean: p99, halfWidth95: null },
      'durability.ackedRecordsLost': { mean: meanLost, halfWidth95: null },
    },
  };
}

function data(variants: CompareReportVariant[]): CompareReportData {
  return {
    scenario: 'acks',
    file: 'acks.yaml',
    sets: [],
    axes: [
      {
        path: 'producers.checkout.config.acks',
        values: variants.map((v) => String(v.set['producers.checkout.config.acks'])),
      },
    ],
    seeds: [1],
    metrics: [
      { key: 'produce.recordsPerSec', better: 'higher' },
      { key: 'produce.latencyMs.p99', better: 'lower' },
      { key: 'durability.ackedRecordsLost', better: 'lower' },
    ],
    variants,
  };
}

const PASSING = data([
  variant('0', [120, 3, 50]),
  variant('1', [110, 4, 60]),
  variant('all', [100, 5, 0]),
]);
const FAILING = data([variant('1', [110, 4, 60], 60), variant('all', [100, 5, 0])]);

describe('report.md of a comparison', () => {
  it('lists the never-worse variants, and says every expect: check passed', () => {
    const markdown = compareMarkdown(PASSING);
    const never = markdown.slice(markdown.indexOf('## Never worse'));
    expect(never.split('\n').filter((line) => line.startsWith('- '))).toEqual(['- 0', '- all']);
    expect(markdown).toContain(
      '## Expectations\n\nEvery expect: check passed (3 checks in 3 runs).',
    );
  });

  it('lists each failed check with its variant and seed', () => {
    const markdown = compareMarkdown(FAILING);
    expect(markdown).toContain('1 of 2 runs failed an expect: check:');
    expect(markdown).toMatch(
      /- producers\.checkout\.config\.acks=1, seed \d+: durability\.ackedRecordsLost expected = 0, actual 60 \(acks\.yaml:12:5\)/,
    );
  });

  it('has no expectations section without expect: checks', () => {
    const none = data([
      { ...variant('1', [1, 1, 0]), runs: [{ ...runSummary(), expectations: [] }] },
    ]);
    expect(compareMarkdown(none)).not.toContain('## Expectations');
  });
});

describe('report.html of a comparison', () => {
  it('lists failed checks as escaped text, at most REPORT_FAILURES_SHOWN of them', () => {
    const many = Array.from({ length: REPORT_FAILURES_SHOWN + 3 }, (_, index) =>
      variant(`<i>${index}</i>`, [1, 1, 1], 1),
    );
    const html = compareHtmlReport(data(many));
    const section = html.slice(html.indexOf('<h2>Expectations</h2>'));
    expect(section).toContain(`${many.length} of ${many.length} runs failed an expect: check`);
    expect(section.match(/<li>/g)).toHaveLength(REPORT_FAILURES_SHOWN + 1);
    expect(section).toContain('<li>... and 3 more</li>');
    expect(section).toContain('acks=&lt;i&gt;0&lt;/i&gt;');
    expect(section).not.toContain('<i>0</i>');
  });

  it('says every check passed when none failed', () => {
    expect(compareHtmlReport(PASSING)).toContain(
      '<p class="pass">Every expect: check passed (3 checks in 3 runs).</p>',
    );
  });
});

describe('compare-series.csv', () => {
  it('has one row per variant and point, gaps empty, and nothing for variants without series', () => {
    const [zero, one] = PASSING.variants as CompareReportVariant[];
    const csv = compareSeriesCsv(
      data([
        {
          ...zero!,
          series: { timeS: [1, 2], recordsPerSec: [100, 110.5], produceP99Ms: [3, null] },
        },
        one!,
      ]),
    );
    expect(csv).toBe(
      'producers.checkout.config.acks,timeS,recordsPerSec,produceP99Ms\n0,1,100,3\n0,2,110.5,\n',
    );
  });
});

describe('cross-zone column of a comparison', () => {
  const withCrossZone = (bytesPerSec: number[]) =>
    data(
      bytesPerSec.map((mean, i) => {
        const v = variant(String(i), [100, 5, 0]);
        v.stats['network.crossZoneBytesPerSec'] = { mean, halfWidth95: null };
        return v;
      }),
    );
  const headers = (d: CompareReportData) =>
    compareTables(d)[0]?.columns.map((column) => column.header) ?? [];

  it('shows cross-zone MB/s when some variant sent bytes across zones, best marked', () => {
    const d = withCrossZone([2e6, 5e5]);
    expect(headers(d)).toContain('cross-zone MB/s');
    expect(compareTableKeys(d)[0]).toContain('network.crossZoneBytesPerSec');
    const rows = compareTables(d)[0]?.rows ?? [];
    const column = headers(d).indexOf('cross-zone MB/s');
    expect(rows.map((row) => row[column])).toEqual(['2.00', '0.50 *']);
  });

  it('leaves it out when nothing crossed zones (one zone)', () => {
    expect(headers(withCrossZone([0, 0]))).not.toContain('cross-zone MB/s');
  });
});
