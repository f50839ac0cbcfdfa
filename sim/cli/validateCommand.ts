/**
 * `kafkasim validate FILE...`: loads every file (with any `--set` overrides) and prints every
 * error of every file at once, each as `file:line:column field: message`, then one line per
 * file with its verdict; exit 1 if any file has an error. `--print` prints each valid scenario
 * fully resolved, every value with where it came from (`printResolved`).
 */
import { formatScenarioErrors, loadScenarioFile } from '../scenario/load.ts';
import { printResolved } from '../scenario/resolve.ts';
import type { ValidateCommand } from './args.ts';
import { EXIT_BAD_INPUT, EXIT_OK, type Io } from './runCommand.ts';

export async function validateCommand(command: ValidateCommand, io: Io): Promise<number> {
  const results = await Promise.all(
    command.files.map((file) => loadScenarioFile(file, { sets: command.sets })),
  );
  const verdicts: string[] = [];
  let invalid = 0;
  results.forEach((loaded, index) => {
    const file = command.files[index] as string;
    if (!loaded.ok) {
      invalid += 1;
      const count = loaded.errors.length;
      io.out(`${formatScenarioErrors(loaded.errors)}\n`);
      verdicts.push(`${file}: ${count} ${count === 1 ? 'error' : 'errors'}`);
      return;
    }
    if (command.print) {
      if (command.files.length > 1) io.out(`# ${file}\n`);
      const text = printResolved(loaded.scenario);
      io.out(text.endsWith('\n') ? text : `${text}\n`);
    }
    verdicts.push(`${file}: ok`);
  });
  if (invalid > 0 || !command.print) {
    if (invalid > 0) io.out('\n');
    io.out(`${verdicts.join('\n')}\n`);
  }
  return invalid > 0 ? EXIT_BAD_INPUT : EXIT_OK;
}
