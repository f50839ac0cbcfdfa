/**
 * The one table `npm run bench` ends with: every part returns rows, this file formats them as a
 * Markdown table (padded so it also reads in a terminal) that docs/benchmarks.md quotes as is.
 * A row is a measured value, optionally set against a value measured side by side in the same
 * run (the ratio is value / against) and a target on that ratio, which the table marks met or
 * MISSED. Numbers are kept as numbers so `--json` carries them unformatted.
 */

export interface Quantity {
  value: number;
  unit: string;
}

export interface BenchRow {
  /** The part that measured it: engine, simpy, sim, scaling, trace. */
  part: string;
  measure: string;
  value?: Quantity;
  /** The baseline measured side by side: its label (e.g. "bare heap") and value. */
  against?: Quantity & { label: string };
  /** value / against.value, or a ratio that is the measure itself (e.g. speed vs real time). */
  ratio?: number;
  target?: { op: '>=' | '<='; ratio: number };
  note?: string;
}

const HEADER = ['part', 'measure', 'value', 'against', 'ratio', 'target', 'note'];

/** 3 significant digits, with k/M/G for large values; units after a space. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  const scaled: [number, string] =
    magnitude >= 1e9
      ? [value / 1e9, ' G']
      : magnitude >= 1e6
        ? [value / 1e6, ' M']
        : magnitude >= 1e4
          ? [value / 1e3, ' k']
          : [value, ''];
  const [number, suffix] = scaled;
  const abs = Math.abs(number);
  const digits = abs >= 100 || abs === 0 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return `${number.toFixed(digits)}${suffix}`;
}

/** Bytes as B, KiB, MiB or GiB (binary units, 3 significant digits). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let index = 0;
  while (Math.abs(value) >= 1024 && index < units.length - 1) {
    value /= 1024;
    index++;
  }
  const digits = index === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${units[index]}`;
}

export function formatQuantity(quantity: Quantity): string {
  if (quantity.unit === 'bytes') return formatBytes(quantity.value);
  const number = formatNumber(quantity.value);
  return quantity.unit === '' ? number : `${number} ${quantity.unit}`;
}

/** Whether the row's ratio meets its target; null when there is no target or no ratio. */
export function targetMet(row: BenchRow): boolean | null {
  if (row.target === undefined || row.ratio === undefined) return null;
  return row.target.op === '>=' ? row.ratio >= row.target.ratio : row.ratio <= row.target.ratio;
}

function cells(row: BenchRow): string[] {
  const met = targetMet(row);
  const target =
    row.target === undefined
      ? ''
      : `${row.target.op} ${row.target.ratio}x${met === null ? '' : met ? ' met' : ' MISSED'}`;
  return [
    row.part,
    row.measure,
    row.value === undefined ? '' : formatQuantity(row.value),
    row.against === undefined ? '' : `${row.against.label}: ${formatQuantity(row.against)}`,
    row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}x`,
    target,
    row.note ?? '',
  ].map((cell) => cell.replaceAll('|', '\\|'));
}

/** The rows as a Markdown table, columns padded to a common width. */
export function formatTable(rows: readonly BenchRow[]): string {
  const body = rows.map(cells);
  const widths = HEADER.map((title, column) =>
    Math.max(3, title.length, ...body.map((row) => (row[column] ?? '').length)),
  );
  const line = (values: string[]) =>
    `| ${values.map((value, column) => value.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  return [line(HEADER), rule, ...body.map(line)].join('\n');
}
