/**
 * acks=0 in the durability ledger. The producer counts a batch sent once written to the socket;
 * a leader that refuses it (it is no longer the leader) drops it and closes the connection, so
 * the producer refreshes its metadata and sends to the new leader. Kafka's KafkaApis does the
 * same: "the server will close socket server so that the producer client will know that some
 * error has happened and will refresh its metadata". An acks=0 request is done only once written:
 * a cut link's full send buffer refuses it, and the batch stays with the producer.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../sim/runner/run.ts';
import { scenarioFromText } from './consumerHarness.ts';

const TEXT = `name: acks0
seed: 2
duration: 40s
warmup: 2s
kafkaVersion: "3.9"
topics: [{ name: t, partitions: 6, replicationFactor: 3 }]
producers:
  - name: p
    topic: t
    rate: 10000/s
    recordSize: 1KiB
    keys: { count: 1000 }
    config: { acks: 0, linger.ms: 5 }
faults:
  - { at: 10s, partitionNetwork: { isolate: [broker-0], healAfter: 15s } }
`;

describe('acks=0 records a former leader refuses', () => {
  it('count as lost, and the closed connection sends the producer to the new leaders', () => {
    const { summary, trace } = simulate(scenarioFromText(TEXT, 'acks0.yaml'));
    const refused = trace.events.filter(
      (event) =>
        event.kind === 'loss' && /refused them \(NOT_LEADER_OR_FOLLOWER\)/.test(event.message),
    );
    expect(refused.length).toBeGreaterThan(0);
    const refusedRecords = refused.reduce((sum, event) => sum + Number(event.data['records']), 0);
    expect(summary.durability.ackedRecordsLost).toBeGreaterThanOrEqual(refusedRecords);
    // After the first refusal the producer stops writing to broker-0 within a refresh.
    const first = refused[0]?.atUs ?? 0;
    const last = refused[refused.length - 1]?.atUs ?? 0;
    expect(last - first).toBeLessThan(1_000_000);
    expect(summary.produce.recordsPerSec).toBeGreaterThan(9900);
  });

  // Regression test for a fixed bug: past the socket's send buffer (4 MiB) a cut link dropped
  // the requests, yet the acks=0 producer counted them sent, with nobody counting them lost.
  it('an isolated leader takes what its socket buffer holds, the rest waits in the producer', () => {
    const { summary } = simulate(scenarioFromText(TEXT, 'acks0.yaml'));
    // Records for broker-0's partitions wait until the producer learns the new leaders.
    expect(summary.produce.latencyMs.p99).toBeGreaterThan(1000);
    // Lost: about what one 4 MiB send buffer held (1 KiB records), refused after the heal.
    expect(summary.durability.ackedRecordsLost).toBeGreaterThan(2000);
    expect(summary.durability.ackedRecordsLost).toBeLessThan(6000);
  });
});
