/**
 * Request-level detail: the steps of single requests (a produce reaching the leader, its append,
 * a follower's fetch, the high watermark moving, a consumer's fetch) that a trace records only
 * inside a short window (`traceDetail:` in the scenario, `--detail FROM-TO`). Models never write
 * the trace: they hand these records to the sink on their context, which the runner switches on
 * only inside the window. Outside it the sink's `on` is false, and a model checks that one field
 * before building anything, so a run without a window does no extra work.
 */
import type { BrokerContext } from './brokerContext.ts';
import type { Message } from './messages.ts';

export type DetailKind =
  | 'produceSend'
  | 'produceArrive'
  | 'leaderAppend'
  | 'produceResponse'
  | 'followerFetchSend'
  | 'followerFetchArrive'
  | 'followerAppend'
  | 'hwAdvance'
  | 'consumerFetchSend'
  | 'consumerFetchArrive'
  | 'consumerFetchResponse';

/** One step of one request for one partition (the trace's DetailEvent has the same shape). */
export interface DetailRecord {
  atUs: number;
  kind: DetailKind;
  /** `orders-3` */
  partition: string;
  /** Where the step happens: `broker-1`, a producer or consumer client's name. */
  node: string;
  /** The other end of the request, when there is one. */
  peer?: string;
  /** The request's id as its sender numbered it (unique per client or broker); -1: none. */
  requestId: number;
  /** [from, to): offsets appended, served, or the high watermark before and after. */
  offsets?: [number, number];
}

/** The request behind a step, for the record: its id and the node that sent it. */
export interface DetailCause {
  requestId: number;
  peer: string;
}

export interface DetailSink {
  /** True only inside the window; check it before building a record. */
  readonly on: boolean;
  record(record: DetailRecord): void;
}

/** The sink of a run without a window (and of models built alone in tests). */
export const DETAIL_OFF: DetailSink = Object.freeze({ on: false, record: () => {} });

/** Records one step at the context's node, caused by `cause` when it is known. */
export function recordStep(
  context: Pick<BrokerContext, 'sim' | 'nodeName' | 'detail'>,
  kind: DetailKind,
  partition: string,
  cause: DetailCause | undefined,
  offsets?: [number, number],
): void {
  context.detail.record({
    atUs: context.sim.nowUs,
    kind,
    partition,
    node: context.nodeName,
    ...(cause === undefined ? {} : { peer: cause.peer }),
    requestId: cause?.requestId ?? -1,
    ...(offsets === undefined ? {} : { offsets }),
  });
}

type ProduceRequest = Extract<Message, { kind: 'produceRequest' }>;
type ProduceResults = Extract<Message, { kind: 'produceResponse' }>['results'];

/** The leader answers a produce request: one step per partition, offsets when appended. */
export function recordProduceResponse(
  context: Pick<BrokerContext, 'sim' | 'nodeName' | 'detail' | 'catalog'>,
  request: ProduceRequest,
  from: string,
  results: ProduceResults,
): void {
  const cause = { requestId: request.requestId, peer: from };
  request.batches.forEach((batch, index) => {
    const result = results[index];
    const partition = context.catalog.partitions[batch.partitionIndex]?.name ?? '';
    const appended = result !== undefined && result.error === 'NONE' && result.baseOffset >= 0;
    const offsets: [number, number] | undefined = appended
      ? [result.baseOffset, result.baseOffset + batch.recordCount]
      : undefined;
    recordStep(context, 'produceResponse', partition, cause, offsets);
  });
}
