/**
 * Accumulator (RecordAccumulator, BuiltInPartitioner, BufferPool as counts): keyed splits, the
 * sticky and uniform-sticky null-key partitioners, readiness by linger and by a full batch,
 * drain order, buffer.memory blocking and release, delivery timeouts and retry order.
 * Batches here hold 10 records (batch.size 1000 B, 100 B records, no header).
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../sim/engine/index.ts';
import { Accumulator, type AccumulatorSpec } from '../../../sim/models/kafka/accumulator.ts';
import { ArrivalProcess } from '../../../sim/models/kafka/arrivals.ts';

const MS = 1000;

/** One record per millisecond unless `recordsPerSec` says otherwise. */
function setup(overrides: Partial<AccumulatorSpec> = {}, recordsPerSec = 1000, seed = 1) {
  const sim = new Simulation({ seed });
  const arrivals = new ArrivalProcess(
    [{ atUs: 0, recordsPerSec }],
    false,
    sim.stream('producer/p1/arrivals'),
  );
  const spec: AccumulatorSpec = {
    partitionIndexes: [10, 11, 12],
    keyWeights: null,
    nullKeyPartitioner: 'sticky',
    adaptivePartitioning: false,
    openLoop: true,
    batchSizeBytes: 1000,
    lingerUs: 5 * MS,
    bufferMemoryBytes: 1_000_000,
    maxBlockUs: 60_000 * MS,
    deliveryTimeoutUs: 120_000 * MS,
    recordBytes: 100,
    batchHeaderBytes: 0,
    recordsLimit: null,
    ...overrides,
  };
  return new Accumulator(spec, arrivals, sim.stream('producer/p1/partitioner'));
}

const pending = (accumulator: Accumulator) =>
  [0, 1, 2].slice(0, accumulator.partitionCount).map((local) => accumulator.pendingRecords(local));

describe('Accumulator keyed records', () => {
  it('advance() splits keyed records by the key weights', () => {
    const accumulator = setup({ keyWeights: new Float64Array([0.5, 0.3, 0.2]) });
    expect(accumulator.recordsPerBatch).toBe(10);
    accumulator.advance(1000 * MS);
    expect(pending(accumulator)).toEqual([500, 300, 200]);
    expect([accumulator.recordsGenerated, accumulator.recordsPlaced]).toEqual([1000, 1000]);
    expect([accumulator.blocked, accumulator.backlogRecords]).toEqual([false, 0]);
  });

  it('advance() carries fractions: 3 records a wake-up over weights 1/3 each stay even', () => {
    const accumulator = setup({ keyWeights: new Float64Array([1 / 3, 1 / 3, 1 / 3]) });
    for (let wake = 1; wake <= 10; wake++) accumulator.advance(wake * 3 * MS);
    expect(pending(accumulator)).toEqual([10, 10, 10]);
  });

  // Regression test for a fixed bug: #placeSpread floors each partition's share, and the records
  // lost to rounding stay in the backlog, which #place takes for "buffer.memory exhausted": with 1
  // MB free, one record per wake-up over weights [0.5, 0.5] marks the accumulator blocked (every
  // partition ready, linger ignored), and in a closed loop the next arrivals are dropped without
  // being counted as failed.
  it('advance() of one keyed record at a time never blocks with memory free', () => {
    const accumulator = setup({
      keyWeights: new Float64Array([0.5, 0.5]),
      partitionIndexes: [0, 1],
    });
    for (let ms = 1; ms <= 6; ms++) {
      accumulator.advance(ms * MS);
      expect(accumulator.blocked).toBe(false);
    }
    expect(accumulator.recordsPlaced).toBe(6);
  });

  it('a closed loop places every keyed record when memory is free', () => {
    const accumulator = setup({
      keyWeights: new Float64Array([0.5, 0.5]),
      partitionIndexes: [0, 1],
      openLoop: false,
    });
    for (let ms = 1; ms <= 6; ms++) accumulator.advance(ms * MS);
    // Today: 6 generated, 4 placed, 0 in the backlog and 0 failed: 2 records vanish.
    expect(accumulator.recordsPlaced + accumulator.backlogRecords).toBe(6);
  });
});

describe('Accumulator null keys', () => {
  it("'sticky' fills one batch, then switches to another partition (KIP-480)", () => {
    const accumulator = setup({ nullKeyPartitioner: 'sticky' });
    const chosen: number[] = [];
    let before = pending(accumulator);
    for (let wake = 1; wake <= 20; wake++) {
      accumulator.advance(wake * 10 * MS);
      const after = pending(accumulator);
      const grown = after.map((count, local) => count - (before[local] as number));
      // Each wake-up's 10 records fill exactly one batch on one partition.
      expect(grown.filter((count) => count > 0)).toEqual([10]);
      chosen.push(grown.indexOf(10));
      before = after;
    }
    for (let index = 1; index < chosen.length; index++) {
      expect(chosen[index]).not.toBe(chosen[index - 1]);
    }
    expect(new Set(chosen).size).toBe(3);
  });

  it("'sticky' switches when the sender drains the sticky partition's batch", () => {
    const accumulator = setup({ nullKeyPartitioner: 'sticky' });
    accumulator.advance(3 * MS);
    const local = pending(accumulator).indexOf(3);
    expect(accumulator.drain(local, 3 * MS)?.recordCount).toBe(3);
    accumulator.advance(5 * MS);
    expect(pending(accumulator)[local]).toBe(0);
    expect(pending(accumulator).reduce((a, b) => a + b)).toBe(2);
  });

  it("'uniform-sticky' switches after batch.size bytes went to the partition (KIP-794)", () => {
    const accumulator = setup({ nullKeyPartitioner: 'uniform-sticky' });
    for (let wake = 1; wake <= 30; wake++) {
      accumulator.advance(wake * 4 * MS);
      // Runs land in whole batches: every queue holds a multiple of 10, but for the current one.
      const partial = pending(accumulator).filter((count) => count % 10 !== 0);
      expect(partial.length).toBeLessThanOrEqual(1);
    }
    expect(pending(accumulator).reduce((a, b) => a + b)).toBe(120);
  });

  it("'uniform-sticky' defers the switch until the partition's open batch is full", () => {
    const accumulator = setup({ nullKeyPartitioner: 'uniform-sticky', partitionIndexes: [0, 1] });
    accumulator.advance(4 * MS);
    const local = pending(accumulator).indexOf(4);
    accumulator.drain(local, 4 * MS);
    // 6 more records reach batch.size since the switch, but the open batch holds only 6: the
    // partition keeps the next 4 too, then switches.
    accumulator.advance(14 * MS);
    expect(pending(accumulator)[local]).toBeGreaterThanOrEqual(10);
  });
});

describe('Accumulator readiness and drain', () => {
  it('isReady() after linger.ms from the first record, or at once for a full batch', () => {
    const accumulator = setup({ partitionIndexes: [7] });
    accumulator.advance(3 * MS);
    // 3 records arrived, at 1, 2 and 3 ms: linger runs from the first.
    expect(accumulator.isReady(0, 6 * MS - 1, false)).toBe(false);
    expect(accumulator.isReady(0, 6 * MS, false)).toBe(true);
    expect(accumulator.isReady(0, 3 * MS, true)).toBe(true);
    accumulator.advance(10 * MS);
    expect(accumulator.isReady(0, 10 * MS, false)).toBe(true);
    expect(accumulator.hasData(0, 10 * MS)).toBe(true);
  });

  it('linger.ms counts whole milliseconds, as Kafka keeps batch and sender times in ms', () => {
    // No records until 0.9 ms, then one a millisecond: the first arrives at 1.9 ms (createdMs 1).
    const sim = new Simulation({ seed: 1 });
    const arrivals = new ArrivalProcess(
      [
        { atUs: 0, recordsPerSec: 0 },
        { atUs: 900, recordsPerSec: 1000 },
      ],
      false,
      sim.stream('producer/p1/arrivals'),
    );
    const base = setup({ partitionIndexes: [7] });
    const accumulator = new Accumulator(base.spec, arrivals, sim.stream('producer/p1/partitioner'));
    accumulator.advance(2 * MS);
    expect(accumulator.pendingRecords(0)).toBe(1);
    // Ready once nowMs - createdMs reaches 5: at 6.0 ms, 4.1 ms after the record.
    expect(accumulator.isReady(0, 6 * MS - 1, false)).toBe(false);
    expect(accumulator.isReady(0, 6 * MS, false)).toBe(true);
    // The sender sleeps the milliseconds left from when it looks: at 2.0 ms (4 left) until
    // 6.0 ms; at 3.5 ms (nowMs 3: 3 left) until 6.5 ms, half a millisecond past readiness.
    const fill = (at: number) => accumulator.nextReadyUs(at, () => false);
    expect(fill(2 * MS)).toBe(6 * MS);
    accumulator.advance(3500);
    expect(fill(3500)).toBe(6500);
  });

  it('drain() cuts at most recordsPerBatch records, in creation-time order', () => {
    const accumulator = setup({ partitionIndexes: [7] });
    accumulator.advance(25 * MS);
    const batches = [0, 1, 2].map(() => accumulator.drain(0, 25 * MS));
    expect(accumulator.drain(0, 25 * MS)).toBeNull();
    expect(batches.map((batch) => [batch?.recordCount, batch?.sequence, batch?.bytes])).toEqual([
      [10, 0, 1000],
      [10, 1, 1000],
      [5, 2, 500],
    ]);
    // Records arrive at 1, 2, ... 25 ms: batches of 1-10, 11-20 and 21-25 ms.
    expect(batches.map((batch) => [batch?.firstCreateUs, batch?.lastCreateUs])).toEqual([
      [1 * MS, 10 * MS],
      [11 * MS, 20 * MS],
      [21 * MS, 25 * MS],
    ]);
    for (const [index, batch] of batches.entries()) {
      expect(batch?.partitionIndex).toBe(7);
      expect(batch?.lastCreateUs).toBeGreaterThanOrEqual(batch?.firstCreateUs as number);
      if (index > 0) {
        expect(batch?.firstCreateUs).toBeGreaterThanOrEqual(
          batches[index - 1]?.lastCreateUs as number,
        );
      }
    }
  });

  it('nextReadyUs() is the earliest of linger expiry and the time to fill a batch', () => {
    const accumulator = setup({ partitionIndexes: [7] });
    accumulator.advance(3 * MS);
    // Linger ends at 6 ms (first record at 1 ms); the 7 more that fill the batch end at 10 ms.
    expect(accumulator.nextReadyUs(3 * MS, () => false)).toBe(6 * MS);
    // With linger.ms 20, the batch fills first: when its 10th record arrives.
    const long = setup({ partitionIndexes: [7], lingerUs: 20 * MS });
    long.advance(3 * MS);
    expect(long.nextReadyUs(3 * MS, () => false)).toBe(10 * MS);
    expect(accumulator.nextReadyUs(3 * MS, () => true)).toBe(Infinity);
  });
});

describe('Accumulator buffer.memory', () => {
  /** buffer.memory of 3 batches, one partition; 45 records arrive by 45 ms. */
  function full(openLoop: boolean) {
    const accumulator = setup({ partitionIndexes: [7], bufferMemoryBytes: 3000, openLoop });
    accumulator.advance(45 * MS);
    return accumulator;
  }

  it('exhausted memory blocks send(): the rest waits and every partition is ready', () => {
    const accumulator = full(true);
    expect([accumulator.pendingRecords(0), accumulator.backlogRecords]).toEqual([30, 15]);
    expect([accumulator.blocked, accumulator.memoryUsedBytes]).toEqual([true, 3000]);
    expect(accumulator.isReady(0, 45 * MS, false)).toBe(true);
  });

  it('open loop: arrivals while blocked join the backlog', () => {
    const accumulator = full(true);
    accumulator.advance(55 * MS);
    expect([accumulator.recordsGenerated, accumulator.recordsPlaced]).toEqual([55, 30]);
    expect(accumulator.backlogRecords).toBe(25);
  });

  it('closed loop: arrivals while blocked are not generated into the backlog', () => {
    const accumulator = full(false);
    accumulator.advance(55 * MS);
    expect([accumulator.recordsGenerated, accumulator.recordsPlaced]).toEqual([55, 30]);
    expect(accumulator.backlogRecords).toBe(15);
  });

  it('release() frees a batch of memory: the backlog is placed at the next advance', () => {
    const accumulator = full(true);
    const batches = [accumulator.drain(0, 45 * MS), accumulator.drain(0, 45 * MS)];
    expect(accumulator.memoryUsedBytes).toBe(3000);
    for (const batch of batches) if (batch !== null) accumulator.release(batch);
    expect(accumulator.memoryUsedBytes).toBe(1000);
    accumulator.advance(46 * MS);
    expect([accumulator.blocked, accumulator.backlogRecords]).toEqual([false, 0]);
    expect([accumulator.pendingRecords(0), accumulator.recordsPlaced]).toEqual([26, 46]);
  });

  it('a record that finds no memory blocks every later record, whatever its partition', () => {
    // Keys split 1/2, 1/4, 1/4; buffer.memory holds 6 batches of 10 records. Partition 0's
    // batches never drain (its leader is down): once memory is gone, partitions 1 and 2 stop too,
    // and freeing their batches lets records through in arrival order until one finds no batch.
    const accumulator = setup({
      keyWeights: new Float64Array([0.5, 0.25, 0.25]),
      bufferMemoryBytes: 6000,
    });
    accumulator.advance(80 * MS);
    expect(accumulator.memoryUsedBytes).toBeGreaterThanOrEqual(5000);
    expect(accumulator.blocked).toBe(true);
    const placed = accumulator.recordsPlaced;
    expect(placed).toBeLessThan(60);
    // Partitions 1 and 2 drain and release; partition 0 keeps its batches.
    const [p0, p1] = pending(accumulator);
    expect(p0).toBeGreaterThan(p1 as number);
    for (const local of [1, 2]) {
      const batch = accumulator.drain(local, 80 * MS);
      if (batch !== null) accumulator.release(batch);
    }
    accumulator.advance(81 * MS);
    const [q0, q1, q2] = pending(accumulator);
    // What came through went to every partition by its key share, not only to those with room.
    expect((q0 as number) - (p0 as number)).toBeGreaterThan(0);
    expect((q1 as number) + (q2 as number)).toBeLessThanOrEqual(20);
    expect(accumulator.memoryUsedBytes).toBeLessThanOrEqual(6000);
  });

  it('with the memory held by batches that never drain, send() takes nothing more', () => {
    const accumulator = setup({
      keyWeights: new Float64Array([0.5, 0.25, 0.25]),
      bufferMemoryBytes: 6000,
    });
    accumulator.advance(80 * MS);
    for (let step = 1; step <= 40; step++) {
      for (const local of [1, 2]) {
        const batch = accumulator.drain(local, (80 + step) * MS);
        if (batch !== null) accumulator.release(batch);
      }
      accumulator.advance((80 + step) * MS);
    }
    // Partition 0 ends up holding the memory; the others have nothing left to send.
    const [p0, p1, p2] = pending(accumulator);
    expect([p1, p2]).toEqual([0, 0]);
    expect(p0).toBeGreaterThan(50);
    expect(accumulator.blocked).toBe(true);
    const placed = accumulator.recordsPlaced;
    // 100 more records arrive; at most what fits partition 0's open batch gets in (plus the
    // fractions of a record each partition carries).
    accumulator.advance(220 * MS);
    const room = (10 - ((p0 as number) % 10)) % 10;
    expect(accumulator.recordsPlaced - placed).toBeLessThanOrEqual(room + 3);
    expect(accumulator.backlogRecords).toBeGreaterThanOrEqual(100);
  });

  // Regression test for a fixed bug: the burst was cut at one fraction of every partition's
  // share, so over 100 partitions of equal shares with 32 batches of memory free (batch.size
  // 1 MiB against 32 MiB of buffer.memory) nothing was placed and the producer stalled for good.
  it('a burst over more partitions than free batches places records in arrival order', () => {
    const placedBy = (seed: number) => {
      const accumulator = setup(
        {
          keyWeights: new Float64Array(100).fill(0.01),
          partitionIndexes: Array.from({ length: 100 }, (_, local) => local),
          bufferMemoryBytes: 32_000,
        },
        1000,
        seed,
      );
      accumulator.advance(1000 * MS);
      expect([accumulator.blocked, accumulator.memoryUsedBytes]).toEqual([true, 32_000]);
      const partitions = Array.from({ length: 100 }, (_, local) =>
        accumulator.pendingRecords(local),
      ).filter((records) => records > 0);
      expect(partitions.length).toBe(32);
      return accumulator.recordsPlaced;
    };
    // Records until the 33rd distinct partition of 100: 100 * (H(100) - H(67)) = 40 expected.
    const placed = [1, 2, 3, 4, 5, 6, 7, 8].map(placedBy);
    const mean = placed.reduce((sum, count) => sum + count, 0) / placed.length;
    expect(Math.min(...placed)).toBeGreaterThanOrEqual(32);
    expect(mean).toBeGreaterThan(34);
    expect(mean).toBeLessThan(48);
  });

  it('round-robin past the cut: one record to each partition in turn until memory runs out', () => {
    const accumulator = setup({
      nullKeyPartitioner: 'round-robin',
      partitionIndexes: Array.from({ length: 10 }, (_, local) => local),
      bufferMemoryBytes: 3000,
    });
    accumulator.advance(100 * MS);
    expect(pending(accumulator)).toEqual([1, 1, 1]);
    expect([accumulator.recordsPlaced, accumulator.blocked]).toEqual([3, true]);
    const batch = accumulator.drain(0, 100 * MS);
    if (batch !== null) accumulator.release(batch);
    accumulator.advance(100 * MS + 1);
    // The blocked record was partition 3's: it takes the freed batch, then partition 4's blocks.
    const after = Array.from({ length: 10 }, (_, local) => accumulator.pendingRecords(local));
    expect(after).toEqual([0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect([accumulator.blocked, accumulator.memoryUsedBytes]).toEqual([true, 3000]);
  });

  it('expireBlocked() fails the backlog after max.block.ms without progress', () => {
    const accumulator = setup({
      partitionIndexes: [7],
      bufferMemoryBytes: 3000,
      maxBlockUs: 100 * MS,
    });
    accumulator.advance(45 * MS);
    expect(accumulator.expireBlocked(45 * MS + 100 * MS - 1)).toBe(0);
    expect(accumulator.expireBlocked(145 * MS)).toBe(15);
    expect([accumulator.recordsBlockedFailed, accumulator.backlogRecords]).toEqual([15, 0]);
  });
});

describe('Accumulator retries and timeouts', () => {
  it('requeue() orders retries by sequence; drain() waits for the backoff', () => {
    const accumulator = setup({ partitionIndexes: [7] });
    accumulator.advance(30 * MS);
    const [a, b, c] = [0, 1, 2].map(() => accumulator.drain(0, 30 * MS));
    if (!a || !b || !c) throw new Error('three batches expected');
    accumulator.requeue(c, 40 * MS);
    accumulator.requeue(a, 40 * MS);
    accumulator.requeue(b, 40 * MS);
    expect(accumulator.isReady(0, 39 * MS, false)).toBe(false);
    expect(accumulator.drain(0, 39 * MS)).toBeNull();
    expect([0, 1, 2].map(() => accumulator.drain(0, 40 * MS)?.sequence)).toEqual([0, 1, 2]);
  });

  it('expire() fails queued and retrying batches older than delivery.timeout.ms', () => {
    const accumulator = setup({ partitionIndexes: [7], deliveryTimeoutUs: 100 * MS });
    accumulator.advance(20 * MS);
    const sent = accumulator.drain(0, 20 * MS);
    if (sent === null) throw new Error('a batch expected');
    accumulator.requeue(sent, 30 * MS);
    // The retry was created from 1 ms, the queued batch from 10 ms.
    expect(accumulator.expire(1 * MS + 100 * MS - 1)).toEqual([]);
    const first = accumulator.expire(1 * MS + 100 * MS);
    expect(first.map((batch) => batch.sequence)).toEqual([0]);
    const second = accumulator.expire(200 * MS);
    expect(second.map((batch) => [batch.sequence, batch.recordCount])).toEqual([[1, 10]]);
    expect(accumulator.memoryUsedBytes).toBe(0);
  });
});
