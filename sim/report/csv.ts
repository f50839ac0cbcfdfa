/**
 * Every series of a trace as CSV (`series.csv` under `kafkasim run --out`): a `timeS` column, then
 * one column per series in the trace's order, one row per sample. Numbers are printed as
 * JavaScript prints them (shortest round-trip form), so the file is byte-identical for a run.
 */
import type { Trace } from '../trace/types.ts';
import { csvCell } from './compareMarkdown.ts';

export function seriesCsv(trace: Trace): string {
  const names = Object.keys(trace.series.columns);
  const columns = names.map((name) => trace.series.columns[name] as number[]);
  const lines = [['timeS', ...names].map(csvCell).join(',')];
  trace.series.timeUs.forEach((timeUs, row) => {
    const cells = [String(timeUs / 1e6)];
    for (const values of columns) {
      const value = values[row];
      cells.push(value === undefined || value === null || Number.isNaN(value) ? '' : String(value));
    }
    lines.push(cells.join(','));
  });
  return lines.join('\n') + '\n';
}
