/**
 * BandwidthServer: exact completion times for max-min fair sharing, caps, capacity changes and
 * aborts, and the busy/utilised/bytesDone accounting reports rely on.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BandwidthServer, Simulation } from '../../sim/engine/index.ts';
import type { Flow } from '../../sim/engine/index.ts';

type Log = Array<[string, number]>;

function setup(bytesPerSec: number) {
  const sim = new Simulation({ seed: 1 });
  const server = new BandwidthServer(sim, { path: 'broker/0/nic/egress', bytesPerSec });
  const log: Log = [];
  const start = (bytes: number, label: string, capBytesPerSec = Infinity): Flow =>
    server.start(bytes, label, (flow) => log.push([flow.label, sim.nowUs]), capBytesPerSec);
  return { sim, server, log, start };
}

describe('BandwidthServer', () => {
  it('start() shares capacity equally: two 1000 B flows on 1000 B/s end together at 2 s', () => {
    const { sim, server, log, start } = setup(1000);
    const a = start(1000, 'a');
    const b = start(1000, 'b');
    expect([a.rateBytesPerSec, b.rateBytesPerSec]).toEqual([500, 500]);
    expect(server.activeCount).toBe(2);
    sim.run();
    expect(log).toEqual([
      ['a', 2_000_000],
      ['b', 2_000_000],
    ]);
    expect([a.active, a.bytesRemaining, server.activeCount]).toEqual([false, 0, 0]);
    expect(server.busyUs).toBe(2_000_000);
    expect(server.utilisedUs).toBe(2_000_000);
    expect(server.bytesDone).toBe(2000);
  });

  it('start() gives the rest to the others when a flow ends early (500 B and 1500 B)', () => {
    const { sim, log, start } = setup(1000);
    start(500, 'short');
    const long = start(1500, 'long');
    sim.run({ untilUs: 1_000_000 });
    expect(log).toEqual([['short', 1_000_000]]);
    expect(long.rateBytesPerSec).toBe(1000);
    sim.run();
    expect(log).toEqual([
      ['short', 1_000_000],
      ['long', 2_000_000],
    ]);
  });

  it('start(..., capBytesPerSec) caps a slow receiver and the others get the rest', () => {
    const { sim, server, log, start } = setup(1000);
    const slow = start(100, 'slow', 100);
    const b = start(900, 'b');
    const c = start(900, 'c');
    expect([slow.rateBytesPerSec, b.rateBytesPerSec, c.rateBytesPerSec]).toEqual([100, 450, 450]);
    sim.run();
    // slow: 100 B at 100 B/s. b and c: 450 B in the first second, then 450 B at 500 B/s.
    expect(log).toEqual([
      ['slow', 1_000_000],
      ['b', 1_900_000],
      ['c', 1_900_000],
    ]);
    expect(server.busyUs).toBe(1_900_000);
    expect(server.utilisedUs).toBe(1_900_000);
    expect(server.bytesDone).toBe(1900);
  });

  it('start() with a cap above the fair share gets the fair share', () => {
    const { sim, log, start } = setup(1000);
    const capped = start(1000, 'capped', 600);
    start(1000, 'free');
    expect(capped.rateBytesPerSec).toBe(500);
    sim.run();
    expect(log).toEqual([
      ['capped', 2_000_000],
      ['free', 2_000_000],
    ]);
  });

  it('utilisedUs counts only the allocated share when every flow is capped', () => {
    const { sim, server, log, start } = setup(1000);
    start(500, 'lonely', 250);
    sim.run();
    expect(log).toEqual([['lonely', 2_000_000]]);
    expect(server.busyUs).toBe(2_000_000);
    expect(server.utilisedUs).toBe(500_000);
  });

  it('setBytesPerSec() mid-flow keeps progress and re-times the completion', () => {
    const { sim, server, log, start } = setup(1000);
    start(1000, 'a');
    sim.scheduleAt(500_000, 'slow disk', () => server.setBytesPerSec(250));
    sim.run();
    // 500 B in the first 0.5 s, the other 500 B at 250 B/s take 2 s.
    expect(log).toEqual([['a', 2_500_000]]);
    expect(server.bytesPerSec).toBe(250);
    expect(server.busyUs).toBe(2_500_000);
    expect(server.utilisedUs).toBe(2_500_000);
  });

  it('abort(flow) stops a flow without onDone and speeds up the rest', () => {
    const { sim, server, log, start } = setup(1000);
    const a = start(1000, 'a');
    start(1000, 'b');
    sim.scheduleAt(1_000_000, 'cut link', () => server.abort(a));
    sim.run();
    expect(log).toEqual([['b', 1_500_000]]);
    expect(a.active).toBe(false);
    expect(a.bytesRemaining).toBe(500);
    expect(server.bytesDone).toBe(1500);
    server.abort(a); // aborting twice is harmless
    expect(server.busyUs).toBe(1_500_000);
  });

  it('abortAll() stops every flow and cancels the completion timer', () => {
    const { sim, server, log, start } = setup(1000);
    start(1000, 'a');
    start(1000, 'b');
    sim.scheduleAt(400_000, 'crash', () => server.abortAll());
    const result = sim.run();
    expect(log).toEqual([]);
    expect(result.nowUs).toBe(400_000);
    expect(server.activeCount).toBe(0);
    expect(server.bytesDone).toBe(400);
    expect(sim.pendingCount).toBe(0);
  });

  it('busyUs and utilisedUs leave out idle gaps; bytesDone counts moved bytes', () => {
    const { sim, server, log, start } = setup(1000);
    start(1000, 'first');
    sim.scheduleAt(3_000_000, 'second starts', () => start(1000, 'second'));
    sim.scheduleAt(3_500_000, 'midway', () => {
      expect(server.busyUs).toBe(1_500_000);
      expect(server.bytesDone).toBe(1500);
    });
    sim.run({ untilUs: 5_000_000 });
    expect(log).toEqual([
      ['first', 1_000_000],
      ['second', 4_000_000],
    ]);
    expect(server.busyUs).toBe(2_000_000);
    expect(server.utilisedUs).toBe(2_000_000);
    expect(server.bytesDone).toBe(2000);
  });

  it('start() rounds a fractional completion time up to the next microsecond', () => {
    const { sim, log, start } = setup(3);
    start(1, 'third');
    sim.run();
    expect(log).toEqual([['third', 333_334]]);
  });

  it('start() with random sizes, caps and aborts ends every flow, none early', () => {
    const flowSpec = fc.record({
      startUs: fc.nat(5_000_000),
      // Up to 100 GB at no less than 100 kB/s: at most 10^6 s, well inside safe integers.
      bytes: fc.oneof(fc.nat(10_000), fc.integer({ min: 1, max: 10 ** 11 })),
      capBytesPerSec: fc.oneof(fc.constant(Infinity), fc.integer({ min: 10 ** 5, max: 10 ** 9 })),
      abortAfterUs: fc.option(fc.nat(3_000_000)),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 10 ** 5, max: 10 ** 9 }),
        fc.array(flowSpec, { minLength: 1, maxLength: 30 }),
        (bytesPerSec, specs) => {
          const sim = new Simulation({ seed: 1 });
          const server = new BandwidthServer(sim, { path: 'disk', bytesPerSec });
          const doneUs = new Map<number, number>();
          specs.forEach((spec, index) => {
            sim.scheduleAt(spec.startUs, `start ${index}`, () => {
              const flow = server.start(
                spec.bytes,
                `flow ${index}`,
                () => doneUs.set(index, sim.nowUs),
                spec.capBytesPerSec,
              );
              if (spec.abortAfterUs === null) return;
              sim.schedule(spec.abortAfterUs, `abort ${index}`, () => server.abort(flow));
            });
          });
          sim.run({ eventsMax: 100_000 });
          expect(server.activeCount).toBe(0);
          specs.forEach((spec, index) => {
            const endUs = doneUs.get(index);
            if (spec.abortAfterUs === null) expect(endUs).toBeDefined();
            if (endUs === undefined) return;
            const rate = Math.min(bytesPerSec, spec.capBytesPerSec);
            const fastestUs = Math.floor((spec.bytes * 1e6) / rate);
            expect(endUs - spec.startUs).toBeGreaterThanOrEqual(fastestUs);
          });
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });
});
