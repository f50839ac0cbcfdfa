/**
 * PartitionLog: log end offset, the leader-epoch cache and Kafka's OffsetsForLeaderEpoch answer,
 * truncation (also inside a merged coarse entry), reads of whole batches, entry merging under
 * thousands of appends (property test), duplicate detection and retention below the HW.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PartitionLog } from '../../../sim/models/kafka/partitionLog.ts';
import type { BatchSlice } from '../../../sim/models/kafka/messages.ts';

function slice(
  baseOffset: number,
  recordCount: number,
  bytes: number,
  leaderEpoch = 0,
  producerId = -1,
  sequence = -1,
): BatchSlice {
  return {
    baseOffset,
    recordCount,
    bytes,
    leaderEpoch,
    firstCreateUs: baseOffset * 10,
    lastCreateUs: (baseOffset + recordCount - 1) * 10,
    producerId,
    sequence,
  };
}

/** Appends batches of `recordCount` records and `bytes` bytes each, at the log end. */
function appendRun(
  log: PartitionLog,
  count: number,
  recordCount: number,
  bytes: number,
  epoch = 0,
) {
  for (let index = 0; index < count; index++) {
    log.append(slice(log.logEndOffset, recordCount, bytes, epoch), log.sizeBytes + bytes);
  }
}

/** 1025 one-record appends of 100 B: the oldest 512 are merged into one coarse entry. */
function coarseLog(): PartitionLog {
  const log = new PartitionLog('orders-0');
  appendRun(log, 1025, 1, 100);
  return log;
}

describe('PartitionLog append', () => {
  it('append() advances the LEO by the record count and counts bytes and entries', () => {
    const log = new PartitionLog('orders-0');
    log.append(slice(0, 10, 1000), 1000);
    log.append(slice(10, 5, 500), 1500);
    log.append(slice(15, 20, 2000), 3500);
    expect([log.logEndOffset, log.sizeBytes, log.entryCount]).toEqual([35, 3500, 3]);
    expect([log.logStartOffset, log.highWatermark]).toEqual([0, 0]);
    expect(log.epochs).toEqual([[0, 0]]);
  });

  it('append() rejects a slice that does not start at the LEO', () => {
    const log = new PartitionLog('orders-0');
    log.append(slice(0, 10, 1000), 0);
    expect(() => log.append(slice(11, 1, 100), 0)).toThrow(/append at 11 but LEO is 10/);
  });

  it('append() with a higher epoch pushes [epoch, baseOffset] to the epoch cache', () => {
    const log = new PartitionLog('orders-0');
    log.append(slice(0, 10, 1000, 1), 0);
    log.append(slice(10, 10, 1000, 1), 0);
    log.append(slice(20, 5, 500, 3), 0);
    expect(log.epochs).toEqual([
      [1, 0],
      [3, 20],
    ]);
    expect([log.latestEpoch(), log.epochAt(19), log.epochAt(20), log.epochAt(25)]).toEqual([
      3, 1, 3, -1,
    ]);
  });

  it('startEpoch() replaces an epoch that holds no records, and keeps one that does', () => {
    const log = new PartitionLog('orders-0');
    expect(log.latestEpoch()).toBe(-1);
    log.startEpoch(1);
    log.startEpoch(2);
    expect(log.epochs).toEqual([[2, 0]]);
    log.append(slice(0, 10, 1000, 2), 0);
    log.startEpoch(3);
    log.startEpoch(3);
    expect(log.epochs).toEqual([
      [2, 0],
      [3, 10],
    ]);
    expect(() => log.startEpoch(1)).toThrow(/startEpoch 1 below 3/);
  });

  // Regression test for a fixed bug: startEpoch() replaces an empty latest epoch, but append() does
  // not. A broker that led epoch 3 without writing, then follows epoch 4, ends with [3, 10] and [4,
  // 10] (Kafka's LeaderEpochFileCache.assign drops entries with a start offset >= the new one).
  // Truncation offsets stay right (both end at 10), but endOffsetForEpoch(3) answers epoch 3, Kafka
  // epoch 2.
  it('append() after an empty epoch replaces it, as startEpoch() does (Kafka assign)', () => {
    const log = new PartitionLog('orders-0');
    log.append(slice(0, 10, 1000, 2), 0);
    log.startEpoch(3);
    log.append(slice(10, 10, 1000, 4), 0);
    expect(log.epochs).toEqual([
      [2, 0],
      [4, 10],
    ]);
  });
});

describe('PartitionLog endOffsetForEpoch (OffsetsForLeaderEpoch)', () => {
  const log = new PartitionLog('orders-0');
  log.append(slice(0, 10, 1000, 1), 0);
  log.append(slice(10, 15, 1000, 3), 0);
  log.append(slice(25, 15, 1000, 5), 0);

  it.each([
    [0, [-1, -1]],
    [1, [1, 10]],
    [2, [1, 10]],
    [3, [3, 25]],
    [4, [3, 25]],
    [5, [5, 40]],
    [9, [5, 40]],
  ])('endOffsetForEpoch(%i) is the largest epoch <= it and its end offset: %j', (epoch, want) => {
    expect(log.endOffsetForEpoch(epoch)).toEqual(want);
  });

  it('endOffsetForEpoch() on an empty log is [-1, -1]', () => {
    expect(new PartitionLog('orders-1').endOffsetForEpoch(3)).toEqual([-1, -1]);
  });
});

describe('PartitionLog truncateTo', () => {
  it('truncateTo() cuts a batch in part, trims the epoch cache and lowers the HW', () => {
    const log = new PartitionLog('orders-0');
    log.append(slice(0, 10, 1000, 1), 1000);
    log.append(slice(10, 10, 1000, 2), 2000);
    log.append(slice(20, 10, 1000, 3), 3000);
    log.highWatermark = 25;
    expect(log.truncateTo(15)).toBe(15);
    expect([log.logEndOffset, log.highWatermark, log.sizeBytes, log.entryCount]).toEqual([
      15, 15, 1500, 2,
    ]);
    expect(log.epochs).toEqual([
      [1, 0],
      [2, 10],
    ]);
    const { slices, oldestCachePosition } = log.read(10, 1 << 20);
    expect(slices).toEqual([{ ...slice(10, 5, 500, 2), lastCreateUs: 100 + 45 }]);
    expect(oldestCachePosition).toBe(2000);
  });

  it('truncateTo() at or above the LEO removes nothing and keeps the HW', () => {
    const log = new PartitionLog('orders-0');
    log.append(slice(0, 10, 1000, 1), 0);
    log.highWatermark = 8;
    expect(log.truncateTo(12)).toBe(0);
    expect([log.logEndOffset, log.highWatermark, log.sizeBytes]).toEqual([10, 8, 1000]);
    expect(log.epochs).toEqual([[1, 0]]);
  });

  it('truncateTo() at a batch boundary drops the epochs that start there', () => {
    const log = new PartitionLog('orders-0');
    log.append(slice(0, 10, 1000, 1), 0);
    log.append(slice(10, 10, 1000, 2), 0);
    expect(log.truncateTo(10)).toBe(10);
    expect(log.epochs).toEqual([[1, 0]]);
    expect([log.logEndOffset, log.sizeBytes, log.entryCount]).toEqual([10, 1000, 1]);
    log.append(slice(10, 1, 50, 4), 0);
    expect(log.epochs).toEqual([
      [1, 0],
      [4, 10],
    ]);
  });

  it('truncateTo() inside a merged coarse entry keeps its share of the bytes', () => {
    const log = coarseLog();
    expect([log.entryCount, log.logEndOffset, log.sizeBytes]).toEqual([514, 1025, 102_500]);
    expect(log.truncateTo(300)).toBe(725);
    expect([log.entryCount, log.logEndOffset, log.sizeBytes]).toEqual([1, 300, 30_000]);
    const [kept] = log.read(0, Infinity).slices;
    expect(kept).toMatchObject({ baseOffset: 0, recordCount: 300, bytes: 30_000 });
  });

  it('truncateTo() below the log start offset is a simulator bug', () => {
    const log = new PartitionLog('orders-0');
    appendRun(log, 3, 10, 100);
    log.highWatermark = 30;
    log.deleteOldest(0);
    expect(log.logStartOffset).toBe(20);
    expect(() => log.truncateTo(5)).toThrow(/truncate below log start/);
  });

  // Regression test for a fixed bug: truncateTo() keeps the producer state of the removed batches.
  // Kafka rebuilds it at the truncation point (UnifiedLog.truncateTo → loadProducerState). Here a
  // broker that truncated batch (7, 0) and later leads again answers an idempotent retry of (7, 0)
  // as a duplicate at an offset that now holds other records: an acknowledged batch that was never
  // written.
  it('truncateTo() forgets the producer batches it removed', () => {
    const log = new PartitionLog('orders-0');
    log.append(slice(0, 10, 1000, 1, 7, 0), 0);
    log.append(slice(10, 10, 1000, 1, 7, 1), 0);
    log.truncateTo(10);
    expect(log.recentBatchOffset(7, 0)).toBe(0);
    expect(log.recentBatchOffset(7, 1)).toBe(-1);
  });
});

describe('PartitionLog read', () => {
  const log = new PartitionLog('orders-0');
  log.append(slice(0, 10, 1000), 100);
  log.append(slice(10, 10, 1000), 200);
  log.append(slice(20, 10, 1000), 300);
  log.append(slice(30, 10, 5000), 400);

  it('read() returns whole batches up to maxBytes', () => {
    const { slices, oldestCachePosition } = log.read(0, 2500);
    expect(slices).toEqual([slice(0, 10, 1000), slice(10, 10, 1000)]);
    expect(oldestCachePosition).toBe(100);
    expect(log.read(0, 3000).slices.map((s) => s.baseOffset)).toEqual([0, 10, 20]);
  });

  it('read() returns at least one batch even when it exceeds maxBytes', () => {
    const { slices, oldestCachePosition } = log.read(30, 10);
    expect(slices).toEqual([slice(30, 10, 5000)]);
    expect(oldestCachePosition).toBe(400);
  });

  it('read() without minOne (a partition after one that brought data) takes only what fits', () => {
    expect(log.read(30, 10, false).slices).toEqual([]);
    expect(log.read(0, 2500, false).slices.map((s) => s.baseOffset)).toEqual([0, 10]);
  });

  it('read() cuts an entry of merged batches (over 1 MiB) at what fits', () => {
    const merged = new PartitionLog('history-0');
    merged.append(slice(0, 80_000, 8 * 1024 * 1024), 100);
    const [cut] = merged.read(0, 1024 * 1024).slices;
    expect([cut?.baseOffset, cut?.recordCount, cut?.bytes]).toEqual([0, 10_000, 1024 * 1024]);
    // At least one record of it when it comes first and nothing fits; none when it does not.
    expect(merged.read(0, 0).slices[0]?.recordCount).toBe(1);
    expect(merged.read(0, 0, false).slices).toEqual([]);
  });

  it('read() from inside a batch starts at the offset with a share of its bytes', () => {
    const { slices } = log.read(15, 1000);
    // Record 15 of the batch created from 100 to 190 µs: 190 - round(90 x 5/10) = 145.
    expect(slices).toEqual([{ ...slice(15, 5, 500), firstCreateUs: 145 }]);
    expect(log.read(15, 1500).slices.map((s) => [s.baseOffset, s.bytes])).toEqual([
      [15, 500],
      [20, 1000],
    ]);
  });

  it('read() at the LEO or below the log start offset returns nothing', () => {
    expect(log.read(40, 1000)).toEqual({ slices: [], oldestCachePosition: Infinity });
    expect(log.read(-1, 1000).slices).toEqual([]);
  });

  it('read() from the middle of a merged coarse entry gives proportional bytes', () => {
    const coarse = coarseLog();
    const { slices, oldestCachePosition } = coarse.read(100, 1);
    expect(slices).toHaveLength(1);
    // The merged entry holds offsets 0..511 (51,200 B); 412 of its records remain from 100.
    expect(slices[0]).toMatchObject({
      baseOffset: 100,
      recordCount: 412,
      bytes: 41_200,
      lastCreateUs: 5110,
      producerId: -1,
    });
    // Creation times in proportion too: record 100 was created at 1000 µs.
    expect(Math.abs((slices[0] as BatchSlice).firstCreateUs - 1000)).toBeLessThanOrEqual(10);
    // The merged entry keeps the cache position of the newest entry merged into it.
    expect(oldestCachePosition).toBe(51_200);
    expect(coarse.bytesFrom(100)).toBe(41_200 + 513 * 100);
  });

  it('read(offset) starts in the batch holding the offset, near the log end or far from it', () => {
    const many = new PartitionLog('orders-1');
    const ends: number[] = [];
    for (let batch = 0; batch < 40; batch++) {
      many.append(slice(many.logEndOffset, 1 + (batch % 3), 100), batch);
      ends.push(many.logEndOffset);
    }
    for (let offset = 0; offset < many.logEndOffset; offset++) {
      const end = ends.find((batchEnd) => batchEnd > offset) as number;
      const [first] = many.read(offset, 1).slices;
      expect([first?.baseOffset, first?.recordCount], `offset ${offset}`).toEqual([
        offset,
        end - offset,
      ]);
    }
  });
});

describe('PartitionLog merging (property)', () => {
  it('after thousands of appends offsets stay contiguous and bytes and records exact', () => {
    const batch = fc.record({
      recordCount: fc.integer({ min: 1, max: 50 }),
      bytes: fc.integer({ min: 1, max: 200_000 }),
      newEpoch: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(batch, { minLength: 1500, maxLength: 4000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (batches, readFrom) => {
          const log = new PartitionLog('orders-0');
          let epoch = 0;
          let records = 0;
          let bytes = 0;
          const epochStarts: Array<[number, number]> = [];
          for (const [index, { recordCount, bytes: size, newEpoch }] of batches.entries()) {
            // Epoch changes are rare, as leader changes are.
            if (newEpoch && index % 97 === 0) epoch++;
            if (epochStarts.at(-1)?.[0] !== epoch) epochStarts.push([epoch, records]);
            log.append(slice(records, recordCount, size, epoch), bytes + size);
            records += recordCount;
            bytes += size;
          }
          expect([log.logEndOffset, log.sizeBytes]).toEqual([records, bytes]);
          expect(log.epochs).toEqual(epochStarts);
          expect(log.entryCount).toBeLessThanOrEqual(1024 + epochStarts.length * 2 + 512);
          const { slices } = log.read(0, Infinity);
          let next = 0;
          let total = 0;
          for (const piece of slices) {
            expect(piece.baseOffset).toBe(next);
            expect(log.epochAt(piece.baseOffset)).toBe(piece.leaderEpoch);
            expect(log.epochAt(piece.baseOffset + piece.recordCount - 1)).toBe(piece.leaderEpoch);
            next += piece.recordCount;
            total += piece.bytes;
          }
          expect([next, total]).toEqual([records, bytes]);
          const from = Math.min(records - 1, Math.floor(readFrom * records));
          const fromSlices = log.read(from, Infinity).slices;
          expect(fromSlices[0]?.baseOffset).toBe(from);
          const fromBytes = fromSlices.reduce((sum, piece) => sum + piece.bytes, 0);
          expect(fromBytes).toBe(log.bytesFrom(from));
          expect(fromBytes).toBeLessThanOrEqual(bytes);
        },
      ),
      { numRuns: 40, seed: 20240601 },
    );
  });
});

describe('PartitionLog recentBatchOffset', () => {
  it('recentBatchOffset() finds the last 5 batches of a producer and nothing older', () => {
    const log = new PartitionLog('orders-0');
    for (let sequence = 0; sequence < 7; sequence++) {
      log.append(slice(log.logEndOffset, 10, 100, 0, 7, sequence), 0);
    }
    log.append(slice(log.logEndOffset, 10, 100, 0, 8, 0), 0);
    expect([0, 1, 2, 3, 4, 5, 6].map((sequence) => log.recentBatchOffset(7, sequence))).toEqual([
      -1, -1, 20, 30, 40, 50, 60,
    ]);
    expect([log.recentBatchOffset(8, 0), log.recentBatchOffset(9, 0)]).toEqual([70, -1]);
  });

  it('recentBatchOffset() ignores slices without a producer id (replicated prefill)', () => {
    const log = new PartitionLog('orders-0');
    log.append(slice(0, 10, 100, 0, -1, 0), 0);
    expect(log.recentBatchOffset(-1, 0)).toBe(-1);
  });
});

describe('PartitionLog retention', () => {
  function fiveBatches(): PartitionLog {
    const log = new PartitionLog('orders-0');
    appendRun(log, 5, 10, 100);
    return log;
  }

  it('deleteOldest() never deletes an entry that reaches the HW', () => {
    const log = fiveBatches();
    log.highWatermark = 25;
    expect(log.deleteOldest(0)).toBe(200);
    expect([log.logStartOffset, log.sizeBytes, log.entryCount]).toEqual([20, 300, 3]);
  });

  it('deleteOldest(keepBytes) keeps at least the newest keepBytes', () => {
    const log = fiveBatches();
    log.highWatermark = 50;
    expect(log.deleteOldest(250)).toBe(200);
    expect([log.logStartOffset, log.sizeBytes]).toEqual([20, 300]);
    expect(log.deleteOldest(0)).toBe(200);
    expect([log.logStartOffset, log.entryCount]).toEqual([40, 1]);
  });

  it('deleteRetained() drops expired entries, keeps the active segment and stops at the HW', () => {
    const log = fiveBatches();
    log.highWatermark = 50;
    // Batch i's newest record was created at (10 i + 9) * 10 µs.
    expect(log.deleteRetained(1000, 700, -1, 0)).toBe(300);
    expect(log.logStartOffset).toBe(30);
    expect(log.deleteRetained(1_000_000, 1, -1, 150)).toBe(0);
    expect(log.deleteRetained(1_000_000, -1, 100, 0)).toBe(100);
    expect([log.logStartOffset, log.entryCount]).toEqual([40, 1]);
  });
});
