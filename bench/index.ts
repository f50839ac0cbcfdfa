/**
 * `npm run bench [-- <part>...] [--quick] [--json] [--svg] [--hour] [--hour-trace DIR]`: runs the
 * named parts, or all of them, and ends with ONE table (Markdown, as docs/benchmarks.md quotes
 * it) of every part's rows; each part also prints its own detail as it goes (on stderr with
 * --json, whose stdout is one JSON document). To add a part, write bench/<name>.ts exporting
 * `run(options: BenchOptions): PartResult` and register it in PARTS below. Benchmarks read the
 * wall clock; nothing here is part of a simulation run.
 */
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { formatTable, type BenchRow } from './table.ts';
import { parseBenchArgs, usage, type BenchArgs } from './args.ts';

export interface BenchOptions {
  /** A short run for a quick check (about a tenth of the full work). */
  quick: boolean;
  /** Where a part's detail lines go: stdout, or stderr with --json. */
  log: (line: string) => void;
  /** --hour: the trace part runs the reference scenario for 3,600 s of virtual time. */
  hour: boolean;
  /** --hour-trace DIR: the trace part reads DIR/trace.json of such a run instead. */
  hourTraceDir: string | null;
}

export interface PartResult {
  rows: BenchRow[];
  /** Raw measurements kept in --json (the scaling points, for the chart). */
  data?: unknown;
}

interface PartModule {
  run(options: BenchOptions): PartResult | Promise<PartResult>;
}

/** Name → module, in the order `npm run bench` runs them. */
export const PARTS: Record<string, { describe: string; load: () => Promise<PartModule> }> = {
  engine: {
    describe: 'hold model: Simulation vs a bare typed-array heap vs a heap of objects',
    load: () => import('./engine.ts'),
  },
  simpy: {
    describe: 'hold model: Simulation vs SimPy 3 (python3 with simpy), side by side',
    load: () => import('./simpy.ts'),
  },
  scaling: {
    describe: 'wall time and peak memory against partitions, brokers and record rate',
    load: () => import('./scaling.ts'),
  },
  trace: {
    describe: 'trace.json size: at two record rates, and of a one-hour run',
    load: () => import('./trace.ts'),
  },
  sim: {
    describe: 'the reference cluster: 1 M records/s of 100 B vs 100 k records/s of 1 KiB',
    load: () => import('./sim.ts'),
  },
};

/** The command as typed, for the report (the arguments after `npm run bench --`). */
function commandLine(argv: string[]): string {
  return `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`;
}

async function writeChart(path: string, data: unknown, log: (line: string) => void) {
  const { scalingSvg } = await import('./scalingChart.ts');
  const { pointsOf } = await import('./scaling.ts');
  await writeFile(path, scalingSvg(pointsOf(data)));
  log(`wrote ${path}`);
}

/** The table of saved documents, each introduced by its command, start time and load. */
async function tableFrom(files: string[]): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const lines: string[] = [];
  const rows: BenchRow[] = [];
  for (const file of files) {
    const saved = JSON.parse(await readFile(file, 'utf8')) as {
      command: string;
      startedAt: string;
      endedAt: string;
      machine: { loadAverage1mBefore: number; loadAverage1mNow: number };
      rows: BenchRow[];
    };
    lines.push(
      `${saved.command}: ${saved.startedAt} to ${saved.endedAt}, load average (1 min) ` +
        `${saved.machine.loadAverage1mBefore} to ${saved.machine.loadAverage1mNow}`,
    );
    rows.push(...saved.rows);
  }
  return [...lines, '', formatTable(rows)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseBenchArgs(argv, Object.keys(PARTS));
  if (!parsed.ok) {
    console.error(`${parsed.message}\n${usage(PARTS)}`);
    return 2;
  }
  const args: BenchArgs = parsed.args;
  if (args.help) {
    console.log(usage(PARTS));
    return 0;
  }
  const log = args.json
    ? (line: string) => console.error(line)
    : (line: string) => console.log(line);
  if (args.svgFrom !== null) {
    const { readFile } = await import('node:fs/promises');
    const document = JSON.parse(await readFile(args.svgFrom, 'utf8')) as { parts?: any };
    await writeChart(args.svgPath, document.parts?.scaling?.data, log);
    return 0;
  }
  if (args.tableFrom.length > 0) {
    console.log(await tableFrom(args.tableFrom));
    return 0;
  }
  const options: BenchOptions = {
    quick: args.quick,
    log,
    hour: args.hour,
    hourTraceDir: args.hourTraceDir,
  };
  const startedAt = new Date().toISOString();
  const loadBefore = loadavg();
  const results: Record<string, PartResult> = {};
  const document = () => ({
    command: commandLine(argv),
    startedAt,
    endedAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      loadAverage1mBefore: loadBefore[0] ?? Number.NaN,
      loadAverage1mNow: loadavg()[0] ?? Number.NaN,
    },
    rows: Object.values(results).flatMap((result) => result.rows),
    parts: results,
  });
  for (const name of args.parts) {
    const entry = PARTS[name];
    if (entry === undefined) continue;
    log(`\n== ${name}${options.quick ? ' (--quick)' : ''}: ${entry.describe}`);
    results[name] = await (await entry.load()).run(options);
    // A long run keeps what it measured so far, should it be stopped.
    if (args.save !== null) await writeFile(args.save, `${JSON.stringify(document())}\n`);
  }
  if (args.svg && results.scaling !== undefined) {
    await writeChart(args.svgPath, results.scaling.data, log);
  }
  const final = document();
  const { machine } = final;
  log(`\n${final.command}, started ${startedAt}, ended ${final.endedAt}`);
  log(
    `${machine.cpus} cores (${machine.cpuModel}), Node ${machine.node}, load average (1 min) ` +
      `${machine.loadAverage1mBefore.toFixed(1)} before, ${machine.loadAverage1mNow.toFixed(1)} after`,
  );
  log(formatTable(final.rows));
  if (args.json) console.log(JSON.stringify(final));
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
