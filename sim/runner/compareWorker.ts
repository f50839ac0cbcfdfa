/**
 * A worker thread of `kafkasim compare` (started by comparePool.ts with tsx's loader): runs the
 * jobs it is sent, one at a time, and answers each with its summary or its error message.
 */
import { parentPort } from 'node:worker_threads';
import { RunCache, type RunJob } from './compareRun.ts';

const cache = new RunCache();
const port = parentPort;
if (port === null) throw new Error('compareWorker.ts runs only as a worker thread');

port.on('message', (job: RunJob) => {
  try {
    port.postMessage({ index: job.index, ok: true, output: cache.run(job) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    port.postMessage({ index: job.index, ok: false, message });
  }
});
