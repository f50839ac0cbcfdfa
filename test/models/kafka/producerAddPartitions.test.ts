/**
 * addPartitions and the producer: it keeps writing to the old partitions until a metadata
 * response shows the new count (metadata.max.age.ms after its last refresh), then spreads records
 * over all of them, keyed records by murmur2 % the new count (Kafka's producer behaves so: the
 * partitioner reads the cluster metadata it has).
 */
import { describe, expect, it } from 'vitest';
import { S, startRun, type Run } from './consumerHarness.ts';

function scenario(keys: string): string {
  return `
kafkaVersion: "4.0"
topics:
  - name: orders
    partitions: 4
    replicationFactor: 3
producers:
  - name: checkout
    topic: orders
    rate: 2000/s
    recordSize: 100B
    keys: ${keys}
    config: { acks: 1, linger.ms: 5, metadata.max.age.ms: 20000 }
faults:
  - at: 5s
    addPartitions: { topic: orders, count: 8 }
`;
}

/** Log end offsets of orders-0..7 on their leaders. */
function endOffsets(run: Run): number[] {
  const { catalog, brokers } = run.cluster;
  return (catalog.byTopic.get('orders') ?? []).map((index) => {
    for (const broker of brokers) {
      const hosted = broker.replicas.get(index);
      if (hosted?.role === 'leader') return hosted.log.logEndOffset;
    }
    return -1;
  });
}

describe('producer after addPartitions', () => {
  for (const keys of ['null', '{ count: 1000, distribution: uniform }']) {
    it(`keys ${keys}: new partitions get records only after the metadata refresh`, () => {
      const run = startRun(scenario(keys));
      run.runUntil(19 * S);
      const before = endOffsets(run);
      expect(before).toHaveLength(8);
      expect(before.slice(0, 4).every((offset) => offset > 0)).toBe(true);
      expect(before.slice(4)).toEqual([0, 0, 0, 0]);
      run.runUntil(30 * S);
      const after = endOffsets(run);
      // From the 20 s refresh on, every one of the 8 partitions takes records.
      expect(after.slice(4).every((offset) => offset > 1000)).toBe(true);
      const note = run.events.find((event) => event.kind === 'note');
      expect(note?.kind === 'note' && note.message).toBe(
        'checkout-0 sees 8 partitions of orders (metadata refresh): new records spread over them',
      );
      expect(note?.atUs).toBeGreaterThanOrEqual(20 * S);
    });
  }
});
