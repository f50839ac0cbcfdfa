/**
 * The request-level detail a trace carries for a chosen window when its scenario has
 * `traceDetail:` (or `kafkasim run --detail FROM-TO`): each produce, replica fetch and consumer
 * fetch of that window as send / arrive / append / response events; a request is (client,
 * requestId). The space-time diagram draws it; the contract is DetailEvent in sim/trace/types.ts.
 */
import type { DetailEvent, TraceDetail } from '../../../sim/trace/types.ts';

export type { DetailEvent, TraceDetail };
export type DetailKind = DetailEvent['kind'];

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
