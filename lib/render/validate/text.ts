import type { Path } from '../../text/problem.js';

const SHOWN_CHARS = 40;

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

/**
 * Ajv's JSON pointer as a path people read. The data decides whether a
 * segment is an array index, since a pointer cannot tell `0` from `"0"`.
 */
export function pointerToPath(pointer: string, data: unknown): Path {
  const path: Array<string | number> = [];
  let node = data;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path.push(Number(segment));
      node = node[Number(segment)];
    } else {
      path.push(segment);
      node = isRecord(node) ? node[segment] : undefined;
    }
  }
  return path;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shorten(text: string): string {
  return text.length <= SHOWN_CHARS ? text : `${text.slice(0, SHOWN_CHARS - 1)}…`;
}
