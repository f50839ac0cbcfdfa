/** The engine's public surface: a virtual clock, random streams and generic shared resources. */
export { Simulation, SimulationError } from './simulation.ts';
export type { Timer, SimulationOptions, RunOptions, RunResult } from './simulation.ts';
export { EventQueue } from './eventQueue.ts';
export { RandomStream, stream } from './random.ts';
export { BandwidthServer } from './bandwidth.ts';
export type { Flow, BandwidthServerSpec } from './bandwidth.ts';
export { WorkerPool } from './workerPool.ts';
export type { HeldJob, WorkerPoolSpec } from './workerPool.ts';
export { Fifo } from './fifo.ts';
export { Latch } from './latch.ts';
export { Timeouts, TimeoutEntry } from './timeouts.ts';
export { assert, assertNever, assertSafeInteger, AssertionError } from './assert.ts';
export {
  msToUs,
  secToUs,
  usToMs,
  usToSec,
  transferUs,
  ceilDiv,
  US_PER_MS,
  US_PER_SEC,
} from './units.ts';
