/**
 * The virtual clock: exact [label, atUs] logs for small schedules, same-time ordering, cancel,
 * step, run bounds, and the errors a handler or a bad time produces.
 */
import { describe, expect, it } from 'vitest';
import { AssertionError, Simulation, SimulationError } from '../../sim/engine/index.ts';

type Log = Array<[string, number]>;

interface Logged {
  sim: Simulation;
  log: Log;
  at: (atUs: number, label: string) => number;
}

/** A simulation whose handlers append [label, nowUs] to `log`. */
function logged(seed = 1): Logged {
  const sim = new Simulation({ seed });
  const log: Log = [];
  const at = (atUs: number, label: string) =>
    sim.scheduleAt(atUs, label, () => log.push([label, sim.nowUs]));
  return { sim, log, at };
}

describe('Simulation', () => {
  it('run() runs a small schedule in time order and logs exact [label, atUs]', () => {
    const { sim, log, at } = logged();
    at(300, 'c');
    at(100, 'a');
    at(200, 'b');
    sim.schedule(50, 'first', () => {
      log.push(['first', sim.nowUs]);
      sim.schedule(100, 'nested', () => log.push(['nested', sim.nowUs]));
    });
    const result = sim.run();
    expect(log).toEqual([
      ['first', 50],
      ['a', 100],
      ['nested', 150],
      ['b', 200],
      ['c', 300],
    ]);
    expect(result).toEqual({ eventsCount: 5, nowUs: 300, stoppedBy: 'empty' });
    expect(sim.eventsCount).toBe(5);
    expect(sim.pendingCount).toBe(0);
  });

  it('scheduleAt(atUs) runs same-time events in scheduling order', () => {
    const { sim, log, at } = logged();
    at(10, 'x1');
    at(5, 'early');
    at(10, 'x2');
    sim.scheduleAt(10, 'x3', () => {
      log.push(['x3', sim.nowUs]);
      sim.schedule(0, 'x5-scheduled-during-x3', () => log.push(['x5', sim.nowUs]));
    });
    at(10, 'x4');
    sim.run();
    expect(log).toEqual([
      ['early', 5],
      ['x1', 10],
      ['x2', 10],
      ['x3', 10],
      ['x4', 10],
      ['x5', 10],
    ]);
  });

  it('scheduleAtSeq(atUs, reserveSeq()) runs where an event scheduled then would have', () => {
    const { sim, log, at } = logged();
    at(10, 'first');
    const reserved = sim.reserveSeq();
    at(10, 'third');
    sim.schedule(5, 'arm', () => {
      log.push(['arm', sim.nowUs]);
      sim.scheduleAtSeq(10, reserved, 'second', () => log.push(['second', sim.nowUs]));
    });
    sim.run();
    expect(log).toEqual([
      ['arm', 5],
      ['first', 10],
      ['second', 10],
      ['third', 10],
    ]);
  });

  it('scheduleAtSeq() rejects a sequence number not reserved or a place already passed', () => {
    const { sim, at } = logged();
    expect(() => sim.scheduleAtSeq(10, 5, 'x', () => {})).toThrow(/x: sequence number 5/);
    const early = sim.reserveSeq();
    at(5, 'a');
    sim.run({ untilUs: 10 }); // The clock moves to 10 us with no event run there yet.
    expect(() => sim.scheduleAtSeq(10, early, 'late', () => {})).not.toThrow();
    const { sim: other, at: atOther } = logged();
    const reserved = other.reserveSeq();
    atOther(10, 'b');
    other.scheduleAt(10, 'check', () =>
      expect(() => other.scheduleAtSeq(10, reserved, 'passed', () => {})).toThrow(
        /passed: \(10us, seq 0\) is before now 10us/,
      ),
    );
    other.run();
  });

  it('scheduleCall(delayUs, label, run, arg) runs run(arg) in order with schedule() events', () => {
    const sim = new Simulation({ seed: 1 });
    const log: Array<[string, number]> = [];
    const record = (label: string): void => {
      log.push([label, sim.nowUs]);
    };
    sim.scheduleCall(5, 'call', record, 'b');
    sim.schedule(5, 'closure', () => record('c'));
    const cancelled = sim.scheduleCall(3, 'call', record, 'gone');
    sim.scheduleCall(1, 'call', record, 'a');
    expect(sim.cancel(cancelled)).toBe(true);
    sim.run();
    expect(log).toEqual([
      ['a', 1],
      ['b', 5],
      ['c', 5],
    ]);
    expect(() => sim.scheduleCall(-1, 'early', record, 'x')).toThrow(AssertionError);
  });

  it('cancel(timer) before run removes the event and returns true', () => {
    const { sim, log, at } = logged();
    at(10, 'a');
    const timer = at(20, 'b');
    at(30, 'c');
    expect(sim.pendingCount).toBe(3);
    expect(sim.cancel(timer)).toBe(true);
    expect(sim.pendingCount).toBe(2);
    sim.run();
    expect(log).toEqual([
      ['a', 10],
      ['c', 30],
    ]);
  });

  it('cancel(timer) twice returns false the second time', () => {
    const { sim, at } = logged();
    const timer = at(10, 'a');
    expect(sim.cancel(timer)).toBe(true);
    expect(sim.cancel(timer)).toBe(false);
    expect(sim.pendingCount).toBe(0);
    expect(sim.run().eventsCount).toBe(0);
  });

  it('cancel(timer) of a timer that already ran returns false, also from its own handler', () => {
    const sim = new Simulation({ seed: 1 });
    let ownCancel: boolean | null = null;
    const timer: number = sim.schedule(10, 'self', () => {
      ownCancel = sim.cancel(timer);
    });
    sim.run();
    expect(ownCancel).toBe(false);
    expect(sim.cancel(timer)).toBe(false);
  });

  it('cancel(timer) of an old timer returns false after its slot was reused', () => {
    const { sim, log, at } = logged();
    const first = at(10, 'first');
    sim.run();
    const second = at(20, 'second'); // reuses the slot of "first"
    expect(sim.cancel(first)).toBe(false);
    expect(sim.pendingCount).toBe(1);
    sim.run();
    expect(log).toEqual([
      ['first', 10],
      ['second', 20],
    ]);
    expect(sim.cancel(second)).toBe(false);
  });

  it('a cancelled slot is reused without breaking later timers', () => {
    const { sim, log, at } = logged();
    const cancelled = at(10, 'cancelled');
    at(15, 'a');
    sim.cancel(cancelled);
    sim.run({ untilUs: 12 }); // pops the cancelled entry and frees its slot
    const reusing = at(20, 'reusing');
    const later = at(30, 'later');
    expect(sim.cancel(cancelled)).toBe(false);
    expect(sim.cancel(later)).toBe(true);
    sim.run();
    expect(log).toEqual([
      ['a', 15],
      ['reusing', 20],
    ]);
    expect(sim.cancel(reusing)).toBe(false);
    // Many cancel/reschedule rounds, with the cancelled entries still in the heap.
    const timers: number[] = [];
    for (let round = 0; round < 100; round++) {
      timers.push(at(1000 + round, `r${round}`));
      if (round % 2 === 1) expect(sim.cancel(timers[round - 1] as number)).toBe(true);
    }
    sim.run();
    const expected: Log = [];
    for (let round = 1; round < 100; round += 2) expected.push([`r${round}`, 1000 + round]);
    expect(log.slice(2)).toEqual(expected);
  });

  it('step() runs exactly one event and returns false when none is pending', () => {
    const { sim, log, at } = logged();
    at(10, 'a');
    const cancelled = at(15, 'cancelled');
    at(20, 'b');
    sim.cancel(cancelled);
    expect(sim.step()).toBe(true);
    expect(log).toEqual([['a', 10]]);
    expect(sim.nowUs).toBe(10);
    expect(sim.step()).toBe(true);
    expect(log).toEqual([
      ['a', 10],
      ['b', 20],
    ]);
    expect(sim.step()).toBe(false);
    expect(sim.nowUs).toBe(20);
  });

  it('run({untilUs}) sets the clock to untilUs and leaves later events pending', () => {
    const { sim, log, at } = logged();
    at(100, 'a');
    at(200, 'b');
    at(201, 'c');
    const result = sim.run({ untilUs: 200 });
    expect(log).toEqual([
      ['a', 100],
      ['b', 200],
    ]);
    expect(result).toEqual({ eventsCount: 2, nowUs: 200, stoppedBy: 'until' });
    expect(sim.pendingCount).toBe(1);
    expect(sim.run({ untilUs: 150_000 })).toEqual({
      eventsCount: 1,
      nowUs: 150_000,
      stoppedBy: 'until',
    });
    expect(sim.nowUs).toBe(150_000);
    expect(() => at(100, 'past')).toThrow(AssertionError);
  });

  it('run({untilUs}) with nothing pending before untilUs moves the clock to untilUs', () => {
    const { sim, log, at } = logged();
    at(500, 'later');
    expect(sim.run({ untilUs: 100 })).toEqual({ eventsCount: 0, nowUs: 100, stoppedBy: 'until' });
    at(100, 'now');
    sim.run();
    expect(log).toEqual([
      ['now', 100],
      ['later', 500],
    ]);
  });

  it("run({eventsMax}) stops after eventsMax events with stoppedBy 'eventsMax'", () => {
    const { sim, log, at } = logged();
    for (let index = 0; index < 5; index++) at(10 * (index + 1), `e${index}`);
    const result = sim.run({ eventsMax: 3, untilUs: 1_000 });
    expect(result).toEqual({ eventsCount: 3, nowUs: 30, stoppedBy: 'eventsMax' });
    expect(log.map(([label]) => label)).toEqual(['e0', 'e1', 'e2']);
    expect(sim.pendingCount).toBe(2);
    expect(sim.run()).toEqual({ eventsCount: 2, nowUs: 50, stoppedBy: 'empty' });
  });

  it('run() wraps a throwing handler in a SimulationError naming label, atUs, seq and seed', () => {
    const sim = new Simulation({ seed: 42 });
    sim.schedule(5, 'fine', () => {});
    sim.schedule(7, 'broker/2/onFetchRequest', () => {
      throw new Error('boom');
    });
    let caught: unknown = null;
    try {
      sim.run();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SimulationError);
    const error = caught as SimulationError;
    expect(error.message).toContain('broker/2/onFetchRequest');
    expect(error.message).toContain('7us');
    expect(error.message).toContain('seq 1');
    expect(error.message).toContain('seed 42');
    expect(error.message).toContain('boom');
    expect([error.label, error.atUs, error.seq, error.seed]).toEqual([
      'broker/2/onFetchRequest',
      7,
      1,
      42,
    ]);
    expect((error.cause as Error).message).toBe('boom');
    expect(sim.nowUs).toBe(7);
  });

  it('scheduleAt(atUs) rejects non-integer and unsafe times', () => {
    const sim = new Simulation({ seed: 1 });
    const noop = () => {};
    expect(() => sim.scheduleAt(1.5, 'half', noop)).toThrow(/half: atUs 1.5/);
    expect(() => sim.schedule(0.1, 'tenth', noop)).toThrow(AssertionError);
    expect(() => sim.scheduleAt(Number.NaN, 'nan', noop)).toThrow(AssertionError);
    expect(() => sim.scheduleAt(Infinity, 'forever', noop)).toThrow(AssertionError);
    expect(() => sim.scheduleAt(2 ** 53, 'unsafe', noop)).toThrow(AssertionError);
    expect(() => sim.run({ untilUs: 2.5 })).toThrow(AssertionError);
    expect(sim.pendingCount).toBe(0);
  });

  it('scheduleAt(atUs) rejects a time in the past', () => {
    const sim = new Simulation({ seed: 1 });
    sim.schedule(100, 'advance', () => {});
    sim.run();
    expect(() => sim.scheduleAt(99, 'late', () => {})).toThrow(/late: atUs 99 is before now 100/);
    expect(() => sim.schedule(-1, 'negative', () => {})).toThrow(AssertionError);
    expect(() => sim.scheduleAt(100, 'now', () => {})).not.toThrow();
  });

  it('new Simulation({pendingMax}) rejects scheduling beyond pendingMax', () => {
    const sim = new Simulation({ seed: 1, pendingMax: 3 });
    for (let index = 0; index < 3; index++) sim.schedule(index, `e${index}`, () => {});
    expect(() => sim.schedule(10, 'overflow', () => {})).toThrow(/more than 3 pending/);
  });

  it('afterEvent is called after each event with its label', () => {
    const { sim, at } = logged();
    const seen: Log = [];
    sim.afterEvent = (label) => seen.push([label, sim.nowUs]);
    at(3, 'a');
    at(4, 'b');
    sim.run();
    expect(seen).toEqual([
      ['a', 3],
      ['b', 4],
    ]);
  });
});
