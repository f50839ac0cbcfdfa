/**
 * The tables of a comparison (terminal, Markdown and HTML): one row per variant, one column per
 * `--vary` axis, then each figure as `mean ±half-width` of the 95% interval across seeds, the best
 * mean of each column marked with `*` (none when all are equal), and the busiest resource. Two
 * tables, performance and safety, so each fits a terminal. Pure.
 */
import type { CompareReportData, CompareReportVariant, CompareStats } from './compareTypes.ts';
import {
  formatDurationMs,
  formatInteger,
  formatMegabytesPerSec,
  formatMs,
  formatPercent,
  renderText,
  type Column,
  type Table,
} from './table.ts';

interface ColumnSpec {
  key: string;
  header: string;
  format: (value: number) => string;
  /** Shown only when some variant's mean is above zero (cross-zone traffic in one zone). */
  unlessZero?: true;
}

const PERFORMANCE: ColumnSpec[] = [
  { key: 'produce.recordsPerSec', header: 'records/s', format: formatInteger },
  { key: 'produce.latencyMs.p50', header: 'p50 ms', format: formatMs },
  { key: 'produce.latencyMs.p99', header: 'p99 ms', format: formatMs },
  { key: 'produce.latencyMs.p999', header: 'p99.9 ms', format: formatMs },
  { key: 'consume.endToEndLatencyMs.p50', header: 'e2e p50 ms', format: formatMs },
  { key: 'consume.endToEndLatencyMs.p99', header: 'e2e p99 ms', format: formatMs },
  { key: 'consume.endToEndLatencyMs.p999', header: 'e2e p99.9 ms', format: formatMs },
  {
    key: 'network.crossZoneBytesPerSec',
    header: 'cross-zone MB/s',
    format: formatMegabytesPerSec,
    unlessZero: true,
  },
];

const SAFETY: ColumnSpec[] = [
  { key: 'durability.ackedRecordsLost', header: 'acked lost', format: formatInteger },
  { key: 'durability.duplicateRecords', header: 'duplicates', format: formatInteger },
  { key: 'durability.reprocessedRecords', header: 'reprocessed', format: formatInteger },
  { key: 'availability.offlinePartitionMs', header: 'offline', format: formatDurationMs },
  {
    key: 'availability.underReplicatedPartitionMs',
    header: 'under-replicated',
    format: formatDurationMs,
  },
  {
    key: 'availability.underMinIsrPartitionMs',
    header: 'under min ISR',
    format: formatDurationMs,
    unlessZero: true,
  },
  { key: 'rebalancePausedPartitionMs', header: 'rebalance pause', format: formatDurationMs },
];

/** The header of an axis: the Kafka config name after `config.`, else the last part. */
export function axisHeader(path: string): string {
  const config = path.lastIndexOf('config.');
  if (config >= 0) return path.slice(config + 'config.'.length);
  return path.split('.').at(-1) ?? path;
}

/** `12.5 ±0.40`; the mean alone when there is no interval (one seed). */
export function formatStats(stats: CompareStats, format: (value: number) => string): string {
  if (stats.halfWidth95 === null) return format(stats.mean);
  return `${format(stats.mean)} ±${format(stats.halfWidth95)}`;
}

/** For each variant, whether its mean is the best of the column (none when all are equal). */
export function bestOf(data: CompareReportData, key: string): boolean[] {
  const better = data.metrics.find((metric) => metric.key === key)?.better ?? 'lower';
  const means = data.variants.map((variant) => variant.stats[key]?.mean ?? null);
  const known = means.filter((mean): mean is number => mean !== null);
  if (known.length < 2 || known.every((mean) => mean === known[0])) return means.map(() => false);
  const best = better === 'higher' ? Math.max(...known) : Math.min(...known);
  return means.map((mean) => mean === best);
}

/** The busiest resource of the variant's mean summary: `broker-1/nic/egress 97.0%`. */
export function bottleneckOf(variant: CompareReportVariant): string {
  const top = variant.mean.bottlenecks[0];
  return top === undefined ? 'none' : `${top.resource} ${formatPercent(top.busyRatio)}`;
}

/** The value of an axis in a variant, as written. */
export function axisValue(variant: CompareReportVariant, path: string): string {
  const value = variant.set[path];
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function matrixTable(
  data: CompareReportData,
  title: string,
  specs: ColumnSpec[],
  extra: { header: string; cell: (variant: CompareReportVariant) => string } | null,
): Table {
  const shown = shownSpecs(data, specs);
  const columns: Column[] = [
    ...data.axes.map((axis): Column => ({ header: axisHeader(axis.path), align: 'left' })),
    ...shown.map((spec): Column => ({ header: spec.header, align: 'right' })),
    ...(extra === null ? [] : [{ header: extra.header, align: 'left' } as Column]),
  ];
  if (data.axes.length === 0) columns.unshift({ header: 'variant', align: 'left' });
  const best = shown.map((spec) => bestOf(data, spec.key));
  const rows = data.variants.map((variant, row) => [
    ...(data.axes.length === 0 ? ['base'] : []),
    ...data.axes.map((axis) => axisValue(variant, axis.path)),
    ...shown.map((spec, column) => {
      const stats = variant.stats[spec.key];
      if (stats === null || stats === undefined) return '-';
      return formatStats(stats, spec.format) + (best[column]?.[row] === true ? ' *' : '');
    }),
    ...(extra === null ? [] : [extra.cell(variant)]),
  ]);
  return { title, columns, rows };
}

/** The columns with a figure in some variant (and above zero where a column asks for it). */
function shownSpecs(data: CompareReportData, specs: ColumnSpec[]): ColumnSpec[] {
  return specs.filter((spec) =>
    data.variants.some((v) => {
      const stats = v.stats[spec.key];
      return stats != null && (spec.unlessZero !== true || stats.mean > 0);
    }),
  );
}

/** The summary keys of the value columns of each table of compareTables, in order. */
export function compareTableKeys(data: CompareReportData): string[][] {
  return [PERFORMANCE, SAFETY].map((specs) => shownSpecs(data, specs).map((spec) => spec.key));
}

/** The two tables of a comparison. */
export function compareTables(data: CompareReportData): Table[] {
  const seeds = data.seeds.length;
  const across =
    seeds === 1
      ? `seed ${data.seeds[0]}`
      : `mean ±95% interval over ${seeds} seeds ${data.seeds[0]}-${data.seeds.at(-1)}`;
  return [
    matrixTable(data, `Throughput and latency (${across}; * best)`, PERFORMANCE, {
      header: 'bottleneck',
      cell: bottleneckOf,
    }),
    matrixTable(data, `Durability and availability (${across}; * best)`, SAFETY, null),
  ];
}

/** The terminal text of a comparison, ending with a newline. */
export function formatCompare(data: CompareReportData): string {
  const variants = data.variants.length;
  const header =
    `kafkasim compare: ${data.scenario} (${data.file}), ${variants} ` +
    `${variants === 1 ? 'variant' : 'variants'} x ${data.seeds.length} ` +
    `${data.seeds.length === 1 ? 'seed' : 'seeds'}`;
  return [header, ...compareTables(data).map(renderText)].join('\n\n') + '\n';
}
