/**
 * A consumer request that times out closes its connection (NetworkClient.handleTimedOutRequests):
 * the broker is told by the FIN, on the channel the request went on (1: the coordinator
 * connection), and the consumer's other requests on that connection fail with it.
 */
import { describe, expect, it } from 'vitest';
import { channelOf } from '../../../sim/models/kafka/connectionMutes.ts';
import type { Message } from '../../../sim/models/kafka/messages.ts';
import { S, startRun } from './consumerHarness.ts';

describe('a consumer whose coordinator stops answering', () => {
  it('closes its coordinator connection when a coordinator request times out', () => {
    const run = startRun(`topics:
  - { name: t, partitions: 3, replicationFactor: 3 }
producers:
  - { name: p, topic: t, rate: 1000/s, recordSize: 100B }
consumers:
  - group: g
    topics: [t]
    config: { request.timeout.ms: 4000, session.timeout.ms: 45000, enable.auto.commit: true }`);
    run.runUntil(10 * S);
    const consumer = run.member('g-0');
    const coordinator = consumer.coordinator;
    expect(coordinator).toBeGreaterThanOrEqual(0);
    const closes: Array<{ atUs: number; channel: number; from: string }> = [];
    for (const broker of run.cluster.brokers) {
      const handler = broker.requests;
      const onClose = handler.onConnectionClose.bind(handler);
      handler.onConnectionClose = (message: Message, from: string): void => {
        closes.push({ atUs: run.cluster.sim.nowUs, channel: channelOf(message), from });
        onClose(message, from);
      };
    }
    const paused = run.cluster.brokers[coordinator];
    if (paused === undefined) throw new Error('no coordinator broker');
    paused.pause(20 * S);
    run.runUntil(30 * S);
    const fromConsumer = closes.filter((close) => close.from === consumer.spec.nodeName);
    // Heartbeats (every 3 s) and commits (every 5 s) go to the coordinator and time out after
    // 4 s: the coordinator connection closes, at least once in the 20 s pause.
    expect(fromConsumer.some((close) => close.channel === 1)).toBe(true);
    for (const close of fromConsumer) {
      expect(close.atUs).toBeGreaterThanOrEqual(10 * S + 20 * S); // The FIN waits out the pause.
    }
  });
});

describe('a consumer whose fetch goes unanswered', () => {
  it('closes its main connection request.timeout.ms after the fetch left', () => {
    const run = startRun(`topics:
  - { name: t, partitions: 1, replicationFactor: 3, replicas: [[0, 1, 2]] }
producers:
  - { name: p, topic: t, rate: 1000/s, recordSize: 100B }
consumers:
  - group: g
    topics: [t]
    config: { request.timeout.ms: 4000, session.timeout.ms: 45000 }`);
    const consumer = run.member('g-0');
    const fetchesSentUs: number[] = [];
    const closesSentUs: number[] = [];
    run.cluster.network.observer = {
      sent(from: string, to: string, message: Message, atUs: number) {
        if (from !== consumer.spec.nodeName || to !== 'broker-0') return;
        if (message.kind === 'fetchRequest') fetchesSentUs.push(atUs);
        if (message.kind === 'connectionClose' && message.channel === 0) closesSentUs.push(atUs);
      },
      delivered() {},
    };
    run.runUntil(10 * S);
    run.cluster.brokers[0]?.pause(20 * S); // The leader of t-0 stops answering.
    run.runUntil(20 * S);
    // ConsumerNetworkClient sends fetches with request.timeout.ms (not plus fetch.max.wait.ms):
    // the fetch in flight when the leader stopped is given up 4 s after it left.
    const inFlightUs = Math.max(...fetchesSentUs.filter((atUs) => atUs <= 10 * S));
    expect(closesSentUs[0]).toBe(inFlightUs + 4 * S);
  });
});
