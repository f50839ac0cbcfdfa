/**
 * The link buildCluster gives a broker carries everything the broker's send passes: a follower's
 * next fetch leaves after the fetcher thread's CPU time for the previous response
 * (replicaFetcher.ts `departDelayUs`), not at once.
 */
import { describe, expect, it } from 'vitest';
import type { Message } from '../../sim/models/kafka/messages.ts';
import { buildCluster } from '../../sim/runner/build.ts';
import { scenarioFromText } from '../models/kafka/consumerHarness.ts';

const SCENARIO = `
name: broker-link
duration: 3s
warmup: 1s
cluster: { brokers: 2 }
topics: [{ name: t, partitions: 2, replicationFactor: 2 }]
producers: [{ name: p, topic: t, rate: 5000/s, recordSize: 200B, config: { acks: all } }]
`;

describe('buildCluster broker links', () => {
  it('send(to, message, linkClass, departDelayUs) leaves a follower fetch after its CPU', () => {
    const cluster = buildCluster(scenarioFromText(SCENARIO, 'broker-link.yaml'), 1, () => {});
    const delaysUs: number[] = [];
    cluster.network.observer = {
      sent(_from: string, _to: string, message: Message, atUs: number) {
        if (message.kind !== 'fetchRequest' || message.replicaId < 0) return;
        delaysUs.push(atUs - cluster.sim.nowUs);
      },
      delivered() {},
    };
    const snapshot = cluster.controller.snapshot();
    for (const broker of cluster.brokers) broker.start(snapshot, () => {});
    for (const producer of cluster.producers) producer.start();
    cluster.sim.run({ untilUs: 2_000_000, eventsMax: 10_000_000 });
    const delayed = delaysUs.filter((delayUs) => delayUs > 0);
    expect(delaysUs.length).toBeGreaterThan(100);
    // Fetches after a response with data wait for the fetcher's CPU; none leaves early.
    expect(delayed.length).toBeGreaterThan(delaysUs.length / 2);
    expect(Math.min(...delaysUs)).toBe(0);
  });
});
