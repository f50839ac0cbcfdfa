/**
 * Timeouts: each entry expires at exactly its deadline and in the place among same-time events
 * where a timer of its own would have run, cancelled entries never; one engine timer per
 * duration, re-armed lazily; clear().
 */
import { describe, expect, it } from 'vitest';
import { Simulation, Timeouts } from '../../sim/engine/index.ts';

type Log = Array<[string, number]>;

function setup(): { sim: Simulation; log: Log; timeouts: Timeouts<string> } {
  const sim = new Simulation({ seed: 1 });
  const log: Log = [];
  const timeouts = new Timeouts<string>(sim, 'test/timeout', (item) => log.push([item, sim.nowUs]));
  return { sim, log, timeouts };
}

describe('Timeouts', () => {
  it('add(durationUs) expires each entry at exactly now + durationUs', () => {
    const { sim, log, timeouts } = setup();
    timeouts.add(100, 'a');
    sim.schedule(30, 'later', () => {
      timeouts.add(100, 'b');
      timeouts.add(20, 'short');
    });
    sim.schedule(60, 'later', () => timeouts.add(100, 'c'));
    sim.run();
    expect(log).toEqual([
      ['short', 50],
      ['a', 100],
      ['b', 130],
      ['c', 160],
    ]);
    expect(timeouts.size).toBe(0);
  });

  it('entries with the same deadline expire in the order they were added', () => {
    const { sim, log, timeouts } = setup();
    timeouts.add(10, 'first');
    timeouts.add(10, 'second');
    timeouts.add(10, 'third');
    sim.run();
    expect(log).toEqual([
      ['first', 10],
      ['second', 10],
      ['third', 10],
    ]);
  });

  it('cancel(entry) stops it for good and schedules no engine event of its own', () => {
    const { sim, log, timeouts } = setup();
    const entries = ['a', 'b', 'c', 'd'].map((item) => timeouts.add(1000, item));
    expect(sim.pendingCount).toBe(1);
    expect(timeouts.cancel(entries[0]!)).toBe(true);
    expect(timeouts.cancel(entries[0]!)).toBe(false);
    expect(timeouts.cancel(entries[2]!)).toBe(true);
    expect(timeouts.size).toBe(2);
    sim.run();
    expect(log).toEqual([
      ['b', 1000],
      ['d', 1000],
    ]);
    expect(timeouts.cancel(entries[1]!)).toBe(false);
  });

  it('a cancelled head leaves the timer armed; it runs, finds it gone and re-arms', () => {
    const { sim, log, timeouts } = setup();
    const first = timeouts.add(100, 'first');
    sim.schedule(40, 'add', () => timeouts.add(100, 'second'));
    sim.schedule(50, 'cancel', () => timeouts.cancel(first));
    const result = sim.run();
    expect(log).toEqual([['second', 140]]);
    // add, cancel, the timer at 100 (nothing due) and the timer at 140.
    expect(result.eventsCount).toBe(4);
  });

  it('an entry added while its lane expires waits for its own deadline', () => {
    const { sim, log } = setup();
    const timeouts: Timeouts<string> = new Timeouts<string>(sim, 'test/timeout', (item) => {
      log.push([item, sim.nowUs]);
      if (item === 'a') timeouts.add(10, 'again');
    });
    timeouts.add(10, 'a');
    timeouts.add(10, 'b');
    sim.run();
    expect(log).toEqual([
      ['a', 10],
      ['b', 10],
      ['again', 20],
    ]);
  });

  it('clear() forgets every entry and cancels the armed timers', () => {
    const { sim, log, timeouts } = setup();
    const entry = timeouts.add(100, 'a');
    timeouts.add(200, 'b');
    expect(sim.pendingCount).toBe(2);
    timeouts.clear();
    expect([sim.pendingCount, timeouts.size, timeouts.cancel(entry)]).toEqual([0, 0, false]);
    timeouts.add(50, 'after');
    sim.run();
    expect(log).toEqual([['after', 50]]);
  });

  it('each timeout runs where a timer of its own would have among same-time events', () => {
    // The same schedule twice: once with a timer per timeout, once through Timeouts.
    function run(withTimeouts: boolean): Log {
      const sim = new Simulation({ seed: 1 });
      const log: Log = [];
      const timeouts = new Timeouts<string>(sim, 'test/timeout', (item) =>
        log.push([item, sim.nowUs]),
      );
      const cancels: Array<() => void> = [];
      const add = (durationUs: number, item: string): void => {
        if (withTimeouts) {
          const entry = timeouts.add(durationUs, item);
          cancels.push(() => timeouts.cancel(entry));
        } else {
          const timer = sim.schedule(durationUs, 'own', () => log.push([item, sim.nowUs]));
          cancels.push(() => sim.cancel(timer));
        }
      };
      const other = (atUs: number, name: string): void => {
        sim.scheduleAt(atUs, name, () => log.push([name, sim.nowUs]));
      };
      add(100, 'a'); // Cancelled below: its lane timer runs at 100 and re-arms for 'b'.
      other(150, 'x1');
      sim.schedule(50, 'later', () => {
        add(100, 'b');
        other(150, 'x2');
        add(100, 'c');
        other(150, 'x3');
        (cancels[0] as () => void)();
      });
      other(100, 'y');
      sim.run();
      return log.filter(([name]) => name !== 'later');
    }
    expect(run(true)).toEqual(run(false));
    expect(run(true).map(([name]) => name)).toEqual(['y', 'x1', 'b', 'x2', 'c', 'x3']);
  });

  it('add() rejects a negative or fractional duration', () => {
    const { timeouts } = setup();
    expect(() => timeouts.add(-1, 'x')).toThrow(/test\/timeout: duration -1us/);
    expect(() => timeouts.add(1.5, 'x')).toThrow(/duration 1.5us/);
  });
});
