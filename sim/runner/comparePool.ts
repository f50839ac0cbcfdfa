/**
 * Runs the jobs of a comparison: in this thread when one job at a time is asked for, otherwise in
 * `workers` worker threads (node:worker_threads, each running compareWorker.ts through tsx's
 * loader), each given its next job when it answers. Results are stored by job index, so their
 * order never depends on which worker finished first. The first failure stops every worker.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { RunCache, type RunJob, type RunOutput } from './compareRun.ts';

type Answer =
  { index: number; ok: true; output: RunOutput } | { index: number; ok: false; message: string };

export class RunFailure extends Error {
  constructor(
    readonly job: RunJob,
    message: string,
  ) {
    super(message);
  }
}

function runHere(jobs: readonly RunJob[], onDone: () => void): RunOutput[] {
  const cache = new RunCache();
  return jobs.map((job) => {
    try {
      const output = cache.run(job);
      onDone();
      return output;
    } catch (error) {
      throw new RunFailure(job, error instanceof Error ? error.message : String(error));
    }
  });
}

/**
 * Node 20 does not apply `--import tsx` to a worker's entry file, so the entry is a small module
 * (a data: URL) that registers tsx's loader, as bin/kafkasim.js does, then imports
 * compareWorker.ts. tsx's `./esm/api` export is found from its package.json (a data: URL has no
 * base to resolve a bare name from).
 */
function startWorker(): Worker {
  const tsxPackage = createRequire(import.meta.url).resolve('tsx/package.json');
  const tsxApi = pathToFileURL(join(dirname(tsxPackage), 'dist/esm/api/index.mjs')).href;
  const entry = new URL('./compareWorker.ts', import.meta.url).href;
  const bootstrap =
    `const { register } = await import(${JSON.stringify(tsxApi)});` +
    `register(); await import(${JSON.stringify(entry)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`));
}

/** Each job's output, in the order of `jobs`. */
export async function runJobs(
  jobs: readonly RunJob[],
  workersCount: number,
  onDone: () => void = () => {},
): Promise<RunOutput[]> {
  if (workersCount <= 1 || jobs.length <= 1) return runHere(jobs, onDone);
  const results = new Map<number, RunOutput>();
  const workers = Array.from({ length: Math.min(workersCount, jobs.length) }, startWorker);
  let next = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const give = (worker: Worker): void => {
        const job = jobs[next];
        next += 1;
        if (job !== undefined) worker.postMessage(job);
      };
      for (const worker of workers) {
        worker.on('message', (answer: Answer) => {
          const job = jobs.find((candidate) => candidate.index === answer.index) as RunJob;
          if (!answer.ok) return reject(new RunFailure(job, answer.message));
          results.set(answer.index, answer.output);
          onDone();
          if (results.size === jobs.length) return resolve();
          give(worker);
        });
        worker.on('error', (error) => reject(error));
        worker.on('exit', (code) => {
          if (results.size < jobs.length) reject(new Error(`a worker exited with code ${code}`));
        });
        give(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return jobs.map((job) => results.get(job.index) as RunOutput);
}
