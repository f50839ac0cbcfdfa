/**
 * Runs a scenario in a Web Worker (simWorker.ts) and resolves with the trace and its hash, or
 * rejects with a RunError: the scenario's errors (the lines `kafkasim validate` prints), a
 * simulator error, or a cancellation (the AbortSignal, or a newer run). Each run gets its own
 * worker, terminated when the run ends, so cancelling stops the simulation at once.
 */
import type { Trace } from '../../../sim/trace/types.ts';
import type { RunRequest, WorkerReply } from './protocol.ts';

export interface RunOptions {
  fileName: string;
  seed?: number;
  durationUs?: number;
  signal?: AbortSignal;
}

export interface RunOutcome {
  trace: Trace;
  traceHash: string;
}

export class RunError extends Error {
  /** invalid: scenario errors (lines); failed: the simulation failed; cancelled. */
  readonly kind: 'invalid' | 'failed' | 'cancelled';
  readonly lines: string[];

  constructor(kind: RunError['kind'], lines: string[]) {
    super(lines.join('\n'));
    this.name = 'RunError';
    this.kind = kind;
    this.lines = lines;
  }
}

export function runScenario(
  text: string,
  options: RunOptions,
  onProgress: (fraction: number) => void,
): Promise<RunOutcome> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted === true) {
      reject(new RunError('cancelled', ['the run was cancelled']));
      return;
    }
    const worker = new Worker(new URL('./simWorker.ts', import.meta.url), {
      type: 'module',
      name: 'kafkasim-simulator',
    });
    const finish = (): void => {
      worker.terminate();
      options.signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      finish();
      reject(new RunError('cancelled', ['the run was cancelled']));
    };
    options.signal?.addEventListener('abort', onAbort);
    worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      const reply = event.data;
      if (reply.kind === 'progress') {
        onProgress(reply.fraction);
        return;
      }
      finish();
      if (reply.kind === 'invalid') reject(new RunError('invalid', reply.errors));
      else if (reply.kind === 'failed') reject(new RunError('failed', [reply.message]));
      else resolve({ trace: JSON.parse(reply.traceText) as Trace, traceHash: reply.traceHash });
    };
    worker.onerror = (event: ErrorEvent) => {
      finish();
      reject(new RunError('failed', [`the simulator's worker failed: ${event.message}`]));
    };
    const request: RunRequest = {
      text,
      fileName: options.fileName,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.durationUs === undefined ? {} : { durationUs: options.durationUs }),
    };
    worker.postMessage(request);
  });
}
