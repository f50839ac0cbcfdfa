/**
 * `compare`: a scenario run over a matrix of variants (the cartesian product of `--vary` axes)
 * and seeds, with the mean and 95% interval of each figure per variant. In three steps, so a
 * sweep can be split across machines: `planCompare` loads the base file and checks every variant
 * before anything runs; `runCompare` runs all of the matrix or one shard of it and returns a
 * partial result; `mergePartials` checks that partials belong to one plan and together hold every
 * run once, and assembles the result. An unsharded run goes through the same merge, so shards
 * merged give the same bytes as one run. Each variant is its own scenario, derived with immer
 * from the base scenario's object (the file with its `--set` values; never changed) by the
 * variant's `--vary` values (sim/scenario/variant.ts), and checked before anything runs.
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import YAML from 'yaml';
import {
  checkScenarioSets,
  formatScenarioErrors,
  readScenarioText,
  type ScenarioError,
  type ScenarioSource,
} from '../scenario/load.ts';
import { loadVariant } from '../scenario/variant.ts';
import { hashText } from '../trace/hash.ts';
import type { TraceSummary } from '../trace/types.ts';
import {
  expandMatrix,
  matrixRuns,
  parseAxis,
  shardRuns,
  type Axis,
  type Shard,
  type Variant,
} from './compareMatrix.ts';
import {
  COMPARE_METRICS,
  meanSummary,
  metricStats,
  type CompareMetric,
  type MetricStats,
} from './compareMean.ts';
import { runJobs } from './comparePool.ts';
import type { CompareRunSummary, RunJob, RunOutput } from './compareRun.ts';
import { meanSeries, type CompareSeries } from './compareSeries.ts';

export const COMPARE_FORMAT = 'kafkasim-compare';
export const PARTIAL_FORMAT = 'kafkasim-compare-partial';
/** 2: runs and variants carry series (compareSeries.ts). */
export const COMPARE_VERSION = 2;

export interface CompareOptions {
  /** `PATH=v1,v2,...` strings, or PATH → values. */
  vary: readonly string[] | Record<string, readonly (string | number | boolean)[]>;
  /** Seeds per variant (default 1): firstSeed, firstSeed + 1, ... */
  seeds?: number;
  /** Default: the scenario's seed. */
  firstSeed?: number;
  /** `--set` values applied to every variant before its own. */
  sets?: readonly string[];
  /** Worker threads (default: one per core; 1 runs in this thread). */
  jobs?: number;
  onRunDone?: (done: number, total: number) => void;
}

export interface ComparePlan {
  scenario: string;
  file: string;
  text: string;
  scenarioHash: string;
  sets: string[];
  axes: Axis[];
  seeds: number[];
  variants: Variant[];
  /** The file's object, parsed once. */
  source: ScenarioSource;
  /** Each variant's checked scenario object (derived from the base's) and provenance keys. */
  derived: { value: unknown; setKeys: string[] }[];
}

export interface PartialRun {
  index: number;
  variant: number;
  seed: number;
  summary: CompareRunSummary;
  /** Cut to at most SERIES_POINTS_MAX points; merged into the variant's mean series. */
  series: CompareSeries;
}

export interface ComparePartial {
  format: typeof PARTIAL_FORMAT;
  version: typeof COMPARE_VERSION;
  scenario: string;
  file: string;
  scenarioHash: string;
  sets: string[];
  axes: Axis[];
  seeds: number[];
  shard: Shard;
  runs: PartialRun[];
}

export interface CompareVariant {
  /** PATH → value (read as YAML, as `--set` does). */
  set: Record<string, unknown>;
  runs: CompareRunSummary[];
  mean: TraceSummary;
  /** Mean and 95% interval of each table column (null where the runs lack the figure). */
  stats: Record<string, MetricStats | null>;
  /** Throughput and produce p99 over time, the mean over the seeds (NaN, null in JSON: none). */
  series: CompareSeries;
}

export interface CompareResult {
  format: typeof COMPARE_FORMAT;
  version: typeof COMPARE_VERSION;
  scenario: string;
  file: string;
  scenarioHash: string;
  sets: string[];
  axes: Axis[];
  seeds: number[];
  metrics: CompareMetric[];
  variants: CompareVariant[];
}

export type PlanResult = { ok: true; plan: ComparePlan } | { ok: false; errors: string[] };

function axesOf(vary: CompareOptions['vary']): (Axis | string)[] {
  if (Array.isArray(vary)) return (vary as readonly string[]).map(parseAxis);
  return Object.entries(vary as Record<string, readonly unknown[]>).map(([path, values]) =>
    values.length === 0 ? `--vary ${path}: no values` : { path, values: values.map(String) },
  );
}

/** Loads `file` and checks the base and every variant; every error at once. */
export async function planCompare(file: string, options: CompareOptions): Promise<PlanResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false, errors: [`${file}: cannot read: ${(error as Error).message}`] };
  }
  const sets = [...(options.sets ?? [])];
  const errors: string[] = [];
  const axes: Axis[] = [];
  for (const axis of axesOf(options.vary)) {
    if (typeof axis === 'string') errors.push(axis);
    else axes.push(axis);
  }
  const seedsCount = options.seeds ?? 1;
  if (!Number.isSafeInteger(seedsCount) || seedsCount < 1) {
    errors.push(`--seeds ${seedsCount}: expected a positive integer`);
  }
  const read = readScenarioText(text, file);
  if (!read.ok) return { ok: false, errors: [...errors, formatScenarioErrors(read.errors)] };
  const { source } = read;
  const base = checkScenarioSets(source, sets);
  if (!base.ok) return { ok: false, errors: [...errors, formatScenarioErrors(base.errors)] };
  const variants = expandMatrix(axes);
  const derived: ComparePlan['derived'] = [];
  const reported = new Set<string>();
  for (const variant of variants) {
    const loaded = loadVariant(source, base.raw, base.setKeys, variant.sets);
    if (loaded.ok) {
      derived.push({ value: loaded.raw, setKeys: loaded.setKeys });
      continue;
    }
    // An error at a --vary value names it, and is the same in every variant holding the value:
    // printed once. Other errors (of a combination) are printed under the variant's values.
    const other: ScenarioError[] = [];
    for (const error of loaded.errors) {
      if (!error.file.startsWith('--vary ')) other.push(error);
      else if (!reported.has(formatScenarioErrors([error]))) {
        reported.add(formatScenarioErrors([error]));
        errors.push(formatScenarioErrors([error]));
      }
    }
    if (other.length > 0) {
      errors.push(`with ${variant.sets.join(' ')}:\n${formatScenarioErrors(other)}`);
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const firstSeed = options.firstSeed ?? base.scenario.seed;
  const seeds = Array.from({ length: seedsCount }, (_, index) => firstSeed + index);
  const scenarioHash = hashText(text);
  return {
    ok: true,
    plan: {
      scenario: base.scenario.name,
      file,
      text,
      scenarioHash,
      sets,
      axes,
      seeds,
      variants,
      source,
      derived,
    },
  };
}

/** Runs the plan's runs (or one shard's) and returns them as a partial result. */
export async function runCompare(
  plan: ComparePlan,
  options: { jobs?: number; shard?: Shard; onRunDone?: (done: number, total: number) => void },
): Promise<ComparePartial> {
  const shard = options.shard ?? { index: 1, count: 1 };
  const all = matrixRuns(plan.variants.length, plan.seeds.length, plan.seeds[0] ?? 0);
  const keys = shardRuns(all, shard);
  const jobs: RunJob[] = keys.map((key) => {
    const derived = plan.derived[key.variant] as ComparePlan['derived'][number];
    return {
      index: key.index,
      variant: key.variant,
      file: plan.file,
      text: plan.text,
      value: derived.value,
      setKeys: derived.setKeys,
      sets: [...plan.sets, ...(plan.variants[key.variant] as Variant).sets],
      seed: key.seed,
    };
  });
  let done = 0;
  const outputs = await runJobs(jobs, options.jobs ?? availableParallelism(), () => {
    done += 1;
    options.onRunDone?.(done, jobs.length);
  });
  return {
    format: PARTIAL_FORMAT,
    version: COMPARE_VERSION,
    scenario: plan.scenario,
    file: plan.file,
    scenarioHash: plan.scenarioHash,
    sets: plan.sets,
    axes: plan.axes,
    seeds: plan.seeds,
    shard,
    runs: keys.map((key, index) => {
      const output = outputs[index] as RunOutput;
      const { index: at, variant, seed } = key;
      return { index: at, variant, seed, summary: output.summary, series: output.series };
    }),
  };
}

/** What must agree between partials of one sweep. */
function planKey(partial: ComparePartial): string {
  const { scenario, scenarioHash, sets, axes, seeds } = partial;
  return JSON.stringify({ scenario, scenarioHash, sets, axes, seeds });
}

/** Checks the partials form one whole sweep and assembles the result; or a list of errors. */
export function mergePartials(
  partials: readonly ComparePartial[],
): { ok: true; result: CompareResult } | { ok: false; errors: string[] } {
  const first = partials[0];
  if (first === undefined) return { ok: false, errors: ['no partial results to merge'] };
  const errors: string[] = [];
  for (const partial of partials) {
    if (partial.format !== PARTIAL_FORMAT || partial.version !== COMPARE_VERSION) {
      errors.push(`not a ${PARTIAL_FORMAT} version ${COMPARE_VERSION} document`);
    } else if (planKey(partial) !== planKey(first)) {
      errors.push(
        `shard ${partial.shard.index}/${partial.shard.count} is of another sweep` +
          ' (scenario, --set, --vary or seeds differ)',
      );
    }
  }
  const variants = expandMatrix(first.axes);
  const total = variants.length * first.seeds.length;
  const byIndex = new Map<number, PartialRun>();
  for (const run of partials.flatMap((partial) => partial.runs)) {
    if (byIndex.has(run.index)) errors.push(`run ${run.index} appears twice`);
    byIndex.set(run.index, run);
  }
  const missing = total - byIndex.size;
  if (missing > 0) errors.push(`${missing} of ${total} runs are missing: is a shard left out?`);
  if (errors.length > 0) return { ok: false, errors };
  const result: CompareResult = {
    format: COMPARE_FORMAT,
    version: COMPARE_VERSION,
    scenario: first.scenario,
    file: first.file,
    scenarioHash: first.scenarioHash,
    sets: first.sets,
    axes: first.axes,
    seeds: first.seeds,
    metrics: COMPARE_METRICS.map((metric) => ({ ...metric })),
    variants: variants.map((variant) => {
      const all = first.seeds.map(
        (_, seedIndex) => byIndex.get(variant.index * first.seeds.length + seedIndex) as PartialRun,
      );
      const runs = all.map((run) => run.summary);
      const set: Record<string, unknown> = {};
      for (const [path, value] of Object.entries(variant.set)) set[path] = YAML.parse(value);
      const series = meanSeries(all.map((run) => run.series));
      return { set, runs, mean: meanSummary(runs), stats: metricStats(runs), series };
    }),
  };
  return { ok: true, result };
}

/** The whole comparison in one call (for notebooks and tests): the data `--json` prints. */
export async function compare(file: string, options: CompareOptions): Promise<CompareResult> {
  const planned = await planCompare(file, options);
  if (!planned.ok) throw new Error(planned.errors.join('\n'));
  const partial = await runCompare(planned.plan, {
    ...(options.jobs === undefined ? {} : { jobs: options.jobs }),
    ...(options.onRunDone === undefined ? {} : { onRunDone: options.onRunDone }),
  });
  const merged = mergePartials([partial]);
  if (!merged.ok) throw new Error(merged.errors.join('\n'));
  return merged.result;
}
