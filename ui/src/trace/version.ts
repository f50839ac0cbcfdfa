/**
 * The trace format and version this app reads. They repeat TRACE_FORMAT and TRACE_VERSION of
 * sim/trace/types.ts as values (ui/ imports only types from sim/); the `satisfies` checks make a
 * format change in sim/ fail the type check here.
 */
import type { Trace } from '../../../sim/trace/types.ts';

export const TRACE_FORMAT_NAME = 'kafkasim-trace' satisfies Trace['format'];
export const TRACE_VERSION_READ = 1 satisfies Trace['version'];
