import { describe, expect, it } from 'vitest';
import {
  parseBandwidthBytesPerSec,
  parseBytes,
  parseDurationUs,
  parseNanos,
  parseRate,
} from '../../sim/scenario/units.ts';

describe('units', () => {
  it.each([
    ['100us', 100],
    ['10ms', 10_000],
    ['2s', 2_000_000],
    ['5min', 300_000_000],
    ['1h', 3_600_000_000],
    ['1.5s', 1_500_000],
    ['0.1ms', 100],
    [' 7 d ', 604_800_000_000],
  ])('parseDurationUs(%j) is %i µs', (text, us) => {
    expect(parseDurationUs(text)).toEqual({ ok: true, value: us });
  });

  it('parseDurationUs reads a plain number in the unit the key names', () => {
    expect(parseDurationUs(10, 'ms')).toEqual({ ok: true, value: 10_000 });
    expect(parseDurationUs(120, 's')).toEqual({ ok: true, value: 120_000_000 });
    expect(parseDurationUs(50, 'us')).toEqual({ ok: true, value: 50 });
  });

  it.each([['0.5us'], ['10 parsecs'], ['-5ms'], ['abc'], [true]])(
    'parseDurationUs(%j) is an error, not a throw',
    (input) => {
      expect(parseDurationUs(input).ok).toBe(false);
    },
  );

  it.each([
    ['100B', 100],
    ['64KiB', 65_536],
    ['1GiB', 1_073_741_824],
    ['1.5GiB', 1_610_612_736],
    ['64KB', 64_000],
    ['2.5TB', 2_500_000_000_000],
    ['1MiB', 1_048_576],
    [8196, 8196],
  ])('parseBytes(%j) is %i bytes', (input, bytes) => {
    expect(parseBytes(input)).toEqual({ ok: true, value: bytes });
  });

  it.each([
    ['500MB/s', 500_000_000],
    ['1.5GiB/s', 1_610_612_736],
    ['25Gbps', 3_125_000_000],
    ['10Mbps', 1_250_000],
    ['1GB/s', 1_000_000_000],
    ['195MiB/s', 204_472_320],
  ])('parseBandwidthBytesPerSec(%j) is %i bytes/s', (input, value) => {
    expect(parseBandwidthBytesPerSec(input)).toEqual({ ok: true, value });
  });

  it('parseRate tells records per second from bytes per second', () => {
    expect(parseRate('200000/s')).toEqual({ ok: true, kind: 'records', recordsPerSec: 200_000 });
    expect(parseRate(1500)).toEqual({ ok: true, kind: 'records', recordsPerSec: 1500 });
    expect(parseRate('195MiB/s')).toEqual({ ok: true, kind: 'bytes', bytesPerSec: 204_472_320 });
    expect(parseRate('fast').ok).toBe(false);
  });

  it('parseNanos reads small CPU costs', () => {
    expect(parseNanos('250ns')).toEqual({ ok: true, value: 250 });
    expect(parseNanos('0.4us')).toEqual({ ok: true, value: 400 });
  });
});
