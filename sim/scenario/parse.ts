/**
 * Parsing a scenario: YAML or JSON text → ResolvedScenario, or every error at once, each as a
 * value `{ file, line, column, path, message }` (never a thrown exception or a stack trace). The
 * text is parsed with the `yaml` package keeping node ranges, so schema errors (zod) and semantic
 * errors (resolve.ts) point at the field's position. Guards: text size, alias count (the yaml
 * package's maxAliasCount, against "billion laughs"), nesting depth, and the size bounds of
 * schema.ts. When the schema rejects some fields, they are dropped and the rest is still
 * resolved, so cross-reference errors are reported in the same pass.
 * No file or Node API here (load.ts reads files), so the browser's Web Worker parses with the same
 * code as `kafkasim run`.
 */
import YAML, { isMap, isPair, isScalar, isSeq, LineCounter, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import type { Issue, PathSegment } from './context.ts';
import { limitIssues } from './limits.ts';
import { resolveScenario } from './resolve.ts';
import { scenarioSchema, type RawScenario } from './schema.ts';
import { applySets } from './sets.ts';
import { shownName } from './suggest.ts';
import { blockDepthOffset, flowDepthOffset } from './textGuards.ts';
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
  | {
      ok: true;
      scenario: ResolvedScenario;
      /** The checked object, `--set` values applied. */
      raw: unknown;
      /** Provenance keys of the `--set` values. */
      setKeys: string[];
    }
  | { ok: false; errors: ScenarioError[] };

export interface LoadOptions {
  /** `--set path=value` overrides. */
  sets?: readonly string[];
}

export const MAX_TEXT_CHARS = 5_000_000;
export const MAX_ALIAS_COUNT = 100;
export const MAX_DEPTH = 32;
const STACK_OVERFLOW = /maximum call stack/i;

/** `producers[0].config.acks`; an empty key shows as `""`, a very long one cut. */
export function formatPath(path: readonly PathSegment[]): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    const name = segment === '' ? '""' : shownName(segment);
    return text === '' ? name : `${text}.${name}`;
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
  const tooDeep = `nesting deeper than ${MAX_DEPTH} levels`;
  const deepAt = flowDepthOffset(text, MAX_DEPTH);
  if (deepAt !== null) {
    lineCounter.addNewLine(0);
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      lineCounter.addNewLine(i + 1);
    }
    return { located, errors: [errorAt(file, located, deepAt, tooDeep)] };
  }
  try {
    // logLevel 'error': the yaml package would otherwise print its warnings (a map used as a
    // key) on stderr through process.emitWarning; the schema reports such a key instead.
    const doc = YAML.parseDocument(text, {
      lineCounter,
      prettyErrors: false,
      uniqueKeys: true,
      logLevel: 'error',
    });
    located.doc = doc;
    // Deep block nesting overflows the parser's stack: one error, not one per level.
    const overflow = doc.errors.find((e) => STACK_OVERFLOW.test(e.message));
    if (overflow !== undefined) {
      const offset = blockDepthOffset(text, MAX_DEPTH) ?? overflow.pos[0];
      return { located, errors: [errorAt(file, located, offset, tooDeep)] };
    }
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
      : STACK_OVERFLOW.test(reason ?? '')
        ? tooDeep
        : `cannot read the file: ${reason}`;
    return { located, errors: [{ file, line: 1, column: 1, path: '', message }] };
  }
}

/**
 * A union's "Invalid input" replaced by the issues of its one branch whose type the value has
 * (an object with a misspelt key under `keys: null | {count, ...}` gets the unknown-key error
 * with its suggestion), when exactly one branch has it.
 */
function flattenUnions(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union') return [issue];
    const typed = issue.errors.filter(
      (branch) =>
        !branch.some(
          (inner) =>
            inner.path.length === 0 &&
            (inner.code === 'invalid_type' || inner.code === 'invalid_union'),
        ),
    );
    const [only] = typed;
    if (typed.length !== 1 || only === undefined || only.length === 0) return [issue];
    return flattenUnions(only.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })));
  });
}

function issuesToErrors(
  file: string,
  located: Located,
  issues: readonly z.core.$ZodIssue[],
): ScenarioError[] {
  const errors: ScenarioError[] = [];
  for (const issue of flattenUnions(issues)) {
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
  for (const issue of flattenUnions(issues)) {
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

/** A scenario file read but not yet checked: its plain object and its paths' positions. */
export interface ScenarioSource {
  file: string;
  value: unknown;
  /** Absent for an object that has no text (errors then carry no line). */
  located?: Located;
}

export interface CheckOptions {
  /** Provenance keys given on the command line (tagged "--set"). */
  setKeys?: readonly string[];
  /**
   * Errors at or under these paths (as `producers[0].config.acks`) are placed at the flag that
   * set the value (e.g. `--vary producers.checkout.config.acks=2`), not at a line of the file.
   */
  flags?: readonly { path: string; flag: string }[];
  /** Errors found before the check (sets that did not apply), reported with the rest. */
  errors?: readonly ScenarioError[];
}

/** Parses scenario text into its plain object, or the syntax and guard errors. */
export function readScenarioText(
  text: string,
  fileName: string,
): { ok: true; source: ScenarioSource } | { ok: false; errors: ScenarioError[] } {
  const parsed = parseText(text, fileName);
  if (parsed.errors.length > 0) return { ok: false, errors: parsed.errors };
  return { ok: true, source: { file: fileName, value: parsed.value, located: parsed.located } };
}

export function parseScenarioText(
  text: string,
  fileName: string,
  options: LoadOptions = {},
): LoadResult {
  const read = readScenarioText(text, fileName);
  return read.ok ? checkScenarioSets(read.source, options.sets ?? []) : read;
}

/** The source's object with `--set` values applied, checked and resolved. */
export function checkScenarioSets(source: ScenarioSource, setArgs: readonly string[]): LoadResult {
  const sets = applySets(source.value, setArgs);
  const errors: ScenarioError[] = sets.errors.map((e) => ({
    file: '--set',
    line: 0,
    column: 0,
    path: e.set,
    message: e.message,
  }));
  return checkScenarioValue(source, sets.value, { setKeys: sets.setKeys, errors });
}

const NOWHERE: Located = { doc: null, lineCounter: new LineCounter() };

/** Checks a scenario object (the source's, or one derived from it) and resolves it. */
export function checkScenarioValue(
  source: ScenarioSource,
  value: unknown,
  options: CheckOptions = {},
): LoadResult {
  const fileName = source.file;
  const located = source.located ?? NOWHERE;
  const errors: ScenarioError[] = [...(options.errors ?? [])];
  const setKeys = [...(options.setKeys ?? [])];
  const found: ScenarioError[] = [];
  const checked = scenarioSchema.safeParse(value);
  let candidate: unknown = value;
  let rejectedPaths: string[] = [];
  if (!checked.success) {
    found.push(...issuesToErrors(fileName, located, checked.error.issues));
    rejectedPaths = [...errors, ...found].map((e) => e.path);
    candidate = dropRejected(value, checked.error.issues);
  }
  const second = checked.success ? checked : scenarioSchema.safeParse(candidate);
  if (second.success) {
    const resolved = resolveScenario(second.data as RawScenario, {
      fileName,
      setKeys,
      locate: (path) => locate(located, path),
    });
    const beyond = resolved.ok ? limitIssues(resolved.scenario) : [];
    if (resolved.ok && beyond.length > 0) {
      found.push(...semanticErrors(fileName, located, beyond, rejectedPaths));
    }
    if (resolved.ok && errors.length === 0 && found.length === 0)
      return { ok: true, scenario: resolved.scenario, raw: value, setKeys };
    if (!resolved.ok)
      found.push(...semanticErrors(fileName, located, resolved.issues, rejectedPaths));
  }
  errors.push(...found.map((error) => atFlag(error, options.flags ?? [])));
  return { ok: false, errors: sortErrors(errors) };
}

/** The error placed at the command-line flag that set its path, if one did. */
function atFlag(error: ScenarioError, flags: readonly { path: string; flag: string }[]) {
  const flag = flags.find(
    ({ path }) =>
      error.path === path || error.path.startsWith(`${path}.`) || error.path.startsWith(`${path}[`),
  );
  return flag === undefined ? error : { ...error, file: flag.flag, line: 0, column: 0 };
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
