/**
 * WorkerPool: FIFO queueing with exact completion times, the overflow rules, busy time in
 * worker-microseconds, pause/resume (a stop-the-world pause) and reset (a crash).
 */
import { describe, expect, it } from 'vitest';
import { AssertionError, Simulation, WorkerPool } from '../../sim/engine/index.ts';
import type { HeldJob, WorkerPoolSpec } from '../../sim/engine/index.ts';

type Log = Array<[string, number]>;

function setup(workers: number, queueMax: number, overflow: WorkerPoolSpec['overflow']) {
  const sim = new Simulation({ seed: 1 });
  const path = 'broker/0/requestHandlers';
  const pool = new WorkerPool(sim, { path, workers, queueMax, overflow });
  const log: Log = [];
  const submit = (serviceUs: number, label: string): boolean =>
    pool.submit(serviceUs, label, () => log.push([label, sim.nowUs]));
  return { sim, pool, log, submit };
}

describe('WorkerPool', () => {
  it('submit() with 2 workers queues in FIFO order and completes at exact times', () => {
    const { sim, pool, log, submit } = setup(2, 10, 'reject');
    expect(submit(100, 'j1')).toBe(true);
    expect(submit(50, 'j2')).toBe(true);
    expect(submit(30, 'j3')).toBe(true);
    expect(submit(10, 'j4')).toBe(true);
    expect([pool.busyWorkers, pool.queueLength, pool.saturated]).toEqual([2, 2, true]);
    sim.run();
    // j1 holds worker 1 for 0-100; worker 2 runs j2 (0-50), j3 (50-80), j4 (80-90).
    expect(log).toEqual([
      ['j2', 50],
      ['j3', 80],
      ['j4', 90],
      ['j1', 100],
    ]);
    expect(pool.completedCount).toBe(4);
    expect(pool.busyUs).toBe(190);
  });

  it('busyUs counts worker-microseconds, including jobs still running', () => {
    const { sim, pool, submit } = setup(2, 10, 'reject');
    submit(1000, 'long');
    submit(200, 'short');
    sim.run({ untilUs: 500 });
    // Two workers busy for 200 us, then one worker for 300 us.
    expect(pool.busyUs).toBe(2 * 200 + 300);
    sim.run({ untilUs: 2000 });
    expect(pool.busyUs).toBe(1200);
  });

  it("submit() with overflow 'reject' returns false on a full queue and counts the job", () => {
    const { sim, pool, log, submit } = setup(1, 1, 'reject');
    expect(submit(10, 'running')).toBe(true);
    expect(submit(10, 'queued')).toBe(true);
    expect(submit(10, 'rejected')).toBe(false);
    expect(submit(10, 'rejected too')).toBe(false);
    expect(pool.rejectedCount).toBe(2);
    sim.run();
    expect(log).toEqual([
      ['running', 10],
      ['queued', 20],
    ]);
  });

  it("submit() with overflow 'throw' throws on a full queue", () => {
    const { pool, submit } = setup(1, 1, 'throw');
    submit(10, 'running');
    submit(10, 'queued');
    expect(() => submit(10, 'one too many')).toThrow(AssertionError);
    expect(() => submit(10, 'one too many')).toThrow(/queue full/);
    expect(pool.rejectedCount).toBe(0);
  });

  it('submit() rejects non-integer and negative service times', () => {
    const { submit } = setup(1, 1, 'reject');
    expect(() => submit(1.5, 'fractional')).toThrow(AssertionError);
    expect(() => submit(-1, 'negative')).toThrow(AssertionError);
  });

  it('pause() holds completions and starts until resume(); the worker stays busy meanwhile', () => {
    const { sim, pool, log, submit } = setup(1, 10, 'reject');
    submit(100, 'a');
    sim.scheduleAt(50, 'gc pause', () => pool.pause());
    sim.scheduleAt(60, 'submit b', () => submit(100, 'b'));
    sim.scheduleAt(200, 'gc resume', () => pool.resume());
    sim.run({ untilUs: 150 });
    expect(log).toEqual([]);
    expect([pool.paused, pool.saturated, pool.queueLength]).toEqual([true, true, 1]);
    sim.run();
    expect(log).toEqual([
      ['a', 200],
      ['b', 300],
    ]);
    expect(pool.busyUs).toBe(300);
    expect(pool.paused).toBe(false);
  });

  it('pause() with idle workers queues new jobs; resume() starts them', () => {
    const { sim, pool, log, submit } = setup(2, 10, 'reject');
    pool.pause();
    submit(10, 'a');
    submit(10, 'b');
    expect([pool.busyWorkers, pool.queueLength]).toEqual([0, 2]);
    sim.scheduleAt(100, 'resume', () => pool.resume());
    sim.run();
    expect(log).toEqual([
      ['a', 110],
      ['b', 110],
    ]);
    expect(pool.busyUs).toBe(20);
    pool.resume(); // resuming a running pool does nothing
    expect(pool.paused).toBe(false);
  });

  it('reset() frees every worker at once; abandoned jobs never call back', () => {
    const { sim, pool, log, submit } = setup(2, 10, 'reject');
    submit(100, 'timed');
    let held: HeldJob | null = null;
    pool.hold('held', (_arg: null, job) => (held = job), null);
    submit(10, 'queued');
    expect([pool.busyWorkers, pool.queueLength]).toEqual([2, 1]);
    sim.run({ untilUs: 50 });
    expect(pool.reset()).toBe(1);
    expect([pool.busyWorkers, pool.queueLength]).toEqual([0, 0]);
    pool.release(held as unknown as HeldJob);
    submit(20, 'after');
    sim.run();
    // The abandoned timed job ends at 100 and is ignored: only the new job reports.
    expect(log).toEqual([['after', 70]]);
    expect(pool.busyWorkers).toBe(0);
  });

  it('hold(label, onStart, arg) calls onStart(arg, job) and keeps the worker until release(job)', () => {
    const { sim, pool, log, submit } = setup(1, 10, 'reject');
    const started: Array<[string, number]> = [];
    const onStart = (name: string, job: HeldJob): void => {
      started.push([name, sim.nowUs]);
      sim.schedule(40, `release ${name}`, () => pool.release(job));
    };
    expect(pool.hold('held', onStart, 'a')).toBe(true);
    expect(pool.hold('held', onStart, 'b')).toBe(true);
    submit(10, 'timed');
    expect([pool.busyWorkers, pool.queueLength]).toEqual([1, 2]);
    sim.run();
    expect(started).toEqual([
      ['a', 0],
      ['b', 40],
    ]);
    expect(log).toEqual([['timed', 90]]);
    expect(pool.busyUs).toBe(90);
    let first: HeldJob | null = null;
    pool.hold('held', (_arg: null, job) => (first = job), null);
    pool.release(first as unknown as HeldJob);
    expect(() => pool.release(first as unknown as HeldJob)).toThrow(AssertionError);
    const other = setup(1, 10, 'reject').pool;
    pool.hold('held', (_arg: null, job) => (first = job), null);
    expect(() => other.release(first as unknown as HeldJob)).toThrow(AssertionError);
  });

  it('clearQueue() drops queued jobs and lets running ones finish', () => {
    const { sim, pool, log, submit } = setup(1, 10, 'reject');
    submit(10, 'running');
    submit(10, 'dropped 1');
    submit(10, 'dropped 2');
    expect(pool.clearQueue()).toBe(2);
    sim.run();
    expect(log).toEqual([['running', 10]]);
  });
});
