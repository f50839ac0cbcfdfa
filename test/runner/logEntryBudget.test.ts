/**
 * The log entry budget as a run wires it: every broker's logs get the same ceiling, their share
 * of LOG_ENTRIES_BUDGET over all the run's replicas, and each broker counts its logs' entries.
 */
import { describe, expect, it } from 'vitest';
import {
  LOG_ENTRIES_BUDGET,
  LOG_ENTRIES_CEILING_MAX,
  logEntriesCeiling,
} from '../../sim/models/kafka/logEntryBudget.ts';
import { simulateText } from '../models/kafka/consumerHarness.ts';

function run(partitions: number, duration: string) {
  const text = `
duration: ${duration}
warmup: 0s
cluster: { brokers: 3 }
topics: [{ name: t, partitions: ${partitions}, replicationFactor: 3 }]
producers: [{ name: p, topic: t, rate: 20000/s, recordSize: 100B }]
`;
  return simulateText(text, 'budget.yaml');
}

describe('the log entry budget in a run', () => {
  it('12 partitions keep the largest ceiling; each broker counts its logs exactly', () => {
    const { cluster } = run(12, '3s');
    for (const broker of cluster.brokers) {
      const budget = broker.replicas.logBudget;
      let entries = 0;
      for (const replica of broker.replicas.replicas()) entries += replica.log.entryCount;
      expect([budget.ceilingPerLog, budget.logs]).toEqual([LOG_ENTRIES_CEILING_MAX, 12]);
      expect(entries).toBeGreaterThan(12);
      expect(budget.entries).toBe(entries);
    }
  });

  it('5,000 partitions × RF 3 share LOG_ENTRIES_BUDGET: 279 entries a log', () => {
    const { cluster } = run(5000, '50ms');
    expect(logEntriesCeiling(LOG_ENTRIES_BUDGET, 15_000)).toBe(279);
    for (const broker of cluster.brokers) {
      expect(broker.replicas.logBudget.ceilingPerLog).toBe(279);
      expect(broker.replicas.logBudget.logs).toBe(5000);
      expect(broker.replicas.logBudget.entriesMax).toBe(279 * 5000);
    }
  });
});
