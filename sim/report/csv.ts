/**
 * Series as CSV. `series.csv` under `kafkasim run --out`: a `timeS` column, then one column per
 * series in the trace's order, one row per sample. `compare-series.csv` under `compare --out`: the
 * series each variant carries (the mean over its seeds), in long form: the axes' values, `timeS`,
 * then one column per series, one row per variant and point. Numbers are printed as JavaScript
 * prints them (shortest round-trip form); a gap (NaN or null) is an empty cell. Byte-identical for
 * the same input.
 */
import type { Trace } from '../trace/types.ts';
import { csvCell } from './compareMarkdown.ts';
import { axisValue } from './compareTables.ts';
import type { CompareReportData } from './compareTypes.ts';

function cell(value: number | null | undefined): string {
  return value === undefined || value === null || Number.isNaN(value) ? '' : String(value);
}

export function seriesCsv(trace: Trace): string {
  const names = Object.keys(trace.series.columns);
  const columns = names.map((name) => trace.series.columns[name] as number[]);
  const lines = [['timeS', ...names].map(csvCell).join(',')];
  trace.series.timeUs.forEach((timeUs, row) => {
    const cells = [String(timeUs / 1e6)];
    for (const values of columns) cells.push(cell(values[row]));
    lines.push(cells.join(','));
  });
  return lines.join('\n') + '\n';
}

export function compareSeriesCsv(data: CompareReportData): string {
  const axes = data.axes.length === 0 ? ['variant'] : data.axes.map((axis) => axis.path);
  const lines = [[...axes, 'timeS', 'recordsPerSec', 'produceP99Ms'].map(csvCell).join(',')];
  for (const variant of data.variants) {
    const series = variant.series;
    if (series === undefined) continue;
    const values =
      data.axes.length === 0 ? ['base'] : data.axes.map((axis) => axisValue(variant, axis.path));
    series.timeS.forEach((timeS, index) => {
      const numbers = [series.recordsPerSec[index], series.produceP99Ms[index]].map(cell);
      lines.push([...values.map(csvCell), String(timeS), ...numbers].join(','));
    });
  }
  return lines.join('\n') + '\n';
}
