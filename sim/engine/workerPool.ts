/**
 * WorkerPool: N identical workers in front of a bounded FIFO queue. A job holds a worker for its
 * service time, then its callback runs. When the queue is full the overflow rule decides: 'reject'
 * returns false and counts the job (the caller applies back-pressure: Kafka's network threads stop
 * reading when `queued.max.requests` is reached), 'throw' treats it as a simulator bug. Busy time
 * is counted in worker-microseconds, so busyUs / (workers x window) is the pool's utilisation.
 * pause() models a stop-the-world pause: nothing starts or completes until resume(). A held job
 * (hold) calls onStart(arg, job) and keeps its worker until release(job): one handler made once
 * serves every job, with no closure per job.
 */
import { assert } from './assert.ts';
import { Fifo } from './fifo.ts';
import type { Simulation } from './simulation.ts';

export interface WorkerPoolSpec {
  path: string;
  workers: number;
  queueMax: number;
  overflow: 'reject' | 'throw';
}

/** A job that holds a worker (WorkerPool.hold) until it is passed to release(). */
export interface HeldJob {
  readonly label: string;
}

class Job implements HeldJob {
  released = false;
  constructor(
    readonly pool: WorkerPool,
    /** A fixed service time, or -1 for a held job that ends when it is released. */
    readonly serviceUs: number,
    readonly label: string,
    readonly onDone: () => void,
    readonly onStart: ((arg: unknown, job: HeldJob) => void) | null,
    readonly arg: unknown,
    /** The pool's generation when the job was queued; a reset abandons older jobs. */
    readonly generation: number,
  ) {}
}

function noop(): void {}

export class WorkerPool {
  #generation = 0;
  readonly path: string;
  readonly workers: number;
  readonly queueMax: number;
  readonly overflow: WorkerPoolSpec['overflow'];
  readonly #sim: Simulation;
  readonly #queue = new Fifo<Job>();
  readonly #finishedWhilePaused: Job[] = [];
  #busyWorkers = 0;
  #busyUs = 0;
  #busySinceUs = 0;
  #paused = false;
  #rejectedCount = 0;
  #completedCount = 0;
  /** Ends a timed job: made once, scheduled with the job as its argument. */
  readonly #endTimed = (job: Job): void => this.#end(job);

  constructor(sim: Simulation, spec: WorkerPoolSpec) {
    assert(Number.isInteger(spec.workers), `${spec.path}: workers ${spec.workers}`);
    assert(spec.workers > 0, `${spec.path}: workers ${spec.workers} must be > 0`);
    assert(spec.queueMax >= 0, `${spec.path}: queueMax ${spec.queueMax}`);
    this.#sim = sim;
    this.path = spec.path;
    this.workers = spec.workers;
    this.queueMax = spec.queueMax;
    this.overflow = spec.overflow;
  }

  get queueLength(): number {
    return this.#queue.length;
  }

  get busyWorkers(): number {
    return this.#busyWorkers;
  }

  get rejectedCount(): number {
    return this.#rejectedCount;
  }

  get completedCount(): number {
    return this.#completedCount;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** Worker-microseconds spent busy so far. */
  get busyUs(): number {
    return this.#busyUs + this.#busyWorkers * (this.#sim.nowUs - this.#busySinceUs);
  }

  /** True when a job submitted now would wait in the queue. */
  get saturated(): boolean {
    return this.#paused || this.#busyWorkers >= this.workers;
  }

  /** Queues a job; returns false if the queue is full and the rule is 'reject'. */
  submit(serviceUs: number, label: string, onDone: () => void): boolean {
    assert(Number.isSafeInteger(serviceUs), `${this.path}: ${label} serviceUs ${serviceUs}`);
    assert(serviceUs >= 0, `${this.path}: ${label} serviceUs ${serviceUs} < 0`);
    return this.#enqueue(new Job(this, serviceUs, label, onDone, null, null, this.#generation));
  }

  /**
   * Queues a job that holds its worker until release(job) (a request handler thread that blocks
   * on a throttled write or an fsync); when it starts, onStart(arg, job) runs. Returns false if
   * rejected.
   */
  hold<T>(label: string, onStart: (arg: T, job: HeldJob) => void, arg: T): boolean {
    const start = onStart as (arg: unknown, job: HeldJob) => void;
    return this.#enqueue(new Job(this, -1, label, noop, start, arg, this.#generation));
  }

  /** Ends a held job; a job abandoned by a reset is ignored. */
  release(held: HeldJob): void {
    const job = held as Job;
    assert(job.pool === this, `${this.path}: ${job.label} released by another pool`);
    assert(job.onStart !== null, `${this.path}: ${job.label} is not a held job`);
    assert(!job.released, `${this.path}: ${job.label} released twice`);
    job.released = true;
    this.#end(job);
  }

  #enqueue(job: Job): boolean {
    const label = job.label;
    if (!this.saturated) {
      this.#start(job);
      return true;
    }
    if (this.#queue.length >= this.queueMax) {
      assert(this.overflow === 'reject', `${this.path}: queue full (${this.queueMax}) at ${label}`);
      this.#rejectedCount++;
      return false;
    }
    this.#queue.push(job);
    return true;
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    const finished = this.#finishedWhilePaused.splice(0);
    for (const job of finished) this.#finish(job);
    this.#startQueued();
  }

  /** Drops queued jobs (a crash); running jobs still finish and call back. */
  clearQueue(): number {
    const dropped = this.#queue.length;
    this.#queue.clear();
    return dropped;
  }

  /**
   * The process died: queued jobs are dropped and running ones abandoned (their threads are
   * free at once; a late end or release of theirs is ignored and calls nothing back).
   */
  reset(): number {
    const dropped = this.clearQueue();
    this.#accountBusy();
    this.#generation++;
    this.#busyWorkers = 0;
    this.#finishedWhilePaused.length = 0;
    this.#paused = false;
    return dropped;
  }

  #start(job: Job): void {
    this.#accountBusy();
    this.#busyWorkers++;
    if (job.onStart === null) {
      this.#sim.scheduleCall(job.serviceUs, job.label, this.#endTimed, job);
      return;
    }
    job.onStart(job.arg, job);
  }

  #end(job: Job): void {
    if (job.generation !== this.#generation) return; // Abandoned by a reset.
    if (this.#paused) this.#finishedWhilePaused.push(job);
    else this.#finish(job);
  }

  #finish(job: Job): void {
    this.#accountBusy();
    this.#busyWorkers--;
    assert(this.#busyWorkers >= 0, `${this.path}: busy workers below zero`);
    this.#completedCount++;
    this.#startQueued();
    job.onDone();
  }

  #startQueued(): void {
    while (!this.saturated && this.#queue.length > 0) this.#start(this.#queue.shift() as Job);
  }

  #accountBusy(): void {
    const nowUs = this.#sim.nowUs;
    this.#busyUs += this.#busyWorkers * (nowUs - this.#busySinceUs);
    this.#busySinceUs = nowUs;
  }
}
