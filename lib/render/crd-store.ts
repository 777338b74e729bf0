import type { ContentCache } from './cache.js';
import { sha256 } from './digest.js';
import { parseDoc } from './documents.js';
import { crdGroupKind, crdHead, headOfText } from './crd-head.js';

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

const heads = new Map<string, Object>();

/**
 * What of a CRD matters where its schema does not (see crd-head.ts). The
 * served API versions and the checks of objects whose kind it does not
 * define need no more, and a chart's CRDs are mostly schema
 * (kube-prometheus-stack's unused six: 3 MB of its 4.5), so the head is
 * read without the schemas and kept as its own small entry in the cache.
 */
export function readCrdHead(text: string, cache?: ContentCache): Object {
  const digest = sha256(text);
  const known = heads.get(digest);
  if (known) return known;
  const whole = parsed.get(digest);
  const stored = whole === undefined ? cache?.readEntry('crds', `${digest}.head.json`) : undefined;
  let head = stored === undefined ? undefined : tryJson(stored);
  if (head === undefined) {
    head = whole === undefined ? (headOfText(text) ?? crdHead(readCrd(text, cache))) : crdHead(whole);
    const json = exactJson(head);
    if (json !== undefined) cache?.putEntry('crds', `${digest}.head.json`, json);
  }
  heads.set(digest, head);
  return head;
}

/** The whole CRD when `whole` wants the schema of its `group/kind`, else its head. */
export function readCrdAsNeeded(text: string, whole: (groupKind: string) => boolean, cache?: ContentCache): Object {
  const head = readCrdHead(text, cache);
  const { group, kind } = crdGroupKind(head);
  return whole(`${group}/${kind}`) ? readCrd(text, cache) : head;
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
