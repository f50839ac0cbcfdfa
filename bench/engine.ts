/**
 * The hold model (the classic event-set benchmark): P events pending; each handled event schedules
 * one new event at now + a delay drawn from an exponential stream (mean 1000 us, rounded), so the
 * queue stays at P. Four loops run the same workload with identically seeded alea streams:
 *   engine       Simulation.schedule / run, the real thing;
 *   EventQueue   the engine's structure-of-arrays heap driven directly, with a callback table;
 *   bare heap    a typed-array (time, seq) heap written here, calling a plain callback;
 *   object heap  a heap of entry objects { atUs, seq, label, run, cancelled } with a comparator.
 * engine/bare is the engine's overhead; EventQueue/objects checks the claim in eventQueue.ts
 * (~1.5x at 1,000 pending, ~2.5x at 100,000). All four must end at the same clock.
 */
import seedrandom from 'seedrandom';
import { EventQueue, Simulation } from '../sim/engine/index.ts';
import type { BenchOptions, PartResult } from './index.ts';
import type { BenchRow } from './table.ts';

const SEED = 1;
const MEAN_DELAY_US = 1000;
const REPETITIONS = 3;
const PENDING_COUNTS = [1_000, 100_000];
const TARGETS: Record<number, number> = { 1_000: 0.6, 100_000: 0.5 };

/** One run of a loop: the final clock (to check the loops agree) and the wall time. */
interface Outcome {
  nowUs: number;
  seconds: number;
}

export type Loop = (pendingCount: number, eventsCount: number) => Outcome;

/** The same delays as RandomStream.exponentialInt over sim.stream('hold'). */
function delays(): () => number {
  const next = seedrandom.alea(`${SEED}/hold`);
  return () => Math.round(-MEAN_DELAY_US * Math.log(1 - next()));
}

function timed(body: () => number): Outcome {
  const startMs = performance.now();
  const nowUs = body();
  return { nowUs, seconds: (performance.now() - startMs) / 1000 };
}

export const engineLoop: Loop = (pendingCount, eventsCount) => {
  const sim = new Simulation({ seed: SEED });
  const random = sim.stream('hold');
  const hold = () => {
    sim.schedule(random.exponentialInt(MEAN_DELAY_US), 'hold', hold);
  };
  for (let index = 0; index < pendingCount; index++) {
    sim.schedule(random.exponentialInt(MEAN_DELAY_US), 'hold', hold);
  }
  return timed(() => {
    const result = sim.run({ eventsMax: eventsCount });
    if (result.eventsCount !== eventsCount) throw new Error('engine ran short');
    return result.nowUs;
  });
};

const eventQueueLoop: Loop = (pendingCount, eventsCount) => {
  const queue = new EventQueue(1024);
  const delay = delays();
  const callbacks: Array<() => void> = [];
  let nowUs = 0;
  let seqNext = 0;
  const hold = () => {
    queue.push(nowUs + delay(), seqNext++, 0);
  };
  callbacks.push(hold);
  for (let index = 0; index < pendingCount; index++) queue.push(delay(), seqNext++, 0);
  return timed(() => {
    for (let index = 0; index < eventsCount; index++) {
      nowUs = queue.peekTimeUs();
      const callback = callbacks[queue.peekPayload()] as () => void;
      queue.pop();
      callback();
    }
    return nowUs;
  });
};

/** A minimal typed-array binary heap on (time, seq), fixed capacity: the reference loop. */
const bareLoop: Loop = (pendingCount, eventsCount) => {
  const times = new Float64Array(pendingCount + 1);
  const seqs = new Float64Array(pendingCount + 1);
  let size = 0;
  const push = (time: number, seq: number) => {
    let index = size++;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentTime = times[parent] as number;
      if (parentTime < time || (parentTime === time && (seqs[parent] as number) < seq)) break;
      times[index] = parentTime;
      seqs[index] = seqs[parent] as number;
      index = parent;
    }
    times[index] = time;
    seqs[index] = seq;
  };
  const pop = () => {
    const last = --size;
    const time = times[last] as number;
    const seq = seqs[last] as number;
    let index = 0;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= last) break;
      let childTime = times[child] as number;
      let childSeq = seqs[child] as number;
      if (child + 1 < last) {
        const rightTime = times[child + 1] as number;
        const rightSeq = seqs[child + 1] as number;
        if (rightTime < childTime || (rightTime === childTime && rightSeq < childSeq)) {
          child++;
          childTime = rightTime;
          childSeq = rightSeq;
        }
      }
      if (time < childTime || (time === childTime && seq < childSeq)) break;
      times[index] = childTime;
      seqs[index] = childSeq;
      index = child;
    }
    times[index] = time;
    seqs[index] = seq;
  };
  const delay = delays();
  let nowUs = 0;
  let seqNext = 0;
  const callback = () => push(nowUs + delay(), seqNext++);
  for (let index = 0; index < pendingCount; index++) push(delay(), seqNext++);
  return timed(() => {
    for (let index = 0; index < eventsCount; index++) {
      nowUs = times[0] as number;
      pop();
      callback();
    }
    return nowUs;
  });
};

interface Entry {
  atUs: number;
  seq: number;
  label: string;
  run: () => void;
  cancelled: boolean;
}

const byTimeThenSeq = (a: Entry, b: Entry) => a.atUs - b.atUs || a.seq - b.seq;

/** The design eventQueue.ts replaced: a binary heap of entry objects. */
const objectLoop: Loop = (pendingCount, eventsCount) => {
  const heap: Entry[] = [];
  const push = (entry: Entry) => {
    let index = heap.length;
    heap.push(entry);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentEntry = heap[parent] as Entry;
      if (byTimeThenSeq(parentEntry, entry) < 0) break;
      heap[index] = parentEntry;
      index = parent;
    }
    heap[index] = entry;
  };
  const pop = (): Entry => {
    const top = heap[0] as Entry;
    const moved = heap.pop() as Entry;
    const size = heap.length;
    if (size === 0) return top;
    let index = 0;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= size) break;
      if (child + 1 < size && byTimeThenSeq(heap[child + 1] as Entry, heap[child] as Entry) < 0) {
        child++;
      }
      const childEntry = heap[child] as Entry;
      if (byTimeThenSeq(moved, childEntry) < 0) break;
      heap[index] = childEntry;
      index = child;
    }
    heap[index] = moved;
    return top;
  };
  const delay = delays();
  let nowUs = 0;
  let seqNext = 0;
  const hold = () => {
    push({ atUs: nowUs + delay(), seq: seqNext++, label: 'hold', run: hold, cancelled: false });
  };
  for (let index = 0; index < pendingCount; index++) {
    push({ atUs: delay(), seq: seqNext++, label: 'hold', run: hold, cancelled: false });
  }
  return timed(() => {
    for (let index = 0; index < eventsCount; index++) {
      const entry = pop();
      nowUs = entry.atUs;
      if (!entry.cancelled) entry.run();
    }
    return nowUs;
  });
};

const LOOPS: Record<string, Loop> = {
  engine: engineLoop,
  EventQueue: eventQueueLoop,
  'bare heap': bareLoop,
  'object heap': objectLoop,
};

export function median(values: number[]): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[sorted.length >> 1] as number;
}

function millions(eventsPerSec: number): string {
  return `${(eventsPerSec / 1e6).toFixed(2)}M`;
}

export function run(options: BenchOptions): PartResult {
  const eventsCount = options.quick ? 1_000_000 : 10_000_000;
  const names = Object.keys(LOOPS);
  options.log(
    `hold model, ${eventsCount.toLocaleString('en-US')} events per run, exponential delays ` +
      `(mean ${MEAN_DELAY_US} us), median events/s of ${REPETITIONS} alternating repetitions`,
  );
  for (const loop of Object.values(LOOPS)) loop(1_000, 200_000); // warm up the JIT
  const header = ['pending', ...names, 'engine/bare', 'target', 'EventQueue/objects'];
  const rows: string[][] = [];
  const benchRows: BenchRow[] = [];
  let missed = false;
  for (const pendingCount of PENDING_COUNTS) {
    const rates = new Map<string, number[]>(names.map((name) => [name, []]));
    const clocks = new Set<number>();
    for (let repetition = 0; repetition < REPETITIONS; repetition++) {
      // Alternate the loops within each repetition so machine noise hits them all alike.
      for (const name of repetition % 2 === 0 ? names : [...names].reverse()) {
        const outcome = (LOOPS[name] as Loop)(pendingCount, eventsCount);
        rates.get(name)?.push(eventsCount / outcome.seconds);
        clocks.add(outcome.nowUs);
      }
    }
    if (clocks.size !== 1) throw new Error(`loops disagree on the final clock: ${[...clocks]}`);
    const medians = names.map((name) => median(rates.get(name) ?? []));
    const [engine, eventQueue, bare, objects] = medians as [number, number, number, number];
    const target = TARGETS[pendingCount] ?? 0;
    missed ||= engine / bare < target;
    rows.push([
      pendingCount.toLocaleString('en-US'),
      ...medians.map(millions),
      `${(engine / bare).toFixed(2)}x`,
      `>= ${target}x${engine / bare < target ? ' MISSED' : ''}`,
      `${(eventQueue / objects).toFixed(2)}x`,
    ]);
    benchRows.push(...summaryRows(pendingCount, medians, target, rates));
  }
  printTable(header, rows, options.log);
  options.log(missed ? 'engine/bare target MISSED' : 'engine/bare targets met');
  return { rows: benchRows };
}

/** The final table's rows for one queue size: engine vs bare, and the SoA queue vs objects. */
function summaryRows(
  pendingCount: number,
  medians: number[],
  target: number,
  rates: Map<string, number[]>,
): BenchRow[] {
  const spread = (name: string) =>
    `${name} ${(rates.get(name) ?? []).map((rate) => (rate / 1e6).toFixed(2)).join('/')}`;
  const [engine, eventQueue, bare, objects] = medians as [number, number, number, number];
  const pending = `${pendingCount.toLocaleString('en-US')} pending`;
  return [
    {
      part: 'engine',
      measure: `hold model, ${pending}: Simulation`,
      value: { value: engine, unit: 'events/s' },
      against: { label: 'bare typed-array heap', value: bare, unit: 'events/s' },
      ratio: engine / bare,
      target: { op: '>=', ratio: target },
      note: `M events/s per run: ${spread('engine')}, ${spread('bare heap')}`,
    },
    {
      part: 'engine',
      measure: `hold model, ${pending}: SoA EventQueue`,
      value: { value: eventQueue, unit: 'events/s' },
      against: { label: 'heap of objects', value: objects, unit: 'events/s' },
      ratio: eventQueue / objects,
      note: `M events/s per run: ${spread('EventQueue')}, ${spread('object heap')}`,
    },
  ];
}

function printTable(header: string[], rows: string[][], log: (line: string) => void): void {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const format = (cells: string[]) =>
    cells.map((cell, column) => cell.padStart(widths[column] ?? 0)).join('  ');
  log(format(header));
  for (const row of rows) log(format(row));
}
