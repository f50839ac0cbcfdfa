/**
 * Writing a run's output files so that a failure never leaves one half-written: every file is
 * first written in full to a temporary name in the same directory (so the rename stays on one
 * file system and is atomic), and only when all of them are written are they renamed into place.
 * On a failure the temporary files are removed and the old files, if any, stay as they were.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface OutputFile {
  name: string;
  text: string;
}

/** Writes `files` into `directory` (created if missing); returns the final paths. */
export async function writeFilesAtomically(
  directory: string,
  files: readonly OutputFile[],
): Promise<string[]> {
  await mkdir(directory, { recursive: true });
  const temporary = files.map((file) => join(directory, `.${file.name}.${process.pid}.tmp`));
  try {
    for (const [index, file] of files.entries()) {
      await writeFile(temporary[index] as string, file.text, 'utf8');
    }
    const finals: string[] = [];
    for (const [index, file] of files.entries()) {
      const path = join(directory, file.name);
      await rename(temporary[index] as string, path);
      finals.push(path);
    }
    return finals;
  } catch (error) {
    await Promise.all(temporary.map((path) => rm(path, { force: true })));
    throw error;
  }
}

/** Quotes one argument for a POSIX shell when it needs it, so a printed command can be pasted. */
export function shellQuote(argument: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(argument)) return argument;
  return `'${argument.replace(/'/g, `'\\''`)}'`;
}
