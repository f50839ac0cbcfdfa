/** Display formats of virtual time; the trace holds integer µs. */

/** `27.025 s`; the clock and the event log use it (milliseconds, truncated). */
export function formatTimeUs(timeUs: number): string {
  const milliseconds = Math.floor(timeUs / 1000);
  const seconds = Math.floor(milliseconds / 1000);
  return `${seconds}.${String(milliseconds % 1000).padStart(3, '0')} s`;
}

/** Axis ticks: `20 s`, `1.5 s`, `12 min` past ten minutes. */
export function formatTickUs(timeUs: number): string {
  const seconds = timeUs / 1e6;
  if (seconds >= 600 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${Number(seconds.toFixed(3))} s`;
}
