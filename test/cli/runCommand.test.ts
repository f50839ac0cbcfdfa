/**
 * runCommand in-process with a stand-in for `simulate`, for the outcomes a real scenario cannot
 * produce on demand: a simulator error exits 2 with its message and the command that reproduces
 * the run, and shows a stack trace only in debug mode.
 */
import { describe, expect, it } from 'vitest';
import type { RunCommand } from '../../sim/cli/args.ts';
import { reproduceCommand, runCommand, type Simulate } from '../../sim/cli/runCommand.ts';
import { SimulationError } from '../../sim/engine/index.ts';
import { bufferIo } from './bufferIo.ts';

const COMMAND: RunCommand = {
  kind: 'run',
  file: 'scenarios/quickstart.yaml',
  seed: 9,
  duration: '10s',
  sets: ['description=two words'],
  outDir: null,
  json: false,
  check: true,
};

const failing: Simulate = () => {
  throw new SimulationError(
    'event "broker-1/fetch" at 1500us (seq 42, seed 9) failed: highWatermark > logEndOffset',
    'broker-1/fetch',
    1500,
    42,
    9,
    new Error('highWatermark > logEndOffset'),
  );
};

describe('runCommand', () => {
  it('a simulator error exits 2 with the message and the reproducing command, no stack', async () => {
    const io = bufferIo();
    expect(await runCommand(COMMAND, io, failing)).toBe(2);
    const stderr = io.stderr.join('');
    expect(io.stdout.join('')).toBe('');
    expect(stderr).toContain('event "broker-1/fetch" at 1500us (seq 42, seed 9) failed');
    expect(stderr).toContain(
      'reproduce with: kafkasim run scenarios/quickstart.yaml --seed 9 --duration 10s' +
        " --set 'description=two words' --check",
    );
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('KAFKASIM_DEBUG=1 adds the stack trace', async () => {
    const io = bufferIo(true);
    expect(await runCommand(COMMAND, io, failing)).toBe(2);
    expect(io.stderr.join('')).toMatch(/\n\s+at /);
  });

  it('reproduceCommand names the seed the run used and quotes what a shell would split', () => {
    const command: RunCommand = { ...COMMAND, seed: null, duration: null, sets: [], check: false };
    expect(reproduceCommand(command, 1)).toBe('kafkasim run scenarios/quickstart.yaml --seed 1');
    expect(reproduceCommand({ ...command, file: "my file's.yaml" }, 2)).toBe(
      `kafkasim run 'my file'\\''s.yaml' --seed 2`,
    );
  });
});
