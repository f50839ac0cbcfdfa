/**
 * WorkerPool: N identical workers in front of a bounded FIFO queue. A job holds a worker for its
 * service time, then its callback runs. When the queue is full the overflow rule decides: 'reject'
 * returns false and counts the job (the caller applies back-pressure: Kafka's network threads stop
 * reading when `queued.max.requests` is reached), 'throw' treats it as a simulator bug. Busy time
 * is counted in worker-microseconds, so busyUs / (workers x window) is the pool's utilisation.
 * pause() models a stop-the-world pause: nothing starts or completes until resume().
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

interface Job {
  /** A fixed service time, or -1 for a held job that ends when `release` is called. */
  serviceUs: number;
  label: string;
  onDone: () => void;
  onStart: ((release: () => void) => void) | null;
  released: boolean;
  /** The pool's generation when the job was queued; a reset abandons older jobs. */
  generation: number;
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
    return this.#enqueue({
      serviceUs,
      label,
      onDone,
      onStart: null,
      released: false,
      generation: this.#generation,
    });
  }

  /**
   * Queues a job that holds its worker until it calls `release` (a request handler thread that
   * blocks on a throttled write or an fsync); returns false if rejected.
   */
  acquire(label: string, onStart: (release: () => void) => void): boolean {
    return this.#enqueue({
      serviceUs: -1,
      label,
      onDone: noop,
      onStart,
      released: false,
      generation: this.#generation,
    });
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
      this.#sim.schedule(job.serviceUs, job.label, this.#end.bind(this, job));
      return;
    }
    job.onStart(this.#release.bind(this, job));
  }

  #release(job: Job): void {
    assert(!job.released, `${this.path}: ${job.label} released twice`);
    job.released = true;
    this.#end(job);
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
