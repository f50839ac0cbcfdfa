/**
 * A variant of a scenario: the base scenario's object (the file with its `--set` values) with a
 * few more `path=value` sets applied through immer, so the base is shared and never changed and
 * each variant costs only what it changes. Paths are read as `--set` reads them (sets.ts), and
 * an error caused by a variant's value is placed at its flag (`--vary PATH=value`), not at a line
 * of the file. Pure.
 */
import { produce, type Draft } from 'immer';
import {
  checkScenarioValue,
  formatPath,
  type LoadResult,
  type ScenarioError,
  type ScenarioSource,
} from './load.ts';
import { applySet, type Container } from './sets.ts';

export interface DerivedValue {
  /** The variant's object (frozen by immer; the base's unchanged parts are shared). */
  value: unknown;
  /** Provenance keys of the sets, in order. */
  setKeys: string[];
  /** Each set's path (as errors name it) and the flag that set it. */
  flags: { path: string; flag: string }[];
  errors: ScenarioError[];
}

/** Applies `sets` to a copy of `base` made by immer; `flag` names them in errors (`--vary`). */
export function deriveValue(base: unknown, sets: readonly string[], flag: string): DerivedValue {
  const setKeys: string[] = [];
  const flags: { path: string; flag: string }[] = [];
  const errors: ScenarioError[] = [];
  const where = (set: string) => `${flag} ${set}`;
  if (base === null || typeof base !== 'object') {
    const message = 'the scenario is not a map';
    for (const set of sets)
      errors.push({ file: where(set), line: 0, column: 0, path: '', message });
    return { value: base, setKeys, flags, errors };
  }
  const value = produce(base, (draft: Draft<object>) => {
    for (const set of sets) {
      const target = applySet(draft as Container, set);
      if (typeof target === 'string') {
        errors.push({ file: where(set), line: 0, column: 0, path: '', message: target });
        continue;
      }
      setKeys.push(target.key);
      flags.push({ path: formatPath(target.path), flag: where(set) });
    }
  });
  return { value, setKeys, flags, errors };
}

/**
 * The variant of a checked base (`base` is the object its LoadResult gave, `baseSetKeys` its
 * `--set` keys) with `sets` applied, checked and resolved like a file.
 */
export function loadVariant(
  source: ScenarioSource,
  base: unknown,
  baseSetKeys: readonly string[],
  sets: readonly string[],
  flag = '--vary',
): LoadResult {
  const derived = deriveValue(base, sets, flag);
  return checkScenarioValue(source, derived.value, {
    setKeys: [...baseSetKeys, ...derived.setKeys],
    flags: derived.flags,
    errors: derived.errors,
  });
}
