/**
 * The frame of the HTML reports: one self-contained page (inline CSS, no script, no fonts or
 * images from the network) that opens from disk, escaping of every text that comes from a trace
 * or a scenario, report tables as HTML tables, and data embedded as JSON where no `<` can end the
 * script element early. Pure: the same input gives the same bytes.
 */
import type { Table } from './table.ts';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text or attribute value → HTML that shows it literally. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** JSON for a `<script type="application/json">` block: `<` as \u003c, so nothing ends it. */
export function embeddedJson(id: string, value: unknown): string {
  const json = JSON.stringify(value).replace(/</g, '\\u003c');
  return `<script type="application/json" id="${escapeHtml(id)}">${json}</script>`;
}

const CSS = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #5b6470; --line: #d8dde3; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1180px; padding: 24px; color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
.meta { color: var(--muted); margin: 0 0 16px; } .meta code { color: var(--ink); }
table { border-collapse: collapse; margin: 4px 0 12px; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 10px; border-bottom: 1px solid var(--line); white-space: nowrap; }
th { text-align: left; font-weight: 600; background: #f4f6f8; }
td.right, th.right { text-align: right; }
td.best { font-weight: 700; background: #e7f5e9; }
tr.fail td { background: #fdecec; } .empty { color: var(--muted); font-style: italic; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 12px; }
figure.chart { margin: 0; padding: 8px; border: 1px solid var(--line); border-radius: 6px; }
.chart-svg { width: 100%; height: auto; display: block; }
.chart-title { font-weight: 600; font-size: 13px; fill: var(--ink); }
.tick, .label { font-size: 11px; fill: var(--muted); }
.grid { stroke: #eef1f4; } .axis { stroke: #9aa4ae; }
.line { fill: none; stroke-width: 1.5; stroke-linejoin: round; }
.period { fill: #f7b267; fill-opacity: 0.3; } .marker { stroke: #b23a48; stroke-dasharray: 4 3; }
.legend { font-size: 12px; color: var(--muted); padding: 4px 0 0 56px; }
.legend span { margin-right: 12px; white-space: nowrap; }
.legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px;
  border-radius: 2px; }
.point circle { fill: #fff; stroke: #1f77b4; stroke-width: 2; }
.point.on-front circle { fill: #1f77b4; } .point.flagged circle { stroke: #d62728; }
.point.on-front.flagged circle { fill: #d62728; } .point text { font-size: 11px; fill: var(--ink); }
.front { fill: none; stroke: #1f77b4; stroke-width: 1.5; stroke-dasharray: 6 3; }
.swatch-front { background: #1f77b4; } .swatch-flagged { background: #d62728; }
.scroll { overflow-x: auto; }
p.pass { color: #1e7b34; } p.fail { color: #b23a48; font-weight: 600; }
ul.failures { font: 12px/1.5 ui-monospace, monospace; }
`;

/** The whole page. `body` is already HTML. */
export function htmlPage(title: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A report table as HTML; `cellClass(row, column)` may add classes (e.g. "best"). */
export function htmlTable(
  table: Table,
  options: {
    rowClass?: (row: number) => string;
    cellClass?: (row: number, column: number) => string;
  } = {},
): string {
  const parts = [`<h2>${escapeHtml(table.title)}</h2>`];
  if (table.rows.length === 0) {
    parts.push(`<p class="empty">${escapeHtml(table.empty ?? 'none')}</p>`);
    return parts.join('\n');
  }
  const align = (index: number) => (table.columns[index]?.align === 'right' ? 'right' : '');
  const head = table.columns
    .map((column, index) => `<th class="${align(index)}">${escapeHtml(column.header)}</th>`)
    .join('');
  const rows = table.rows.map((cells, row) => {
    const tds = table.columns.map((_, column) => {
      const extra = options.cellClass?.(row, column) ?? '';
      const cls = [align(column), extra].filter((c) => c !== '').join(' ');
      return `<td class="${cls}">${escapeHtml(cells[column] ?? '')}</td>`;
    });
    const rowClass = options.rowClass?.(row) ?? '';
    return `<tr${rowClass === '' ? '' : ` class="${rowClass}"`}>${tds.join('')}</tr>`;
  });
  parts.push(
    `<div class="scroll"><table><thead><tr>${head}</tr></thead>` +
      `<tbody>\n${rows.join('\n')}\n</tbody></table></div>`,
  );
  return parts.join('\n');
}
