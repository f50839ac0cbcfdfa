/**
 * hashText: 64-bit FNV-1a in two 32-bit lanes over UTF-16 code units. The low lane is plain
 * FNV-1a 32 ("a" → e40c292c, the published test vector); values pinned here were computed
 * independently (Python, same definition), so a change to the hash shows as a failure.
 */
import { describe, expect, it } from 'vitest';
import { hashText, traceText } from '../../sim/trace/hash.ts';

describe('hashText', () => {
  it.each([
    ['', 'cbf29ce4811c9dc5'],
    ['a', '6fec2cb3e40c292c'],
    ['kafkasim', '93d57ebfb08fcb40'],
    ['{"a":1,"b":[2,3]}', 'efa2eabf2c571be4'],
    ['ab', 'ccca39944d2505ca'],
    ['ba', '1ecabaaa3c2ba6cc'],
  ])('hashText(%j) is %s', (text, want) => {
    expect(hashText(text)).toBe(want);
  });

  it('hashText() is 16 hex digits and differs for texts differing in one character', () => {
    const hashes = new Set<string>();
    for (let index = 0; index < 1000; index++) hashes.add(hashText(`{"seed":${index}}`));
    expect(hashes.size).toBe(1000);
    for (const hash of hashes) expect(hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('traceText() keeps the key order in which the document was built', () => {
    expect(traceText({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"b":1,"a":[2,{"d":3,"c":4}]}');
    expect(hashText(traceText({ a: 1, b: 2 }))).not.toBe(hashText(traceText({ b: 2, a: 1 })));
  });
});
