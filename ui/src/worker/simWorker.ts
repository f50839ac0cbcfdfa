/**
 * The simulator in a module Web Worker: parses the scenario text with the same code as
 * `kafkasim run` (sim/scenario/parse.ts, file:line:column errors), runs `simulate` (the same
 * sim/runner code as Node, so the same scenario and seed give the same trace hash), posts the
 * fraction of virtual time done at most five times a second, then the trace text and its hash.
 * One run per worker: the page cancels a run by terminating the worker.
 */
import { simulate } from '../../../sim/runner/run.ts';
import { formatScenarioErrors, parseScenarioText } from '../../../sim/scenario/parse.ts';
import type { RunRequest, WorkerReply } from './protocol.ts';

const PROGRESS_EVERY_MS = 200;

const scope = self as unknown as DedicatedWorkerGlobalScope;

function post(reply: WorkerReply): void {
  scope.postMessage(reply);
}

/** What `kafkasim run` would print for these errors, one line each. */
function scenarioErrors(request: RunRequest, errors: Parameters<typeof formatScenarioErrors>[0]) {
  return errors.map((error) => {
    const line = formatScenarioErrors([error]);
    if (error.path !== 'duration' || request.durationUs === undefined) return line;
    return `duration ${request.durationUs / 1e6}s (the run's override): ${error.message}`;
  });
}

export function runRequest(request: RunRequest): void {
  const sets = request.durationUs === undefined ? [] : [`duration=${request.durationUs}us`];
  const loaded = parseScenarioText(request.text, request.fileName, { sets });
  if (!loaded.ok) {
    post({ kind: 'invalid', errors: scenarioErrors(request, loaded.errors) });
    return;
  }
  let lastPostMs = performance.now();
  try {
    const result = simulate(loaded.scenario, {
      ...(request.seed === undefined ? {} : { seed: request.seed }),
      onProgress: (nowUs, durationUs) => {
        const nowMs = performance.now();
        if (nowMs - lastPostMs < PROGRESS_EVERY_MS) return;
        lastPostMs = nowMs;
        post({ kind: 'progress', fraction: durationUs > 0 ? nowUs / durationUs : 1 });
      },
    });
    post({ kind: 'progress', fraction: 1 });
    post({ kind: 'done', traceText: result.traceText, traceHash: result.traceHash });
  } catch (error) {
    post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}

scope.onmessage = (event: MessageEvent<RunRequest>) => runRequest(event.data);
