/** An Io for runCommand/main in tests: what the command prints, kept line by line. */
import type { Io } from '../../sim/cli/runCommand.ts';

export function bufferIo(debug = false): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (text) => void stdout.push(text),
    err: (text) => void stderr.push(text),
    errIsTerminal: false,
    debug,
  };
}
