/**
 * Enforces STYLE.md by reading the source: the determinism bans (section 5), the import directions
 * between layers (section 2 and ARCHITECTURE.md), that implementation-approximated Math functions
 * live only in sim/engine/random.ts, and the size limits. Each failure names file:line and what to
 * use instead. Directories that do not exist yet are skipped. Comments are ignored by every rule
 * except line length, and string contents by the bans.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const COLUMNS_MAX = 100;
const FILE_LINES_MAX = 450;

/** The layers under sim/ whose code must be deterministic (STYLE.md section 5). */
const DETERMINISTIC_LAYERS = ['engine', 'metrics', 'models', 'checks'];

/** What each layer of sim/ may import besides itself (STYLE.md section 2, ARCHITECTURE.md). */
const LAYER_IMPORTS: Record<string, string[]> = {
  engine: [],
  metrics: [],
  models: ['engine', 'metrics'],
  checks: ['models', 'engine'],
  scenario: ['engine', 'metrics', 'trace'],
  // The recorder turns ModelEvents into entries and embeds the resolved scenario.
  trace: ['engine', 'metrics', 'models', 'scenario'],
  runner: ['scenario', 'models', 'checks', 'engine', 'trace', 'metrics'],
  report: ['trace', 'metrics'],
  cli: ['runner', 'report', 'scenario', 'trace', 'metrics', 'engine'],
  // sim/index.ts is the package's public surface.
  index: ['engine', 'metrics', 'models', 'checks', 'scenario', 'trace', 'runner', 'report'],
};

interface Ban {
  pattern: RegExp;
  instead: string;
}

const BANS: Ban[] = [
  { pattern: /\bMath\.random\b/, instead: 'use sim.stream(path)' },
  { pattern: /\bDate\b/, instead: 'use sim.nowUs (virtual time in integer µs)' },
  { pattern: /\bperformance\.now\b/, instead: 'use sim.nowUs (virtual time in integer µs)' },
  {
    pattern: /\b(setTimeout|setInterval|setImmediate)\b/,
    instead: 'use sim.schedule(delayUs, label, run)',
  },
  { pattern: /\bcrypto\b/, instead: 'use sim.stream(path), or a pure function for hashes' },
  {
    pattern: /\b(async|await|Promise)\b/,
    instead: 'schedule the completion with sim.schedule and pass a callback',
  },
  {
    pattern: /^(export\s+)?(let|var)\s/,
    instead: 'no module-level mutable state: keep state in fields of a model or the Simulation',
  },
];

/** ECMAScript leaves these implementation-approximated: Node and the browser may differ. */
const APPROXIMATED_MATH = new RegExp(
  '\\bMath\\.(log|log2|log10|log1p|exp|expm1|pow|' +
    'sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|cbrt|hypot)\\b',
);
const APPROXIMATED_MATH_HOME = 'sim/engine/random.ts';

const NODE_BUILTINS = new Set(builtinModules);

interface ImportStatement {
  specifier: string;
  typeOnly: boolean;
  line: number;
}

/**
 * Replaces comments (and, unless keepStrings, the text of string and template literals) with
 * spaces, keeping newlines so line numbers stay right. Template `${...}` expressions stay code.
 */
function blank(text: string, keepStrings: boolean): string {
  const out = text.split('');
  const wipe = (from: number, to: number) => {
    for (let index = from; index < to; index++) if (out[index] !== '\n') out[index] = ' ';
  };
  // For each open `${`, the brace depth at which its `}` returns to the template text.
  const templateDepths: number[] = [];
  let depth = 0;
  let index = 0;
  const scanTemplate = () => {
    // index is just after a backtick or a closing `}` of `${...}`.
    const start = index;
    while (index < text.length) {
      const char = text[index];
      if (char === '\\') index += 2;
      else if (char === '`') break;
      else if (char === '$' && text[index + 1] === '{') break;
      else index++;
    }
    if (!keepStrings) wipe(start, index);
    if (text[index] === '$') {
      templateDepths.push(depth);
      depth++;
      index += 2;
    } else {
      index++;
    }
  };
  while (index < text.length) {
    const char = text[index];
    const next = text[index + 1];
    if (char === '/' && next === '/') {
      const end = text.indexOf('\n', index);
      const stop = end === -1 ? text.length : end;
      wipe(index, stop);
      index = stop;
    } else if (char === '/' && next === '*') {
      const end = text.indexOf('*/', index + 2);
      const stop = end === -1 ? text.length : end + 2;
      wipe(index, stop);
      index = stop;
    } else if (char === "'" || char === '"') {
      let end = index + 1;
      while (end < text.length && text[end] !== char && text[end] !== '\n') {
        end += text[end] === '\\' ? 2 : 1;
      }
      if (!keepStrings) wipe(index + 1, end);
      index = end + 1;
    } else if (char === '`') {
      index++;
      scanTemplate();
    } else if (char === '{') {
      depth++;
      index++;
    } else if (char === '}') {
      depth--;
      index++;
      if (templateDepths.length > 0 && templateDepths[templateDepths.length - 1] === depth) {
        templateDepths.pop();
        scanTemplate();
      }
    } else {
      index++;
    }
  }
  return out.join('');
}

/** Static, re-export, side-effect and dynamic imports, from source with comments blanked. */
function importsOf(code: string): ImportStatement[] {
  const found: ImportStatement[] = [];
  const lineAt = (offset: number) => code.slice(0, offset).split('\n').length;
  const patterns = [
    /\b(import|export)(\s+type)?\s+[\w\s{},*$]*?\s*from\s*(['"])([^'"\n]+)\3/g,
    /\bimport()()\s*(['"])([^'"\n]+)\3/g,
    /\bimport()()\s*\(\s*(['"])([^'"\n]+)\3\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of code.matchAll(pattern)) {
      const specifier = match[4] as string;
      const offset = (match.index ?? 0) + match[0].lastIndexOf(specifier);
      const typeOnly = match[2] !== undefined && match[2] !== '';
      found.push({ specifier, typeOnly, line: lineAt(offset) });
    }
  }
  return found.sort((a, b) => a.line - b.line || a.specifier.localeCompare(b.specifier));
}

/** The layer of a repository path: an immediate directory of sim/, 'cli', 'index', 'ui' or ''. */
function layerOf(path: string): string {
  if (path === 'sim/cli.ts') return 'cli';
  if (path === 'sim/index.ts') return 'index';
  const parts = path.split('/');
  if (parts[0] === 'sim') return parts.length > 2 ? (parts[1] as string) : 'sim-root';
  if (parts[0] === 'ui') return 'ui';
  if (parts[0] === 'test' || parts[0] === 'bench') return parts[0];
  return '';
}

type Rule = (path: string, text: string) => string[];

/** Lines at most 100 columns and files at most 450 lines, in sim/. */
const checkSize: Rule = (path, text) => {
  if (!path.startsWith('sim/')) return [];
  const problems: string[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    const columns = [...line].length;
    if (columns > COLUMNS_MAX) {
      problems.push(`${path}:${index + 1}: ${columns} columns; wrap at ${COLUMNS_MAX}`);
    }
  });
  const linesCount = text.endsWith('\n') ? lines.length - 1 : lines.length;
  if (linesCount > FILE_LINES_MAX) {
    problems.push(
      `${path}:${FILE_LINES_MAX + 1}: ${linesCount} lines; split the file ` +
        `(about 400 lines at most, one concept per file)`,
    );
  }
  return problems;
};

/** The determinism bans, and approximated Math outside random.ts; comments and strings aside. */
const checkBans: Rule = (path, text) => {
  if (!path.startsWith('sim/')) return [];
  const problems: string[] = [];
  const layer = layerOf(path);
  blank(text, false)
    .split('\n')
    .forEach((line, index) => {
      const where = `${path}:${index + 1}`;
      if (DETERMINISTIC_LAYERS.includes(layer)) {
        for (const ban of BANS) {
          const match = ban.pattern.exec(line);
          if (match === null) continue;
          problems.push(`${where}: ${match[0].trim()} in sim/${layer}; ${ban.instead}`);
        }
      }
      const math = APPROXIMATED_MATH.exec(line);
      if (path !== APPROXIMATED_MATH_HOME && math !== null) {
        problems.push(
          `${where}: ${math[0]} is implementation-approximated; draw through ` +
            `${APPROXIMATED_MATH_HOME} (rounded at once) or use integer arithmetic`,
        );
      }
    });
  return problems;
};

/** Import directions between layers; comments aside. */
const checkImports: Rule = (path, text) => {
  const layer = layerOf(path);
  const problems: string[] = [];
  for (const statement of importsOf(blank(text, true))) {
    const problem = checkImport(path, layer, statement);
    if (problem !== null) problems.push(`${path}:${statement.line}: ${problem}`);
  }
  return problems;
};

/** Every rule applied to one file; `path` is relative to the repository root. */
function checkSource(path: string, text: string): string[] {
  return [...checkSize(path, text), ...checkBans(path, text), ...checkImports(path, text)];
}

function checkImport(path: string, layer: string, statement: ImportStatement): string | null {
  const { specifier, typeOnly } = statement;
  if (!specifier.startsWith('.')) {
    const packageName = specifier.split('/')[0] ?? '';
    const builtin = specifier.startsWith('node:') || NODE_BUILTINS.has(packageName);
    if (builtin && DETERMINISTIC_LAYERS.includes(layer)) {
      return `'${specifier}' in sim/${layer}: no I/O here; the runner passes data in`;
    }
    return null;
  }
  const target = posix.normalize(posix.join(posix.dirname(path), specifier));
  const targetLayer = layerOf(target);
  const targetModule = target.replace(/\.(ts|js|mts|mjs)$/, '');
  if (layer === 'ui') {
    if (!target.startsWith('sim/')) return null;
    if (path === 'ui/src/worker.ts' && targetLayer === 'runner') return null;
    // The Web Worker runs the simulator: it parses the scenario and hashes the trace too.
    const worker = path.startsWith('ui/src/worker/');
    if (worker && ['runner', 'scenario', 'trace'].includes(targetLayer)) return null;
    if (targetModule === 'sim/trace/types' && typeOnly) return null;
    return (
      `'${specifier}': ui/ may only \`import type\` from sim/trace/types ` +
      `(ui/src/worker.ts and ui/src/worker/ alone may import sim/runner)`
    );
  }
  if (!path.startsWith('sim/') || targetLayer === layer) return null;
  if (['ui', 'test', 'bench'].includes(targetLayer)) {
    return `'${specifier}': sim/ must not depend on ${targetLayer}/`;
  }
  if (!target.startsWith('sim/')) return null;
  const allowed = LAYER_IMPORTS[layer];
  if (allowed === undefined) {
    return (
      `sim/${layer} is not a layer of ARCHITECTURE.md; add it there, in STYLE.md and in ` +
      `LAYER_IMPORTS in test/tidy.test.ts`
    );
  }
  if (allowed.includes(targetLayer)) return null;
  const may = allowed.length === 0 ? 'nothing of the project' : allowed.join(', ');
  return `'${specifier}': sim/${layer} must not import sim/${targetLayer} (it may import ${may})`;
}

function sourceFiles(directory: string): string[] {
  const absolute = posix.join(ROOT, directory);
  if (!existsSync(absolute)) return [];
  const files: string[] = [];
  for (const name of readdirSync(absolute).sort()) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const relative = posix.join(directory, name);
    if (statSync(posix.join(ROOT, relative)).isDirectory()) files.push(...sourceFiles(relative));
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(name) && !name.endsWith('.d.ts')) files.push(relative);
  }
  return files;
}

describe('tidy', () => {
  const files = [...sourceFiles('sim'), ...sourceFiles('ui')];

  const texts = files.map((file) => ({ file, text: readFileSync(posix.join(ROOT, file), 'utf8') }));
  const problemsOf = (rule: Rule) => texts.flatMap(({ file, text }) => rule(file, text));

  it('finds the source files of sim/', () => {
    expect(files.filter((file) => file.startsWith('sim/engine/')).length).toBeGreaterThan(5);
  });

  it('sim/engine, metrics, models, checks use no wall clock, Math.random, timers, async', () => {
    expect(problemsOf(checkBans), 'fix each file:line below (STYLE.md section 5)').toEqual([]);
  });

  it('sim/ layers and ui/ import only in the directions of STYLE.md section 2', () => {
    expect(problemsOf(checkImports), 'fix each file:line below (STYLE.md section 2)').toEqual([]);
  });

  it('sim/ lines are at most 100 columns and files at most 450 lines', () => {
    expect(problemsOf(checkSize), 'fix each file:line below (STYLE.md section 3)').toEqual([]);
  });

  it('checkSource() reports each kind of violation with file, line and replacement', () => {
    const model = [
      '// Math.random() in a comment is fine',
      "import { Simulation } from '../../engine/index.ts';",
      "import { recorder } from '../../trace/recorder.ts';",
      "const label = 'Date and await in a string are fine';",
      'const jitterUs = Math.random() * 10;',
      'async function later(): Promise<void> {}',
      'const nowMs = Date.now();',
      'let counter = 0;',
      'const delayUs = Math.round(Math.log(2) * 10);',
      'setTimeout(() => {}, 1);',
      `const tooWide = '${'x'.repeat(100)}';`,
    ].join('\n');
    expect(checkSource('sim/models/kafka/broker.ts', model)).toEqual([
      expect.stringMatching(/^sim\/models\/kafka\/broker\.ts:11: 11\d columns; wrap at 100$/),
      'sim/models/kafka/broker.ts:5: Math.random in sim/models; use sim.stream(path)',
      expect.stringMatching(/:6: async in sim\/models; schedule the completion with sim\.schedule/),
      expect.stringMatching(/:7: Date in sim\/models; use sim\.nowUs/),
      expect.stringMatching(/:8: let in sim\/models; no module-level mutable state/),
      expect.stringMatching(/:9: Math\.log is implementation-approximated; draw through/),
      expect.stringMatching(/:10: setTimeout in sim\/models; use sim\.schedule/),
      expect.stringMatching(/:3: '\.\.\/\.\.\/trace\/recorder\.ts': sim\/models must not import/),
    ]);
  });

  it('checkSource() checks ui/ imports of sim/ and unknown layers', () => {
    const typeImport = "import type { Trace } from '../../sim/trace/types.ts';";
    expect(checkSource('ui/src/main.ts', typeImport)).toEqual([]);
    expect(checkSource('ui/src/main.ts', typeImport.replace('import type', 'import'))).toEqual([
      expect.stringMatching(/^ui\/src\/main\.ts:1: .*may only `import type`/),
    ]);
    const runner = "import { runScenario } from '../../sim/runner/run.ts';";
    expect(checkSource('ui/src/worker.ts', runner)).toEqual([]);
    expect(checkSource('ui/src/main.ts', runner)).toHaveLength(1);
    const engine = "import { Simulation } from '../engine/index.ts';";
    expect(checkSource('sim/gadgets/x.ts', engine)).toEqual([
      expect.stringMatching(/sim\/gadgets is not a layer of ARCHITECTURE\.md/),
    ]);
    expect(
      checkSource('sim/engine/x.ts', "import { Histogram } from '../metrics/histogram.ts';"),
    ).toEqual([expect.stringMatching(/sim\/engine must not import sim\/metrics/)]);
    const fs = "import { readFileSync } from 'node:fs';";
    expect(checkSource('sim/engine/x.ts', fs)).toEqual([
      expect.stringMatching(/'node:fs' in sim\/engine: no I\/O here/),
    ]);
    expect(checkSource('sim/engine/x.ts', 'const a = `${`${Date}`}`;')).toHaveLength(1);
  });
});
