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
  /** A parked fetch of `partitions` that completes on its `completeOnCall`-th check. */
  function fetchWaiter(
    name: string,
    log: string[],
    completeOnCall: number,
    partitions: number[] = [0],
  ): FetchWaiter {
    let calls = 0;
    const waiter: FetchWaiter = {
      done: false,
      positionOf: new Map(partitions.map((index, position) => [index, position])),
      changed: new Set(),
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

  it('wake(index) completes ready fetches in order and keeps the others parked', () => {
    const log: string[] = [];
    const purgatory = new FetchPurgatory();
    purgatory.add(fetchWaiter('a', log, 2));
    purgatory.add(fetchWaiter('b', log, 1));
    purgatory.add(fetchWaiter('c', log, 2));
    purgatory.wake(0);
    expect([log, purgatory.length]).toEqual([['b'], 2]);
    purgatory.wake(0);
    expect([log, purgatory.length]).toEqual([['b', 'a', 'c'], 0]);
  });

  it('wake(index) checks only the fetches holding that partition', () => {
    const log: string[] = [];
    const purgatory = new FetchPurgatory();
    purgatory.add(fetchWaiter('a', log, 1, [3, 4]));
    purgatory.add(fetchWaiter('b', log, 1, [5]));
    purgatory.add(fetchWaiter('c', log, 1, [4]));
    purgatory.wake(4);
    expect([log, purgatory.length]).toEqual([['a', 'c'], 1]);
    purgatory.wake(4);
    purgatory.wake(5);
    expect([log, purgatory.length]).toEqual([['a', 'c', 'b'], 0]);
  });

  it('touch(index) marks the place of the partition in the fetches holding it, no check', () => {
    const log: string[] = [];
    const purgatory = new FetchPurgatory();
    const both = fetchWaiter('both', log, 1, [7, 9]);
    const other = fetchWaiter('other', log, 1, [8]);
    purgatory.add(both);
    purgatory.add(other);
    purgatory.touch(9);
    purgatory.touch(9);
    expect([[...both.changed], [...other.changed], log]).toEqual([[1], [], []]);
  });

  it('wake(index) drops waiters that completed elsewhere (timeout) without asking them', () => {
    const log: string[] = [];
    const purgatory = new FetchPurgatory();
    const timedOut = fetchWaiter('timedOut', log, 1);
    purgatory.add(timedOut);
    timedOut.done = true;
    purgatory.wake(0);
    expect([log, purgatory.length]).toEqual([[], 0]);
  });

  it('remove() takes out a fetch its max wait completed; clear() empties it', () => {
    const log: string[] = [];
    const purgatory = new FetchPurgatory();
    const first = fetchWaiter('first', log, 1);
    purgatory.add(first);
    purgatory.add(fetchWaiter('second', log, 1));
    purgatory.remove(first);
    expect(purgatory.length).toBe(1);
    purgatory.clear();
    expect(purgatory.length).toBe(0);
  });

  it('a fetch parked while a wake runs is a simulator bug', () => {
    const purgatory = new FetchPurgatory();
    const late = fetchWaiter('late', [], 1);
    purgatory.add({
      done: false,
      positionOf: new Map([[0, 0]]),
      changed: new Set(),
      tryComplete() {
        purgatory.add(late);
        return true;
      },
    });
    expect(() => purgatory.wake(0)).toThrow(/parked during a wake/);
  });
});
