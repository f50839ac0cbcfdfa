/**
 * The HTML report of a comparison (`report.html` under `kafkasim compare --out` and `merge
 * --out`): the matrix tables with each column's best mean highlighted, and a chart of throughput
 * against produce p99 in which each variant is a point, red when it lost acknowledged records,
 * filled and joined when no other variant is at least as good on throughput, p99 and records lost
 * and better on one (the Pareto front: the settings that are never worse). Byte-identical for the
 * same result. Pure.
 */
import { paretoFront } from '../metrics/pareto.ts';
import { axisValue, bestOf, compareTables } from './compareTables.ts';
import type { CompareReportData } from './compareTypes.ts';
import { embeddedJson, escapeHtml, htmlPage, htmlTable } from './htmlPage.ts';
import { scatterChart, type ScatterPoint } from './svgChart.ts';
import { formatInteger, formatMs } from './table.ts';

const THROUGHPUT = 'produce.recordsPerSec';
const P99 = 'produce.latencyMs.p99';
const LOST = 'durability.ackedRecordsLost';

function variantLabel(data: CompareReportData, index: number): string {
  const variant = data.variants[index];
  if (variant === undefined || data.axes.length === 0) return 'base';
  return data.axes.map((axis) => axisValue(variant, axis.path)).join(' / ');
}

/** Each variant as a point (mean throughput, mean p99), marked on the front or not. */
export function frontPoints(data: CompareReportData): ScatterPoint[] {
  const means = data.variants.map((variant) => [
    variant.stats[THROUGHPUT]?.mean ?? 0,
    variant.stats[P99]?.mean ?? 0,
    variant.stats[LOST]?.mean ?? 0,
  ]);
  const front = paretoFront(means, ['higher', 'lower', 'lower']);
  return means.map(([throughput = 0, p99 = 0, lost = 0], index) => ({
    label: variantLabel(data, index),
    x: throughput,
    y: p99,
    onFront: front[index] === true,
    flagged: lost > 0,
    tooltip:
      `${variantLabel(data, index)}: ${formatInteger(throughput)} records/s, p99` +
      ` ${formatMs(p99)} ms, ${formatInteger(lost)} acknowledged records lost` +
      (front[index] === true ? ' (never worse)' : ''),
  }));
}

export function compareHtmlReport(data: CompareReportData): string {
  const tables = compareTables(data);
  // The value columns start after the axes (or the one "variant" column).
  const firstValue = Math.max(1, data.axes.length);
  const keysByTable = [
    [
      THROUGHPUT,
      'produce.latencyMs.p50',
      P99,
      'produce.latencyMs.p999',
      'consume.endToEndLatencyMs.p50',
      'consume.endToEndLatencyMs.p99',
      'consume.endToEndLatencyMs.p999',
    ],
    [
      LOST,
      'durability.duplicateRecords',
      'durability.reprocessedRecords',
      'availability.offlinePartitionMs',
      'availability.underReplicatedPartitionMs',
      'rebalancePausedPartitionMs',
    ],
  ];
  const rendered = tables.map((table, tableIndex) => {
    const keys = (keysByTable[tableIndex] ?? []).filter((key) =>
      data.variants.some((variant) => variant.stats[key] != null),
    );
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
    ...rendered,
    embeddedJson('compare-data', data),
  ];
  return htmlPage(`kafkasim comparison: ${data.scenario}`, body.join('\n'));
}
