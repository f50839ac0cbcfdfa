/**
 * The only conversions between time units and between bytes and time. Time is an integer count of
 * microseconds everywhere in sim/; durations computed from rates round up, so a transfer never
 * finishes before its bytes could have moved.
 */

export const US_PER_MS = 1_000;
export const US_PER_SEC = 1_000_000;

export function msToUs(ms: number): number {
  return Math.round(ms * US_PER_MS);
}

export function secToUs(sec: number): number {
  return Math.round(sec * US_PER_SEC);
}

export function usToMs(us: number): number {
  return us / US_PER_MS;
}

export function usToSec(us: number): number {
  return us / US_PER_SEC;
}

/** Microseconds needed to move `bytes` at `bytesPerSec`, rounded up. */
export function transferUs(bytes: number, bytesPerSec: number): number {
  if (bytes <= 0) return 0;
  return Math.ceil((bytes * US_PER_SEC) / bytesPerSec);
}

/** Integer division rounding up, for positive integers. */
export function ceilDiv(numerator: number, denominator: number): number {
  return Math.ceil(numerator / denominator);
}
