/**
 * ProducePurgatory and FetchPurgatory: completion order as the high watermark advances, skipped
 * waiters that completed elsewhere, failAll, and parked fetches re-checked on wake.
 */
import { describe, expect, it } from 'vitest';
import {
  FetchPurgatory,
  ProducePurgatory,
  type FetchWaiter,
  type ProduceWaiter,
} from '../../../sim/models/kafka/purgatory.ts';

function produceWaiter(name: string, log: string[], batches = 1): ProduceWaiter {
  const waiter: ProduceWaiter = {
    done: false,
    remaining: batches,
    complete(batchIndex, ok) {
      log.push(`${name}[${batchIndex}] ${ok ? 'ok' : 'failed'}`);
      waiter.remaining--;
      if (waiter.remaining === 0) waiter.done = true;
    },
  };
  return waiter;
}

describe('ProducePurgatory', () => {
  it('advance(hw) completes, in arrival order, the entries whose end offset is <= hw', () => {
    const log: string[] = [];
    const purgatory = new ProducePurgatory();
    const a = produceWaiter('a', log, 2);
    purgatory.add(10, a, 0);
    purgatory.add(20, produceWaiter('b', log), 0);
    purgatory.add(25, a, 1);
    purgatory.advance(9, true);
    expect([log, purgatory.length]).toEqual([[], 3]);
    purgatory.advance(20, true);
    expect(log).toEqual(['a[0] ok', 'b[0] ok']);
    expect(purgatory.length).toBe(1);
    purgatory.advance(30, false);
    expect(log).toEqual(['a[0] ok', 'b[0] ok', 'a[1] failed']);
    expect([purgatory.length, a.done]).toEqual([0, true]);
  });

  it('advance() skips waiters already done by another path', () => {
    const log: string[] = [];
    const purgatory = new ProducePurgatory();
    const a = produceWaiter('a', log);
    purgatory.add(10, a, 0);
    a.done = true;
    purgatory.add(10, produceWaiter('b', log), 0);
    purgatory.advance(10, true);
    expect([log, purgatory.length]).toEqual([['b[0] ok'], 0]);
  });

  it('failAll() fails every pending waiter in order and empties the purgatory', () => {
    const log: string[] = [];
    const purgatory = new ProducePurgatory();
    purgatory.add(10, produceWaiter('a', log), 0);
    const done = produceWaiter('done', log);
    done.done = true;
    purgatory.add(15, done, 0);
    purgatory.add(20, produceWaiter('b', log), 3);
    purgatory.failAll();
    expect(log).toEqual(['a[0] failed', 'b[3] failed']);
    expect(purgatory.length).toBe(0);
    purgatory.advance(100, true);
    expect(log).toHaveLength(2);
  });
});

describe('FetchPurgatory', () => {
  function fetchWaiter(name: string, log: string[], completeOnCall: number): FetchWaiter {
    let calls = 0;
    const waiter: FetchWaiter = {
      done: false,
      tryComplete() {
        calls++;
        if (calls < completeOnCall) return false;
        log.push(name);
        waiter.done = true;
        return true;
      },
    };
    return waiter;
  }

  it('wake() completes ready fetches in order and keeps the others parked', () => {
    const log: string[] = [];
    const purgatory = new FetchPurgatory();
    purgatory.add(fetchWaiter('a', log, 2));
    purgatory.add(fetchWaiter('b', log, 1));
    purgatory.add(fetchWaiter('c', log, 2));
    purgatory.wake();
    expect([log, purgatory.length]).toEqual([['b'], 2]);
    purgatory.wake();
    expect([log, purgatory.length]).toEqual([['b', 'a', 'c'], 0]);
  });

  it('wake() drops waiters that completed elsewhere (timeout) without asking them', () => {
    const log: string[] = [];
    const purgatory = new FetchPurgatory();
    const timedOut = fetchWaiter('timedOut', log, 1);
    purgatory.add(timedOut);
    timedOut.done = true;
    purgatory.wake();
    expect([log, purgatory.length]).toEqual([[], 0]);
  });

  it('a fetch parked during wake() waits for the next wake', () => {
    const log: string[] = [];
    const purgatory = new FetchPurgatory();
    const late = fetchWaiter('late', log, 1);
    purgatory.add({
      done: false,
      tryComplete() {
        purgatory.add(late);
        return true;
      },
    });
    purgatory.wake();
    expect([log, purgatory.length]).toEqual([[], 1]);
    purgatory.clear();
    expect(purgatory.length).toBe(0);
  });
});
