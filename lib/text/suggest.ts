import { createRequire } from 'node:module';

/**
 * The closest of `candidates` to `word`, when near enough to be a typo of it:
 * at most a third of the word's length in edits, and never fewer than two,
 * so short names still get a suggestion while unrelated words do not.
 */
export function closestName(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  // Loaded on demand: only a run with a mistake in it needs it.
  const { closest, distance } = createRequire(import.meta.url)('fastest-levenshtein') as typeof import('fastest-levenshtein');
  const best = closest(word, [...candidates]);
  return distance(word, best) <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** `; did you mean "x"?` for a near miss, or nothing, to append to a message. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const best = closestName(word, candidates);
  return best === undefined ? '' : `; did you mean "${best}"?`;
}

/** A did-you-mean, else the list of what is known, else nothing. */
export function suggestOrList(word: string, candidates: readonly string[], label = 'known'): string {
  return didYouMean(word, candidates) || (candidates.length ? `; ${label}: ${candidates.join(', ')}` : '');
}
