/**
 * One run of a comparison, the same in the main thread and in a worker: parse the scenario text
 * with the variant's `--set` values, simulate one seed, and keep the deterministic summary (the
 * trace's summary and its hash; no wall time, so results never depend on the machine or on
 * --jobs). The plan has already checked every variant, so a load error here is a bug.
 */
import { parseScenarioText } from '../scenario/load.ts';
import type { ResolvedScenario } from '../scenario/types.ts';
import type { TraceSummary } from '../trace/types.ts';
import { simulate } from './run.ts';

/** A run's summary in a comparison: the trace's summary and the trace hash. */
export type CompareRunSummary = { traceHash: string } & TraceSummary;

export interface RunJob {
  /** Position in the whole matrix. */
  index: number;
  text: string;
  file: string;
  sets: string[];
  seed: number;
}

/** Resolves scenarios once per set of `--set` values (a worker runs many seeds of a variant). */
export class RunCache {
  readonly #scenarios = new Map<string, ResolvedScenario>();

  scenarioOf(job: RunJob): ResolvedScenario {
    const key = JSON.stringify([job.file, job.sets]);
    const known = this.#scenarios.get(key);
    if (known !== undefined) return known;
    const loaded = parseScenarioText(job.text, job.file, { sets: job.sets });
    if (!loaded.ok) {
      throw new Error(`${job.file} with ${job.sets.join(' ')} no longer loads`);
    }
    this.#scenarios.set(key, loaded.scenario);
    return loaded.scenario;
  }

  run(job: RunJob): CompareRunSummary {
    const result = simulate(this.scenarioOf(job), { seed: job.seed });
    return { traceHash: result.traceHash, ...result.summary };
  }
}
