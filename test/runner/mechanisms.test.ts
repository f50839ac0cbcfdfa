import { describe, expect, it } from 'vitest';
import { formatScenarioErrors, parseScenarioText } from '../../sim/scenario/load.ts';
import { simulate } from '../../sim/runner/run.ts';

function bottlenecksOf(text: string): string[] {
  const loaded = parseScenarioText(text, 'mechanisms.yaml');
  if (!loaded.ok) throw new Error(formatScenarioErrors(loaded.errors));
  return simulate(loaded.scenario).summary.bottlenecks.map((b) => `${b.kind} ${b.resource}`);
}

const BASE = `
duration: 6s
warmup: 1s
topics: [{ name: t, partitions: 6, replicationFactor: 3 }]
`;

describe('Kafka mechanisms in the bottlenecks', () => {
  it('a long linger.ms at a low rate is named: latency is mostly waiting in the accumulator', () => {
    const text = `${BASE}producers:
  - { name: p, topic: t, rate: 2000/s, recordSize: 100B, config: { linger.ms: 50 } }
`;
    expect(bottlenecksOf(text)).toContain(
      'mechanism produce latency/accumulator (linger.ms, batching)',
    );
  });

  it('a producer asked for more than its NIC sends is blocked on buffer.memory', () => {
    const text = `${BASE}hardware:
  client: { nic: { bandwidth: 100Mbps } }
producers:
  - name: p
    hardware: client
    topic: t
    rate: 50MB/s
    recordSize: 1KiB
    config: { buffer.memory: 4194304, batch.size: 262144, linger.ms: 5 }
`;
    const names = bottlenecksOf(text);
    expect(names).toContain('mechanism producers/send() blocked (buffer.memory)');
  });
});
