/**
 * The HTML reports: the same run gives the same bytes, every text from the trace is escaped
 * (a scenario named `<script>...`), every chart is drawn, and series.csv holds every series.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../sim/runner/run.ts';
import { parseScenarioText } from '../../sim/scenario/load.ts';
import { compareHtmlReport, frontPoints } from '../../sim/report/compareHtml.ts';
import { seriesCsv } from '../../sim/report/csv.ts';
import { escapeHtml, embeddedJson } from '../../sim/report/htmlPage.ts';
import type { CompareReportData, CompareReportVariant } from '../../sim/report/compareTypes.ts';
import { runSummary } from './fixtures.ts';
import { HOSTILE_SCENARIO, hostileReport } from './htmlFixtures.ts';

describe('HTML report', () => {
  it('runHtmlReport() of the same scenario and seed is byte-identical', () => {
    const first = hostileReport();
    expect(hostileReport()).toBe(first);
    expect(first.startsWith('<!DOCTYPE html>')).toBe(true);
  });

  it('runHtmlReport() escapes scenario and trace text, and embeds JSON no tag can end', () => {
    const html = hostileReport();
    expect(html).not.toContain("<script>alert('x')");
    expect(html).toContain('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co');
    expect(html).toContain('A &lt;b&gt;bold&lt;/b&gt; &quot;claim&quot;');
    // The only script elements are JSON data blocks, and none holds a raw '<'.
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map((m) => m[1])).toEqual([' type="application/json" id="summary-data"']);
    expect(scripts[0]?.[2]).not.toContain('<');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('runHtmlReport() draws every chart the series allow, with the fault marked', () => {
    const html = hostileReport();
    const ids = [...html.matchAll(/<figure class="chart" id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual([
      'throughput',
      'produce-latency',
      'partitions',
      'use-broker-0',
      'use-broker-1',
      'use-broker-2',
    ]);
    expect(html.match(/<path class="line"[^>]* d="M[\d.,L]+"/g)?.length).toBeGreaterThan(10);
    expect(html).toMatch(/<line class="marker"[^>]*><title>1\.5 s [^<]*broker-1/);
  });

  it('escapeHtml() and embeddedJson() leave no markup behind', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
    expect(embeddedJson('d', { text: '</script><!--' })).toBe(
      '<script type="application/json" id="d">{"text":"\\u003c/script>\\u003c!--"}</script>',
    );
  });
});

describe('series.csv', () => {
  it('seriesCsv() has a time column, then one column per series, one row per sample', () => {
    const loaded = parseScenarioText(HOSTILE_SCENARIO, 'hostile.yaml');
    if (!loaded.ok) throw new Error('does not load');
    const { trace } = simulate(loaded.scenario, {});
    const lines = seriesCsv(trace).trimEnd().split('\n');
    const names = Object.keys(trace.series.columns);
    expect(lines[0]).toBe(['timeS', ...names].join(','));
    expect(lines).toHaveLength(trace.series.timeUs.length + 1);
    expect(lines[1]?.split(',')).toHaveLength(names.length + 1);
  });
});

describe('comparison HTML report', () => {
  const run = runSummary();
  const variant = (acks: string, throughput: number, p99: number, lost: number) => ({
    set: { 'producers.checkout.config.acks': acks },
    runs: [run],
    mean: run,
    stats: {
      'produce.recordsPerSec': { mean: throughput, halfWidth95: null },
      'produce.latencyMs.p99': { mean: p99, halfWidth95: null },
      'durability.ackedRecordsLost': { mean: lost, halfWidth95: null },
    },
  });
  const data: CompareReportData = {
    scenario: '<b>acks</b>',
    file: 'acks.yaml',
    sets: [],
    axes: [{ path: 'producers.checkout.config.acks', values: ['0', '1', 'all'] }],
    seeds: [1],
    metrics: [
      { key: 'produce.recordsPerSec', better: 'higher' },
      { key: 'produce.latencyMs.p99', better: 'lower' },
      { key: 'durability.ackedRecordsLost', better: 'lower' },
    ],
    variants: [variant('0', 120, 3, 50), variant('1', 110, 4, 60), variant('all', 100, 5, 0)],
  };

  it('frontPoints() marks the variants no other beats on throughput, p99 and loss', () => {
    expect(frontPoints(data).map((p) => [p.label, p.onFront, p.flagged])).toEqual([
      ['0', true, true],
      ['1', false, true],
      ['all', true, false],
    ]);
  });

  it('compareHtmlReport() escapes, highlights the best cells and draws the front', () => {
    const html = compareHtmlReport(data);
    expect(html).toContain('kafkasim comparison: &lt;b&gt;acks&lt;/b&gt;');
    expect(html).not.toContain('<b>acks</b>');
    expect(html.match(/<td class="right best">/g)).toHaveLength(3);
    expect(html).toMatch(/<path class="front" d="M[\d.,L]+"/);
    expect(compareHtmlReport(data)).toBe(html);
    expect(html).not.toContain('id="overlay-');
  });

  it('compareHtmlReport() overlays each variant over time; equal series share one line', () => {
    const series = (scale: number) => ({
      timeS: [1, 2, 3],
      recordsPerSec: [100 * scale, 110 * scale, 90 * scale],
      produceP99Ms: [3 * scale, null, 4 * scale],
    });
    const [zero, one, all] = data.variants as CompareReportVariant[];
    const withSeries: CompareReportData = {
      ...data,
      variants: [
        { ...(zero as CompareReportVariant), series: series(1) },
        { ...(one as CompareReportVariant), series: series(2) },
        { ...(all as CompareReportVariant), series: series(1) },
      ],
    };
    const html = compareHtmlReport(withSeries);
    for (const id of ['overlay-throughput', 'overlay-p99']) {
      const figure = html.slice(html.indexOf(`id="${id}"`));
      const chart = figure.slice(0, figure.indexOf('</figure>'));
      const names = [...chart.matchAll(/data-series="([^"]+)"/g)].map((m) => m[1]);
      expect(names).toEqual(['0 = all', '1']);
    }
    expect(compareHtmlReport(withSeries)).toBe(html);
  });
});
