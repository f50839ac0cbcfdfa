/**
 * buffer.memory against batch.size at the scale of a run: every new batch takes batch.size from
 * the pool (BufferPool.allocate), so 32 MiB holds 32 batches of 1 MiB, fewer than the 100
 * partitions a keyed producer writes to. send() then blocks on the first record whose partition
 * has no open batch; every batch counts as ready, goes out small, and frees its buffer when
 * acknowledged. The producer keeps going at what that cycle allows, not at zero.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../sim/runner/run.ts';
import { scenarioFromText } from './consumerHarness.ts';

function produceWith(bufferMemory: string) {
  const text = `name: memory
seed: 3
duration: 3s
warmup: 1s
topics: [{ name: t, partitions: 100, replicationFactor: 3 }]
producers:
  - name: p
    topic: t
    rate: 50000/s
    recordSize: 1KiB
    keys: { count: 100000, distribution: uniform }
    config: { acks: all, linger.ms: 10, batch.size: 1048576${bufferMemory} }
`;
  return simulate(scenarioFromText(text, 'memory.yaml')).summary;
}

describe('buffer.memory for fewer batches than partitions', () => {
  it('a keyed producer with 32 batches of memory for 100 partitions is slowed, not stalled', () => {
    const summary = produceWith('');
    // About 1.2 records per freed batch (most partitions have no open batch), 32 batches a
    // round trip of about 3 ms: some 13,000 records/s. Cutting every partition's share at one
    // fraction gave 4,800 here and nothing at all with four such producers.
    expect(summary.produce.recordsPerSec).toBeGreaterThan(9000);
    expect(summary.produce.recordsPerSec).toBeLessThan(30_000);
    expect(summary.bottlenecks.map((b) => b.resource)).toContain(
      'producers/send() blocked (buffer.memory)',
    );
  });

  it('with memory for a batch per partition the producer keeps its rate', () => {
    const summary = produceWith(', buffer.memory: 134217728');
    expect(summary.produce.recordsPerSec).toBeGreaterThan(49_000);
  });
});
