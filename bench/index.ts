/**
 * `npm run bench [-- <name>... ] [--quick]`: runs the named benchmarks, or all of them. To add
 * one, write bench/<name>.ts exporting `run(options: BenchOptions)` and register it in BENCHMARKS
 * below. Benchmarks read the wall clock; nothing here is part of a simulation run.
 */

export interface BenchOptions {
  /** A short run for a quick check (about a tenth of the full work). */
  quick: boolean;
}

interface BenchmarkModule {
  run(options: BenchOptions): void | Promise<void>;
}

/** Name → module, in the order `npm run bench` runs them. */
const BENCHMARKS: Record<string, { describe: string; load: () => Promise<BenchmarkModule> }> = {
  engine: {
    describe: 'hold model: Simulation vs a bare typed-array heap vs a heap of objects',
    load: () => import('./engine.ts'),
  },
  sim: {
    describe: 'the reference cluster: 1 M records/s of 100 B vs 100 k records/s of 1 KiB',
    load: () => import('./sim.ts'),
  },
};

function usage(): string {
  const lines = Object.entries(BENCHMARKS).map(([name, { describe }]) => `  ${name}: ${describe}`);
  return ['usage: npm run bench -- [name...] [--quick]', 'benchmarks:', ...lines].join('\n');
}

async function main(args: string[]): Promise<number> {
  const flags = args.filter((arg) => arg.startsWith('-'));
  const names = args.filter((arg) => !arg.startsWith('-'));
  if (flags.includes('--help')) {
    console.log(usage());
    return 0;
  }
  const unknown = [
    ...flags.filter((flag) => flag !== '--quick'),
    ...names.filter((name) => !(name in BENCHMARKS)),
  ];
  if (unknown.length > 0) {
    console.error(`unknown: ${unknown.join(', ')}\n${usage()}`);
    return 2;
  }
  const options: BenchOptions = { quick: flags.includes('--quick') };
  const selected = names.length > 0 ? names : Object.keys(BENCHMARKS);
  for (const name of selected) {
    const entry = BENCHMARKS[name];
    if (entry === undefined) continue;
    console.log(`\n== ${name}${options.quick ? ' (--quick)' : ''}: ${entry.describe}`);
    const benchmark = await entry.load();
    await benchmark.run(options);
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
