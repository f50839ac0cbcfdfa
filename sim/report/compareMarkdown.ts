/**
 * A comparison as Markdown (`report.md` of `kafkasim compare --out`) and as CSV (`compare.csv`:
 * one row per variant, each axis, then each figure's mean and 95% half-width, empty where there
 * is none). Pure, locale-free: the same result gives the same bytes.
 */
import { expectationsMarkdown } from './compareExpectHtml.ts';
import { neverWorse, variantLabel } from './compareFront.ts';
import { compareTables } from './compareTables.ts';
import type { CompareReportData } from './compareTypes.ts';
import { escapeMarkdownCell, renderMarkdown } from './table.ts';

export function compareMarkdown(data: CompareReportData): string {
  const lines = [
    `# kafkasim comparison: ${escapeMarkdownCell(data.scenario)}`,
    '',
    `- Scenario file: \`${data.file}\``,
    `- Seeds: ${data.seeds.join(', ')}`,
    ...data.axes.map((axis) => `- Varied: \`${axis.path}\` = ${axis.values.join(', ')}`),
    ...(data.sets.length === 0 ? [] : [`- Set in every variant: \`${data.sets.join(' ')}\``]),
  ];
  const sections = [
    lines.join('\n'),
    ...compareTables(data).map(renderMarkdown),
    neverWorseMarkdown(data).join('\n'),
    expectationsMarkdown(data).join('\n'),
  ];
  return sections.filter((section) => section !== '').join('\n\n') + '\n';
}

/** The variants no other beats on throughput, p99 and records lost together. */
function neverWorseMarkdown(data: CompareReportData): string[] {
  if (data.variants.length < 2) return [];
  const front = neverWorse(data);
  const names = data.variants
    .map((_, index) => variantLabel(data, index))
    .filter((_, index) => front[index] === true);
  return [
    '## Never worse',
    '',
    'No other variant has at least the throughput, at most the produce p99 and at most the',
    'acknowledged records lost of these, and is better on one (means over the seeds):',
    '',
    ...names.map((name) => `- ${escapeMarkdownCell(name)}`),
  ];
}

/** A CSV cell: quoted when it holds a comma, a quote or a newline. */
export function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function number(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

export function compareCsv(data: CompareReportData): string {
  const header = [
    ...data.axes.map((axis) => axis.path),
    'seeds',
    ...data.metrics.flatMap((metric) => [metric.key, `${metric.key}.halfWidth95`]),
  ];
  const rows = data.variants.map((variant) => [
    ...data.axes.map((axis) => {
      const value = variant.set[axis.path];
      return typeof value === 'string' ? value : JSON.stringify(value);
    }),
    String(variant.runs.length),
    ...data.metrics.flatMap((metric) => {
      const stats = variant.stats[metric.key];
      return [number(stats?.mean), number(stats?.halfWidth95)];
    }),
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}
