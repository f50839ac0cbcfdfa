/**
 * Shared pieces of the CLI fuzz suites: the real `kafkasim` entry (`main` of sim/cli/main.ts,
 * which sim/cli.ts calls with process.argv) run in-process with captured stdout and stderr, and
 * the checks every outcome must pass: a documented exit code, no stack trace or Node error text,
 * every rejection line as `file:line:column field: message`, and no partial --out files.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../sim/cli/main.ts';

export interface Ran {
  code: number;
  out: string;
  err: string;
  /** Process warnings emitted while the command ran (the yaml package used to emit some). */
  warnings: string[];
}

/** Runs `kafkasim ARGV` in this process; a throw is recorded as code -1, never rethrown. */
export async function cli(argv: readonly string[]): Promise<Ran> {
  const ran: Ran = { code: -1, out: '', err: '', warnings: [] };
  const onWarning = (warning: Error): void => void ran.warnings.push(warning.message);
  process.on('warning', onWarning);
  try {
    ran.code = await main(argv, {
      out: (text) => void (ran.out += text),
      err: (text) => void (ran.err += text),
      errIsTerminal: false,
      debug: false,
    });
  } catch (error) {
    ran.err += `THROWN: ${error instanceof Error ? error.stack : String(error)}`;
  } finally {
    // Warnings are delivered on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);
  }
  return ran;
}

/** Exit codes of `kafkasim run` and `validate` (README "Commands"); 2 is a simulator bug. */
export const DOCUMENTED_CODES = [0, 1, 3];

const STACK_LINE = /^\s+at .+/m;
const NODE_ERROR = /\b(TypeError|RangeError|ReferenceError|SyntaxError|EvalError|URIError)\b/;
const INTERNAL = /internal error|Maximum call stack|THROWN:|\(node:\d+\) Warning/;

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The rejection lines of a command that exited 1 on a scenario error. */
export function rejectionLines(ran: Ran, command: 'run' | 'validate'): string[] {
  if (command === 'validate') {
    const [errors = ''] = ran.out.split('\n\n');
    return errors.split('\n').filter((line) => line !== '');
  }
  return ran.err
    .split('\n')
    .filter((line) => line !== '' && !/^kafkasim run: \d+ error/.test(line));
}

export interface Expect {
  /** The file as given on the command line. */
  file: string;
  /** The file's text, for the line-range check (absent for a missing file or a directory). */
  text?: string;
  /** Every rejection must name a field path (true for YAML that parses). */
  fieldRequired?: boolean;
}

/** What is wrong with one outcome; empty when it is fine. */
export function problemsOf(ran: Ran, command: 'run' | 'validate', expect: Expect): string[] {
  const problems: string[] = [];
  const all = `${ran.out}\n${ran.err}`;
  if (!DOCUMENTED_CODES.includes(ran.code)) problems.push(`exit code ${ran.code}`);
  if (STACK_LINE.test(all)) problems.push('a stack trace line');
  if (NODE_ERROR.test(all) || INTERNAL.test(all)) problems.push('Node error text');
  if (ran.warnings.length > 0) problems.push(`process warnings: ${ran.warnings.join('; ')}`);
  if (ran.code !== 1 || /--events-max/.test(ran.err)) return problems;
  const lines = rejectionLines(ran, command);
  if (lines.length === 0) problems.push('exit 1 without a rejection line');
  const located = new RegExp(`^${escaped(expect.file)}:(\\d+):(\\d+) (.+)$`);
  const lineCount = expect.text === undefined ? 0 : expect.text.split('\n').length;
  for (const line of lines) {
    if (line.startsWith('--set ') || line.startsWith('--duration ')) continue;
    if (expect.text === undefined) {
      if (!line.startsWith(`${expect.file} cannot read: `)) problems.push(`unplaced: ${line}`);
      continue;
    }
    const match = located.exec(line);
    if (match === null) {
      problems.push(`not file:line:column: ${line.slice(0, 200)}`);
      continue;
    }
    const lineNumber = Number(match[1]);
    if (lineNumber < 1 || lineNumber > lineCount) problems.push(`line out of range: ${line}`);
    const field = /^(\S+): /.exec(match[3] as string)?.[1];
    if (expect.fieldRequired === true && field === undefined) {
      problems.push(`no field path: ${line.slice(0, 200)}`);
    }
    const textLines = expect.text.split('\n');
    const shown = textLines[lineNumber - 1] ?? '';
    const above = textLines[lineNumber - 2] ?? '';
    // A top-level field that is missing is placed at the document: line 1.
    const topLevel = field !== undefined && !/[.[]/.test(field) && lineNumber === 1;
    const placed =
      field === undefined || topLevel || mentions(shown, field) || blockValueOf(above, field);
    if (expect.fieldRequired === true && !placed) {
      problems.push(`line ${lineNumber} ("${shown.trim()}") is not where ${field} is: ${line}`);
    }
  }
  return problems;
}

/**
 * Whether a line of the file can be where an error at `field` points: it holds one of the path's
 * keys (the field, or the deepest ancestor that exists when the field is missing), or it starts a
 * list item or is a lone value (an element found by index).
 */
function mentions(line: string, field: string): boolean {
  const keys = field.split(/[.[\]]/).filter((k) => k !== '' && !/^\d+$/.test(k));
  const content = line.trim();
  if (content.startsWith('-') || content.startsWith('{') || content.startsWith('[')) return true;
  // A line that is a value alone (a JSON array element) is where an element's error points.
  if (field.endsWith(']') && !/^("[^"]*"|[^\s:"][^\s:]*):/.test(content)) return true;
  return keys.some((key) => line.includes(key.replace(/^"(.*)"$/, '$1')));
}

/** A key line ending in `:` whose block value starts on the next line. */
function blockValueOf(line: string, field: string): boolean {
  return /:\s*$/.test(line) && mentions(line, field);
}

export const OUT_FILES = ['report.html', 'report.md', 'series.csv', 'summary.json', 'trace.json'];

/** --out DIR after a run: all five files after 0 or 3, nothing at all otherwise. */
export function outProblems(code: number, directory: string): string[] {
  const files = existsSync(directory) ? readdirSync(directory).sort() : [];
  const complete = code === 0 || code === 3;
  const expected = complete ? OUT_FILES : [];
  if (files.join(',') === expected.join(',')) return [];
  return [`--out holds [${files.join(', ')}] after exit ${code}`];
}

/** Every bundled scenario file, sorted: scenarios/**\/*.yaml. */
export function bundledScenarios(): string[] {
  return (readdirSync('scenarios', { recursive: true }) as string[])
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => join('scenarios', name))
    .sort();
}

export function readText(file: string): string {
  return readFileSync(file, 'utf8');
}
