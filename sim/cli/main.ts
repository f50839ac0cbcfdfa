/**
 * The `kafkasim` command's dispatcher: parse argv, run the command, return its exit code. Every
 * failure becomes a message and an exit code, never an uncaught exception: a stack trace is
 * printed only with KAFKASIM_DEBUG=1.
 */
import { parseCommandLine, usageOf } from './args.ts';
import {
  EXIT_BAD_INPUT,
  EXIT_OK,
  EXIT_SIMULATOR_ERROR,
  runCommand,
  type Io,
} from './runCommand.ts';
import { validateCommand } from './validateCommand.ts';
import { compareCommand, mergeCommand } from './compareCommand.ts';
import { replayCommand } from './replayCommand.ts';

export function processIo(): Io {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    errIsTerminal: process.stderr.isTTY === true,
    debug: process.env['KAFKASIM_DEBUG'] === '1',
  };
}

export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const parsed = parseCommandLine(argv);
  if (!parsed.ok) {
    io.err(`${parsed.message}\n`);
    return EXIT_BAD_INPUT;
  }
  const { command } = parsed;
  try {
    if (command.kind === 'help') {
      io.out(usageOf(command.topic));
      return EXIT_OK;
    }
    if (command.kind === 'run') return await runCommand(command, io);
    if (command.kind === 'compare') return await compareCommand(command, io);
    if (command.kind === 'merge') return await mergeCommand(command, io);
    if (command.kind === 'replay') return await replayCommand(command, io);
    return await validateCommand(command, io);
  } catch (error) {
    const text =
      io.debug && error instanceof Error && error.stack !== undefined
        ? error.stack
        : error instanceof Error
          ? error.message
          : String(error);
    io.err(`kafkasim: internal error: ${text}\n`);
    if (!io.debug) io.err('(set KAFKASIM_DEBUG=1 to see the stack trace)\n');
    return EXIT_SIMULATOR_ERROR;
  }
}
