/**
 * Runs one resolved scenario with one seed: builds the cluster, schedules faults and samples,
 * routes ModelEvents to the trace recorder, the durability ledger and the availability tracker,
 * runs to the scenario's duration in chunks (for progress), and returns the summary and the trace.
 * Nothing here reads the wall clock: callers time the run themselves.
 */
import type { ModelEvent } from '../models/kafka/events.ts';
import { SERIES_SAMPLES_MAX } from '../scenario/limits.ts';
import type { ResolvedScenario } from '../scenario/types.ts';
import { traceText, hashText } from '../trace/hash.ts';
import { TraceRecorder, assignmentEvent } from '../trace/recorder.ts';
import type { Trace, TraceSummary } from '../trace/types.ts';
import { AvailabilityTracker } from './availability.ts';
import { buildCluster, type Cluster } from './build.ts';
import { validateDurability } from '../checks/validations.ts';
import { installChecks, promiseFacts } from './checks.ts';
import { DurabilityLedger } from './durabilityLedger.ts';
import { scheduleFaults } from './faults.ts';
import { Sampler } from './sampler.ts';
import { ConsumerTracker, consumeSummary, type ConsumeWindow } from './consumerTracker.ts';
import { MECHANISM_COLUMNS } from './mechanisms.ts';
import { DetailRecorder } from './traceDetail.ts';
import { rackWarnings } from './rackWarnings.ts';
import { clientCpuWarnings } from './clientCpu.ts';
import { groupStartWarnings, producersDoneWarnings } from './windowWarnings.ts';
import { DETAIL_OFF } from '../models/kafka/detail.ts';
import {
  checkExpectations,
  findBottlenecks,
  networkSummary,
  produceSummary,
  round,
  type ProducerWindow,
} from './summarize.ts';

export interface SimulateOptions {
  seed?: number;
  /** Run the invariants after every event (slow; for tests and --check). */
  check?: boolean;
  /** Bound on events; the run stops with a warning when it is reached. */
  eventsMax?: number;
  /** Called every chunk of virtual time with the current time. */
  onProgress?: (nowUs: number, durationUs: number) => void;
}

export interface SimulateResult {
  summary: TraceSummary;
  trace: Trace;
  traceHash: string;
  traceText: string;
  cluster: Cluster;
  /** The run stopped at the events bound, before the scenario's duration. */
  eventsMaxReached: boolean;
}

/** Events one run may process (`kafkasim run --events-max` sets another bound). */
export const EVENTS_MAX_DEFAULT = 2_000_000_000;
const PROGRESS_CHUNKS = 100;

export function simulate(
  scenario: ResolvedScenario,
  options: SimulateOptions = {},
): SimulateResult {
  const seed = options.seed ?? scenario.seed;
  const recorder = new TraceRecorder();
  const ledger = new DurabilityLedger();
  ledger.windowFromUs = scenario.warmupUs;
  const warnings: string[] = [];
  let duplicateRecords = 0;
  let availability: AvailabilityTracker | null = null;
  const consumerTracker = new ConsumerTracker();
  // Catalog index → partition name, for the members' assignments in the trace (set once built).
  let partitionNames: string[] = [];
  const emit = (event: ModelEvent): void => {
    consumerTracker.onModelEvent(event);
    if (event.kind === 'consumerPartitions') {
      recorder.add(assignmentEvent(event, partitionNames));
      return;
    }
    if (event.kind === 'batchAcked') {
      ledger.onAcked(
        event.atUs,
        event.partition,
        event.leaderEpoch,
        event.baseOffset,
        event.recordCount,
      );
      return;
    }
    if (event.kind === 'becameLeader') {
      const lossesBefore = ledger.losses.length;
      ledger.onBecameLeader(
        event.atUs,
        event.partition,
        event.broker,
        event.leaderEpoch,
        event.epochs,
        event.logEndOffset,
      );
      for (const loss of ledger.losses.slice(lossesBefore)) {
        recorder.add({
          atUs: loss.atUs,
          kind: 'loss',
          entity: loss.partition,
          message:
            `${loss.records} acknowledged records lost on ${loss.partition}` +
            ` (offsets ${loss.fromOffset}-${loss.toOffset - 1}, epoch ${loss.leaderEpoch}):` +
            ` broker-${loss.newLeader} leads without them`,
          data: {
            records: loss.records,
            fromOffset: loss.fromOffset,
            toOffset: loss.toOffset,
            newLeader: loss.newLeader,
          },
        });
      }
      // Losses of acks checked late (before lossesBefore) never had a trace event; the count has.
      ledger.forgetLosses();
      return;
    }
    if (event.kind === 'duplicateAppend') duplicateRecords += event.recordCount;
    if (event.kind === 'acksZeroRejected') ledger.onRefused(event.atUs, event.recordCount);
    availability?.onModelEvent(event);
    recorder.onModelEvent(event);
  };
  const detail = scenario.traceDetail === null ? null : new DetailRecorder(scenario.traceDetail);
  const cluster = buildCluster(scenario, seed, emit, detail ?? DETAIL_OFF);
  partitionNames = cluster.catalog.partitions.map((info) => info.name);
  const { sim } = cluster;
  const updateDetail = (): void => {
    if (detail === null) return;
    detail.update(sim.nowUs);
    cluster.network.observer = detail.on ? detail : null;
  };
  detail?.attach(cluster.catalog, cluster.brokers.length);
  updateDetail();
  availability = new AvailabilityTracker(
    cluster.catalog.partitions.map((info) => ({
      name: info.name,
      replicas: info.replicas.length,
      minIsr: info.minInsyncReplicas,
      leader: info.replicas[0] ?? -1,
    })),
    scenario.warmupUs,
  );
  const sampler = new Sampler(cluster, scenario.sampleEveryUs, SERIES_SAMPLES_MAX);
  const schedule = (): void => {
    sim.schedule(scenario.sampleEveryUs, 'sample', () => {
      sampler.sample();
      schedule();
    });
  };
  schedule();
  const windows: ProducerWindow[] = cluster.producers.map(() => ({
    ackedAtStart: 0,
    bytesAtStart: 0,
    endUs: scenario.durationUs,
  }));
  const crossZoneAtStart = new Map<string, number>();
  sim.scheduleAt(scenario.warmupUs, 'warmup/end', () => {
    for (const [traffic, bytes] of cluster.network.crossZoneBytes) {
      crossZoneAtStart.set(traffic, bytes);
    }
    cluster.producers.forEach((producer, index) => {
      const window = windows[index] as ProducerWindow;
      window.ackedAtStart = producer.stats.recordsAcked;
      window.bytesAtStart = producer.stats.bytesAcked;
      producer.stats.latency.reset();
    });
    for (const consumer of cluster.consumers) {
      consumeWindows.set(consumer.spec.clientId, {
        recordsAtStart: consumer.stats.recordsProcessed,
        bytesAtStart: consumer.stats.bytesProcessed,
      });
      consumer.stats.endToEndLatency.reset();
    }
  });
  const consumeWindows = new Map<string, ConsumeWindow>();
  const snapshot = cluster.controller.snapshot();
  for (const broker of cluster.brokers) broker.start(snapshot, () => {});
  for (const producer of cluster.producers) producer.start();
  for (const consumer of cluster.consumers) consumer.start();
  scheduleFaults(cluster, scenario.faults, emit, warnings);
  if (options.check === true) installChecks(cluster);
  const eventsMax = options.eventsMax ?? EVENTS_MAX_DEFAULT;
  const chunkUs = Math.max(1, Math.ceil(scenario.durationUs / PROGRESS_CHUNKS));
  let eventsMaxReached = false;
  while (sim.nowUs < scenario.durationUs) {
    const chunkEndUs = Math.min(scenario.durationUs, sim.nowUs + chunkUs);
    const untilUs = detail === null ? chunkEndUs : detail.nextStopUs(sim.nowUs, chunkEndUs);
    const result = sim.run({ untilUs, eventsMax: eventsMax - sim.eventsCount });
    updateDetail();
    options.onProgress?.(sim.nowUs, scenario.durationUs);
    if (result.stoppedBy === 'eventsMax') {
      warnings.push(
        `stopped at ${sim.nowUs / 1e6}s of virtual time, before the duration of` +
          ` ${scenario.durationUs / 1e6}s: the bound of ${eventsMax} events was reached` +
          ' (kafkasim run --events-max N raises it)',
      );
      eventsMaxReached = true;
      break;
    }
  }
  availability.advance(sim.nowUs, true);
  warnings.push(...flushWarnings(scenario), ...rackWarnings(scenario));
  warnings.push(...clientCpuWarnings(scenario));
  const backlog = cluster.producers.reduce((sum, p) => sum + p.accumulator.backlogRecords, 0);
  if (backlog > 0) {
    warnings.push(
      `${backlog} records were still waiting to enter send() at the end: the producers' target` +
        ' rate is more than the cluster took',
    );
  }
  cluster.producers.forEach((producer, index) => {
    const window = windows[index] as ProducerWindow;
    window.endUs =
      producer.finishedAtUs >= 0 ? Math.max(producer.finishedAtUs, scenario.warmupUs) : sim.nowUs;
  });
  const done = cluster.producerGroups.map((group) => ({
    name: group.name,
    finishedAtUs: group.clients.map((client) => client.finishedAtUs),
  }));
  warnings.push(...producersDoneWarnings(done, scenario.warmupUs));
  const traceDetail = detail === null ? null : detail.build(warnings);
  const summary = summarizeRun(cluster, windows, sampler, {
    seed,
    ackedRecordsLost: ledger.ackedRecordsLost,
    duplicateRecords,
    availability,
    crossZoneAtStart,
    warnings,
  });
  if (options.check === true) {
    const failures = validateDurability(
      promiseFacts(scenario),
      summary.durability.ackedRecordsLost,
    );
    if (failures.length > 0) {
      const first = failures[0] as { name: string; message: string };
      throw new Error(`check failed (seed ${seed}): ${first.name}: ${first.message}`);
    }
  }
  consumerTracker.finish(sim.nowUs);
  if (cluster.consumers.length > 0) {
    addConsumeSummary(summary, cluster, sampler, consumerTracker, consumeWindows);
    summary.expectations = checkExpectations(summary, scenario.expect);
  }
  const trace = recorder.build(scenario, seed, summary, sampler.table.toJSON(), traceDetail);
  const text = traceText(trace);
  return {
    summary,
    trace,
    traceHash: hashText(text),
    traceText: text,
    cluster,
    eventsMaxReached,
  };
}

interface RunFacts {
  seed: number;
  ackedRecordsLost: number;
  duplicateRecords: number;
  availability: AvailabilityTracker;
  /** The network's cross-zone byte counts at the end of the warmup. */
  crossZoneAtStart: Map<string, number>;
  warnings: string[];
}

function summarizeRun(
  cluster: Cluster,
  windows: ProducerWindow[],
  sampler: Sampler,
  facts: RunFacts,
): TraceSummary {
  const scenario = cluster.scenario;
  const fromUs = scenario.warmupUs;
  const endUs =
    windows.length === 0
      ? cluster.sim.nowUs
      : Math.max(fromUs, ...windows.map((window) => window.endUs));
  const producers: TraceSummary['producers'] = {};
  let first = 0;
  for (const group of cluster.producerGroups) {
    const groupWindows = windows.slice(first, first + group.clients.length);
    producers[group.name] = produceSummary(group.clients, groupWindows, fromUs);
    first += group.clients.length;
  }
  const summary: TraceSummary = {
    scenario: scenario.name,
    seed: facts.seed,
    virtualMs: cluster.sim.nowUs / 1000,
    eventsCount: cluster.sim.eventsCount,
    windowMs: { from: fromUs / 1000, to: endUs / 1000 },
    produce: produceSummary(cluster.producers, windows, fromUs),
    producers,
    durability: {
      ackedRecordsLost: facts.ackedRecordsLost,
      duplicateRecords: facts.duplicateRecords,
    },
    availability: {
      offlinePartitionMs: round(facts.availability.offlinePartitionUs / 1000, 1),
      underReplicatedPartitionMs: round(facts.availability.underReplicatedPartitionUs / 1000, 1),
      underMinIsrPartitionMs: round(facts.availability.underMinIsrPartitionUs / 1000, 1),
      unavailablePartitionMs: round(facts.availability.unavailablePartitionUs / 1000, 1),
      maxUnavailableMs: round(facts.availability.maxUnavailableUs / 1000, 1),
      controllerUnavailableMs: round(cluster.controller.unavailableUs / 1000, 1),
    },
    network: networkSummary(
      cluster.network.crossZoneBytes,
      facts.crossZoneAtStart,
      cluster.sim.nowUs - fromUs,
    ),
    bottlenecks: findBottlenecks(
      sampler.table,
      sampler.resourceColumns,
      fromUs,
      endUs,
      MECHANISM_COLUMNS,
    ),
    expectations: [],
    warnings: facts.warnings,
  };
  summary.expectations = checkExpectations(summary, scenario.expect);
  return summary;
}

function addConsumeSummary(
  summary: TraceSummary,
  cluster: Cluster,
  sampler: Sampler,
  tracker: ConsumerTracker,
  windows: Map<string, ConsumeWindow>,
): void {
  const fromUs = cluster.scenario.warmupUs;
  const endUs = cluster.sim.nowUs;
  let lagMax = 0;
  const consumers: NonNullable<TraceSummary['consumers']> = {};
  for (const group of cluster.consumerGroups) {
    const groupLag = sampler.groupLagMax.get(group.name) ?? 0;
    lagMax = Math.max(lagMax, groupLag);
    consumers[group.name] = {
      ...consumeSummary(cluster, [group.name], windows, fromUs, endUs, groupLag),
      rebalances: tracker.rebalances(group.name),
    };
  }
  summary.consume = consumeSummary(cluster, null, windows, fromUs, endUs, lagMax);
  summary.consumers = consumers;
  summary.rebalances = tracker.rebalances();
  const byGroup = new Map(
    cluster.consumerGroups.map((group) => [group.name, consumers[group.name]?.rebalances ?? []]),
  );
  summary.warnings.push(...groupStartWarnings(byGroup, fromUs / 1000, endUs / 1000));
  summary.durability.reprocessedRecords = cluster.consumerGroups.reduce(
    (sum, group) => sum + group.ledger.reprocessedRecords,
    0,
  );
}

/** flush.ms is checked only by the log flusher, which Kafka's default never runs. */
function flushWarnings(scenario: ResolvedScenario): string[] {
  if (scenario.cluster.config.logFlushSchedulerIntervalUs !== null) return [];
  return scenario.topics
    .filter((topic) => topic.config.flushUs !== null)
    .map(
      (topic) =>
        `flush.ms of ${topic.name} has no effect: log.flush.scheduler.interval.ms is not set` +
        " (Kafka's default Long.MAX_VALUE), so the log flusher never runs",
    );
}
