/**
 * Unit strings of the scenario format: durations ("100us", "10ms", "2s", "5min", "1h", "7d"),
 * sizes ("100B", "64KiB", "1.5GB"), bandwidths ("500MB/s", "1.5GiB/s", "25Gbps", "10Mbps") and
 * rates ("200000/s" records per second, or a bandwidth such as "195MiB/s"). Decimal prefixes
 * (KB, MB, GB, TB) are powers of 1000, binary ones (KiB, MiB, GiB, TiB) powers of 1024; bit units
 * (bps, Kbps, Mbps, Gbps, Gbit/s) are divided by 8. Arithmetic is exact (BigInt over the decimal
 * digits), so "1.5GiB" is exactly 1610612736. Times and sizes must come out as whole µs / bytes;
 * bandwidths are rounded to whole bytes per second. A plain number is in the unit its key names
 * (`linger.ms: 10` is 10 ms); keys that name no unit take the `plainUnit` their caller documents.
 * Parsers return values, never throw.
 */

export type UnitResult = { ok: true; value: number } | { ok: false; message: string };

interface Factor {
  numerator: bigint;
  denominator: bigint;
}

const f = (numerator: bigint, denominator = 1n): Factor => ({ numerator, denominator });

const TIME_US: Record<string, Factor> = {
  us: f(1n),
  µs: f(1n),
  ms: f(1_000n),
  s: f(1_000_000n),
  sec: f(1_000_000n),
  min: f(60_000_000n),
  h: f(3_600_000_000n),
  d: f(86_400_000_000n),
};

const TIME_NS: Record<string, Factor> = {
  ns: f(1n),
  us: f(1_000n),
  µs: f(1_000n),
  ms: f(1_000_000n),
  s: f(1_000_000_000n),
};

const SIZE_BYTES: Record<string, Factor> = {
  B: f(1n),
  KB: f(1000n),
  kB: f(1000n),
  MB: f(1000n ** 2n),
  GB: f(1000n ** 3n),
  TB: f(1000n ** 4n),
  KiB: f(1024n),
  MiB: f(1024n ** 2n),
  GiB: f(1024n ** 3n),
  TiB: f(1024n ** 4n),
};

const BITS_PER_SEC: Record<string, Factor> = {
  bps: f(1n, 8n),
  Kbps: f(1000n, 8n),
  kbps: f(1000n, 8n),
  Mbps: f(1000n ** 2n, 8n),
  Gbps: f(1000n ** 3n, 8n),
  'Kbit/s': f(1000n, 8n),
  'Mbit/s': f(1000n ** 2n, 8n),
  'Gbit/s': f(1000n ** 3n, 8n),
};

const NUMBER_WITH_UNIT = /^\s*([0-9][0-9_]*(?:\.[0-9]+)?|\.[0-9]+)\s*([A-Za-zµ/]*)\s*$/;

interface Split {
  digits: bigint;
  scale: bigint;
  unit: string;
}

function split(text: string): Split | null {
  const match = NUMBER_WITH_UNIT.exec(text);
  if (match === null) return null;
  const numberText = (match[1] ?? '').replaceAll('_', '');
  const [whole = '', fraction = ''] = numberText.split('.');
  const digits = BigInt((whole === '' ? '0' : whole) + fraction);
  return { digits, scale: 10n ** BigInt(fraction.length), unit: match[2] ?? '' };
}

/** value × factor as an exact rational; `whole` demands an integer result. */
function scaled(s: Split, factor: Factor, round: boolean, what: string): UnitResult {
  const numerator = s.digits * factor.numerator;
  const denominator = s.scale * factor.denominator;
  if (numerator % denominator !== 0n && !round) {
    return { ok: false, message: `is not a whole number of ${what}` };
  }
  const value = Number((numerator * 2n + denominator) / (denominator * 2n));
  if (!Number.isSafeInteger(value)) return { ok: false, message: 'is too large' };
  return { ok: true, value };
}

function fromNumber(value: number, factor: Factor, round: boolean, what: string): UnitResult {
  if (!Number.isFinite(value) || value < 0) {
    return { ok: false, message: `must be a non-negative number, got ${value}` };
  }
  const s = split(String(value));
  if (s === null) return { ok: false, message: `cannot be read as a number of ${what}` };
  return scaled(s, factor, round, what);
}

function parseWith(
  input: unknown,
  table: Record<string, Factor>,
  plainUnit: string,
  round: boolean,
  what: string,
  examples: string,
): UnitResult {
  const plain = table[plainUnit];
  if (plain === undefined) return { ok: false, message: `unknown unit ${plainUnit}` };
  if (typeof input === 'number') return fromNumber(input, plain, round, what);
  if (typeof input !== 'string') {
    return { ok: false, message: `expected a number or a string like ${examples}` };
  }
  const s = split(input);
  if (s === null)
    return { ok: false, message: `cannot read "${input}": expected e.g. ${examples}` };
  if (s.unit === '') return scaled(s, plain, round, what);
  const factor = table[s.unit];
  if (factor === undefined) {
    const units = Object.keys(table).join(', ');
    return { ok: false, message: `unknown unit "${s.unit}" in "${input}" (use ${units})` };
  }
  return scaled(s, factor, round, what);
}

export type TimeUnit = 'us' | 'ms' | 's' | 'min' | 'h' | 'd';

/** A duration in integer microseconds; a plain number is in `plainUnit`. */
export function parseDurationUs(input: unknown, plainUnit: TimeUnit = 'ms'): UnitResult {
  return parseWith(input, TIME_US, plainUnit, false, 'microseconds', '"10ms", "2s", "5min"');
}

/** A small cost in nanoseconds ("250ns", "0.4us"), rounded; a plain number is nanoseconds. */
export function parseNanos(input: unknown): UnitResult {
  return parseWith(input, TIME_NS, 'ns', true, 'nanoseconds', '"250ns", "0.4us"');
}

/** A size in integer bytes; a plain number is bytes. */
export function parseBytes(input: unknown): UnitResult {
  return parseWith(input, SIZE_BYTES, 'B', false, 'bytes', '"100B", "64KiB", "1GiB"');
}

const BANDWIDTH: Record<string, Factor> = { ...bandwidthTable(), ...BITS_PER_SEC };

function bandwidthTable(): Record<string, Factor> {
  const table: Record<string, Factor> = {};
  for (const [unit, factor] of Object.entries(SIZE_BYTES)) table[`${unit}/s`] = factor;
  return table;
}

/** A bandwidth in integer bytes per second (rounded); a plain number is bytes per second. */
export function parseBandwidthBytesPerSec(input: unknown): UnitResult {
  return parseWith(input, BANDWIDTH, 'B/s', true, 'bytes/s', '"500MB/s", "25Gbps"');
}

export type ParsedRate =
  | { ok: true; kind: 'records'; recordsPerSec: number }
  | { ok: true; kind: 'bytes'; bytesPerSec: number }
  | { ok: false; message: string };

/** "200000/s" or 200000 (records per second) or a bandwidth ("195MiB/s"). */
export function parseRate(input: unknown): ParsedRate {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input <= 0) {
      return { ok: false, message: `rate must be a positive number, got ${input}` };
    }
    return { ok: true, kind: 'records', recordsPerSec: input };
  }
  if (typeof input !== 'string') {
    return { ok: false, message: 'expected a rate like "200000/s", "195MiB/s" or unlimited' };
  }
  const records = /^\s*([0-9][0-9_]*(?:\.[0-9]+)?)\s*(?:\/s|rps|records\/s)\s*$/.exec(input);
  if (records !== null) {
    const value = Number((records[1] ?? '').replaceAll('_', ''));
    if (value <= 0) return { ok: false, message: 'rate must be positive' };
    return { ok: true, kind: 'records', recordsPerSec: value };
  }
  const bytes = parseBandwidthBytesPerSec(input);
  if (!bytes.ok) {
    return { ok: false, message: `cannot read rate "${input}": use "200000/s" or "195MiB/s"` };
  }
  if (bytes.value <= 0) return { ok: false, message: 'rate must be positive' };
  return { ok: true, kind: 'bytes', bytesPerSec: bytes.value };
}
