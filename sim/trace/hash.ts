/**
 * The trace hash: 64-bit FNV-1a (two 32-bit lanes with different offsets, Math.imul) over the
 * UTF-16 code units of the trace's canonical JSON text. Plain integer arithmetic, so Node and the
 * browser give the same hex string.
 */
export function hashText(text: string): string {
  let low = 0x811c9dc5;
  let high = 0xcbf29ce4;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    low = Math.imul(low ^ code, 0x01000193) >>> 0;
    high = Math.imul(high ^ code ^ (low >>> 24), 0x01000193) >>> 0;
  }
  return high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');
}

/** Canonical text of a trace: JSON with the key order in which the document was built. */
export function traceText(trace: unknown): string {
  return JSON.stringify(trace);
}
