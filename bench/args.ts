/** The command line of `npm run bench`: part names and flags, checked before anything runs. */

export interface BenchArgs {
  parts: string[];
  quick: boolean;
  json: boolean;
  /** Write the scaling chart (needs the scaling part, or --svg-from). */
  svg: boolean;
  svgPath: string;
  /** Rebuild the chart from a saved `--json` document, measuring nothing. */
  svgFrom: string | null;
  hour: boolean;
  hourTraceDir: string | null;
  /** Print the table of saved --json/--save documents (repeatable), measuring nothing. */
  tableFrom: string[];
  /** Write the JSON document to this file after every part. */
  save: string | null;
  help: boolean;
}

export const SVG_PATH_DEFAULT = 'docs/benchmarks-scaling.svg';

export function usage(parts: Record<string, { describe: string }>): string {
  const lines = Object.entries(parts).map(([name, { describe }]) => `  ${name}: ${describe}`);
  return [
    'usage: npm run bench -- [part...] [--quick] [--json] [--save FILE] [--svg [FILE]]',
    '                        [--svg-from JSON] [--table-from JSON]... [--hour] [--hour-trace DIR]',
    'parts (all when none is named):',
    ...lines,
    'flags:',
    '  --quick           a short smoke run (about a tenth of the work)',
    '  --json            one JSON document on stdout (rows and raw measurements)',
    '  --save FILE       write that JSON document to FILE after every part',
    '  --table-from JSON print the table of saved documents (repeat to join), measuring nothing',
    `  --svg [FILE]      write the scaling chart (default ${SVG_PATH_DEFAULT})`,
    '  --svg-from JSON   rebuild the chart from a saved --json document, measuring nothing',
    '  --hour            trace: run the reference scenario for 3,600 s (about 30 min of CPU)',
    '  --hour-trace DIR  trace: read DIR/trace.json of such a run instead',
  ].join('\n');
}

export function parseBenchArgs(
  argv: string[],
  partNames: string[],
): { ok: true; args: BenchArgs } | { ok: false; message: string } {
  const args: BenchArgs = {
    parts: [],
    quick: false,
    json: false,
    svg: false,
    svgPath: SVG_PATH_DEFAULT,
    svgFrom: null,
    hour: false,
    hourTraceDir: null,
    save: null,
    tableFrom: [],
    help: false,
  };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string;
    const next = argv[index + 1];
    const value = (): string | null => {
      if (next === undefined || next.startsWith('-')) return null;
      index++;
      return next;
    };
    if (arg === '--quick') args.quick = true;
    else if (arg === '--json') args.json = true;
    else if (arg === '--hour') args.hour = true;
    else if (arg === '--help' || arg === '-h') args.help = true;
    else if (arg === '--svg') {
      args.svg = true;
      if (next !== undefined && next.endsWith('.svg')) args.svgPath = value() ?? args.svgPath;
    } else if (['--svg-from', '--hour-trace', '--save', '--table-from'].includes(arg)) {
      const given = value();
      if (given === null) return { ok: false, message: `option ${arg} needs a value` };
      if (arg === '--svg-from') args.svgFrom = given;
      else if (arg === '--table-from') args.tableFrom.push(given);
      else if (arg === '--save') args.save = given;
      else args.hourTraceDir = given;
    } else if (arg.startsWith('-')) return { ok: false, message: `unknown option: ${arg}` };
    else if (!partNames.includes(arg)) return { ok: false, message: `unknown part: ${arg}` };
    else args.parts.push(arg);
  }
  if (
    args.svg &&
    args.svgFrom === null &&
    args.parts.length > 0 &&
    !args.parts.includes('scaling')
  ) {
    return { ok: false, message: '--svg needs the scaling part (or --svg-from)' };
  }
  if (args.parts.length === 0) args.parts = [...partNames];
  return { ok: true, args };
}
