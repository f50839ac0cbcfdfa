/**
 * The HTML report of a comparison (`report.html` under `kafkasim compare --out` and `merge
 * --out`): the matrix tables with each column's best mean highlighted, and a chart of throughput
 * against produce p99 in which each variant is a point, red when it lost acknowledged records,
 * filled and joined when no other variant is at least as good on throughput, p99 and records lost
 * and better on one (the Pareto front: the settings that are never worse), and throughput and
 * produce p99 over time with one line per variant (the mean over its seeds). Byte-identical for
 * the same result. Pure.
 */
import { expectationsHtml } from './compareExpectHtml.ts';
import { frontMeans, neverWorse, variantLabel } from './compareFront.ts';
import { bestOf, compareTableKeys, compareTables } from './compareTables.ts';
import type { CompareReportData, CompareReportVariant } from './compareTypes.ts';
import { embeddedJson, escapeHtml, htmlPage, htmlTable } from './htmlPage.ts';
import { scatterChart, timeChart, type Line, type ScatterPoint } from './svgChart.ts';
import { formatInteger, formatMs } from './table.ts';

type SeriesOf = NonNullable<CompareReportVariant['series']>;

/** Each variant as a point (mean throughput, mean p99), marked on the front or not. */
export function frontPoints(data: CompareReportData): ScatterPoint[] {
  const front = neverWorse(data);
  return data.variants.map((variant, index) => {
    const [throughput, p99, lost] = frontMeans(variant);
    return {
      label: variantLabel(data, index),
      x: throughput,
      y: p99,
      onFront: front[index] === true,
      flagged: lost > 0,
      tooltip:
        `${variantLabel(data, index)}: ${formatInteger(throughput)} records/s, p99` +
        ` ${formatMs(p99)} ms, ${formatInteger(lost)} acknowledged records lost` +
        (front[index] === true ? ' (never worse)' : ''),
    };
  });
}

/**
 * One line per variant with series, its mean over the seeds on its own time grid; variants whose
 * series are the same share one line and one label (else the last drawn would hide the others).
 */
function overlayLines(data: CompareReportData): { throughput: Line[]; p99: Line[] } {
  const groups = new Map<string, { labels: string[]; series: SeriesOf }>();
  data.variants.forEach((variant, index) => {
    const series = variant.series;
    if (series === undefined) return;
    const key = JSON.stringify(series);
    const group = groups.get(key) ?? { labels: [], series };
    group.labels.push(variantLabel(data, index));
    groups.set(key, group);
  });
  const lines = (pick: (series: SeriesOf) => readonly (number | null)[]) =>
    [...groups.values()].map(({ labels, series }) => ({
      name: labels.join(' = '),
      values: pick(series),
      timeS: series.timeS,
    }));
  return { throughput: lines((s) => s.recordsPerSec), p99: lines((s) => s.produceP99Ms) };
}

/** Throughput and produce p99 over time, one line per variant; nothing without series. */
function overlayCharts(data: CompareReportData): string[] {
  const { throughput, p99 } = overlayLines(data);
  if (throughput.length === 0) return [];
  const seeds = data.seeds.length === 1 ? 'one seed' : `mean over ${data.seeds.length} seeds`;
  return [
    `<h2>Over time, per variant (${seeds})</h2>`,
    '<div class="charts">',
    timeChart({
      id: 'overlay-throughput',
      title: 'Produce throughput',
      unit: 'records/s',
      timeS: [],
      lines: throughput,
    }),
    timeChart({
      id: 'overlay-p99',
      title: 'Produce p99 latency (log scale)',
      unit: 'ms',
      timeS: [],
      lines: p99,
      yLog: true,
    }),
    '</div>',
  ];
}

export function compareHtmlReport(data: CompareReportData): string {
  const tables = compareTables(data);
  // The value columns start after the axes (or the one "variant" column).
  const firstValue = Math.max(1, data.axes.length);
  const keysByTable = compareTableKeys(data);
  const rendered = tables.map((table, tableIndex) => {
    const keys = keysByTable[tableIndex] ?? [];
    const best = keys.map((key) => bestOf(data, key));
    return htmlTable(table, {
      cellClass: (row, column) => (best[column - firstValue]?.[row] === true ? 'best' : ''),
    });
  });
  const seeds = data.seeds;
  const body = [
    `<h1>kafkasim comparison: ${escapeHtml(data.scenario)}</h1>`,
    `<p class="meta">Scenario file <code>${escapeHtml(data.file)}</code> · ` +
      `${data.variants.length} variants × ${seeds.length} seeds (${seeds.join(', ')})` +
      (data.sets.length === 0
        ? ''
        : ` · set in every variant: <code>${escapeHtml(data.sets.join(' '))}</code>`) +
      '</p>',
    '<ul class="meta">',
    ...data.axes.map(
      (axis) =>
        `<li>varied <code>${escapeHtml(axis.path)}</code>:` +
        ` ${escapeHtml(axis.values.join(', '))}</li>`,
    ),
    '</ul>',
    '<h2>Throughput vs p99 latency: which settings are never worse</h2>',
    '<div class="charts">',
    scatterChart(
      'front',
      'Mean throughput vs mean produce p99 per variant',
      { x: 'records/s', y: 'p99 ms' },
      frontPoints(data),
    ),
    '</div>',
    ...overlayCharts(data),
    ...rendered,
    ...expectationsHtml(data),
    embeddedJson('compare-data', data),
  ];
  return htmlPage(`kafkasim comparison: ${data.scenario}`, body.join('\n'));
}
