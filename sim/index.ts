/**
 * The public API of the `kafkasim` package (`import { simulate } from 'kafkasim'`): load a
 * scenario, run it, format the results; Kafka's pure decisions (partitioner, assignors); the
 * event engine's surface (also importable alone as `kafkasim/engine`); and the trace types.
 * Re-exports only.
 */
export { simulate, EVENTS_MAX_DEFAULT } from './runner/run.ts';
export type { SimulateOptions, SimulateResult } from './runner/run.ts';

export { compare, planCompare, runCompare, mergePartials } from './runner/compare.ts';
export type {
  CompareOptions,
  ComparePartial,
  ComparePlan,
  CompareResult,
  CompareVariant,
} from './runner/compare.ts';
export type { CompareRunSummary } from './runner/compareRun.ts';
export { meanInterval, studentT975 } from './metrics/confidence.ts';
export { paretoFront } from './metrics/pareto.ts';

export { loadScenarioFile, parseScenarioText, formatScenarioErrors } from './scenario/load.ts';
export type { LoadOptions, LoadResult, ScenarioError } from './scenario/load.ts';
export { printResolved } from './scenario/resolve.ts';
export type { ResolvedScenario } from './scenario/types.ts';

export { formatSummary, summaryTables } from './report/summary.ts';
export { markdownReport } from './report/markdown.ts';
export { formatCompare } from './report/compareTables.ts';

export {
  assign,
  assignOrdered,
  strategyFromKafkaName,
  rebalanceProtocolFor,
  partitionsMoved,
} from './models/kafka/assignors/index.ts';
export type {
  Assignment,
  AssignmentInput,
  AssignorStrategy,
  GroupMember,
  PartitionMove,
  RebalanceProtocol,
  TopicPartition,
} from './models/kafka/assignors/index.ts';
export {
  murmur2,
  toPositive,
  partitionForKey,
  javaStringHashCode,
} from './models/kafka/partitioner.ts';

export * from './engine/index.ts';

export { TRACE_FORMAT, TRACE_VERSION } from './trace/types.ts';
export type {
  Bottleneck,
  ExpectationResult,
  LatencySummaryMs,
  ProduceSummary,
  RunSummary,
  Trace,
  TraceEvent,
  TraceSeries,
  TraceSummary,
} from './trace/types.ts';
