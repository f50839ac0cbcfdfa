/**
 * The trace's request-level detail window: a DetailSink for the brokers (appends, high watermark,
 * produce answers) and a NetworkObserver (requests leaving and arriving, consumer fetch answers),
 * switched on only while the virtual clock is inside [fromUs, toUs). The run loop stops at the
 * window's edges (no extra events are scheduled, so the run itself is unchanged) and calls
 * `update`. Events are kept up to a bound; past it they are counted in `dropped`.
 */
import type { NetworkObserver } from '../models/hardware/network.ts';
import { brokerNodeName } from '../models/kafka/brokerContext.ts';
import type { PartitionCatalog } from '../models/kafka/catalog.ts';
import type { DetailKind, DetailRecord, DetailSink } from '../models/kafka/detail.ts';
import type { Message } from '../models/kafka/messages.ts';
import type { DetailEvent, TraceDetail } from '../trace/types.ts';

export const DETAIL_EVENTS_MAX = 200_000;

export class DetailRecorder implements DetailSink, NetworkObserver<Message> {
  on = false;
  readonly fromUs: number;
  readonly toUs: number;
  readonly events: DetailEvent[] = [];
  dropped = 0;
  #catalog: PartitionCatalog | null = null;
  readonly #brokerNodes = new Set<string>();

  constructor(window: { fromUs: number; toUs: number }) {
    this.fromUs = window.fromUs;
    this.toUs = window.toUs;
  }

  /** The partitions' names and which nodes are brokers (known once the cluster is built). */
  attach(catalog: PartitionCatalog, brokerCount: number): void {
    this.#catalog = catalog;
    for (let id = 0; id < brokerCount; id++) this.#brokerNodes.add(brokerNodeName(id));
  }

  /**
   * Where the run loop must stop next so the switch flips exactly at the window's edges: the
   * clock is then at fromUs - 1 (every later event is inside) or toUs - 1 (every later one out).
   */
  nextStopUs(nowUs: number, untilUs: number): number {
    for (const edgeUs of [this.fromUs - 1, this.toUs - 1]) {
      if (edgeUs > nowUs && edgeUs < untilUs) return edgeUs;
    }
    return untilUs;
  }

  /** Called with the clock after each stretch of the run: events after it are in or out. */
  update(nowUs: number): void {
    this.on = nowUs >= this.fromUs - 1 && nowUs < this.toUs - 1;
  }

  record(record: DetailRecord): void {
    if (record.atUs < this.fromUs || record.atUs >= this.toUs) return;
    if (this.events.length >= DETAIL_EVENTS_MAX) {
      this.dropped++;
      return;
    }
    this.events.push(record);
  }

  sent(from: string, to: string, message: Message, atUs: number): void {
    if (message.kind === 'produceRequest') {
      for (const batch of message.batches) {
        this.#step(atUs, 'produceSend', batch.partitionIndex, from, to, message.requestId);
      }
      return;
    }
    if (message.kind === 'fetchRequest') {
      const kind = message.replicaId >= 0 ? 'followerFetchSend' : 'consumerFetchSend';
      for (const partition of message.partitions) {
        const offsets: [number, number] = [partition.fetchOffset, partition.fetchOffset];
        this.#step(atUs, kind, partition.partitionIndex, from, to, message.requestId, offsets);
      }
      return;
    }
    if (message.kind !== 'fetchResponse' || this.#brokerNodes.has(to)) return;
    for (const partition of message.partitions) {
      const first = partition.slices[0];
      const last = partition.slices[partition.slices.length - 1];
      const offsets: [number, number] | undefined =
        first === undefined || last === undefined
          ? undefined
          : [first.baseOffset, last.baseOffset + last.recordCount];
      const index = partition.partitionIndex;
      this.#step(atUs, 'consumerFetchResponse', index, from, to, message.requestId, offsets);
    }
  }

  delivered(from: string, to: string, message: Message, atUs: number): void {
    if (message.kind === 'produceRequest') {
      for (const batch of message.batches) {
        this.#step(atUs, 'produceArrive', batch.partitionIndex, to, from, message.requestId);
      }
      return;
    }
    if (message.kind !== 'fetchRequest') return;
    const kind = message.replicaId >= 0 ? 'followerFetchArrive' : 'consumerFetchArrive';
    for (const partition of message.partitions) {
      const offsets: [number, number] = [partition.fetchOffset, partition.fetchOffset];
      this.#step(atUs, kind, partition.partitionIndex, to, from, message.requestId, offsets);
    }
  }

  #step(
    atUs: number,
    kind: DetailKind,
    partitionIndex: number,
    node: string,
    peer: string,
    requestId: number,
    offsets?: [number, number],
  ): void {
    const partition = this.#catalog?.partitions[partitionIndex]?.name ?? `#${partitionIndex}`;
    this.record({
      atUs,
      kind,
      partition,
      node,
      peer,
      requestId,
      ...(offsets === undefined ? {} : { offsets }),
    });
  }

  /** The trace's `detail` in time order, and a warning when the bound dropped events. */
  build(warnings: string[]): TraceDetail {
    if (this.dropped > 0) {
      warnings.push(
        `traceDetail: ${this.dropped} request-level events past the bound of ` +
          `${DETAIL_EVENTS_MAX} were dropped; narrow the window to see them all`,
      );
    }
    const events = inTimeOrder(this.events);
    return { fromUs: this.fromUs, toUs: this.toUs, events, dropped: this.dropped };
  }
}

/**
 * A request is recorded when it is sent, at the time it leaves (after its sender's CPU time:
 * a follower's fetch after the fetcher thread processed the last answer), so it may come after
 * events recorded later: the events by time, then in the order recorded.
 */
function inTimeOrder(events: DetailEvent[]): DetailEvent[] {
  // Array.prototype.sort is stable (ES2019): events at the same time keep the order recorded.
  return [...events].sort((a, b) => a.atUs - b.atUs);
}
