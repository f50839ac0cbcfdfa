/**
 * What the comparison reports read from a `kafkasim compare` result (the runner's CompareResult
 * has this shape and more; the report layer may not import the runner, so it names only what it
 * reads). Types only.
 */
import type { TraceSummary } from '../trace/types.ts';

export interface CompareStats {
  mean: number;
  halfWidth95: number | null;
}

export interface CompareReportVariant {
  set: Record<string, unknown>;
  runs: readonly (TraceSummary & { traceHash: string })[];
  mean: TraceSummary;
  stats: Record<string, CompareStats | null>;
  /** Mean over the seeds per sample; NaN or null where no run had a value (a gap). */
  series?: {
    timeS: readonly number[];
    recordsPerSec: readonly (number | null)[];
    produceP99Ms: readonly (number | null)[];
  };
}

export interface CompareReportData {
  scenario: string;
  file: string;
  sets: readonly string[];
  axes: readonly { path: string; values: readonly string[] }[];
  seeds: readonly number[];
  metrics: readonly { key: string; better: 'higher' | 'lower' }[];
  variants: readonly CompareReportVariant[];
}
