/**
 * The HTML report of one run (`report.html` under `kafkasim run --out`): the summary tables, the
 * charts of the trace's series (throughput, produce latency percentiles, end-to-end latency, lag
 * per group, under-replicated and offline partitions, and each broker's NIC, disk and CPU use with
 * its bottleneck periods shaded), fault markers on every chart, the warnings, the `expect:`
 * results and the event list. One self-contained file, byte-identical for the same run (no wall
 * time: it reads only the deterministic summary and the trace). Pure.
 */
import type { Trace } from '../trace/types.ts';
import { EVENTS_LISTED_MAX, type ReportSummary } from './markdown.ts';
import { embeddedJson, escapeHtml, htmlPage, htmlTable } from './htmlPage.ts';
import { eventRows } from './eventRows.ts';
import { summaryTables } from './summary.ts';
import { timeChart, type Line, type Marker, type Period, type TimeChart } from './svgChart.ts';
import { formatInteger, formatSeconds } from './table.ts';

const BROKER_RESOURCES = [
  'nic.ingress',
  'nic.egress',
  'disk.write',
  'disk.read',
  'cpu.io',
  'cpu.network',
  'cpu.cores',
];

function column(trace: Trace, name: string, scale = 1): Line | null {
  const values = trace.series.columns[name];
  if (values === undefined) return null;
  return { name, values: scale === 1 ? values : values.map((value) => value * scale) };
}

function lines(trace: Trace, names: readonly string[], scale = 1): Line[] {
  return names.map((name) => column(trace, name, scale)).filter((l): l is Line => l !== null);
}

function named(trace: Trace, pattern: RegExp): string[] {
  return Object.keys(trace.series.columns).filter((name) => pattern.test(name));
}

/** The broker numbers that have utilisation columns, in column order. */
function brokersOf(trace: Trace): string[] {
  const brokers: string[] = [];
  for (const name of named(trace, /^broker-\d+\.nic\.ingress$/)) {
    brokers.push(name.slice(0, name.indexOf('.')));
  }
  return brokers;
}

function periodsOf(summary: ReportSummary, broker: string): Period[] {
  return summary.bottlenecks
    .filter((b) => b.resource.startsWith(`${broker}/`) && b.busyRatio >= 0.9)
    .map((b) => ({
      fromS: b.fromMs / 1000,
      toS: b.toMs / 1000,
      label:
        `${b.resource} ${(b.busyRatio * 100).toFixed(1)}% busy ${formatSeconds(b.fromMs)}` +
        ` to ${formatSeconds(b.toMs)}`,
    }));
}

/** Every chart the trace has data for. */
export function runCharts(summary: ReportSummary, trace: Trace): TimeChart[] {
  const timeS = trace.series.timeUs.map((us) => us / 1e6);
  const markers: Marker[] = trace.events
    .filter((event) => event.kind === 'fault')
    .map((event) => ({
      atS: event.atUs / 1e6,
      label: `${formatSeconds(event.atUs / 1000)} ${event.message}`,
    }));
  const charts: TimeChart[] = [];
  const add = (id: string, title: string, unit: string, found: Line[], yMax?: number) => {
    if (found.length === 0) return;
    charts.push({
      id,
      title,
      unit,
      timeS,
      lines: found,
      markers,
      ...(yMax === undefined ? {} : { yMax }),
    });
  };
  add(
    'throughput',
    'Throughput',
    'records/s',
    lines(trace, [
      'produce.recordsPerSec',
      'consume.recordsPerSec',
      ...named(trace, /^topic\..*\.recordsPerSec$/),
    ]),
  );
  add(
    'produce-latency',
    'Produce latency percentiles',
    'ms',
    lines(trace, ['produce.p50Ms', 'produce.p99Ms', 'produce.p999Ms']),
  );
  add('e2e-latency', 'End-to-end latency (p99)', 'ms', lines(trace, ['consume.endToEndP99Ms']));
  add('lag', 'Consumer lag per group', 'records', lines(trace, named(trace, /^group\..*\.lag$/)));
  add(
    'partitions',
    'Under-replicated, under min ISR and offline partitions',
    'partitions',
    lines(trace, [
      'cluster.underReplicatedPartitions',
      'cluster.underMinIsrPartitions',
      'cluster.offlinePartitions',
    ]),
  );
  for (const broker of brokersOf(trace)) {
    const found = lines(
      trace,
      BROKER_RESOURCES.map((resource) => `${broker}.${resource}`),
      100,
      // The chart's title names the broker; the legend names the resource.
    ).map((line) => ({ ...line, name: line.name.slice(broker.length + 1) }));
    if (found.length === 0) continue;
    charts.push({
      id: `use-${broker}`,
      title: `${broker}: NIC, disk and CPU use (bottleneck periods shaded)`,
      unit: '% busy',
      timeS,
      lines: found,
      markers,
      periods: periodsOf(summary, broker),
      yMax: 100,
    });
  }
  return charts;
}

function header(summary: ReportSummary, trace: Trace): string {
  const scenario = trace.scenario as Record<string, unknown> | null;
  const description = typeof scenario?.['description'] === 'string' ? scenario['description'] : '';
  return [
    `<h1>kafkasim report: ${escapeHtml(summary.scenario)}</h1>`,
    description === '' ? '' : `<p>${escapeHtml(description.trim())}</p>`,
    `<p class="meta">Seed ${summary.seed} · virtual time ${formatSeconds(summary.virtualMs)}` +
      ` (${formatInteger(summary.eventsCount)} simulation events) · measured` +
      ` ${formatSeconds(summary.windowMs.from)} to ${formatSeconds(summary.windowMs.to)} ·` +
      ` trace ${escapeHtml(trace.format)} v${trace.version}, hash` +
      ` <code>${escapeHtml(summary.traceHash)}</code></p>`,
  ].join('\n');
}

function eventsSection(trace: Trace): string {
  const all = eventRows(trace.events);
  const listed = all.slice(0, EVENTS_LISTED_MAX);
  const rows = listed.map(
    (event) =>
      `<tr><td class="right">${formatSeconds(event.atUs / 1000)}</td>` +
      `<td>${escapeHtml(event.kind)}</td><td>${escapeHtml(event.entity)}</td>` +
      `<td>${escapeHtml(event.message)}</td></tr>`,
  );
  const parts = [`<h2>Events (${formatInteger(trace.events.length)} in the trace)</h2>`];
  if (rows.length === 0) parts.push('<p class="empty">none</p>');
  else {
    parts.push(
      '<div class="scroll"><table><thead><tr><th class="right">time</th><th>kind</th>' +
        `<th>entity</th><th>what happened</th></tr></thead><tbody>\n${rows.join('\n')}\n` +
        '</tbody></table></div>',
    );
  }
  const rest = all.length - listed.length;
  if (rest > 0) parts.push(`<p class="empty">…and ${formatInteger(rest)} more, in trace.json.</p>`);
  if (trace.eventsDropped > 0) {
    parts.push(
      `<p class="empty">${formatInteger(trace.eventsDropped)} further events were not kept in` +
        ' the trace (its event list is bounded).</p>',
    );
  }
  return parts.join('\n');
}

/** The summary without wall-clock figures (a RunSummary's wallMs), so reports stay identical. */
function deterministic(summary: ReportSummary): ReportSummary {
  const { wallMs: _wallMs, ...rest } = summary as ReportSummary & { wallMs?: number };
  return rest;
}

/** The whole report page. */
export function runHtmlReport(summary: ReportSummary, trace: Trace): string {
  const tables = summaryTables(summary).map((table) =>
    htmlTable(table, { rowClass: (row) => (table.rows[row]?.[0] === 'FAIL' ? 'fail' : '') }),
  );
  const warnings =
    summary.warnings.length === 0
      ? '<p class="empty">none</p>'
      : `<ul>${summary.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`;
  const body = [
    header(summary, trace),
    '<h2>Charts</h2>',
    `<div class="charts">\n${runCharts(summary, trace).map(timeChart).join('\n')}\n</div>`,
    ...tables,
    `<h2>Warnings</h2>\n${warnings}`,
    eventsSection(trace),
    embeddedJson('summary-data', deterministic(summary)),
  ];
  return htmlPage(`kafkasim report: ${summary.scenario}`, body.join('\n'));
}
