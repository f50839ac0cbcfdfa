/**
 * `--set path=value` overrides, applied to the raw scenario object before validation (so a set
 * value is checked like a file value). A path addresses list items by `name` (topics,
 * producers), `group` (consumers) or index, and Kafka's dotted names are kept whole after
 * `config.` and `expect.`: `producers.checkout.config.linger.ms=5`. Values are YAML scalars or
 * flow collections (`acks=all`, `replicas=[[0,1],[1,0]]`). Returns the new object, the
 * provenance keys set, and errors; the input is never modified. `applySet` applies one set in
 * place, to a plain object or an immer draft (compare derives its variants that way).
 */
import YAML from 'yaml';

export interface SetError {
  set: string;
  message: string;
}

export interface SetResult {
  value: unknown;
  /** Provenance keys (list items by name), for "--set" tags. */
  setKeys: string[];
  errors: SetError[];
}

export type Container = Record<string, unknown> | unknown[];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parseValue(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: YAML.parse(text, { maxAliasCount: 10 }) as unknown };
  } catch {
    return { ok: false, message: `cannot read value "${text}" as YAML` };
  }
}

function itemIndex(list: unknown[], segment: string): number {
  const byName = list.findIndex(
    (item) => isObject(item) && (item['name'] === segment || item['group'] === segment),
  );
  if (byName >= 0) return byName;
  return /^\d+$/.test(segment) && Number(segment) < list.length ? Number(segment) : -1;
}

/** The key to use in an object: the rest after config/expect, else the longest existing one. */
function objectKey(node: Record<string, unknown>, segments: string[], parentKey: string): string {
  if (parentKey === 'config' || parentKey === 'expect') return segments.join('.');
  for (let length = segments.length; length > 1; length -= 1) {
    const candidate = segments.slice(0, length).join('.');
    if (Object.hasOwn(node, candidate)) return candidate;
  }
  return segments[0] ?? '';
}

/** Where one set landed: its provenance key (list items by name) and its path (by index). */
export interface SetTarget {
  key: string;
  path: (string | number)[];
}

/**
 * Applies one `path=value` to `root` in place: a plain object, or an immer draft (`produce`),
 * which records the change without touching the base. The target, or an error message.
 */
export function applySet(root: Container, set: string): SetTarget | string {
  const equals = set.indexOf('=');
  if (equals <= 0) return 'expected "path=value"';
  const parsed = parseValue(set.slice(equals + 1));
  if (!parsed.ok) return parsed.message;
  let segments = set.slice(0, equals).trim().split('.');
  let node: unknown = root;
  let parentKey = '';
  const keyParts: string[] = [];
  const path: (string | number)[] = [];
  while (segments.length > 0) {
    if (Array.isArray(node)) {
      const segment = segments[0] ?? '';
      const index = itemIndex(node, segment);
      if (index < 0) return `no list item named or numbered "${segment}" at ${keyParts.join('.')}`;
      const item: unknown = node[index];
      keyParts.push(
        isObject(item) ? String(item['name'] ?? item['group'] ?? index) : String(index),
      );
      path.push(index);
      segments = segments.slice(1);
      if (segments.length === 0) node[index] = parsed.value;
      node = item;
      parentKey = segment;
    } else if (isObject(node)) {
      const key = objectKey(node, segments, parentKey);
      keyParts.push(key);
      path.push(key);
      segments = segments.slice(key.split('.').length);
      if (segments.length === 0) node[key] = parsed.value;
      else if (node[key] === undefined || node[key] === null) node[key] = {};
      node = node[key];
      parentKey = key;
    } else {
      return `cannot set inside the value at ${keyParts.join('.')}`;
    }
  }
  return { key: keyParts.join('.'), path };
}

export function applySets(raw: unknown, sets: readonly string[]): SetResult {
  const value: unknown = structuredClone(raw ?? {});
  const setKeys: string[] = [];
  const errors: SetError[] = [];
  if (!isObject(value)) {
    return {
      value,
      setKeys,
      errors: sets.map((set) => ({ set, message: 'the scenario is not a map' })),
    };
  }
  for (const set of sets) {
    const target = applySet(value, set);
    if (typeof target === 'string') errors.push({ set, message: target });
    else setKeys.push(target.key);
  }
  return { value, setKeys, errors };
}
