/**
 * The `kafkasim` command end to end: each test spawns `node bin/kafkasim.js` (the installed bin,
 * through tsx) on tiny scenarios written to a temporary directory, and checks the exit code and
 * what reaches stdout and stderr.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'kafkasim-cli-'));

afterAll(() => rmSync(directory, { recursive: true, force: true }));

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function kafkasim(...args: string[]): Ran {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['KAFKASIM_DEBUG'];
  const ran = spawnSync(process.execPath, ['bin/kafkasim.js', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env,
    timeout: 60_000,
  });
  return { code: ran.status, stdout: ran.stdout, stderr: ran.stderr };
}

function scenarioFile(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

const TINY = `name: tiny
seed: 3
duration: 3s
warmup: 1s
cluster:
  brokers: 3
topics:
  - name: orders
    partitions: 3
    replicationFactor: 3
producers:
  - name: checkout
    topic: orders
    rate: 1000/s
    recordSize: 100B
    config:
      acks: all
`;

const BROKEN = `name: broken
duration: 3 parsecs
topics:
  - name: orders
    partitions: -1
producers:
  - name: checkout
    topic: nope
    rate: 1000/s
    config:
      acks: sometimes
`;

const RUN_SUMMARY_KEYS = [
  'scenario',
  'seed',
  'traceHash',
  'virtualMs',
  'wallMs',
  'eventsCount',
  'produce',
  'producers',
  'durability',
  'availability',
  'bottlenecks',
  'expectations',
  'warnings',
];

describe('kafkasim validate', () => {
  it('prints every error of every file with file:line:column and exits 1, no stack trace', () => {
    const broken = scenarioFile('broken.yaml', BROKEN);
    const good = scenarioFile('good.yaml', TINY);
    const ran = kafkasim('validate', broken, good);
    expect(ran.code).toBe(1);
    const lines = ran.stdout.split('\n');
    for (const [line, field] of [
      [2, 'duration'],
      [5, 'topics[0].partitions'],
      [8, 'producers[0].topic'],
      [11, 'producers[0].config.acks'],
    ] as const) {
      const prefix = `${broken}:${line}:`;
      expect(lines.some((l) => l.startsWith(prefix) && l.includes(` ${field}: `))).toBe(true);
    }
    expect(ran.stdout).toContain(`${broken}: 4 errors`);
    expect(ran.stdout).toContain(`${good}: ok`);
    expect(ran.stdout + ran.stderr).not.toMatch(/\n\s+at /);
  });

  it('validate --print shows each resolved value and where it came from', () => {
    const good = scenarioFile('print.yaml', TINY);
    const ran = kafkasim('validate', good, '--print');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('orders');
    expect(ran.stdout).toMatch(/default:kafka-|preset:|file/);
  });
});

describe('kafkasim run', () => {
  it('run --json prints exactly one JSON object with the summary keys', () => {
    const tiny = scenarioFile('tiny.yaml', TINY);
    const ran = kafkasim('run', tiny, '--json', '--seed', '5');
    expect(ran.code, ran.stderr).toBe(0);
    const summary = JSON.parse(ran.stdout) as Record<string, unknown>;
    expect(Object.keys(summary)).toEqual(expect.arrayContaining(RUN_SUMMARY_KEYS));
    expect(summary['seed']).toBe(5);
    expect(summary['virtualMs']).toBe(3000);
    expect(Object.keys(summary['producers'] as object)).toEqual(['checkout']);
    expect(Object.keys(summary['produce'] as object)).toEqual(
      expect.arrayContaining(['recordsSent', 'recordsAcked', 'recordsPerSec', 'latencyMs']),
    );
  });

  it('exits 3 when an expect: check fails, and prints it as FAIL', () => {
    const failing = scenarioFile(
      'failing.yaml',
      `${TINY}expect:\n  produce.recordsPerSec: { atLeast: 1000000 }\n` +
        '  durability.ackedRecordsLost: { equals: 0 }\n',
    );
    const ran = kafkasim('run', failing);
    expect(ran.code).toBe(3);
    expect(ran.stdout).toMatch(/FAIL\s+produce\.recordsPerSec/);
    expect(ran.stdout).toMatch(/pass\s+durability\.ackedRecordsLost/);
    expect(ran.stdout).toContain('1 of 2 expectations FAILED');
  });

  it('--out writes the trace, summary, reports and series.csv, byte-identical on a rerun', () => {
    const tiny = scenarioFile('same.yaml', TINY);
    const first = join(directory, 'first');
    const second = join(directory, 'second');
    const ran = kafkasim('run', tiny, '--out', first, '--duration', '2s');
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toContain(join(first, 'report.md'));
    expect(kafkasim('run', tiny, '--out', second, '--duration', '2s').code).toBe(0);
    expect(readdirSync(first).sort()).toEqual([
      'report.html',
      'report.md',
      'series.csv',
      'summary.json',
      'trace.json',
    ]);
    // summary.json holds the wall time; everything else must be the same bytes.
    for (const name of ['trace.json', 'report.md', 'report.html', 'series.csv']) {
      const a = readFileSync(join(first, name), 'utf8');
      expect(a.length).toBeGreaterThan(100);
      expect(readFileSync(join(second, name), 'utf8'), name).toBe(a);
    }
    const summary = JSON.parse(readFileSync(join(first, 'summary.json'), 'utf8')) as {
      virtualMs: number;
      traceHash: string;
    };
    expect(summary.virtualMs).toBe(2000);
    expect(readFileSync(join(first, 'report.md'), 'utf8')).toContain(summary.traceHash);
  });

  it('a scenario error exits 1 with file:line:column on stderr and nothing on stdout', () => {
    const broken = scenarioFile('broken-run.yaml', BROKEN);
    const ran = kafkasim('run', broken, '--json');
    expect(ran.code).toBe(1);
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toContain(`${broken}:5:`);
    expect(ran.stderr).not.toMatch(/\n\s+at /);
  });

  it('a bad --duration is reported against the flag, not the file', () => {
    const tiny = scenarioFile('duration.yaml', TINY);
    const ran = kafkasim('run', tiny, '--duration', '2 parsecs');
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain('--duration 2 parsecs: ');
  });
});

describe('kafkasim arguments', () => {
  it('an unknown flag is an error naming it, with a suggestion, exit 1', () => {
    const ran = kafkasim('run', 'x.yaml', '--sed', '3');
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain('unknown option --sed (did you mean --seed?)');
    expect(ran.stdout).toBe('');
  });

  it('--help and help print the usage and exit 0', () => {
    for (const args of [['--help'], ['help'], ['help', 'run'], ['run', '--help']]) {
      const ran = kafkasim(...args);
      expect(ran.code, args.join(' ')).toBe(0);
      expect(ran.stdout).toContain('kafkasim run');
    }
  });
});
