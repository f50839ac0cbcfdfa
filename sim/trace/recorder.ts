/**
 * Turns the models' ModelEvents into trace events (a bounded list: past the bound events are
 * counted, not kept) and builds the trace document with a fixed key order.
 */
import type { ModelEvent } from '../models/kafka/events.ts';
import {
  TRACE_FORMAT,
  TRACE_VERSION,
  type Trace,
  type TraceDetail,
  type TraceEvent,
  type TraceSeries,
  type TraceSummary,
} from './types.ts';

export const TRACE_EVENTS_MAX = 200_000;

export class TraceRecorder {
  readonly events: TraceEvent[] = [];
  eventsDropped = 0;

  /** Records what a user needs to see; per-batch acks and leader bookkeeping are left out. */
  onModelEvent(event: ModelEvent): void {
    const entry = toTraceEvent(event);
    if (entry !== null) this.add(entry);
  }

  add(entry: TraceEvent): void {
    if (this.events.length >= TRACE_EVENTS_MAX) {
      this.eventsDropped++;
      return;
    }
    this.events.push(entry);
  }

  /** The document; `detail` is a key only when the run had a detail window. */
  build(
    scenario: unknown,
    seed: number,
    summary: TraceSummary,
    series: TraceSeries,
    detail: TraceDetail | null = null,
  ): Trace {
    return {
      format: TRACE_FORMAT,
      version: TRACE_VERSION,
      scenario,
      seed,
      summary,
      series,
      events: this.events,
      eventsDropped: this.eventsDropped,
      ...(detail === null ? {} : { detail }),
    };
  }
}

/**
 * A member starting or stopping to consume partitions (the replay's cluster view shows who
 * consumes what); `names` maps catalog partition indexes to names such as `orders-3`.
 */
export function assignmentEvent(
  event: Extract<ModelEvent, { kind: 'consumerPartitions' }>,
  names: readonly string[],
): TraceEvent {
  const started = event.started.map((index) => names[index] ?? `#${index}`);
  const stopped = event.stopped.map((index) => names[index] ?? `#${index}`);
  const parts: string[] = [];
  if (started.length > 0) parts.push(`starts ${started.join(', ')}`);
  if (stopped.length > 0) parts.push(`stops ${stopped.join(', ')}`);
  return {
    atUs: event.atUs,
    kind: 'assignment',
    entity: event.group,
    message: `${event.member} (group ${event.group}) ${parts.join('; ')}`,
    data: { member: event.member, started: started.join(','), stopped: stopped.join(',') },
  };
}

function toTraceEvent(event: ModelEvent): TraceEvent | null {
  switch (event.kind) {
    case 'brokerState':
      return {
        atUs: event.atUs,
        kind: 'brokerState',
        entity: `broker-${event.broker}`,
        message: `broker-${event.broker} ${event.state}: ${event.reason}`,
        data: { state: event.state },
      };
    case 'brokerFenced':
      return {
        atUs: event.atUs,
        kind: 'brokerFenced',
        entity: `broker-${event.broker}`,
        message: `broker-${event.broker} ${event.fenced ? 'fenced' : 'unfenced'}: ${event.reason}`,
        data: { fenced: event.fenced },
      };
    case 'leaderChange':
      return {
        atUs: event.atUs,
        kind: 'leaderChange',
        entity: event.partition,
        message:
          `${event.partition} leader ` +
          `${event.leader < 0 ? 'none (offline)' : `broker-${event.leader}`}` +
          ` epoch ${event.leaderEpoch}${event.unclean ? ' (unclean)' : ''}: ${event.reason}`,
        data: {
          leader: event.leader,
          leaderEpoch: event.leaderEpoch,
          isr: event.isr,
          unclean: event.unclean,
        },
      };
    case 'isrChange':
      return {
        atUs: event.atUs,
        kind: 'isrChange',
        entity: event.partition,
        message: `${event.partition} ISR [${event.isr.join(',')}]: ${event.reason}`,
        data: { isr: event.isr },
      };
    case 'truncation':
      return {
        atUs: event.atUs,
        kind: 'truncation',
        entity: event.partition,
        message:
          `broker-${event.broker} truncated ${event.partition}` +
          ` offsets ${event.fromOffset}-${event.toOffset}`,
        data: { broker: event.broker, fromOffset: event.fromOffset, toOffset: event.toOffset },
      };
    case 'isolation':
      return {
        atUs: event.atUs,
        kind: 'isolation',
        entity: event.node,
        message: `${event.node} ${event.isolated ? 'cut off from every link' : 'reconnected'}`,
        data: { isolated: event.isolated },
      };
    case 'linkCut':
      return {
        atUs: event.atUs,
        kind: 'linkCut',
        entity: event.between.join(','),
        message:
          `links ${event.cut ? 'cut' : 'restored'} between [${event.between.join(', ')}]` +
          ` and [${event.and.join(', ')}]`,
        data: { between: event.between.join(','), and: event.and.join(','), cut: event.cut },
      };
    case 'fault':
      return {
        atUs: event.atUs,
        kind: 'fault',
        entity: event.fault,
        message: event.detail,
        data: {},
      };
    case 'note':
      return {
        atUs: event.atUs,
        kind: 'note',
        entity: event.entity,
        message: event.message,
        data: {},
      };
    case 'rebalancePhase':
      return {
        atUs: event.atUs,
        kind: 'rebalance',
        entity: event.group,
        message:
          `group ${event.group} ${event.phase} (${event.protocol}, generation ` +
          `${event.generation}, ${event.members} members): ${event.reason}`,
        data: {
          phase: event.phase,
          protocol: event.protocol,
          generation: event.generation,
          members: event.members,
        },
      };
    case 'acksZeroRejected':
      return {
        atUs: event.atUs,
        kind: 'loss',
        entity: event.partition,
        message:
          `${event.recordCount} records ${event.producer} sent with acks=0 lost on` +
          ` ${event.partition}: broker-${event.broker} refused them (${event.error})`,
        data: { records: event.recordCount, newLeader: -1 },
      };
    case 'consumerPartitions':
    case 'duplicateAppend':
    case 'batchAcked':
    case 'becameLeader':
      return null;
  }
}
