import type { ContentCache } from './cache.js';
import { sha256 } from './digest.js';
import { parseDoc } from './documents.js';

type Object = Record<string, unknown>;

// Parsed CRDs by the digest of their text: one render set reads the same CRD
// for the served API versions, the schema checks and every target that has it.
const parsed = new Map<string, Object>();

/**
 * A CRD document as an object. Its YAML is parsed once per content: CRDs are
 * most of a large chart's bytes and YAML is slow to read, so the object is
 * also kept as JSON in the cache, which reads many times faster on the next run.
 */
export function readCrd(text: string, cache?: ContentCache): Object {
  const digest = sha256(text);
  const known = parsed.get(digest);
  if (known) return known;
  const stored = cache?.readEntry('crds', `${digest}.json`);
  let crd = stored === undefined ? undefined : tryJson(stored);
  if (crd === undefined) {
    const value = parseDoc(text);
    crd = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Object) : {};
    const json = exactJson(crd);
    if (json !== undefined) cache?.putEntry('crds', `${digest}.json`, json);
  }
  parsed.set(digest, crd);
  return crd;
}

function tryJson(text: string): Object | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Object) : undefined;
  } catch {
    return undefined;
  }
}

// JSON cannot hold every YAML value (`.inf`, very large integers); such a CRD is simply read from YAML each time.
function exactJson(value: Object): string | undefined {
  let exact = true;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if ((typeof v === 'number' && !Number.isFinite(v)) || typeof v === 'bigint') exact = false;
    return typeof v === 'bigint' ? null : v;
  });
  return exact ? text : undefined;
}
