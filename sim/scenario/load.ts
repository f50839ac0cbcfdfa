/**
 * Loading a scenario: YAML or JSON text → ResolvedScenario, or every error at once, each as a
 * value `{ file, line, column, path, message }` (never a thrown exception or a stack trace). The
 * text is parsed with the `yaml` package keeping node ranges, so schema errors (zod) and semantic
 * errors (resolve.ts) point at the field's position. Guards: text size, alias count (the yaml
 * package's maxAliasCount, against "billion laughs"), nesting depth, and the size bounds of
 * schema.ts. When the schema rejects some fields, they are dropped and the rest is still
 * resolved, so cross-reference errors are reported in the same pass.
 */
import { readFile } from 'node:fs/promises';
import YAML, { isMap, isPair, isScalar, isSeq, LineCounter, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import type { Issue, PathSegment } from './context.ts';
import { resolveScenario } from './resolve.ts';
import { scenarioSchema, type RawScenario } from './schema.ts';
import { applySets } from './sets.ts';
import type { ResolvedScenario } from './types.ts';

export interface ScenarioError {
  file: string;
  line: number;
  column: number;
  /** Field path, e.g. `producers[0].config.acks`; empty for the whole file. */
  path: string;
  message: string;
}

export type LoadResult =
  { ok: true; scenario: ResolvedScenario; raw: unknown } | { ok: false; errors: ScenarioError[] };

export interface LoadOptions {
  /** `--set path=value` overrides. */
  sets?: readonly string[];
}

export const MAX_TEXT_CHARS = 5_000_000;
export const MAX_ALIAS_COUNT = 100;
export const MAX_DEPTH = 32;

/** `producers[0].config.acks` */
export function formatPath(path: readonly PathSegment[]): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    return text === '' ? segment : `${text}.${segment}`;
  }, '');
}

export function formatScenarioErrors(errors: readonly ScenarioError[]): string {
  return errors
    .map((e) => {
      const where = e.line > 0 ? `${e.file}:${e.line}:${e.column}` : e.file;
      return e.path === '' ? `${where} ${e.message}` : `${where} ${e.path}: ${e.message}`;
    })
    .join('\n');
}

interface Located {
  doc: Document.Parsed | null;
  lineCounter: LineCounter;
}

/** The position of the node at `path` (or of its deepest existing ancestor); `key` for a key. */
function locate(located: Located, path: readonly PathSegment[], keyName?: string) {
  let node: unknown = located.doc?.contents ?? null;
  let offset = 0;
  const steps: PathSegment[] = keyName === undefined ? [...path] : [...path, keyName];
  for (let i = 0; i < steps.length; i += 1) {
    const step = steps[i];
    if (node !== null && typeof node === 'object' && 'range' in node) {
      offset = ((node as Node).range?.[0] ?? offset) as number;
    }
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
      if (pair === undefined) break;
      const isKeyTarget = keyName !== undefined && i === steps.length - 1;
      node = isKeyTarget || pair.value === null ? pair.key : pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      node = node.items[step] ?? null;
      if (node === null) break;
    } else {
      node = null;
      break;
    }
    if (node !== null && typeof node === 'object' && 'range' in node) {
      offset = ((node as Node).range?.[0] ?? offset) as number;
    }
  }
  const { line, col } = located.lineCounter.linePos(offset);
  return { line, column: col };
}

function depthOf(node: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[node, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    max = Math.max(max, depth);
    if (max > MAX_DEPTH) return max;
    if (isMap(current) || isSeq(current)) {
      for (const item of current.items) stack.push([isPair(item) ? item.value : item, depth + 1]);
    }
  }
  return max;
}

function errorAt(file: string, located: Located, offset: number, message: string): ScenarioError {
  const { line, col } = located.lineCounter.linePos(offset);
  return { file, line, column: col, path: '', message };
}

/** Parses text into a plain object, or the syntax/guard errors. */
function parseText(
  text: string,
  file: string,
): { located: Located; value?: unknown; errors: ScenarioError[] } {
  const lineCounter = new LineCounter();
  const located: Located = { doc: null, lineCounter };
  if (text.length > MAX_TEXT_CHARS) {
    return {
      located,
      errors: [
        {
          file,
          line: 1,
          column: 1,
          path: '',
          message: `file larger than ${MAX_TEXT_CHARS} characters`,
        },
      ],
    };
  }
  try {
    const doc = YAML.parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    located.doc = doc;
    const errors = doc.errors.map((e) =>
      errorAt(file, located, e.pos[0], e.message.split('\n')[0] ?? e.message),
    );
    if (errors.length > 0) return { located, errors };
    if (depthOf(doc.contents) > MAX_DEPTH) {
      return {
        located,
        errors: [errorAt(file, located, 0, `nesting deeper than ${MAX_DEPTH} levels`)],
      };
    }
    return { located, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown, errors: [] };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const message = /alias/i.test(reason ?? '')
      ? `too many alias expansions (more than ${MAX_ALIAS_COUNT}): ${reason}`
      : `cannot read the file: ${reason}`;
    return { located, errors: [{ file, line: 1, column: 1, path: '', message }] };
  }
}

function issuesToErrors(
  file: string,
  located: Located,
  issues: readonly z.core.$ZodIssue[],
): ScenarioError[] {
  const errors: ScenarioError[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((s): s is PathSegment => typeof s !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const lines = issue.message.split('\n');
      issue.keys.forEach((key, i) => {
        const { line, column } = locate(located, path, key);
        errors.push({
          file,
          line,
          column,
          path: formatPath([...path, key]),
          message: lines[i] ?? `unknown key "${key}"`,
        });
      });
      continue;
    }
    const { line, column } = locate(located, path);
    errors.push({ file, line, column, path: formatPath(path), message: messageOf(issue) });
  }
  return errors;
}

function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) {
    return 'required';
  }
  return issue.message.replace(/^Invalid input: /, '');
}

/** Removes the fields the schema rejected, so the rest can still be resolved. */
function dropRejected(value: unknown, issues: readonly z.core.$ZodIssue[]): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  for (const issue of issues) {
    const path = issue.path.filter((s): s is PathSegment => typeof s !== 'symbol');
    const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...path, k]) : [path];
    for (const full of keys) {
      const parent = full
        .slice(0, -1)
        .reduce<unknown>(
          (node, s) => (node as Record<string, unknown> | null)?.[s as string],
          copy,
        );
      const last = full.at(-1);
      if (
        parent !== null &&
        typeof parent === 'object' &&
        !Array.isArray(parent) &&
        last !== undefined
      ) {
        delete (parent as Record<string, unknown>)[last as string];
      }
    }
  }
  return copy;
}

function underAny(path: readonly PathSegment[], prefixes: string[]): boolean {
  const text = formatPath(path);
  return prefixes.some((p) => text === p || text.startsWith(`${p}.`) || text.startsWith(`${p}[`));
}

export function parseScenarioText(
  text: string,
  fileName: string,
  options: LoadOptions = {},
): LoadResult {
  const parsed = parseText(text, fileName);
  if (parsed.errors.length > 0) return { ok: false, errors: parsed.errors };
  const sets = applySets(parsed.value, options.sets ?? []);
  const errors: ScenarioError[] = sets.errors.map((e) => ({
    file: '--set',
    line: 0,
    column: 0,
    path: e.set,
    message: e.message,
  }));
  const checked = scenarioSchema.safeParse(sets.value);
  let candidate: unknown = sets.value;
  let rejectedPaths: string[] = [];
  if (!checked.success) {
    errors.push(...issuesToErrors(fileName, parsed.located, checked.error.issues));
    rejectedPaths = errors.map((e) => e.path);
    candidate = dropRejected(sets.value, checked.error.issues);
  }
  const second = checked.success ? checked : scenarioSchema.safeParse(candidate);
  if (second.success) {
    const resolved = resolveScenario(second.data as RawScenario, {
      fileName,
      setKeys: sets.setKeys,
      locate: (path) => locate(parsed.located, path),
    });
    if (resolved.ok && errors.length === 0)
      return { ok: true, scenario: resolved.scenario, raw: sets.value };
    if (!resolved.ok)
      errors.push(...semanticErrors(fileName, parsed.located, resolved.issues, rejectedPaths));
  }
  return { ok: false, errors: sortErrors(errors) };
}

function semanticErrors(
  file: string,
  located: Located,
  issues: readonly Issue[],
  rejected: string[],
): ScenarioError[] {
  return issues
    .filter((issue) => !underAny(issue.path, rejected))
    .map((issue) => ({
      file,
      ...locate(located, issue.path),
      path: formatPath(issue.path),
      message: issue.message,
    }));
}

function sortErrors(errors: ScenarioError[]): ScenarioError[] {
  const seen = new Set<string>();
  return errors
    .filter((e) => {
      const key = `${e.line}:${e.column}:${e.path}:${e.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.line - b.line || a.column - b.column || a.path.localeCompare(b.path));
}

export async function loadScenarioFile(
  path: string,
  options: LoadOptions = {},
): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      errors: [{ file: path, line: 0, column: 0, path: '', message: `cannot read: ${reason}` }],
    };
  }
  return parseScenarioText(text, path, options);
}
