import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { parseScenarioText, type LoadResult } from '../../sim/scenario/load.ts';

const TEXT = readFileSync('scenarios/reference-example.yaml', 'utf8');
const RAW = YAML.parse(TEXT) as unknown;

type Path = (string | number)[];

function paths(value: unknown, prefix: Path = []): Path[] {
  const found: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => found.push(...paths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) found.push(...paths(v, [...prefix, k]));
  }
  return found;
}

const ALL_PATHS = paths(RAW).filter((p) => p.length > 0);

function mutate(raw: unknown, path: Path, replacement: unknown, remove: boolean): unknown {
  const copy = structuredClone(raw) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (remove && !Array.isArray(node)) delete node[last];
  else node[last] = replacement;
  return copy;
}

function wellFormed(result: LoadResult): boolean {
  if (result.ok) return typeof result.scenario.durationUs === 'number';
  return (
    result.errors.length > 0 &&
    result.errors.every(
      (e) =>
        typeof e.file === 'string' &&
        Number.isInteger(e.line) &&
        Number.isInteger(e.column) &&
        typeof e.message === 'string' &&
        e.message.length > 0,
    )
  );
}

const replacement = fc.oneof(
  fc.integer({ min: -5, max: 200 }),
  fc.double({ noNaN: false }),
  fc.constantFrom('10ms', '1GiB', 'all', 'broker-9', 'orders', '', 'unlimited', '3s', null, true),
  fc.string({ maxLength: 12 }),
  fc.array(fc.integer({ min: -1, max: 4 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.integer(), { maxKeys: 3 }),
);

describe('random mutations of the reference scenario', () => {
  it('parseScenarioText never throws: a resolved scenario or a list of errors', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...ALL_PATHS), replacement, fc.boolean()), {
          minLength: 1,
          maxLength: 4,
        }),
        (mutations) => {
          let raw = RAW;
          for (const [path, value, remove] of mutations) {
            try {
              raw = mutate(raw, path, value, remove);
            } catch {
              // The path no longer exists after an earlier mutation: skip it.
            }
          }
          const asYaml = parseScenarioText(YAML.stringify(raw), 'fuzz.yaml');
          const asJson = parseScenarioText(JSON.stringify(raw), 'fuzz.json');
          expect(wellFormed(asYaml)).toBe(true);
          expect(wellFormed(asJson)).toBe(true);
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });

  it('random edits of the text never throw', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: TEXT.length }),
        fc.nat({ max: 40 }),
        fc.string({ maxLength: 8 }),
        (start, cut, insert) => {
          const text = TEXT.slice(0, start) + insert + TEXT.slice(start + cut);
          expect(wellFormed(parseScenarioText(text, 'edit.yaml'))).toBe(true);
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});
