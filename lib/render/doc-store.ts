import type { ContentCache } from './cache.js';
import { sha256 } from './digest.js';
import { readKubeDocument, type ReadDocument } from '../yaml/read.js';

type Stored = Record<string, ReadDocument>;

/**
 * The documents of one target's output, read as Kubernetes reads them. A
 * render after one value changed differs from the last one in a few
 * documents, and reading YAML is most of what checking costs, so each
 * target keeps its last documents as JSON by the digest of their text and
 * only new or changed ones are read as YAML. `target` names the target
 * within its project (the project's folder and the target's name), so two
 * projects with a target of the same name never take turns at one entry.
 */
export function readTargetDocuments(target: string, texts: readonly string[], cache?: ContentCache): ReadDocument[] {
  const entry = `${sha256(`documents\0${target}`)}.json`;
  const before = cache === undefined ? {} : parse(cache.readEntry('documents', entry));
  const now: Stored = {};
  let changed = false;
  const read = texts.map((text) => {
    const digest = sha256(text);
    const known = Object.hasOwn(before, digest) ? before[digest] : undefined;
    if (known !== undefined) {
      now[digest] = known;
      return known;
    }
    const fresh = readKubeDocument(text);
    // JSON cannot hold every YAML value (`.inf`, huge integers): such a document is read from YAML each time.
    if (representable(fresh.value)) now[digest] = fresh;
    changed = true;
    return fresh;
  });
  if (cache !== undefined && (changed || Object.keys(before).length !== Object.keys(now).length)) {
    cache.putEntry('documents', entry, JSON.stringify(now));
  }
  return read;
}

function parse(text: string | Buffer | undefined): Stored {
  if (text === undefined) return {};
  try {
    const value: unknown = JSON.parse(String(text));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Stored) : {};
  } catch {
    // A damaged entry costs one read of the YAML, never a wrong answer.
    return {};
  }
}

function representable(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (typeof value === 'bigint') return false;
  if (Array.isArray(value)) return value.every(representable);
  if (value !== null && typeof value === 'object') return Object.values(value).every(representable);
  return true;
}
