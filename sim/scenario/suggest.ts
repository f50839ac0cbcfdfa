/**
 * "Did you mean": the closest known name to a misspelt one, by Levenshtein distance, used for
 * unknown keys, topics, hardware profiles, groups and node names in scenario errors.
 */

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Words longer than this get no suggestion: the distance costs length × candidate length. */
const SUGGEST_CHARS_MAX = 100;
/** A name longer than this is shown cut, with its length, in messages. */
export const SHOWN_CHARS_MAX = 60;

/** A name as messages show it: cut after SHOWN_CHARS_MAX characters. */
export function shownName(name: string): string {
  if (name.length <= SHOWN_CHARS_MAX) return name;
  return `${name.slice(0, SHOWN_CHARS_MAX)}... (${name.length} characters)`;
}

/**
 * The closest candidate within a third of the word's length, or null. A candidate the word
 * begins (aws-m5.xlarge for aws-m5.xlarge-gp3) comes first: the user wrote its start.
 */
export function suggest(word: string, candidates: readonly string[]): string | null {
  if (word.length > SUGGEST_CHARS_MAX) return null;
  const lower = word.toLowerCase();
  const extended = candidates
    .filter((candidate) => lower.length >= 3 && candidate.toLowerCase().startsWith(lower))
    .sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  if (extended.length > 0) return extended[0] as string;
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

export function unknownKeyMessage(key: string, candidates: readonly string[]): string {
  const close = suggest(key, candidates);
  const shown = shownName(key);
  return close === null
    ? `unknown key "${shown}"`
    : `unknown key "${shown}" (did you mean "${close}"?)`;
}
