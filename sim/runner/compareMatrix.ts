/**
 * The matrix of `kafkasim compare`: each `--vary PATH=v1,v2,...` is one axis (PATH as in `--set`),
 * the variants are their cartesian product (the first axis varies slowest), and each variant runs
 * once per seed. Runs are numbered variant by variant, seed by seed; `--shard i/n` (1-based, as
 * array-job schedulers count from 0 pass i = index + 1) takes every n-th run starting at the
 * i-th, so each shard gets a share of every variant. Pure: text in, plans out.
 */

export interface Axis {
  path: string;
  /** Each value as written (a YAML scalar or flow collection, as for `--set`). */
  values: string[];
}

export interface Variant {
  index: number;
  /** PATH → value, in axis order. */
  set: Record<string, string>;
  /** The same as `--set` arguments. */
  sets: string[];
}

export interface RunKey {
  /** Position in the whole matrix: variant * seedsCount + seedIndex. */
  index: number;
  variant: number;
  seedIndex: number;
  seed: number;
}

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** Splits at commas outside brackets, braces and quotes, so `[[0,1],[1,0]]` stays one value. */
export function splitValues(text: string): string[] {
  const values: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] as string;
    if (quote !== '') {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '[' || char === '{') depth += 1;
    else if (char === ']' || char === '}') depth -= 1;
    else if (char === ',' && depth === 0) {
      values.push(text.slice(start, index).trim());
      start = index + 1;
    }
  }
  values.push(text.slice(start).trim());
  return values;
}

/** `producers.checkout.config.acks=0,1,all` → an axis, or an error message. */
export function parseAxis(text: string): Axis | string {
  const equals = text.indexOf('=');
  if (equals <= 0) return `--vary ${text}: expected PATH=v1,v2,...`;
  const path = text.slice(0, equals).trim();
  const values = splitValues(text.slice(equals + 1));
  if (values.some((value) => value === '')) return `--vary ${text}: an empty value`;
  if (new Set(values).size !== values.length) return `--vary ${text}: a value repeats`;
  return { path, values };
}

/** Every combination of the axes' values; one variant (no sets) when there are no axes. */
export function expandMatrix(axes: readonly Axis[]): Variant[] {
  let combinations: string[][] = [[]];
  for (const axis of axes) {
    combinations = combinations.flatMap((prefix) => axis.values.map((v) => [...prefix, v]));
  }
  return combinations.map((values, index) => {
    const set: Record<string, string> = {};
    const sets: string[] = [];
    axes.forEach((axis, axisIndex) => {
      const value = values[axisIndex] as string;
      set[axis.path] = value;
      sets.push(`${axis.path}=${value}`);
    });
    return { index, set, sets };
  });
}

/** All runs of the matrix in order: variant by variant, seeds firstSeed, firstSeed + 1, ... */
export function matrixRuns(variantsCount: number, seedsCount: number, firstSeed: number): RunKey[] {
  const runs: RunKey[] = [];
  for (let variant = 0; variant < variantsCount; variant += 1) {
    for (let seedIndex = 0; seedIndex < seedsCount; seedIndex += 1) {
      const index = variant * seedsCount + seedIndex;
      runs.push({ index, variant, seedIndex, seed: firstSeed + seedIndex });
    }
  }
  return runs;
}

/** The runs of one shard: every `count`-th run from the `index`-th. */
export function shardRuns(runs: readonly RunKey[], shard: Shard): RunKey[] {
  return runs.filter((run) => run.index % shard.count === shard.index - 1);
}

/** `2/8` → { index: 2, count: 8 }, or an error message. */
export function parseShard(text: string): Shard | string {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 1 || index < 1 || index > count) {
    return `--shard ${text}: expected i/n with 1 <= i <= n, e.g. --shard 1/4`;
  }
  return { index, count };
}
