import { didYouMean } from '../text/suggest.js';
import { ConfigError } from '../errors.js';

/**
 * Refuses fields an mk* function does not take. TypeScript says so in the
 * editor, but a config runs without type checking, and a field the function
 * drops (a misspelt `namespace`) would otherwise vanish without a word.
 */
export function onlyKnown(fn: string, input: unknown, known: readonly string[]): void {
  if (typeof input !== 'object' || input === null) return;
  const unknown = Object.keys(input).filter((key) => !known.includes(key));
  if (unknown.length === 0) return;
  const fields = unknown.map((key) => `unknown field "${key}"${didYouMean(key, known)}`).join('; ');
  throw new ConfigError(`${fn}(): ${fields}`, { hint: `${fn} takes ${known.join(', ')}` });
}
