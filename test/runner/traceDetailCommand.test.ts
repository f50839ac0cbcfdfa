/** `kafkasim run --detail FROM-TO`: parsing, errors that name the flag, and the trace it writes. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detailSet, detailWindow, parseCommandLine } from '../../sim/cli/args.ts';
import { runCommand } from '../../sim/cli/runCommand.ts';
import type { Trace } from '../../sim/trace/types.ts';
import { bufferIo } from '../cli/bufferIo.ts';

const directory = mkdtempSync(join(tmpdir(), 'kafkasim-detail-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const file = join(directory, 'small.yaml');
writeFileSync(
  file,
  `name: small
duration: 2s
warmup: 0s
topics: [{ name: t, partitions: 1, replicationFactor: 2 }]
producers: [{ name: p, topic: t, rate: 1000/s, recordSize: 100B }]
traceDetail: { from: 0.5s, to: 0.6s }
`,
);

describe('kafkasim run --detail', () => {
  it('reads FROM-TO as two durations, and rejects anything else in one line', () => {
    expect(detailWindow('10s-12s')).toEqual({ from: '10s', to: '12s' });
    expect(detailWindow(' 1.5s - 2s ')).toEqual({ from: '1.5s', to: '2s' });
    expect(detailSet('500ms-1s')).toBe('traceDetail={from: "500ms", to: "1s"}');
    for (const bad of ['10s', '-2s', '1s-', '1s-2s-3s']) expect(detailWindow(bad)).toBeNull();
    const parsed = parseCommandLine(['run', file, '--detail', '10s']);
    expect(parsed).toEqual({
      ok: false,
      message: 'kafkasim run: --detail needs FROM-TO, two virtual times like 10s-12s, not "10s"',
    });
  });

  it('overrides the scenario window and writes it into the trace', async () => {
    const parsed = parseCommandLine(['run', file, '--detail', '1s-1.2s', '--out', directory]);
    if (!parsed.ok || parsed.command.kind !== 'run') throw new Error('run command expected');
    const io = bufferIo();
    expect(await runCommand(parsed.command, io)).toBe(0);
    const trace = JSON.parse(readFileSync(join(directory, 'trace.json'), 'utf8')) as Trace;
    expect([trace.detail?.fromUs, trace.detail?.toUs]).toEqual([1_000_000, 1_200_000]);
    expect(trace.detail?.events.length).toBeGreaterThan(10);
    expect(trace.detail?.events.every((e) => e.atUs >= 1_000_000 && e.atUs < 1_200_000)).toBe(true);
  });

  it('a window ending before it starts is an error naming --detail, exit 1', async () => {
    const parsed = parseCommandLine(['run', file, '--detail', '2s-1s']);
    if (!parsed.ok || parsed.command.kind !== 'run') throw new Error('run command expected');
    const io = bufferIo();
    expect(await runCommand(parsed.command, io)).toBe(1);
    expect(io.stderr.join('')).toContain(
      '--detail 2s-1s: traceDetail.to: traceDetail.to must be after traceDetail.from',
    );
  });
});
