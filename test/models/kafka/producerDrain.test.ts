/**
 * The sender's drain (RecordAccumulator.drainBatchesForOneNode): one batch per partition, from
 * the node's drain index, stopping before the batch that would take the request past
 * max.request.size unless it is the first. Produce requests are watched as the brokers read them.
 */
import { describe, expect, it } from 'vitest';
import type { Message } from '../../../sim/models/kafka/messages.ts';
import { S, startRun } from './consumerHarness.ts';

type Produce = Extract<Message, { kind: 'produceRequest' }>;

/** Every produce request the brokers read in 5 s of a producer saturating 12 partitions. */
function produceRequests(config: string): Produce[] {
  const run = startRun(`topics:
  - { name: t, partitions: 12, replicationFactor: 1 }
producers:
  - { name: p, topic: t, rate: 60MiB/s, recordSize: 1KiB, keys: { count: 1000 }, config: ${config} }`);
  const seen: Produce[] = [];
  for (const broker of run.cluster.brokers) {
    const handler = broker.requests;
    const onRequest = handler.onRequest.bind(handler);
    handler.onRequest = (message: Message, from: string): void => {
      if (message.kind === 'produceRequest') seen.push(message);
      onRequest(message, from);
    };
  }
  run.runUntil(5 * S);
  return seen;
}

const payload = (request: Produce): number => request.batches.reduce((sum, b) => sum + b.bytes, 0);

describe('the sender drains up to max.request.size', () => {
  it('batch.size = max.request.size: a full batch goes alone, partial ones share', () => {
    const requests = produceRequests(
      '{ batch.size: 65536, max.request.size: 65536, linger.ms: 50, acks: 1 }',
    );
    expect(requests.length).toBeGreaterThan(100);
    const shared = requests.filter((request) => request.batches.length > 1);
    expect(Math.max(0, ...shared.map(payload))).toBeLessThanOrEqual(65536);
    const alone = requests.filter((request) => request.batches.length === 1).length;
    expect(alone / requests.length).toBeGreaterThan(0.5);
  });

  it('16 KiB batches under a 64 KiB limit: several per request, never past the limit', () => {
    const requests = produceRequests(
      '{ batch.size: 16384, max.request.size: 65536, linger.ms: 50, acks: 1 }',
    );
    expect(Math.max(...requests.map((r) => r.batches.length))).toBeGreaterThan(1);
    expect(Math.max(...requests.map(payload))).toBeLessThanOrEqual(65536);
  });

  it('one batch per partition in a request', () => {
    for (const request of produceRequests('{ linger.ms: 50, acks: 1 }')) {
      const partitions = request.batches.map((b) => b.partitionIndex);
      expect(new Set(partitions).size).toBe(partitions.length);
    }
  });
});
