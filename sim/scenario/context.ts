/**
 * Shared state of one resolution: the issues found so far (each with its field path, for
 * file:line:column), the provenance map, and helpers that take a value from the file or a default
 * and convert it with the config tables. Conversions here are the only unit conversions of the
 * scenario layer (units.ts does the arithmetic).
 */
import type { ConfigEntry, ConfigKind } from './configTables.ts';
import type { ConfigDefaults, ConfigValue } from './defaults.ts';
import { parseBytes, parseDurationUs, type UnitResult } from './units.ts';

export type PathSegment = string | number;

/** A problem at a field path, before the loader turns the path into file:line:column. */
export interface Issue {
  path: PathSegment[];
  message: string;
}

/** Where a value lives: its path in the file (for errors) and its provenance key (dotted). */
export interface Where {
  path: PathSegment[];
  key: string;
}

export const ROOT: Where = { path: [], key: '' };

/** The child of `where` at `segment`; `keySegment` names list items by name in provenance. */
export function at(where: Where, segment: PathSegment, keySegment?: string): Where {
  const name = keySegment ?? String(segment);
  return { path: [...where.path, segment], key: where.key === '' ? name : `${where.key}.${name}` };
}

export class ResolveContext {
  readonly issues: Issue[] = [];
  readonly provenance: Record<string, string> = {};

  constructor(
    readonly version: string,
    readonly setKeys: ReadonlySet<string>,
  ) {}

  error(where: Where, message: string): void {
    this.issues.push({ path: where.path, message });
  }

  /** Tag of a value the file gives (or a --set). */
  fileTag(where: Where): string {
    return this.setKeys.has(where.key) ? '--set' : 'file';
  }

  record(where: Where, tag: string): void {
    this.provenance[where.key] = tag;
  }

  /** The file's value if present, else the fallback; records provenance either way. */
  pick<T>(where: Where, value: T | undefined, fallback: T, fallbackTag: string): T {
    if (value !== undefined) {
      this.record(where, this.fileTag(where));
      return value;
    }
    this.record(where, fallbackTag);
    return fallback;
  }

  /** Like pick, for a unit value: the converted number, or 0 and an issue. */
  pickUnit(
    where: Where,
    value: unknown,
    fallback: number,
    fallbackTag: string,
    parse: (input: unknown) => UnitResult,
  ): number {
    if (value === undefined) {
      this.record(where, fallbackTag);
      return fallback;
    }
    this.record(where, this.fileTag(where));
    return this.unit(where, value, parse);
  }

  unit(where: Where, value: unknown, parse: (input: unknown) => UnitResult): number {
    const parsed = parse(value);
    if (parsed.ok) return parsed.value;
    this.error(where, parsed.message);
    return 0;
  }

  /** Converts one Kafka config value (Kafka units) to the resolved form. */
  convert(where: Where, kind: ConfigKind, value: ConfigValue | undefined): unknown {
    if (value === undefined) return undefined;
    switch (kind) {
      case 'ms':
        return this.unit(where, value, (v) => parseDurationUs(v, 'ms'));
      case 'seconds':
        return this.unit(where, value, (v) => parseDurationUs(v, 's'));
      case 'bytes':
        return this.unit(where, value, parseBytes);
      case 'nullableLong':
        return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
      case 'nullableMs':
        if (value === null) return null;
        if (typeof value === 'number' && !Number.isSafeInteger(value * 1000)) return null;
        return this.unit(where, value, (v) => parseDurationUs(v, 'ms'));
      case 'retentionBytes':
        return value === -1 ? -1 : this.unit(where, value, parseBytes);
      case 'retentionMs':
        return value === -1 ? -1 : this.unit(where, value, (v) => parseDurationUs(v, 'ms'));
      case 'list':
        return splitList(value);
      default:
        return value;
    }
  }

  /**
   * Resolves a `config:` block: every entry of `table` from the file, else from `defaults`
   * (tagged `defaultTag`). Returns the resolved fields and the Kafka names the user set.
   */
  config(
    where: Where,
    raw: Record<string, unknown> | undefined,
    table: readonly ConfigEntry[],
    defaults: ConfigDefaults,
    defaultTag: string,
  ): { fields: Record<string, unknown>; userSet: Set<string> } {
    const fields: Record<string, unknown> = {};
    const userSet = new Set<string>();
    for (const entry of table) {
      const child = at(where, entry.kafka);
      const fileValue = raw?.[entry.kafka] as ConfigValue | undefined;
      if (fileValue !== undefined) userSet.add(entry.kafka);
      const value = this.pick(child, fileValue, defaults[entry.kafka] ?? null, defaultTag);
      fields[entry.field] = this.convert(child, entry.kind, value);
    }
    return { fields, userSet };
  }
}

/** "a, b" or ["a", "b"] → ["a", "b"]. */
export function splitList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((item) => String(item).trim()).filter(Boolean);
  if (typeof value !== 'string') return [];
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
