/**
 * The `sim` benchmark: the reference cluster of issue 3 (6 brokers, RF 3, 60 partitions, 6
 * producers, acks=all, linger.ms 5) at the same bytes per second two ways: 1,000,000 records/s of
 * 100 B and 100,000 records/s of 1 KiB, over 300 s of virtual time (30 s with --quick). Prints
 * events, wall time and speed (virtual seconds per wall second) for each, the medians of three
 * alternating repetitions, and the wall-time ratio of the two (cost should grow with requests,
 * not records). Targets: at least 50x faster than real time; ratio at most 1.3.
 */
import { loadScenarioFile, formatScenarioErrors } from '../sim/scenario/load.ts';
import { simulate } from '../sim/runner/run.ts';
import type { BenchOptions, PartResult } from './index.ts';
import type { BenchRow } from './table.ts';

const CASES = [
  { name: '1,000,000 rec/s x 100 B', file: 'bench/scenarios/reference-100b.yaml' },
  { name: '100,000 rec/s x 1 KiB', file: 'bench/scenarios/reference-1k.yaml' },
];
const REPETITIONS = 3;
const SPEED_TARGET = 50;
const RATIO_TARGET = 1.3;

interface Outcome {
  wallSeconds: number;
  virtualSeconds: number;
  events: number;
  requests: number;
}

async function runOnce(file: string, durationSeconds: number): Promise<Outcome> {
  const loaded = await loadScenarioFile(file, { sets: [`duration=${durationSeconds}s`] });
  if (!loaded.ok) throw new Error(formatScenarioErrors(loaded.errors));
  const startMs = performance.now();
  const result = simulate(loaded.scenario);
  const wallSeconds = (performance.now() - startMs) / 1000;
  const requests = result.cluster.producers.reduce((sum, p) => sum + p.stats.requestsSent, 0);
  return {
    wallSeconds,
    virtualSeconds: result.summary.virtualMs / 1000,
    events: result.summary.eventsCount,
    requests,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export async function run(options: BenchOptions): Promise<PartResult> {
  const durationSeconds = options.quick ? 30 : 300;
  const outcomes: Outcome[][] = CASES.map(() => []);
  for (let repetition = 0; repetition < REPETITIONS; repetition++) {
    for (let index = 0; index < CASES.length; index++) {
      const entry = CASES[index] as (typeof CASES)[number];
      (outcomes[index] as Outcome[]).push(await runOnce(entry.file, durationSeconds));
    }
  }
  const walls = outcomes.map((list) => median(list.map((outcome) => outcome.wallSeconds)));
  options.log(
    'case                        virtual s   wall s (median)   speed   events      produce requests',
  );
  CASES.forEach((entry, index) => {
    const list = outcomes[index] as Outcome[];
    const first = list[0] as Outcome;
    const wall = walls[index] as number;
    const speed = first.virtualSeconds / wall;
    options.log(
      `${entry.name.padEnd(28)}${first.virtualSeconds.toFixed(0).padStart(9)}` +
        `${wall.toFixed(2).padStart(18)}${`${speed.toFixed(1)}x`.padStart(8)}` +
        `${first.events.toLocaleString('en-US').padStart(12)}` +
        `${first.requests.toLocaleString('en-US').padStart(18)}` +
        `   (target >= ${SPEED_TARGET}x)`,
    );
  });
  const ratio = (walls[0] as number) / (walls[1] as number);
  options.log(
    `wall time ratio 100 B / 1 KiB: ${ratio.toFixed(2)} (target <= ${RATIO_TARGET}); ` +
      `wall times per repetition: ${outcomes
        .map((list) => list.map((outcome) => outcome.wallSeconds.toFixed(2)).join('/'))
        .join(' vs ')}`,
  );
  return { rows: summaryRows(outcomes, walls, durationSeconds) };
}

/** The final table's rows: each case's speed against real time, and the wall-time ratio. */
function summaryRows(outcomes: Outcome[][], walls: number[], durationSeconds: number): BenchRow[] {
  const rows: BenchRow[] = CASES.map((entry, index) => {
    const first = (outcomes[index] as Outcome[])[0] as Outcome;
    const speed = first.virtualSeconds / (walls[index] as number);
    return {
      part: 'sim',
      measure: `reference cluster, ${entry.name}, ${durationSeconds} s virtual`,
      value: { value: speed, unit: 'virtual s/wall s' },
      against: { label: 'real time', value: 1, unit: 'virtual s/wall s' },
      ratio: speed,
      target: { op: '>=', ratio: SPEED_TARGET },
      note: `median wall ${(walls[index] as number).toFixed(1)} s of ${REPETITIONS}; ${first.events.toLocaleString('en-US')} events`,
    };
  });
  const [wall100, wall1k] = walls as [number, number];
  rows.push({
    part: 'sim',
    measure: 'wall time, 100 B case vs 1 KiB case (same bytes/s)',
    value: { value: wall100, unit: 's' },
    against: { label: '1 KiB case', value: wall1k, unit: 's' },
    ratio: wall100 / wall1k,
    target: { op: '<=', ratio: RATIO_TARGET },
  });
  return rows;
}
