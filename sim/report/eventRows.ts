/**
 * The trace's events as report rows. A member starting (or stopping) many partitions emits one
 * assignment event per partition, often within the same millisecond; listed one by one they fill
 * the report's event table (100 rows for four members taking 25 partitions each) and push the
 * faults and elections past the listing's bound. Here a member's assignment events of the same
 * millisecond become one row, where the first of them was, naming every partition.
 */
import type { TraceEvent } from '../trace/types.ts';

export interface EventRow {
  atUs: number;
  kind: string;
  entity: string;
  message: string;
}

interface Merged {
  row: EventRow;
  member: string;
  started: string[];
  stopped: string[];
}

export function eventRows(events: readonly TraceEvent[]): EventRow[] {
  const rows: EventRow[] = [];
  let openMs = -1;
  const open = new Map<string, Merged>();
  for (const event of events) {
    const ms = Math.floor(event.atUs / 1000);
    if (ms !== openMs) {
      open.clear();
      openMs = ms;
    }
    const member = event.kind === 'assignment' ? event.data['member'] : undefined;
    if (typeof member !== 'string') {
      rows.push({
        atUs: event.atUs,
        kind: event.kind,
        entity: event.entity,
        message: event.message,
      });
      continue;
    }
    const key = `${event.entity}\u0000${member}`;
    let merged = open.get(key);
    if (merged === undefined) {
      const row = { atUs: event.atUs, kind: event.kind, entity: event.entity, message: '' };
      rows.push(row);
      merged = { row, member, started: [], stopped: [] };
      open.set(key, merged);
    }
    merged.started.push(...names(event.data['started']));
    merged.stopped.push(...names(event.data['stopped']));
    merged.row.message = assignmentMessage(merged);
  }
  return rows;
}

function assignmentMessage(merged: Merged): string {
  const parts: string[] = [];
  if (merged.started.length > 0) parts.push(`starts ${merged.started.join(', ')}`);
  if (merged.stopped.length > 0) parts.push(`stops ${merged.stopped.join(', ')}`);
  return `${merged.member} (group ${merged.row.entity}) ${parts.join('; ')}`;
}

function names(value: unknown): string[] {
  return typeof value === 'string' && value !== '' ? value.split(',') : [];
}
