/**
 * The messages between the page (runClient.ts) and the simulator's Web Worker (simWorker.ts).
 * The trace crosses as its canonical JSON text, so the page reads it exactly as it reads a
 * trace.json file (NaN gaps become null) and the hash is of the very text `kafkasim run` writes.
 */

export interface RunRequest {
  /** The scenario's YAML or JSON text. */
  text: string;
  /** Named in error messages (file:line:column field: message). */
  fileName: string;
  /** Overrides the scenario's seed, like `kafkasim run --seed`. */
  seed?: number;
  /** Overrides the scenario's duration, like `kafkasim run --duration`. */
  durationUs?: number;
}

export type WorkerReply =
  /** The fraction of virtual time simulated, a few times a second. */
  | { kind: 'progress'; fraction: number }
  /** The scenario has errors: one formatted line each, as `kafkasim validate` prints them. */
  | { kind: 'invalid'; errors: string[] }
  /** The simulation itself failed (a simulator error: event, virtual time, seed). */
  | { kind: 'failed'; message: string }
  | { kind: 'done'; traceText: string; traceHash: string };
