/**
 * The `expect:` section of a comparison's report.html and report.md: which runs failed which
 * check (at most REPORT_FAILURES_SHOWN lines and a count of the rest), or that every check passed.
 * Nothing when the scenario has no `expect:` block. Pure.
 */
import {
  capLines,
  expectationFailures,
  failedCheckLines,
  failuresHeadline,
} from './compareExpect.ts';
import type { CompareReportData } from './compareTypes.ts';
import { escapeHtml } from './htmlPage.ts';
import { escapeMarkdownCell } from './table.ts';

export const REPORT_FAILURES_SHOWN = 200;

function checksCount(data: CompareReportData): number {
  let count = 0;
  for (const variant of data.variants) {
    for (const run of variant.runs) count += run.expectations.length;
  }
  return count;
}

function passedText(data: CompareReportData): string {
  const { runs } = expectationFailures(data);
  return `Every expect: check passed (${checksCount(data)} checks in ${runs} runs).`;
}

export function expectationsHtml(data: CompareReportData): string[] {
  if (checksCount(data) === 0) return [];
  if (expectationFailures(data).failed === 0) {
    return ['<h2>Expectations</h2>', `<p class="pass">${escapeHtml(passedText(data))}</p>`];
  }
  const lines = capLines(failedCheckLines(data), REPORT_FAILURES_SHOWN);
  return [
    '<h2>Expectations</h2>',
    `<p class="fail">${escapeHtml(failuresHeadline(data))}:</p>`,
    '<ul class="failures">',
    ...lines.map((line) => `<li>${escapeHtml(line)}</li>`),
    '</ul>',
  ];
}

export function expectationsMarkdown(data: CompareReportData): string[] {
  if (checksCount(data) === 0) return [];
  if (expectationFailures(data).failed === 0) return ['## Expectations', '', passedText(data)];
  const lines = capLines(failedCheckLines(data), REPORT_FAILURES_SHOWN);
  return [
    '## Expectations',
    '',
    `${failuresHeadline(data)}:`,
    '',
    ...lines.map((line) => `- ${escapeMarkdownCell(line)}`),
  ];
}
