/**
 * CPU cores shared by a broker's threads (sim/models/hardware/cpu.ts): no slowdown while the
 * running pieces of work fit the cores, processor sharing past that, busy core-time integrated;
 * and a broker with fewer cores than busy threads gets slower under load.
 */
import { describe, expect, it } from 'vitest';
import { CpuCores } from '../../../sim/models/hardware/cpu.ts';
import { simulate } from '../../../sim/runner/run.ts';
import { parseScenarioText } from '../../../sim/scenario/load.ts';

describe('CpuCores', () => {
  it('stretches work only when more pieces run than there are cores', () => {
    const cpu = new CpuCores(2);
    expect(cpu.begin(0, 100)).toBe(100);
    expect(cpu.begin(0, 100)).toBe(100);
    // A third piece on two cores: 3/2 of its time.
    expect(cpu.begin(0, 100)).toBe(150);
    expect(cpu.begin(0, 101)).toBe(202);
    cpu.end(10);
    expect(cpu.running).toBe(3);
    expect(cpu.stretch(100)).toBe(150);
  });

  it('integrates busy core-time, at most `cores` per microsecond', () => {
    const cpu = new CpuCores(2);
    cpu.begin(0, 10);
    expect(cpu.busyCoreUs(10)).toBe(10);
    cpu.begin(10, 10);
    cpu.begin(10, 10);
    expect(cpu.busyCoreUs(20)).toBe(10 + 2 * 10);
    cpu.reset(20);
    expect([cpu.running, cpu.busyCoreUs(30)]).toEqual([0, 30]);
    expect(() => cpu.end(30)).toThrow(/end without begin/);
  });
});

describe('a broker with fewer cores', () => {
  function produceP99(cores: number): { p99: number; busy: number } {
    const text = `name: cpu\nseed: 3\nduration: 6s\nwarmup: 2s
kafkaVersion: "4.0"
hardware:
  broker: { cpu: { cores: ${cores}, perRequest: 400us } }
cluster: { brokers: 3 }
topics:
  - { name: orders, partitions: 30, replicationFactor: 3 }
producers:
  - name: checkout
    count: 6
    topic: orders
    rate: 60000/s
    recordSize: 512B
    config: { acks: all, linger.ms: 0 }
`;
    const loaded = parseScenarioText(text, 'cpu.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
    const { summary, trace } = simulate(loaded.scenario);
    const busy = trace.series.columns['broker-0.cpu.cores'] ?? [];
    return { p99: summary.produce.latencyMs.p99, busy: Math.max(...busy.filter(Number.isFinite)) };
  }

  it('queues work on its cores: higher produce latency, cores busier', () => {
    const many = produceP99(16);
    const one = produceP99(1);
    expect(one.p99).toBeGreaterThan(many.p99 * 1.5);
    expect(one.busy).toBeGreaterThan(0.9);
    expect(many.busy).toBeLessThan(one.busy);
  });
});

describe('a crashed broker', () => {
  it('uses no CPU while down, has its threads back after the restart, and leads again', () => {
    const text = `name: crash\nseed: 7\nduration: 40s\nwarmup: 2s
kafkaVersion: "4.0"
cluster: { brokers: 3, config: { leader.imbalance.check.interval.seconds: 5 } }
topics:
  - { name: orders, partitions: 12, replicationFactor: 3, config: { min.insync.replicas: 2 } }
producers:
  - { name: checkout, topic: orders, rate: 20000/s, recordSize: 1KiB, config: { acks: all } }
faults:
  - { at: 10s, crash: broker-1, restartAfter: 10s }
`;
    const loaded = parseScenarioText(text, 'crash.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
    const { trace } = simulate(loaded.scenario);
    const { timeUs, columns } = trace.series;
    const cores = columns['broker-1.cpu.cores'] ?? [];
    const network = columns['broker-1.cpu.network'] ?? [];
    const down = timeUs.flatMap((t, i) => (t > 10.5e6 && t <= 20e6 ? [cores[i] as number] : []));
    expect(down.length).toBeGreaterThan(10);
    expect(Math.max(...down)).toBe(0);
    const up = timeUs.flatMap((t, i) => (t > 35e6 ? [network[i] as number] : []));
    // Leading again after the preferred leader election, serving produce requests, and never
    // pinned at a stuck thread's share (1/3 of the network threads).
    expect(Math.max(...up)).toBeGreaterThan(0);
    expect(Math.min(...up)).toBeLessThan(1 / 3);
    // Producing goes on after the leaders move back to broker-1 at 30 s: the followers' fetch
    // sessions to it start afresh (the one in flight when it crashed is long gone).
    const produced = columns['produce.recordsPerSec'] ?? [];
    const after = timeUs.flatMap((t, i) => (t > 31e6 ? [produced[i] as number] : []));
    expect(Math.min(...after)).toBeGreaterThan(15_000);
  });
});
