/**
 * Checks of a scenario file's raw bytes and text before the YAML parser sees them: the bytes must
 * be UTF-8 (a file saved as Latin-1 would otherwise turn into replacement characters and an
 * unrelated schema error), and flow collections (`[`, `{`) must not nest deeper than the loader's
 * bound. The yaml package parses nesting recursively: 10,000 levels of `[` overflow its stack and
 * come back as hundreds of "Maximum call stack size exceeded" errors after seconds of work, so the
 * depth is measured first, in one linear pass. Block nesting (indentation) is bounded by the
 * file size and caught after parsing (see load.ts).
 */

/** The character offset of the first byte sequence that is not UTF-8, or null. */
export function invalidUtf8Offset(bytes: Uint8Array): number | null {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return null;
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    const offset = text.indexOf('\uFFFD');
    return offset < 0 ? 0 : offset;
  }
}

const OPENERS = new Set(['[', '{']);
const CLOSERS = new Set([']', '}']);
/** Characters after which a quote starts a quoted scalar (not an apostrophe inside a word). */
const BEFORE_QUOTE = new Set([' ', '\t', '\n', '\r', '[', '{', ',', ':', '-', '?']);

/**
 * The offset of the first flow bracket that opens level `maxDepth + 1`, or null. Quoted scalars
 * and comments are skipped; a bracket inside a plain scalar counts, which can only make the
 * measured depth larger than the parser's, and then only for a file with more than `maxDepth`
 * unclosed brackets in its text.
 */
export function flowDepthOffset(text: string, maxDepth: number): number | null {
  let depth = 0;
  let index = 0;
  const length = text.length;
  while (index < length) {
    const char = text[index] as string;
    const previous = index === 0 ? '\n' : (text[index - 1] as string);
    if ((char === '"' || char === "'") && BEFORE_QUOTE.has(previous)) {
      index = quotedEnd(text, index, char);
      continue;
    }
    if (char === '#' && (previous === ' ' || previous === '\t' || previous === '\n')) {
      const end = text.indexOf('\n', index);
      index = end < 0 ? length : end;
      continue;
    }
    if (OPENERS.has(char)) {
      depth += 1;
      if (depth > maxDepth) return index;
    } else if (CLOSERS.has(char) && depth > 0) depth -= 1;
    index += 1;
  }
  return null;
}

/** The offset just after the quoted scalar that opens at `start` (or the end of the text). */
function quotedEnd(text: string, start: number, quote: string): number {
  let index = start + 1;
  while (index < text.length) {
    const char = text[index];
    if (quote === '"' && char === '\\') index += 2;
    else if (char === quote && quote === "'" && text[index + 1] === "'") index += 2;
    else if (char === quote) return index + 1;
    else index += 1;
  }
  return text.length;
}

/**
 * The offset of the first line whose indentation opens level `maxDepth + 1` of block nesting
 * (each deeper indentation and each `- ` before a line's content opens a level), or null. Used
 * only to place the error when the parser's stack overflowed, whose own position depends on the
 * stack size.
 */
export function blockDepthOffset(text: string, maxDepth: number): number | null {
  const indents: number[] = [];
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start) < 0 ? text.length : text.indexOf('\n', start);
    const line = text.slice(start, end);
    const content = line.trimStart();
    if (content !== '' && !content.startsWith('#')) {
      const indent = line.length - content.length;
      while (indents.length > 0 && (indents.at(-1) as number) >= indent) indents.pop();
      indents.push(indent);
      const dashes = /^(-\s+)*/.exec(content)?.[0].replace(/\s/g, '').length ?? 0;
      if (indents.length + dashes > maxDepth) return start + indent;
    }
    start = end + 1;
  }
  return null;
}
