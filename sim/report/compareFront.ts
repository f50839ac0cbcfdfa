/**
 * The variants of a comparison that are never worse: no other variant is at least as good on mean
 * throughput, mean produce p99 and mean acknowledged records lost, and better on one (the Pareto
 * front). Shared by the HTML chart and report.md. Pure.
 */
import { paretoFront } from '../metrics/pareto.ts';
import { axisValue } from './compareTables.ts';
import type { CompareReportData, CompareReportVariant } from './compareTypes.ts';

export const THROUGHPUT = 'produce.recordsPerSec';
export const P99 = 'produce.latencyMs.p99';
export const LOST = 'durability.ackedRecordsLost';

/** A variant's name: its axis values joined by ` / `, or `base` without axes. */
export function variantLabel(data: CompareReportData, index: number): string {
  const variant = data.variants[index];
  if (variant === undefined || data.axes.length === 0) return 'base';
  return data.axes.map((axis) => axisValue(variant, axis.path)).join(' / ');
}

/** Mean throughput, p99 and records lost (0 where a figure is missing). */
export function frontMeans(variant: CompareReportVariant): [number, number, number] {
  return [
    variant.stats[THROUGHPUT]?.mean ?? 0,
    variant.stats[P99]?.mean ?? 0,
    variant.stats[LOST]?.mean ?? 0,
  ];
}

/** For each variant, whether it is on the front. */
export function neverWorse(data: CompareReportData): boolean[] {
  const means = data.variants.map(frontMeans);
  return paretoFront(means, ['higher', 'lower', 'lower']);
}
