/** Where in a document a problem is: object keys and list indexes, outermost first. */
export type Path = ReadonlyArray<string | number | symbol>;

/**
 * One thing wrong, at a path, in words a user can act on. Config checks and
 * the checks of rendered objects both speak in it, so every error reads alike.
 */
export interface Problem {
  path: Path;
  message: string;
}

const PLAIN_KEY = /^[A-Za-z0-9_$-]+$/;

/** `packages.istio-istiod.values.pilot`, `spec.ports[0].number`, `metadata.labels["app.kubernetes.io/name"]`; empty for the top. */
export function formatPath(path: Path): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (PLAIN_KEY.test(String(part))) out += out ? `.${String(part)}` : String(part);
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}

/** How a found value reads in an error: its type, and the value when short. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return 'an object';
  const shown = JSON.stringify(value);
  const brief = shown.length > 40 ? `${shown.slice(0, 37)}...` : shown;
  return `${typeof value} ${brief}`;
}
