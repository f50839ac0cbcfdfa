import { describe, expect, it } from 'vitest';
import { eventRows } from '../../sim/report/eventRows.ts';
import type { TraceEvent } from '../../sim/trace/types.ts';

function starts(atUs: number, member: string, started: string, stopped = ''): TraceEvent {
  return {
    atUs,
    kind: 'assignment',
    entity: 'billing',
    message: `${member} (group billing) starts ${started}`,
    data: { member, started, stopped },
  };
}

const crash: TraceEvent = {
  atUs: 6_002_700,
  kind: 'brokerState',
  entity: 'broker-1',
  message: 'broker-1 down: crash',
  data: { state: 'down' },
};

describe('eventRows', () => {
  it("merges a member's assignment events of one millisecond into one row, where it began", () => {
    const rows = eventRows([
      starts(6_002_507, 'billing-1', 'orders-9'),
      starts(6_002_507, 'billing-2', 'orders-10'),
      starts(6_002_600, 'billing-1', 'orders-21'),
      crash,
      starts(6_002_900, 'billing-1', '', 'orders-33'),
      starts(6_003_100, 'billing-1', 'orders-45'),
    ]);
    expect(rows.map((row) => [row.atUs, row.message])).toEqual([
      [6_002_507, 'billing-1 (group billing) starts orders-9, orders-21; stops orders-33'],
      [6_002_507, 'billing-2 (group billing) starts orders-10'],
      [6_002_700, 'broker-1 down: crash'],
      [6_003_100, 'billing-1 (group billing) starts orders-45'],
    ]);
  });
});
