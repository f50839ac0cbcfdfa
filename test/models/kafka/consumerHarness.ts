/**
 * A small cluster from inline scenario YAML, run like `simulate` does but with the model events
 * kept (the trace drops consumerPartitions): which member started or stopped which partition when,
 * and each rebalance phase. For consumer tests that need exact timings. simulateText runs a
 * whole scenario text to its summary, for model tests that check run figures.
 */
import type { Consumer } from '../../../sim/models/kafka/consumer.ts';
import type { ModelEvent } from '../../../sim/models/kafka/events.ts';
import { buildCluster, type Cluster } from '../../../sim/runner/build.ts';
import { simulate, type SimulateResult } from '../../../sim/runner/run.ts';
import { scheduleFaults } from '../../../sim/runner/faults.ts';
import { formatScenarioErrors, parseScenarioText } from '../../../sim/scenario/load.ts';
import type { ResolvedScenario } from '../../../sim/scenario/types.ts';

export const S = 1_000_000;

export type PartitionsEvent = Extract<ModelEvent, { kind: 'consumerPartitions' }>;
export type PhaseEvent = Extract<ModelEvent, { kind: 'rebalancePhase' }>;

export interface Run {
  cluster: Cluster;
  events: ModelEvent[];
  /** Runs to `untilUs` (absolute virtual time). */
  runUntil(untilUs: number): void;
  partitionEvents(): PartitionsEvent[];
  phases(group?: string): PhaseEvent[];
  member(clientId: string): Consumer;
}

/** `body` is scenario YAML without name/seed/duration (added here). */
export function startRun(body: string, seed = 1): Run {
  const text = `name: inline\nseed: ${seed}\nduration: 600s\n${body}`;
  const scenario = scenarioFromText(text, 'inline.yaml');
  const events: ModelEvent[] = [];
  const emit = (event: ModelEvent): void => {
    events.push(event);
  };
  const cluster = buildCluster(scenario, seed, emit);
  const snapshot = cluster.controller.snapshot();
  for (const broker of cluster.brokers) broker.start(snapshot, () => {});
  for (const producer of cluster.producers) producer.start();
  for (const consumer of cluster.consumers) consumer.start();
  scheduleFaults(cluster, scenario.faults, emit, []);
  return {
    cluster,
    events,
    runUntil: (untilUs) => void cluster.sim.run({ untilUs }),
    partitionEvents: () =>
      events.filter((event): event is PartitionsEvent => event.kind === 'consumerPartitions'),
    phases: (group) =>
      events.filter(
        (event): event is PhaseEvent =>
          event.kind === 'rebalancePhase' && (group === undefined || event.group === group),
      ),
    member: (clientId) => {
      const found = cluster.consumers.find((consumer) => consumer.spec.clientId === clientId);
      if (found === undefined) throw new Error(`no consumer ${clientId}`);
      return found;
    },
  };
}

/** Three brokers, topic `orders` with `partitions` partitions, a 2000/s producer. */
export function clusterYaml(partitions = 6): string {
  return [
    'topics:',
    `  - { name: orders, partitions: ${partitions}, replicationFactor: 3 }`,
    'producers:',
    '  - { name: app, topic: orders, rate: 2000/s, recordSize: 200B, config: { acks: all } }',
  ].join('\n');
}

/** A whole scenario file's text resolved as `kafkasim run` resolves it (errors thrown, formatted). */
export function scenarioFromText(text: string, file: string): ResolvedScenario {
  const loaded = parseScenarioText(text, file);
  if (!loaded.ok) throw new Error(formatScenarioErrors(loaded.errors));
  return loaded.scenario;
}

/** A whole scenario file's text run as `kafkasim run` runs it (errors thrown, formatted). */
export function simulateText(text: string, file: string): SimulateResult {
  return simulate(scenarioFromText(text, file));
}
