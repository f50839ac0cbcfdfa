/**
 * `npm run validate`: runs every scenario under scenarios/validation/ (the calibration cases of
 * published-results.md) and prints, for each `expect:` line, the simulated value against the
 * published range with pass/fail, plus the run's speed. Exit code 1 if any expectation fails.
 * Options: a file name filter as the first argument (e.g. `npm run validate -- v2`).
 */
import { readdir } from 'node:fs/promises';
import { formatScenarioErrors, loadScenarioFile } from '../sim/scenario/load.ts';
import { simulate } from '../sim/runner/run.ts';

const DIRECTORY = 'scenarios/validation';

function formatRange(op: string, values: number[]): string {
  const [first = NaN, second = NaN] = values;
  if (op === 'between') return `${first} .. ${second}`;
  if (op === 'atLeast') return `>= ${first}`;
  if (op === 'atMost') return `<= ${first}`;
  return `= ${first}`;
}

async function main(): Promise<number> {
  const filter = process.argv[2] ?? '';
  const files = (await readdir(DIRECTORY))
    .filter((name) => name.endsWith('.yaml') && name.includes(filter))
    .sort();
  let failures = 0;
  const rows: string[] = [];
  for (const name of files) {
    const path = `${DIRECTORY}/${name}`;
    const loaded = await loadScenarioFile(path);
    if (!loaded.ok) {
      console.error(formatScenarioErrors(loaded.errors));
      failures++;
      continue;
    }
    const startMs = performance.now();
    const result = simulate(loaded.scenario);
    const wallSeconds = (performance.now() - startMs) / 1000;
    for (const expectation of result.summary.expectations) {
      if (!expectation.pass) failures++;
      rows.push(
        [
          name.replace('.yaml', '').padEnd(38),
          expectation.metric.padEnd(36),
          String(expectation.actual).padStart(14),
          formatRange(expectation.op, expectation.values).padStart(24),
          expectation.pass ? 'pass' : 'MISS',
        ].join('  '),
      );
    }
    console.error(
      `${name}: ${(result.summary.virtualMs / 1000).toFixed(0)} s virtual in ${wallSeconds.toFixed(1)} s`,
    );
  }
  console.log(
    [
      'case'.padEnd(38),
      'metric'.padEnd(36),
      'simulated'.padStart(14),
      'published range'.padStart(24),
      'result',
    ].join('  '),
  );
  for (const row of rows) console.log(row);
  return failures === 0 ? 0 : 1;
}

process.exitCode = await main();
