/**
 * The hostile inputs the CLI fuzz suite names one by one, through `kafkasim validate` and `run`
 * in-process: alias bombs, 10,000 levels of `[` and `{`, deep block nesting, a document over the
 * size bound, huge partition, broker and client counts, JSON instead of YAML, an empty file, a
 * directory and a missing file; and the resource bounds (clients, memory estimate, series rows,
 * events) with their messages. A few cases run as real processes (`tsx sim/cli.ts`) to check the
 * exit code, stderr and --out at the process level.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { EVENTS_MAX_DEFAULT } from '../../sim/runner/run.ts';
import {
  CLIENTS_TOTAL_MAX,
  KEYS_MAX,
  MEMORY_BUDGET_BYTES,
  SERIES_SAMPLES_MAX,
} from '../../sim/scenario/limits.ts';
import { LIMITS } from '../../sim/scenario/schema.ts';
import { cli, OUT_FILES, outProblems, problemsOf, type Ran } from './scenarioFuzzHelpers.ts';

const directory = mkdtempSync(join(tmpdir(), 'kafkasim-fuzz-cases-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(directory, name);
  writeFileSync(file, text);
  return file;
}

const TOPIC = 'topics:\n  - name: orders\n    partitions: 3\n';

/** validate and run both reject `text` cleanly; returns validate's rejection lines. */
async function rejected(name: string, text: string): Promise<string> {
  const file = write(name, text);
  const validated = await cli(['validate', file]);
  const ran = await cli(['run', file]);
  for (const [command, result] of [
    ['validate', validated],
    ['run', ran],
  ] as const) {
    expect(problemsOf(result, command, { file, text }), result.out + result.err).toEqual([]);
    expect(result.code).toBe(1);
  }
  return validated.out;
}

describe('hostile scenario files through kafkasim validate and run', () => {
  it('an alias bomb (billion laughs) is refused at the alias bound', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i += 1) {
      const previous = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const out = await rejected('bomb.yaml', `${levels.join('\n')}\n${TOPIC}`);
    expect(out).toMatch(/bomb\.yaml:1:1 too many alias expansions \(more than 100\)/);
  });

  it.each([
    ['[', 'flow-seq.yaml', '['.repeat(10_000)],
    ['{', 'flow-map.yaml', '{a: '.repeat(10_000)],
  ])('10,000 levels of %s are one error at the bracket that opens level 33', async (_, name, t) => {
    const out = await rejected(name, `${TOPIC}x: ${t}\n`);
    expect(out.split('\n').filter((l) => l.includes('nesting deeper than 32 levels'))).toEqual([
      expect.stringMatching(new RegExp(`${name}:4:\\d+ nesting deeper than 32 levels`)),
    ]);
  });

  it('2,000 levels of block nesting are one error at the line that opens level 33', async () => {
    const deep = Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n');
    const out = await rejected('block.yaml', `${deep}\n`);
    expect(out).toContain('block.yaml:33:33 nesting deeper than 32 levels\n');
    expect(out).not.toMatch(/call stack/);
  });

  it('a document over MAX_TEXT_CHARS is refused before parsing', async () => {
    const huge = `${TOPIC}description: "${'x'.repeat(5_000_001)}"\n`;
    expect(await rejected('huge.yaml', huge)).toMatch(/huge\.yaml:1:1 file larger than 5000000/);
  });

  it('huge partition counts (10^6..10^9 per topic) name the topic field and the bound', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1_000_000, max: 1_000_000_000 }), async (partitions) => {
        const text = `topics:\n  - name: orders\n    partitions: ${partitions}\n`;
        const out = await rejected(`partitions-${partitions}.yaml`, text);
        expect(out).toContain(
          `:3:17 topics[0].partitions: at most ${LIMITS.partitionsPerTopic} partitions per topic`,
        );
      }),
      { numRuns: 4, seed: 5 },
    );
  });

  it('replicas over LIMITS.replicasTotal across topics name topics, the total and the bound', async () => {
    const topics = Array.from(
      { length: 4 },
      (_, i) => `  - name: t${i}\n    partitions: 100000\n    replicationFactor: 3\n`,
    );
    const text = `cluster:\n  brokers: 3\ntopics:\n${topics.join('')}`;
    const out = await rejected('replicas.yaml', text);
    expect(out).toContain(
      `replicas.yaml:4:3 topics: 1200000 partition replicas in total; kafkasim handles at most ${LIMITS.replicasTotal}`,
    );
  });

  it('10^4 brokers are refused at cluster.brokers', async () => {
    const out = await rejected('brokers.yaml', `cluster:\n  brokers: 10000\n${TOPIC}`);
    expect(out).toContain(`brokers.yaml:2:12 cluster.brokers: at most ${LIMITS.brokers} brokers`);
  });

  it('10^5 producers (10 blocks of 10^4) are refused by CLIENTS_TOTAL_MAX at the first block', async () => {
    const blocks = Array.from(
      { length: 10 },
      (_, i) => `  - name: p${i}\n    topic: orders\n    count: 10000\n`,
    );
    const out = await rejected('producers.yaml', `${TOPIC}producers:\n${blocks.join('')}`);
    expect(out).toContain(
      `producers.yaml:7:12 producers[0].count: 100000 producer and consumer clients in total;` +
        ` kafkasim handles at most ${CLIENTS_TOTAL_MAX} (CLIENTS_TOTAL_MAX)`,
    );
  });

  it('a shape over MEMORY_BUDGET_BYTES is refused with the estimate, the budget and its largest part', async () => {
    // 6 x 100,000 partitions x RF 1 = 600,000 replicas (under replicasTotal) with 200 producers
    // on one 100,000-partition topic: 20 M producer-partitions x 200 B = 3.7 GiB.
    const topics = Array.from({ length: 6 }, (_, i) => `  - name: t${i}\n    partitions: 100000\n`);
    const producers = '  - name: p\n    topic: t0\n    count: 200\n';
    const text = `topics:\n${topics.join('')}producers:\n${producers}`;
    const out = await rejected('memory.yaml', text);
    expect(out).toMatch(
      new RegExp(
        `memory\\.yaml:15:3 producers: the run would need about 4\\.\\d\\d GiB of memory, above` +
          ` kafkasim's budget of ${MEMORY_BUDGET_BYTES / 1024 ** 3}\\.00 GiB \\(MEMORY_BUDGET_BYTES\\);` +
          ' the largest part: 200 producers',
      ),
    );
  });

  it('more keys than KEYS_MAX in a block are refused at its keys.count', async () => {
    const producer = '  - name: p\n    topic: orders\n    keys: { count: 20000000 }\n';
    const out = await rejected('keys.yaml', `${TOPIC}producers:\n${producer}`);
    expect(out).toContain(
      `keys.yaml:7:20 producers[0].keys.count: 20000000 keys; kafkasim hashes each key at start` +
        ` and takes at most ${KEYS_MAX} (KEYS_MAX) in one producer block`,
    );
  });

  it('more series rows than SERIES_SAMPLES_MAX are refused at sampleEvery', async () => {
    const out = await rejected('samples.yaml', `duration: 2h\nsampleEvery: 1ms\n${TOPIC}`);
    expect(out).toContain(
      `samples.yaml:2:14 sampleEvery: 7200000 samples (duration / sampleEvery); kafkasim keeps at` +
        ` most ${SERIES_SAMPLES_MAX} (SERIES_SAMPLES_MAX)`,
    );
  });

  it('a rate of 1e-300 records/s runs (no batch ever closes) instead of failing the engine', async () => {
    const file = write(
      'slow-rate.yaml',
      `${TOPIC}producers:\n  - name: p\n    topic: orders\n    rate: 1e-300\n`,
    );
    const ran = await cli(['run', file, '--duration', '200ms']);
    expect(problemsOf(ran, 'run', { file }), ran.err).toEqual([]);
    expect(ran.code, ran.err).toBe(0);
  });

  it('JSON instead of YAML is read as the same scenario', async () => {
    const file = write('json.yaml', JSON.stringify({ topics: [{ name: 'orders' }] }));
    const ran = await cli(['validate', file]);
    expect(ran.code, ran.out).toBe(0);
  });

  it('an empty file says which field is required, at line 1', async () => {
    expect(await rejected('empty.yaml', '')).toContain('empty.yaml:1:1 topics: required');
  });

  it.each([
    ['a directory', () => directory, /EISDIR/],
    ['a missing file', () => join(directory, 'missing.yaml'), /ENOENT/],
  ])('%s is one "cannot read" line naming the file', async (_, pathOf, reason) => {
    const file = pathOf();
    for (const argv of [
      ['validate', file],
      ['run', file],
    ]) {
      const ran = await cli(argv);
      const command = argv[0] as 'run' | 'validate';
      expect(problemsOf(ran, command, { file }), ran.out + ran.err).toEqual([]);
      expect(ran.code).toBe(1);
      expect(`${ran.out}${ran.err}`).toMatch(reason);
    }
  });
});

const QUICK = `name: quick\nduration: 2s\n${TOPIC}producers:\n  - name: p\n    topic: orders\n    rate: 5000/s\n`;

describe('the events bound of kafkasim run', () => {
  it('a run over --events-max prints its summary, writes no --out file and exits 1', async () => {
    const file = write('events.yaml', QUICK);
    const out = join(directory, 'events-out');
    const ran: Ran = await cli(['run', file, '--events-max', '2000', '--out', out]);
    expect(ran.code).toBe(1);
    expect(ran.out).toContain('kafkasim: quick (seed 1)');
    expect(ran.err).toMatch(
      new RegExp(
        `^kafkasim run: stopped at [\\d.]+ s of virtual time, before the scenario's duration:` +
          ` the bound of 2000 events \\(--events-max, default ${EVENTS_MAX_DEFAULT}\\) was` +
          ` reached; raise it with --events-max N; nothing was written to ${out}\\n$`,
      ),
    );
    expect(existsSync(out)).toBe(false);
    const raised = await cli(['run', file, '--events-max', '10000000', '--out', out]);
    expect(raised.code, raised.err).toBe(0);
    expect(outProblems(raised.code, out)).toEqual([]);
  });

  it('--events-max takes a positive integer only', async () => {
    for (const bad of ['0', '-5', '1.5', 'lots', '1e400']) {
      const ran = await cli(['run', 'scenarios/quickstart.yaml', `--events-max=${bad}`]);
      expect(ran.code).toBe(1);
      expect(ran.err).toBe(`kafkasim run: --events-max needs a positive integer, not "${bad}"\n`);
    }
  });
});

describe('as real processes (npx tsx sim/cli.ts)', () => {
  function kafkasim(...args: string[]): { code: number | null; stdout: string; stderr: string } {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env['KAFKASIM_DEBUG'];
    const ran = spawnSync('node_modules/.bin/tsx', ['sim/cli.ts', ...args], {
      encoding: 'utf8',
      env,
      timeout: 120_000,
    });
    return { code: ran.status, stdout: ran.stdout, stderr: ran.stderr };
  }
  const NODE_TRACE = /^\s+at |Error: |node:internal|\(node:\d+\)/m;

  it('hostile files exit 1 with file:line:column on stdout/stderr, no trace, nothing in --out', () => {
    const cases = {
      'p-deep.yaml': `${TOPIC}x: ${'['.repeat(10_000)}\n`,
      'p-types.yaml': 'topics:\n  - name: orders\n    partitions: many\n',
      'p-key.yaml': '? [a, b]\n: 1\ntopics:\n  - name: orders\n',
    };
    for (const [name, text] of Object.entries(cases)) {
      const file = write(name, text);
      const out = join(directory, `out-${name}`);
      mkdirSync(out);
      const ran = kafkasim('run', file, '--duration', '200ms', '--out', out);
      expect(ran.code, ran.stderr).toBe(1);
      expect(ran.stderr).toMatch(new RegExp(`^${file}:\\d+:\\d+ `));
      expect(`${ran.stdout}${ran.stderr}`).not.toMatch(NODE_TRACE);
      expect(readdirSync(out)).toEqual([]);
    }
  }, 300_000);

  it('a missing file and a directory exit 1 naming the file; a good run writes every file', () => {
    for (const file of [join(directory, 'nope.yaml'), directory]) {
      const ran = kafkasim('validate', file);
      expect(ran.code).toBe(1);
      expect(ran.stdout).toContain(`${file} cannot read: `);
      expect(`${ran.stdout}${ran.stderr}`).not.toMatch(NODE_TRACE);
    }
    const out = join(directory, 'p-good');
    const file = write('p-good.yaml', QUICK);
    const good = kafkasim('run', file, '--duration', '200ms', '--out', out);
    expect(good.code, good.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(OUT_FILES);
  }, 300_000);
});
