/**
 * The request-level detail a trace carries for a chosen window when its scenario has
 * `traceDetail:` (or `kafkasim run --detail FROM-TO`): each produce, replica fetch and consumer
 * fetch of that window as send / arrive / append / response events, paired by requestId. The
 * space-time diagram draws it. This is the contract with the simulator's recorder.
 */
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

export interface DetailEvent {
  atUs: number;
  kind: DetailKind;
  /** 'orders-3' */
  partition: string;
  /** Where it happens: 'broker-1', a producer instance 'checkout-0', a consumer 'billing-2'. */
  node: string;
  /** The other end for sends, arrivals and responses. */
  peer?: string;
  /** Pairs a send with its arrival and response. */
  requestId: number;
  /** First and last offset, or the high watermark. */
  offsets?: [number, number];
}

export interface TraceDetail {
  fromUs: number;
  toUs: number;
  events: DetailEvent[];
  dropped: number;
}

/** The detail of a parsed trace document, or null when it has none or it is malformed. */
export function detailOf(document: unknown): TraceDetail | null {
  if (typeof document !== 'object' || document === null) return null;
  const detail = (document as { detail?: unknown }).detail;
  if (typeof detail !== 'object' || detail === null) return null;
  const { fromUs, toUs, events, dropped } = detail as Partial<TraceDetail>;
  if (typeof fromUs !== 'number' || typeof toUs !== 'number' || !Array.isArray(events)) {
    return null;
  }
  return { fromUs, toUs, events, dropped: typeof dropped === 'number' ? dropped : 0 };
}
