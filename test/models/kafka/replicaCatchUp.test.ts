/**
 * A follower catching up after a restart, with more partitions behind on a leader than one
 * response holds: the leader fills replica.fetch.response.max.bytes and gives the partitions
 * after that nothing (minOneMessage holds only until a partition brought data), and the follower
 * moves the partitions that brought data to the end of its next request
 * (AbstractFetcherThread's updateAndMoveToEnd), so every partition catches up in turn.
 */
import { describe, expect, it } from 'vitest';
import type { Message } from '../../../sim/models/kafka/messages.ts';
import { S, startRun } from './consumerHarness.ts';

const BODY = `warmup: 1s
kafkaVersion: "3.9"
topics: [{ name: t, partitions: 60, replicationFactor: 3 }]
producers:
  - name: p
    topic: t
    rate: 100MB/s
    recordSize: 1KiB
    keys: { count: 100000 }
    config: { acks: 1, linger.ms: 5 }
faults:
  - { at: 5s, crash: broker-2, restartAfter: 20s }
`;

describe('replica catch-up over many partitions', () => {
  it('responses keep to the byte limit and every partition gets its turn', () => {
    const run = startRun(BODY, 1);
    const network = run.cluster.network as unknown as {
      send: (from: string, to: string, message: Message, ...rest: unknown[]) => boolean;
    };
    const send = network.send.bind(network);
    const responses: Array<{ bytes: number; served: number[] }> = [];
    network.send = (from, to, message, ...rest) => {
      if (message.kind === 'fetchResponse' && from === 'broker-0' && to === 'broker-2') {
        const served = message.partitions
          .filter((partition) => partition.slices.length > 0)
          .map((partition) => partition.partitionIndex);
        responses.push({ bytes: message.dataBytes, served });
      }
      return send(from, to, message, ...rest);
    };
    run.runUntil(28.6 * S);
    // The catch-up answers after the restart, each filled to the limit.
    const full = responses.filter((response) => response.bytes > 9 * 1024 * 1024);
    expect(full.length).toBeGreaterThanOrEqual(4);
    const limit = 10 * 1024 * 1024;
    // At most one batch of ~16 KiB over replica.fetch.response.max.bytes (10 MiB).
    for (const response of full) expect(response.bytes).toBeLessThan(limit + 64 * 1024);
    // Four answers in a row name four different sets: the partitions rotate.
    const firstFour = full.slice(0, 4).map((response) => response.served);
    const distinct = new Set(firstFour.flat());
    expect(distinct.size).toBeGreaterThan(25);
  });
});
