/**
 * One line for a `node:util` parseArgs failure of any kafkasim command: an unknown option with
 * the nearest known one, an option missing its value, or parseArgs' own first line.
 */
import { suggest } from '../scenario/suggest.ts';

export function argumentError(error: unknown, command: string, known: readonly string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  const flag = /'(-[^' ]*)/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag !== '') {
    const near = suggest(flag.replace(/^-+/, ''), known);
    const hint = near === null ? '' : ` (did you mean --${near}?)`;
    return `kafkasim ${command}: unknown option ${flag}${hint}; see kafkasim help ${command}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag !== '') {
    return `kafkasim ${command}: option ${flag.split(' ')[0]} needs a value`;
  }
  return `kafkasim ${command}: ${message.split('\n')[0] ?? message}`;
}
