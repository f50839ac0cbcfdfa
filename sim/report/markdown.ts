/**
 * The Markdown report of one run (`report.md` under `kafkasim run --out`): the same tables as the
 * terminal summary, the warnings, and the trace's discrete events (faults, broker states, leader
 * and ISR changes, truncations, losses), the first EVENTS_LISTED_MAX of them with a count of the
 * rest. It takes only the deterministic part of the summary (no wall time), so the same scenario
 * and seed give a byte-identical report. Pure: no clock, no files.
 */
import type { Trace, TraceSummary } from '../trace/types.ts';
import { eventRows } from './eventRows.ts';
import { summaryTables } from './summary.ts';
import {
  escapeMarkdownCell,
  formatInteger,
  formatSeconds,
  renderMarkdown,
  type Table,
} from './table.ts';

export const EVENTS_LISTED_MAX = 200;

/** What the report reads from a run summary: the trace's summary and the trace hash. */
export type ReportSummary = TraceSummary & { traceHash: string };

function describe(trace: Trace): string {
  const scenario = trace.scenario;
  if (scenario === null || typeof scenario !== 'object') return '';
  const description = (scenario as Record<string, unknown>)['description'];
  return typeof description === 'string' ? description.trim() : '';
}

function header(summary: ReportSummary, trace: Trace): string {
  const description = describe(trace);
  const lines = [`# kafkasim report: ${summary.scenario}`, ''];
  if (description !== '') lines.push(escapeMarkdownCell(description), '');
  lines.push(
    `- Seed: ${summary.seed}`,
    `- Virtual time: ${formatSeconds(summary.virtualMs)}` +
      ` (${formatInteger(summary.eventsCount)} simulation events)`,
    `- Measured window: ${formatSeconds(summary.windowMs.from)}` +
      ` to ${formatSeconds(summary.windowMs.to)}`,
    `- Trace: ${trace.format} version ${trace.version}, hash \`${summary.traceHash}\``,
  );
  return lines.join('\n');
}

function warnings(summary: ReportSummary): string {
  const lines = ['## Warnings', ''];
  if (summary.warnings.length === 0) lines.push('_none_');
  for (const warning of summary.warnings) lines.push(`- ${escapeMarkdownCell(warning)}`);
  return lines.join('\n');
}

function events(trace: Trace): string {
  const all = eventRows(trace.events);
  const listed = all.slice(0, EVENTS_LISTED_MAX);
  const table: Table = {
    title: `Events (${formatInteger(trace.events.length)} in the trace)`,
    columns: [
      { header: 'time', align: 'right' },
      { header: 'kind', align: 'left' },
      { header: 'entity', align: 'left' },
      { header: 'what happened', align: 'left' },
    ],
    rows: listed.map((event) => [
      formatSeconds(event.atUs / 1000),
      event.kind,
      event.entity,
      event.message,
    ]),
    empty: 'none',
  };
  const parts = [renderMarkdown(table)];
  const rest = all.length - listed.length;
  if (rest > 0) {
    parts.push(`_…and ${formatInteger(rest)} more events, in trace.json._`);
  }
  if (trace.eventsDropped > 0) {
    parts.push(
      `_${formatInteger(trace.eventsDropped)} further events were not kept in the trace` +
        ' (its event list is bounded)._',
    );
  }
  return parts.join('\n\n');
}

/** The whole report, ending with a newline. */
export function markdownReport(summary: ReportSummary, trace: Trace): string {
  const parts = [
    header(summary, trace),
    ...summaryTables(summary).map(renderMarkdown),
    warnings(summary),
    events(trace),
  ];
  return parts.join('\n\n') + '\n';
}
