/** parseCommandLine: argv → a command or one clear error line, as a table of cases. */
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../sim/cli/args.ts';

describe('parseCommandLine', () => {
  it('parses run with every option, --set repeated in order', () => {
    const parsed = parseCommandLine([
      'run',
      'a.yaml',
      '--seed',
      '7',
      '--duration',
      '10s',
      '--set',
      'topics.orders.partitions=6',
      '--set=producers.checkout.rate=10/s',
      '--out',
      'out/a',
      '--json',
      '--check',
    ]);
    expect(parsed).toEqual({
      ok: true,
      command: {
        kind: 'run',
        file: 'a.yaml',
        seed: 7,
        duration: '10s',
        sets: ['topics.orders.partitions=6', 'producers.checkout.rate=10/s'],
        outDir: 'out/a',
        json: true,
        check: true,
      },
    });
  });

  it('parses validate with several files and --print', () => {
    expect(parseCommandLine(['validate', 'a.yaml', 'b.yaml', '--print'])).toEqual({
      ok: true,
      command: { kind: 'validate', files: ['a.yaml', 'b.yaml'], sets: [], print: true },
    });
  });

  it.each([
    [['--help'], null],
    [['-h'], null],
    [['help'], null],
    [['help', 'validate'], 'validate'],
    [['run', '-h'], 'run'],
    [['validate', '--help'], 'validate'],
  ])('%j asks for help on %s', (argv, topic) => {
    expect(parseCommandLine(argv)).toEqual({ ok: true, command: { kind: 'help', topic } });
  });

  it.each([
    [[], 'a command is needed'],
    [['frob'], 'unknown command "frob"'],
    [['rnu', 'a.yaml'], 'did you mean run?'],
    [['--verbose'], 'unknown option --verbose'],
    [['run'], 'expected one scenario file, got none'],
    [['run', 'a.yaml', 'b.yaml'], 'expected one scenario file, got a.yaml b.yaml'],
    [
      ['run', 'a.yaml', '--durations', '5s'],
      'unknown option --durations (did you mean --duration?)',
    ],
    [['run', 'a.yaml', '--print'], 'unknown option --print'],
    [['run', 'a.yaml', '--seed'], '--seed needs a value'],
    [['run', 'a.yaml', '--seed', 'x'], '--seed needs an integer, not "x"'],
    [['run', 'a.yaml', '--seed', '1.5'], '--seed needs an integer'],
    [['validate'], 'expected at least one scenario file'],
    [['validate', 'a.yaml', '--json'], 'unknown option --json'],
    [['help', 'frob'], 'no command "frob"'],
  ])('%j is an error: %s', (argv, message) => {
    const parsed = parseCommandLine(argv);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(message);
  });
});
