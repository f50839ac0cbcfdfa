/**
 * The `simpy` part: the hold model of bench/engine.ts run by the engine (Simulation) and by SimPy
 * 3 (bench/simpy_hold.py) side by side in one run, at 1,000 and 100,000 pending events, the same
 * number of handled events each, alternating, medians of three. SimPy is timed twice per call:
 * with a callback per Timeout (the engine's own shape: schedule(delay, label, callback)) and as
 * generator processes (SimPy's usual style). The interpreter is the first of `python3` and
 * /usr/bin/python3 that can `import simpy` (Debian's python3-simpy3 installs it for the system
 * Python only); without one the part says so and measures nothing.
 */
import { spawnSync } from 'node:child_process';
import type { BenchOptions, PartResult } from './index.ts';
import { engineLoop, median } from './engine.ts';
import type { BenchRow } from './table.ts';

const INTERPRETERS = ['python3', '/usr/bin/python3'];
const SCRIPT = 'bench/simpy_hold.py';
const PENDING_COUNTS = [1_000, 100_000];
const REPETITIONS = 3;

interface SimpyTiming {
  seconds: number;
  eventsPerSec: number;
  nowUs: number;
}

interface SimpyOutcome {
  simpy: string;
  python: string;
  callback: SimpyTiming;
  process: SimpyTiming;
}

/** The first interpreter that imports simpy, or null. */
export function findSimpyPython(): string | null {
  for (const python of INTERPRETERS) {
    const probe = spawnSync(python, ['-c', 'import simpy'], { stdio: 'ignore' });
    if (probe.status === 0) return python;
  }
  return null;
}

function runSimpy(python: string, pendingCount: number, eventsCount: number): SimpyOutcome {
  const child = spawnSync(python, [SCRIPT, String(pendingCount), String(eventsCount)], {
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`${python} ${SCRIPT} failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as SimpyOutcome;
}

export function run(options: BenchOptions): PartResult {
  const python = findSimpyPython();
  if (python === null) {
    options.log('no python3 can import simpy (Debian: apt-get install python3-simpy3); skipped');
    return {
      rows: [{ part: 'simpy', measure: 'hold model vs SimPy 3', note: 'not measured: no simpy' }],
    };
  }
  const eventsCount = options.quick ? 200_000 : 2_000_000;
  engineLoop(1_000, 200_000); // warm up the JIT
  const rows: BenchRow[] = [];
  let version = '';
  for (const pendingCount of PENDING_COUNTS) {
    const engine: number[] = [];
    const callback: number[] = [];
    const process: number[] = [];
    for (let repetition = 0; repetition < REPETITIONS; repetition++) {
      const measureEngine = () => {
        engine.push(eventsCount / engineLoop(pendingCount, eventsCount).seconds);
      };
      const measureSimpy = () => {
        const outcome = runSimpy(python, pendingCount, eventsCount);
        version = `SimPy ${outcome.simpy}, Python ${outcome.python}`;
        callback.push(outcome.callback.eventsPerSec);
        process.push(outcome.process.eventsPerSec);
      };
      if (repetition % 2 === 0) (measureEngine(), measureSimpy());
      else (measureSimpy(), measureEngine());
    }
    const perSec = (values: number[]) => values.map((v) => `${(v / 1e6).toFixed(2)}M`).join('/');
    options.log(
      `${pendingCount.toLocaleString('en-US')} pending, ${eventsCount.toLocaleString('en-US')} ` +
        `events: engine ${perSec(engine)}, SimPy callback ${perSec(callback)}, ` +
        `process ${perSec(process)} events/s (${version}, ${python})`,
    );
    rows.push(...summaryRows(pendingCount, median(engine), median(callback), median(process)));
  }
  return { rows };
}

function summaryRows(pendingCount: number, engine: number, callback: number, process: number) {
  const pending = `${pendingCount.toLocaleString('en-US')} pending`;
  const row = (label: string, simpy: number): BenchRow => ({
    part: 'simpy',
    measure: `hold model, ${pending}: Simulation vs SimPy 3 ${label}`,
    value: { value: engine, unit: 'events/s' },
    against: { label: `SimPy ${label}`, value: simpy, unit: 'events/s' },
    ratio: engine / simpy,
  });
  return [row('callbacks', callback), row('processes', process)];
}
