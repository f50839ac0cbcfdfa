/**
 * The `expect:` checks that failed in a comparison, run by run, for the end of `compare` and
 * `merge` (which then exit 3, as `run` does): one line per failed check, naming the variant's
 * values and the seed, at most FAILURES_SHOWN lines and a count of the rest. Pure.
 */
import { axisValue } from './compareTables.ts';
import type { CompareReportData } from './compareTypes.ts';
import { formatExpected } from './summary.ts';
import { formatFixed, formatInteger } from './table.ts';

export const FAILURES_SHOWN = 20;

function formatActual(value: number | null): string {
  if (value === null) return 'no such metric';
  if (Number.isInteger(value)) return formatInteger(value);
  return formatFixed(value, 3).replace(/0+$/, '').replace(/\.$/, '');
}

/** How many runs failed a check, of how many. */
export function expectationFailures(data: CompareReportData): { failed: number; runs: number } {
  let failed = 0;
  let runs = 0;
  for (const variant of data.variants) {
    for (const run of variant.runs) {
      runs += 1;
      if (run.expectations.some((e) => !e.pass)) failed += 1;
    }
  }
  return { failed, runs };
}

/** Every failed check, one line each (no indent): variant values, seed, check, actual, source. */
export function failedCheckLines(data: CompareReportData): string[] {
  const lines: string[] = [];
  for (const variant of data.variants) {
    const values = data.axes.map((axis) => `${axis.path}=${axisValue(variant, axis.path)}`);
    const name = values.length === 0 ? 'base' : values.join(' ');
    for (const run of variant.runs) {
      for (const e of run.expectations.filter((check) => !check.pass)) {
        lines.push(
          `${name}, seed ${run.seed}: ${e.metric} expected ${formatExpected(e)},` +
            ` actual ${formatActual(e.actual)} (${e.source})`,
        );
      }
    }
  }
  return lines;
}

/** At most `shown` lines, then a line counting the rest. */
export function capLines(lines: readonly string[], shown: number): string[] {
  const kept = lines.slice(0, shown);
  if (lines.length > kept.length) kept.push(`... and ${lines.length - kept.length} more`);
  return kept;
}

/** The headline of the failures: `the run` or `2 of 6 runs` failed an expect: check. */
export function failuresHeadline(data: CompareReportData): string {
  const { failed, runs } = expectationFailures(data);
  const runsText = runs === 1 ? 'the run' : `${failed} of ${runs} runs`;
  return `${runsText} failed an expect: check`;
}

/** The failed checks as text (ending in a newline), or '' when every check passed. */
export function formatExpectationFailures(data: CompareReportData): string {
  if (expectationFailures(data).failed === 0) return '';
  const shown = capLines(failedCheckLines(data), FAILURES_SHOWN).map((line) => `  ${line}`);
  return `${failuresHeadline(data)}:\n${shown.join('\n')}\n`;
}
