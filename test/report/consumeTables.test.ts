import { describe, expect, it } from 'vitest';
import { consumeTables } from '../../sim/report/consumeTables.ts';
import { formatSummary } from '../../sim/report/summary.ts';
import { renderText } from '../../sim/report/table.ts';
import type { ConsumeSummary } from '../../sim/trace/types.ts';
import { runSummary } from './fixtures.ts';

const consume: ConsumeSummary = {
  recordsProcessed: 120_000,
  recordsPerSec: 4_000,
  bytesPerSec: 4_096_000,
  endToEndLatencyMs: { p50: 3.1, p99: 6.4, p999: 9.4, max: 12 },
  lagRecordsMax: 159,
};

describe('consumeTables', () => {
  it('consumeTables(summary) is empty for a run without consumer groups', () => {
    expect(consumeTables(runSummary())).toEqual([]);
  });

  it('consumeTables(summary) lists each group and every rebalance', () => {
    const summary = {
      ...runSummary(),
      consume,
      consumers: { billing: { ...consume, rebalances: [] } },
      rebalances: [
        {
          group: 'billing',
          trigger: 'billing-2 session timeout',
          protocol: 'eager',
          startMs: 72_000,
          endMs: 75_000,
          pausedPartitionMs: 36_000,
          partitionsMoved: 4,
        },
      ],
    };
    const [consumeTable, rebalanceTable] = consumeTables(summary).map(renderText);
    expect(consumeTable).toContain('billing');
    expect(consumeTable).toContain('159');
    expect(consumeTable).not.toContain('all groups');
    expect(rebalanceTable).toContain('billing-2 session timeout');
    expect(rebalanceTable).toMatch(/72\.0+ s/);
    expect(
      formatSummary({ ...summary, durability: { ...summary.durability, reprocessedRecords: 7 } }),
    ).toContain('records processed again');
  });
});
