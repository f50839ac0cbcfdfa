/**
 * The trace hash in the browser: the same 64-bit FNV-1a as sim/trace/hash.ts (ui/ may import
 * only types from sim/, so the ten lines are repeated here; test/ui/hash.test.ts checks that both
 * give the same hash for a real trace). The canonical text is JSON.stringify of the parsed trace,
 * so a pretty-printed file hashes as the compact one `kafkasim run` wrote.
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

export function traceHash(trace: unknown): string {
  return hashText(JSON.stringify(trace));
}
