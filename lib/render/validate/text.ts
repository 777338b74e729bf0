import { closest, distance } from 'fastest-levenshtein';

/** One thing wrong with one object, before it is tied to its target and name. */
export interface Problem {
  /** Dotted/bracket form, e.g. `spec.ports[0].number`; empty for the object as a whole. */
  path: string;
  message: string;
}

const SHOWN_CHARS = 40;
const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

/** A value as a message shows it: its JSON type and a short rendering of it. */
export function brief(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `array ${shorten(JSON.stringify(value))}`;
  if (typeof value === 'object') return `object ${shorten(JSON.stringify(value))}`;
  return `${typeof value} ${typeof value === 'string' ? quote(value) : String(value)}`;
}

/** A string in quotes, cut short so one bad value cannot flood the terminal. */
export function quote(value: string): string {
  return shorten(JSON.stringify(value));
}

/** The closest candidate, when it is near enough to be a plausible typo of `word`. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(word, candidates);
  // A third of the length keeps short words from matching unrelated short words.
  const allowed = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  return distance(word, best) <= allowed ? best : undefined;
}

/** Appends a property name to a path, bracket-quoting names that would read ambiguously. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (!PLAIN_KEY.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

/**
 * Ajv's JSON pointer as a path people read. The data decides whether a
 * segment is an array index, since a pointer cannot tell `0` from `"0"`.
 */
export function pointerToPath(pointer: string, data: unknown): string {
  let path = '';
  let node = data;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path = childPath(path, Number(segment));
      node = node[Number(segment)];
    } else {
      path = childPath(path, segment);
      node = isRecord(node) ? node[segment] : undefined;
    }
  }
  return path;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

function shorten(text: string): string {
  return text.length <= SHOWN_CHARS ? text : `${text.slice(0, SHOWN_CHARS - 1)}…`;
}
