/**
 * flush.messages: the flushes of one produce request (or one fetch answer) run one after the other
 * in the thread that appends, as Log.append flushes inline; each costs the disk's fsync latency.
 */
import { describe, expect, it } from 'vitest';
import { FlushLane } from '../../../sim/models/kafka/flushLane.ts';
import { simulate } from '../../../sim/runner/run.ts';
import { parseScenarioText } from '../../../sim/scenario/load.ts';

describe('FlushLane', () => {
  it('runs flushes one at a time, in the order they came', () => {
    const lane = new FlushLane();
    const log: string[] = [];
    const finish: Array<() => void> = [];
    for (const name of ['a', 'b', 'c']) {
      lane.run((done) => {
        log.push(`start ${name}`);
        finish.push(() => {
          log.push(`end ${name}`);
          done();
        });
      });
    }
    expect(log).toEqual(['start a']);
    finish.shift()?.();
    expect(log).toEqual(['start a', 'end a', 'start b']);
    finish.shift()?.();
    finish.shift()?.();
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    lane.run((done) => {
      log.push('start d');
      done();
    });
    expect(log.at(-1)).toBe('start d');
  });
});

/** One broker, RF 1, acks=1, on a disk whose flush takes 2 ms; fsync per message or never. */
function latencyMs(partitions: number, keys: string, lingerMs: number, flushMessages: number) {
  const text = `name: flush\nseed: 1\nduration: 6s\nwarmup: 1s
hardware:
  broker: { disks: [{ writeBandwidth: 1GB/s, readBandwidth: 1GB/s, latency: 50us, fsyncLatency: 2ms }] }
cluster: { brokers: 1, hardware: broker }
topics:
  - { name: t, partitions: ${partitions}, replicationFactor: 1, config: { flush.messages: ${flushMessages} } }
producers:
  - name: p
    topic: t
    rate: 100/s
    arrivals: constant
    recordSize: 100B
    keys: ${keys}
    config: { acks: 1, linger.ms: ${lingerMs} }
`;
  const loaded = parseScenarioText(text, 'flush.yaml');
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return simulate(loaded.scenario).summary.produce.latencyMs;
}

describe('log flush cost', () => {
  it("is the disk's fsync latency", () => {
    const addedMs = latencyMs(1, 'null', 0, 1).max - latencyMs(1, 'null', 0, 1e9).max;
    expect(addedMs).toBeGreaterThanOrEqual(2);
    expect(addedMs).toBeLessThan(2.5);
  });

  it('adds up over the partitions of one request: their flushes run one after the other', () => {
    // Two keys on two partitions, linger.ms 20: each request carries a batch of each; the answer
    // waits for both flushes in a row (2 x 2 ms), not for the longer of the two.
    const addedMs =
      latencyMs(2, '{ count: 2 }', 20, 1).p50 - latencyMs(2, '{ count: 2 }', 20, 1e9).p50;
    expect(addedMs).toBeGreaterThanOrEqual(4);
    expect(addedMs).toBeLessThan(4.5);
  });
});
