/**
 * EventQueue against a reference: random pushes and pops, compared with a sorted array of
 * (atUs, seq, payload). Times are drawn from a small range so ties on atUs are frequent.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../sim/engine/index.ts';

interface Entry {
  atUs: number;
  seq: number;
  payload: number;
}

const byTimeThenSeq = (a: Entry, b: Entry) => a.atUs - b.atUs || a.seq - b.seq;

function popEntry(queue: EventQueue): Entry {
  const entry = { atUs: queue.peekTimeUs(), seq: queue.peekSeq(), payload: queue.peekPayload() };
  queue.pop();
  return entry;
}

const operation = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('push' as const), atUs: fc.nat(50) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('pop' as const) }), weight: 2 },
);

describe('EventQueue', () => {
  it('pop() returns entries ordered by (atUs, seq) like a reference sort', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 400 }), (operations) => {
        // Capacity 2 so the property also exercises growth.
        const queue = new EventQueue(2);
        const reference: Entry[] = [];
        let seqNext = 0;
        for (const op of operations) {
          if (op.kind === 'push') {
            const entry = { atUs: op.atUs, seq: seqNext, payload: (seqNext * 7) % 1000 };
            seqNext++;
            queue.push(entry.atUs, entry.seq, entry.payload);
            reference.push(entry);
            reference.sort(byTimeThenSeq);
          } else if (reference.length > 0) {
            expect(popEntry(queue)).toEqual(reference.shift());
          }
          expect(queue.size).toBe(reference.length);
        }
        const rest: Entry[] = [];
        while (queue.size > 0) rest.push(popEntry(queue));
        expect(rest).toEqual(reference);
      }),
      { numRuns: 300, seed: 20_260_101 },
    );
  });

  it('remove() takes out any pending entry; the rest still pops in order', () => {
    const withRemove = fc.oneof(
      { arbitrary: operation, weight: 5 },
      { arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }), weight: 2 },
    );
    fc.assert(
      fc.property(fc.array(withRemove, { maxLength: 400 }), (operations) => {
        const queue = new EventQueue(2);
        const reference: Entry[] = [];
        let seqNext = 0;
        for (const op of operations) {
          if (op.kind === 'push') {
            const entry = { atUs: op.atUs, seq: seqNext, payload: (seqNext * 7) % 1000 };
            seqNext++;
            queue.push(entry.atUs, entry.seq, entry.payload);
            reference.push(entry);
            reference.sort(byTimeThenSeq);
          } else if (op.kind === 'pop') {
            if (reference.length > 0) expect(popEntry(queue)).toEqual(reference.shift());
          } else if (reference.length > 0) {
            const [gone] = reference.splice(op.pick % reference.length, 1);
            expect(queue.remove((gone as Entry).payload)).toBe(true);
            expect(queue.remove((gone as Entry).payload)).toBe(false);
          }
          expect(queue.size).toBe(reference.length);
        }
        const rest: Entry[] = [];
        while (queue.size > 0) rest.push(popEntry(queue));
        expect(rest).toEqual(reference);
      }),
      { numRuns: 300, seed: 20_261_129 },
    );
  });

  it('remove() of a payload never queued, or already popped, is false', () => {
    const queue = new EventQueue(2);
    expect(queue.remove(5)).toBe(false);
    queue.push(1, 1, 5);
    queue.pop();
    expect(queue.remove(5)).toBe(false);
    expect(queue.remove(1_000_000)).toBe(false);
  });

  it('pop() with times up to 2^53 - 1 keeps exact integer order', () => {
    const queue = new EventQueue(4);
    const big = Number.MAX_SAFE_INTEGER;
    queue.push(big, 3, 0);
    queue.push(big - 1, 4, 1);
    queue.push(big, 1, 2);
    queue.push(0, 2, 3);
    const order: number[] = [];
    while (queue.size > 0) order.push(popEntry(queue).payload);
    expect(order).toEqual([3, 1, 2, 0]);
  });

  it('peekTimeUs() is Infinity when empty, pop() on empty throws', () => {
    const queue = new EventQueue();
    expect(queue.peekTimeUs()).toBe(Infinity);
    expect(() => queue.pop()).toThrow(/empty/);
  });

  it('push() beyond capacityMax throws', () => {
    const queue = new EventQueue(2, 4);
    for (let index = 0; index < 4; index++) queue.push(index, index, index);
    expect(() => queue.push(9, 9, 9)).toThrow(/full/);
  });
});
