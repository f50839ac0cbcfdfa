/**
 * Variants derived with immer (sim/scenario/variant.ts) and the one-set step of sets.ts they use:
 * the base object is never changed, a variant resolves exactly as the same values given as
 * `--set` do, and an error caused by a variant's value is placed at its flag.
 */
import { readFileSync } from 'node:fs';
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import {
  checkScenarioSets,
  formatScenarioErrors,
  parseScenarioText,
  readScenarioText,
  type ScenarioSource,
} from '../../sim/scenario/load.ts';
import { applySet, type Container } from '../../sim/scenario/sets.ts';
import { deriveValue, loadVariant } from '../../sim/scenario/variant.ts';

const REFERENCE = 'scenarios/reference-example.yaml';
const TEXT = readFileSync(REFERENCE, 'utf8');

function base(sets: string[] = []) {
  const read = readScenarioText(TEXT, REFERENCE);
  if (!read.ok) throw new Error(formatScenarioErrors(read.errors));
  const checked = checkScenarioSets(read.source, sets);
  if (!checked.ok) throw new Error(formatScenarioErrors(checked.errors));
  return { source: read.source as ScenarioSource, ...checked };
}

describe('applySet', () => {
  it('sets one value in an immer draft: key by name, path by index; the base unchanged', () => {
    const root = { topics: [{ name: 'a' }, { name: 'orders', config: { x: 1 } }] };
    const frozen = structuredClone(root);
    let target: ReturnType<typeof applySet> = '';
    const next = produce(root, (draft) => {
      target = applySet(draft as Container, 'topics.orders.config.min.insync.replicas=2');
    });
    expect(target).toEqual({
      key: 'topics.orders.config.min.insync.replicas',
      path: ['topics', 1, 'config', 'min.insync.replicas'],
    });
    expect(root).toEqual(frozen);
    expect(next.topics[1]).toEqual({
      name: 'orders',
      config: { x: 1, 'min.insync.replicas': 2 },
    });
    expect(next.topics[0]).toBe(root.topics[0]);
  });

  it('returns a message for a missing list item, a scalar parent or no "="', () => {
    const root = { topics: [{ name: 'orders', partitions: 3 }] };
    expect(applySet(root, 'topics.nope.partitions=1')).toMatch(/no list item .*"nope"/);
    expect(applySet(root, 'topics.orders.partitions.x=1')).toMatch(/cannot set inside/);
    expect(applySet(root, 'acks')).toBe('expected "path=value"');
  });
});

describe('loadVariant', () => {
  const sets = ['producers.checkout.config.acks=1', 'topics.orders.replicationFactor=2'];

  it('resolves as the same values given as --set do, sharing the base object', () => {
    const { source, raw, setKeys } = base(['cluster.brokers=4']);
    const before = structuredClone(raw);
    const variant = loadVariant(source, raw, setKeys, sets);
    const reparsed = parseScenarioText(TEXT, REFERENCE, { sets: ['cluster.brokers=4', ...sets] });
    if (!variant.ok || !reparsed.ok) throw new Error('does not load');
    expect(variant.scenario).toEqual(reparsed.scenario);
    expect(variant.raw).toEqual(reparsed.raw);
    expect(variant.setKeys).toEqual(reparsed.setKeys);
    expect(raw).toEqual(before);
    const shared = (variant.raw as { cluster: unknown }).cluster;
    expect(shared).toBe((raw as { cluster: unknown }).cluster);
  });

  it('places errors of a variant value at its flag, and file errors at their line', () => {
    const { source, raw, setKeys } = base();
    const bad = loadVariant(source, raw, setKeys, ['producers.checkout.config.acks=sometimes']);
    expect(bad.ok ? '' : formatScenarioErrors(bad.errors)).toMatch(
      /^--vary producers\.checkout\.config\.acks=sometimes producers\[0\]\.config\.acks: /,
    );
    const missing = deriveValue(raw, ['topics.nope.partitions=1'], '--vary');
    expect(formatScenarioErrors(missing.errors)).toMatch(
      /^--vary topics\.nope\.partitions=1 no list item named or numbered "nope"/,
    );
    const fewer = loadVariant(source, raw, setKeys, ['cluster.brokers=1']);
    expect(fewer.ok ? '' : formatScenarioErrors(fewer.errors)).toMatch(
      /^scenarios\/reference-example\.yaml:\d+:\d+ topics\[0\]\.replicationFactor: /m,
    );
  });
});
