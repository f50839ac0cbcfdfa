/**
 * `kafkasim compare` and `kafkasim merge` end to end (spawning bin/kafkasim.js): the table,
 * shards merged giving the bytes of one unsharded run (stdout and every --out file), and the exit
 * codes of bad input.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'kafkasim-compare-cli-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function kafkasim(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['KAFKASIM_DEBUG'];
  const ran = spawnSync(process.execPath, [join(ROOT, 'bin/kafkasim.js'), ...args], {
    cwd: directory,
    encoding: 'utf8',
    env,
    timeout: 60_000,
  });
  return { code: ran.status, stdout: ran.stdout, stderr: ran.stderr };
}

writeFileSync(
  join(directory, 'tiny.yaml'),
  `name: tiny
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
`,
);

const MATRIX = [
  'tiny.yaml',
  '--vary',
  'producers.checkout.config.acks=1,all',
  '--vary',
  'topics.orders.config.min.insync.replicas=1,2',
  '--seeds',
  '2',
];

function filesOf(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(join(directory, dir)).sort()) {
    files[name] = readFileSync(join(directory, dir, name), 'utf8');
  }
  return files;
}

describe('kafkasim compare', () => {
  it('prints the matrix; shards merged equal one unsharded run, byte for byte', () => {
    const whole = kafkasim('compare', ...MATRIX, '--out', 'whole');
    expect(whole.code, whole.stderr).toBe(0);
    expect(whole.stdout).toMatch(/^kafkasim compare: tiny \(tiny\.yaml\), 4 variants x 2 seeds/);
    expect(whole.stdout).toMatch(/acks +min\.insync\.replicas +records\/s +p50 ms/);
    expect(whole.stdout).toMatch(/\n {2}all +2 +[\d,]+ ±/);
    expect(whole.stdout).toContain(' *');
    for (const shard of ['1/2', '2/2']) {
      const part = kafkasim('compare', ...MATRIX, '--shard', shard, '--jobs', '1', '--out', 'p');
      expect(part.code, part.stderr).toBe(0);
    }
    expect(Object.keys(filesOf('p'))).toEqual(['partial-1-of-2.json', 'partial-2-of-2.json']);
    const merged = kafkasim('merge', 'p', '--json', '--out', 'merged');
    expect(merged.code, merged.stderr).toBe(0);
    const wholeFiles = filesOf('whole');
    expect(merged.stdout).toBe(wholeFiles['compare.json']);
    expect(filesOf('merged')).toEqual(wholeFiles);
    const parsed = JSON.parse(merged.stdout) as { variants: { set: object; runs: unknown[] }[] };
    expect(parsed.variants[3]?.set).toEqual({
      'producers.checkout.config.acks': 'all',
      'topics.orders.config.min.insync.replicas': 2,
    });
    expect(parsed.variants[3]?.runs).toHaveLength(2);
    const half = kafkasim('merge', 'p/partial-1-of-2.json');
    expect(half.code).toBe(1);
    expect(half.stderr).toMatch(/4 of 8 runs are missing/);
  });

  it('exits 3 after printing everything when an expect: check fails in any run', () => {
    const text = readFileSync(join(directory, 'tiny.yaml'), 'utf8');
    writeFileSync(
      join(directory, 'expect.yaml'),
      `${text}expect:\n  produce.recordsPerSec: { atMost: 3000 }\n`,
    );
    const rates = [
      'expect.yaml',
      '--vary',
      'producers.checkout.rate=2000/s,4000/s',
      '--seeds',
      '2',
    ];
    const failing = kafkasim('compare', ...rates, '--out', 'expect');
    expect(failing.code, failing.stderr).toBe(3);
    expect(failing.stdout).toMatch(
      /^kafkasim compare: tiny \(expect\.yaml\), 2 variants x 2 seeds/,
    );
    expect(failing.stdout).toMatch(/wrote .*report\.html/);
    expect(failing.stderr).toMatch(/kafkasim compare: 2 of 4 runs failed an expect: check:\n/);
    const line = failing.stderr.split('\n').find((l) => l.includes('rate=4000/s, seed 3:'));
    expect(line).toMatch(
      /^ {2}producers\.checkout\.rate=4000\/s, seed 3: produce\.recordsPerSec expected <= 3,000,/,
    );
    expect(line).toMatch(/, actual [\d,.]+ \(expect\.yaml:[1-9]\d*\)$/);
    expect(failing.stderr).not.toMatch(/rate=2000\/s, seed/);
    // A shard's partial exits 0; merge reports the failure and exits 3, its files written.
    const shard = kafkasim('compare', ...rates, '--shard', '1/1', '--out', 'expect-part');
    expect(shard.code, shard.stderr).toBe(0);
    const merged = kafkasim('merge', 'expect-part', '--json', '--out', 'expect-merged');
    expect(merged.code).toBe(3);
    expect(merged.stderr).toMatch(/kafkasim merge: 2 of 4 runs failed an expect: check/);
    expect(filesOf('expect-merged')).toEqual(filesOf('expect'));
    const passing = kafkasim('compare', 'expect.yaml', '--vary', 'producers.checkout.rate=1000/s');
    expect(passing.code, passing.stderr).toBe(0);
  });

  it('exits 1 on a bad --vary or a scenario error in a variant, before running', () => {
    expect(kafkasim('compare', 'tiny.yaml', '--vary', 'acks').code).toBe(1);
    const bad = kafkasim('compare', 'tiny.yaml', '--vary', 'topics.orders.partitions=3,-1');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^--vary topics\.orders\.partitions=-1 topics\[0\]\.partitions: /m);
  });
});
