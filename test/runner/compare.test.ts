/**
 * compare() on a tiny scenario: the variants' order, means and intervals, independence from the
 * number of worker threads, and mergePartials() refusing partials that do not make one sweep.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { meanInterval } from '../../sim/metrics/confidence.ts';
import {
  compare,
  mergePartials,
  planCompare,
  runCompare,
  type ComparePlan,
} from '../../sim/runner/compare.ts';
import { simulate } from '../../sim/runner/run.ts';
import { parseScenarioText } from '../../sim/scenario/load.ts';

const directory = mkdtempSync(join(tmpdir(), 'kafkasim-compare-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

export const TINY_SCENARIO = `name: tiny
seed: 3
duration: 2s
warmup: 500ms
cluster:
  brokers: 3
topics:
  - name: orders
    partitions: 3
    replicationFactor: 3
producers:
  - name: checkout
    topic: orders
    rate: 2000/s
    arrivals: poisson
    recordSize: 100B
    config:
      acks: all
`;

const file = join(directory, 'tiny.yaml');
writeFileSync(file, TINY_SCENARIO);
const vary = ['producers.checkout.config.acks=1,all'];

async function plan(): Promise<ComparePlan> {
  const planned = await planCompare(file, { vary, seeds: 3 });
  if (!planned.ok) throw new Error(planned.errors.join('\n'));
  return planned.plan;
}

describe('compare', () => {
  it('compare() runs each variant over the seeds, in order, with means and intervals', async () => {
    const result = await compare(file, { vary, seeds: 3, jobs: 1 });
    expect(result.seeds).toEqual([3, 4, 5]);
    expect(result.variants.map((v) => v.set)).toEqual([
      { 'producers.checkout.config.acks': 1 },
      { 'producers.checkout.config.acks': 'all' },
    ]);
    for (const variant of result.variants) {
      expect(variant.runs.map((run) => run.seed)).toEqual([3, 4, 5]);
      const p99s = variant.runs.map((run) => run.produce.latencyMs.p99);
      const expected = meanInterval(p99s);
      expect(variant.stats['produce.latencyMs.p99']).toEqual({
        mean: expected.mean,
        halfWidth95: expected.halfWidth95,
      });
      expect(variant.mean.produce.latencyMs.p99).toBeCloseTo(expected.mean, 6);
      expect(variant.stats['consume.endToEndLatencyMs.p99']).toBeNull();
      // The series: one point per sample of the 2 s run, the mean over the seeds.
      const { timeS, recordsPerSec, produceP99Ms } = variant.series;
      expect(timeS.length).toBeGreaterThan(1);
      expect(timeS.length).toBeLessThanOrEqual(300);
      expect(timeS.at(-1)).toBe(2);
      expect(recordsPerSec).toHaveLength(timeS.length);
      expect(produceP99Ms).toHaveLength(timeS.length);
      expect(recordsPerSec.filter((v) => v > 1000).length).toBeGreaterThan(timeS.length / 2);
    }
  });

  it('compare() gives the same bytes with one job and with two worker threads', async () => {
    const one = await compare(file, { vary, seeds: 2, jobs: 1 });
    const two = await compare(file, { vary, seeds: 2, jobs: 2 });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
  });

  it('planCompare() reports every bad variant before anything runs', async () => {
    const planned = await planCompare(file, {
      vary: ['producers.checkout.config.acks=1,sometimes', 'topics.nope.partitions=1'],
    });
    expect(planned.ok).toBe(false);
    const text = planned.ok ? '' : planned.errors.join('\n');
    expect(text).toMatch(/^--vary producers\.checkout\.config\.acks=sometimes producers\[0\]/m);
    expect(text).toMatch(/^--vary topics\.nope\.partitions=1 no list item .*"nope"/m);
    // Each error once, though each bad value is in two variants.
    expect(text.match(/acks=sometimes/g)).toHaveLength(1);
  });

  it('a variant derived with immer runs as `kafkasim run --set` runs (the same trace)', async () => {
    // With an expect: block, whose results name their line in the file.
    const text = `${TINY_SCENARIO}expect:\n  durability.ackedRecordsLost: { equals: 0 }\n`;
    const withExpect = join(directory, 'expect.yaml');
    writeFileSync(withExpect, text);
    const sets = ['cluster.brokers=4'];
    const result = await compare(withExpect, { vary, seeds: 1, jobs: 2, sets });
    expect(result.variants[0]?.runs[0]?.expectations[0]?.source).toMatch(/expect\.yaml:[1-9]\d*$/);
    const loaded = parseScenarioText(text, withExpect, {
      sets: ['cluster.brokers=4', 'producers.checkout.config.acks=1'],
    });
    if (!loaded.ok) throw new Error('does not load');
    const run = simulate(loaded.scenario, { seed: 3 });
    expect(result.variants[0]?.runs[0]?.traceHash).toBe(run.traceHash);
  });

  it('mergePartials() refuses a missing shard, a repeated one and another sweep', async () => {
    const base = await plan();
    const first = await runCompare(base, { jobs: 1, shard: { index: 1, count: 2 } });
    const missing = mergePartials([first]);
    expect(missing.ok ? [] : missing.errors).toEqual([
      '3 of 6 runs are missing: is a shard left out?',
    ]);
    const twice = mergePartials([first, first]);
    expect(twice.ok ? [] : twice.errors.join('\n')).toMatch(/appears twice/);
    const other = { ...first, seeds: [9, 10, 11], shard: { index: 2, count: 2 } };
    const mixed = mergePartials([first, other]);
    expect(mixed.ok ? [] : mixed.errors.join('\n')).toMatch(/shard 2\/2 is of another sweep/);
  });
});
