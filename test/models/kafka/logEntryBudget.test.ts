/**
 * The partition logs' entry budget: each log's ceiling is its share of the run's budget, a log
 * stays within it under many appends (reads, truncation and retention over its merged entries
 * stay exact), many logs together stay within the budget, and a broker whose logs cannot merge
 * (one leader epoch per batch) stops the run with a message. Small budgets keep these fast.
 */
import { describe, expect, it } from 'vitest';
import {
  LOG_ENTRIES_BUDGET,
  LOG_ENTRIES_CEILING_MAX,
  LOG_ENTRIES_CEILING_MIN,
  logEntriesCeiling,
  LogEntryBudget,
} from '../../../sim/models/kafka/logEntryBudget.ts';
import type { BatchSlice } from '../../../sim/models/kafka/messages.ts';
import { PartitionLog } from '../../../sim/models/kafka/partitionLog.ts';

function slice(baseOffset: number, recordCount: number, bytes: number, epoch: number): BatchSlice {
  return {
    baseOffset,
    recordCount,
    bytes,
    leaderEpoch: epoch,
    firstCreateUs: baseOffset * 10,
    lastCreateUs: (baseOffset + recordCount - 1) * 10,
    producerId: 7,
    sequence: baseOffset,
  };
}

/** Appends one batch of `recordCount` records of 100 B each at the log end. */
function appendBatch(log: PartitionLog, recordCount: number, epoch = 0): void {
  const bytes = recordCount * 100;
  log.append(slice(log.logEndOffset, recordCount, bytes, epoch), log.sizeBytes + bytes);
}

/** Every slice of a full read, checked to be back to back; returns [records, bytes]. */
function readAll(log: PartitionLog): [number, number] {
  let next = log.logStartOffset;
  let bytes = 0;
  for (const piece of log.read(log.logStartOffset, Infinity).slices) {
    expect(piece.baseOffset).toBe(next);
    expect(log.epochAt(piece.baseOffset)).toBe(piece.leaderEpoch);
    expect(log.epochAt(piece.baseOffset + piece.recordCount - 1)).toBe(piece.leaderEpoch);
    next += piece.recordCount;
    bytes += piece.bytes;
  }
  expect(next).toBe(log.logEndOffset);
  return [next - log.logStartOffset, bytes];
}

describe('logEntriesCeiling', () => {
  it.each([
    [LOG_ENTRIES_BUDGET, 0, LOG_ENTRIES_CEILING_MAX],
    [LOG_ENTRIES_BUDGET, 300, LOG_ENTRIES_CEILING_MAX],
    [LOG_ENTRIES_BUDGET, 30_003, 139],
    [LOG_ENTRIES_BUDGET, 1_000_000, LOG_ENTRIES_CEILING_MIN],
    [8192, 256, 32],
  ])('logEntriesCeiling(%i entries, %i logs) is %i entries a log', (budget, logs, ceiling) => {
    expect(logEntriesCeiling(budget, logs)).toBe(ceiling);
  });

  it('new LogEntryBudget(owner, ceiling) merges at half the ceiling, never above 1,024', () => {
    expect(new LogEntryBudget('broker-0', 8192).entriesPerLog).toBe(1024);
    expect(new LogEntryBudget('broker-0', 139).entriesPerLog).toBe(69);
    expect(new LogEntryBudget('broker-0', 32).entriesPerLog).toBe(16);
  });
});

describe('PartitionLog with an entry budget', () => {
  it("append() keeps a replica's entries within its share of the budget, bytes exact", () => {
    const budget = new LogEntryBudget('broker-0', 64);
    const log = new PartitionLog('broker-0/orders-0', budget);
    let records = 0;
    for (let index = 0; index < 20_000; index++) {
      const count = 1 + ((index * 7) % 13);
      appendBatch(log, count, index < 10_000 ? 1 : 2);
      records += count;
      expect(log.entryCount).toBeLessThanOrEqual(64);
    }
    expect(budget.entries).toBe(log.entryCount);
    expect(readAll(log)).toEqual([records, records * 100]);
    expect(log.epochs).toEqual([
      [1, 0],
      [2, log.epochs[1]?.[1]],
    ]);
  });

  it('read() and truncateTo() inside merged entries give the right offsets and bytes', () => {
    const budget = new LogEntryBudget('broker-0', 32);
    const log = new PartitionLog('broker-0/orders-0', budget);
    for (let index = 0; index < 1000; index++) appendBatch(log, 10, index < 600 ? 3 : 4);
    expect([log.logEndOffset, log.sizeBytes]).toEqual([10_000, 1_000_000]);
    expect(log.entryCount).toBeLessThanOrEqual(32);
    // Offset 2345 lies inside a merged entry of epoch 3: the read starts exactly there.
    const [first] = log.read(2345, Infinity).slices;
    expect(first).toMatchObject({ baseOffset: 2345, leaderEpoch: 3 });
    expect(log.bytesFrom(2345)).toBe(765_500);
    expect(log.read(6000, 1).slices[0]).toMatchObject({ baseOffset: 6000, leaderEpoch: 4 });
    // Truncation inside a merged entry keeps its share of the records and bytes.
    expect(log.truncateTo(4321)).toBe(5679);
    expect([log.logEndOffset, log.sizeBytes]).toEqual([4321, 432_100]);
    expect(log.epochs).toEqual([[3, 0]]);
    expect(readAll(log)).toEqual([4321, 432_100]);
    expect(budget.entries).toBe(log.entryCount);
    // Appends after the truncation start at the new end, in a new epoch.
    appendBatch(log, 5, 5);
    expect(log.epochs).toEqual([
      [3, 0],
      [5, 4321],
    ]);
    expect(readAll(log)).toEqual([4326, 432_600]);
  });

  it('deleteRetained() drops whole merged entries and the budget counts them out', () => {
    const budget = new LogEntryBudget('broker-0', 32);
    const log = new PartitionLog('broker-0/orders-0', budget);
    // 10 MB in batches of 10 kB: merged entries hold up to 1/4 of the log (16 a log).
    for (let index = 0; index < 1000; index++) appendBatch(log, 100);
    log.highWatermark = log.logEndOffset;
    const entriesBefore = log.entryCount;
    const deleted = log.deleteRetained(0, -1, 3_000_000, 0);
    expect(deleted).toBeGreaterThan(0);
    expect(log.entryCount).toBeLessThan(entriesBefore);
    expect(log.sizeBytes).toBe(10_000_000 - deleted);
    expect(log.sizeBytes).toBeGreaterThanOrEqual(3_000_000);
    expect(log.logStartOffset).toBe(deleted / 100);
    expect(log.read(log.logStartOffset - 1, Infinity).slices).toEqual([]);
    expect(readAll(log)).toEqual([100_000 - deleted / 100, log.sizeBytes]);
    expect(budget.entries).toBe(log.entryCount);
  });

  it('the budget keeps the entries of many partitions on several brokers bounded', () => {
    const budgetEntries = 8192;
    const brokers = 4;
    const logsPerBroker = 64;
    const ceiling = logEntriesCeiling(budgetEntries, brokers * logsPerBroker);
    const budgets = Array.from(
      { length: brokers },
      (_, broker) => new LogEntryBudget(`broker-${broker}`, ceiling),
    );
    const logs = budgets.flatMap((budget) =>
      Array.from(
        { length: logsPerBroker },
        (_, index) => new PartitionLog(`${budget.owner}/orders-${index}`, budget),
      ),
    );
    for (let round = 0; round < 300; round++) {
      for (const log of logs) appendBatch(log, 1 + (round % 4));
    }
    const total = logs.reduce((sum, log) => sum + log.entryCount, 0);
    expect(budgets.reduce((sum, budget) => sum + budget.entries, 0)).toBe(total);
    // Without the budget each log would hold all its 300 batches: 76,800 entries.
    expect(total).toBeLessThanOrEqual(budgetEntries);
    for (const log of logs) expect(log.entryCount).toBeLessThanOrEqual(ceiling);
  });

  it('a broker whose logs cannot merge (an epoch per batch) stops the run with a message', () => {
    const budget = new LogEntryBudget('broker-2', 16);
    const log = new PartitionLog('broker-2/orders-0', budget);
    const appendAll = (): void => {
      for (let epoch = 0; epoch < 100; epoch++) appendBatch(log, 1, epoch);
    };
    // Checked when a merge fails (every half-threshold appends): 19 entries, not 17.
    expect(appendAll).toThrow(
      'broker-2: its 1 partition logs hold 19 batch entries, above the bound of 16 (16 a log,' +
        ` its share of LOG_ENTRIES_BUDGET ${LOG_ENTRIES_BUDGET}); broker-2/orders-0 holds 19` +
        ' entries over 19 leader epochs, and batches of different epochs never merge.',
    );
  });
});
