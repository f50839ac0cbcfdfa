/**
 * One run of a comparison, the same in the main thread and in a worker: resolve the variant's
 * scenario object (derived and checked by the plan), simulate one seed, and keep the
 * deterministic summary (the trace's summary and its hash; no wall time, so results never depend
 * on the machine or on --jobs) and the series the report overlays (compareSeries.ts). A load
 * error here is a bug: the plan checked every variant.
 */
import { checkScenarioValue, readScenarioText, type ScenarioSource } from '../scenario/load.ts';
import type { ResolvedScenario } from '../scenario/types.ts';
import type { TraceSummary } from '../trace/types.ts';
import { runSeries, type CompareSeries } from './compareSeries.ts';
import { simulate } from './run.ts';

/** A run's summary in a comparison: the trace's summary and the trace hash. */
export type CompareRunSummary = { traceHash: string } & TraceSummary;

/** What a run gives back: its summary and its series cut for the overlaid charts. */
export interface RunOutput {
  summary: CompareRunSummary;
  series: CompareSeries;
}

export interface RunJob {
  /** Position in the whole matrix. */
  index: number;
  /** The variant's index: the scenario is resolved once per variant. */
  variant: number;
  file: string;
  /** The file's text: its positions name the expect: checks' sources, as in `kafkasim run`. */
  text: string;
  /** The variant's scenario object, checked by the plan. */
  value: unknown;
  setKeys: string[];
  /** The variant's `--set` arguments (base and --vary), to reproduce the run. */
  sets: string[];
  seed: number;
}

/** Resolves scenarios once per variant (a worker runs many seeds of a variant). */
export class RunCache {
  readonly #scenarios = new Map<number, ResolvedScenario>();
  #source: { text: string; source: ScenarioSource } | null = null;

  sourceOf(job: RunJob): ScenarioSource {
    if (this.#source?.text === job.text) return this.#source.source;
    const read = readScenarioText(job.text, job.file);
    if (!read.ok) throw new Error(`${job.file} no longer reads`);
    this.#source = { text: job.text, source: read.source };
    return read.source;
  }

  scenarioOf(job: RunJob): ResolvedScenario {
    const known = this.#scenarios.get(job.variant);
    if (known !== undefined) return known;
    const loaded = checkScenarioValue(this.sourceOf(job), job.value, { setKeys: job.setKeys });
    if (!loaded.ok) {
      throw new Error(`${job.file} with ${job.sets.join(' ')} no longer loads`);
    }
    this.#scenarios.set(job.variant, loaded.scenario);
    return loaded.scenario;
  }

  run(job: RunJob): RunOutput {
    const result = simulate(this.scenarioOf(job), { seed: job.seed });
    return {
      summary: { traceHash: result.traceHash, ...result.summary },
      series: runSeries(result.trace.series),
    };
  }
}
