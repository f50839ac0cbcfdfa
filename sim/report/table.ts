/**
 * Tables for reports: one value type, `Table` (a title, column headers with an alignment, rows of
 * already-formatted cells), rendered either as fixed-width text for the terminal or as a
 * Markdown table. Also the number formatting every report shares. Everything here is pure and
 * locale-free (no `toLocaleString`, whose output depends on the machine's ICU data), so the same
 * inputs give byte-identical text anywhere.
 */

export type Align = 'left' | 'right';

export interface Column {
  header: string;
  align: Align;
}

export interface Table {
  title: string;
  columns: Column[];
  rows: string[][];
  /** Printed instead of the rows when there are none, e.g. "none". */
  empty?: string;
}

const GAP = '  ';

function pad(text: string, width: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, width - [...text].length));
  return align === 'right' ? fill + text : text + fill;
}

/** Fixed-width columns separated by two spaces, a title line and a rule under the headers. */
export function renderText(table: Table): string {
  const lines = [table.title];
  if (table.rows.length === 0) {
    lines.push(`  ${table.empty ?? 'none'}`);
    return lines.join('\n');
  }
  const widths = table.columns.map((column, index) =>
    Math.max([...column.header].length, ...table.rows.map((row) => [...(row[index] ?? '')].length)),
  );
  const line = (cells: string[]): string =>
    (
      '  ' +
      table.columns
        .map((column, index) => pad(cells[index] ?? '', widths[index] ?? 0, column.align))
        .join(GAP)
    ).trimEnd();
  lines.push(line(table.columns.map((column) => column.header)));
  lines.push(line(widths.map((width) => '-'.repeat(width))));
  for (const row of table.rows) lines.push(line(row));
  return lines.join('\n');
}

/** `|` would end a Markdown cell early, and a newline would end the row. */
export function escapeMarkdownCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A `##` heading and a GitHub-flavoured Markdown table (alignment in the separator row). */
export function renderMarkdown(table: Table): string {
  const lines = [`## ${table.title}`, ''];
  if (table.rows.length === 0) {
    lines.push(`_${table.empty ?? 'none'}_`);
    return lines.join('\n');
  }
  const row = (cells: string[]): string =>
    `| ${cells.map((cell) => escapeMarkdownCell(cell)).join(' | ')} |`;
  lines.push(row(table.columns.map((column) => column.header)));
  lines.push(`|${table.columns.map((c) => (c.align === 'right' ? ' ---: ' : ' --- ')).join('|')}|`);
  for (const cells of table.rows) {
    lines.push(row(table.columns.map((_, index) => cells[index] ?? '')));
  }
  return lines.join('\n');
}

/** 1234567 → "1,234,567"; rounds to an integer first. */
export function formatInteger(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const rounded = Math.round(value);
  const digits = String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return rounded < 0 ? `-${digits}` : digits;
}

/** A number with a fixed count of decimals and thousands separators: 52517.873 → "52,517.87". */
export function formatFixed(value: number, decimals: number): string {
  if (!Number.isFinite(value)) return String(value);
  const text = Math.abs(value).toFixed(decimals);
  const [whole = '0', fraction] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = value < 0 && Number(text) !== 0 ? '-' : '';
  return fraction === undefined ? sign + grouped : `${sign}${grouped}.${fraction}`;
}

/** Milliseconds with about four significant digits: 2.607, 48.25, 312.5, 1,204. */
export function formatMs(ms: number): string {
  const magnitude = Math.abs(ms);
  if (magnitude < 10) return formatFixed(ms, 3);
  if (magnitude < 100) return formatFixed(ms, 2);
  if (magnitude < 1000) return formatFixed(ms, 1);
  return formatInteger(ms);
}

/** A duration given in ms, in the unit a reader expects: "0 ms", "850 ms", "12.35 s". */
export function formatDurationMs(ms: number): string {
  if (ms === 0) return '0 ms';
  if (Math.abs(ms) < 1000) return `${Number.isInteger(ms) ? ms : formatMs(ms)} ms`;
  return `${formatFixed(ms / 1000, 2)} s`;
}

/** A time given in ms as seconds: 5000 → "5.0 s", 12345 → "12.345 s" (no trailing zeros). */
export function formatSeconds(ms: number): string {
  const text = (ms / 1000).toFixed(3).replace(/0+$/, '').replace(/\.$/, '.0');
  return `${text} s`;
}

/** 0.9781 → "97.8%". */
export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

/** Bytes per second as decimal megabytes per second (1 MB = 10^6 bytes): "52.52". */
export function formatMegabytesPerSec(bytesPerSec: number): string {
  return formatFixed(bytesPerSec / 1e6, 2);
}
