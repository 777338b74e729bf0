import type { ManifestTarget } from '../model/targets.js';
import { applyOrder } from '../model/apply-order.js';
import type { ContentCache } from './cache.js';
import { sha256 } from './digest.js';
import { apiGroup, headerOrParse, isCrd, splitDocuments } from './documents.js';

/** A document as far as the CRD edges need it: its text and header. */
export interface Parsed {
  text: string;
  object: { apiVersion?: string | undefined; kind?: string | undefined; metadata?: { name?: string | undefined } };
}

/** `target` has custom resources of `kinds`, whose CRDs `owner` brings. */
export interface CrdNeed {
  target: string;
  owner: string;
  kinds: string[];
}

/**
 * The needs that rendering reveals: a target with a custom resource whose
 * CRD another target brings must be applied after that target, whether the
 * config says so with `needs` or not, as a cluster refuses the resource until
 * its kind exists.
 */
export function crdNeeds(targets: readonly Pick<ManifestTarget, 'name'>[], docsOf: ReadonlyMap<string, readonly Parsed[]>): CrdNeed[] {
  const owners = new Map<string, string>();
  for (const target of targets) {
    for (const { text, object } of docsOf.get(target.name) ?? []) {
      if (object.kind !== 'CustomResourceDefinition') continue;
      const group = object.metadata?.name?.split('.').slice(1).join('.');
      // A CRD is read only as far as its name; the kind it defines sits under spec.names.
      const kind = /^ {2}names:\s*\n(?: {4,}.*\n)*? {4}kind:\s*["']?([A-Za-z0-9]+)/m.exec(text)?.[1];
      if (group && kind) owners.set(`${group}|${kind}`, target.name);
    }
  }
  const needs: CrdNeed[] = [];
  for (const target of targets) {
    const byOwner = new Map<string, Set<string>>();
    for (const { object } of docsOf.get(target.name) ?? []) {
      const owner = owners.get(`${apiGroup(object.apiVersion)}|${object.kind}`);
      if (owner !== undefined && owner !== target.name) byOwner.set(owner, (byOwner.get(owner) ?? new Set()).add(String(object.kind)));
    }
    for (const [owner, kinds] of byOwner) needs.push({ target: target.name, owner, kinds: [...kinds].sort() });
  }
  return needs;
}

/** The apply order with the CRD needs added to the declared ones. */
export function orderWithCrdNeeds<T extends Pick<ManifestTarget, 'name' | 'role' | 'needs'>>(
  targets: readonly T[],
  needs: readonly CrdNeed[],
): T[] {
  const extra = needs.filter((n) => !targets.find((t) => t.name === n.target)?.needs.includes(n.owner));
  if (extra.length === 0) return [...targets];
  const withEdges = targets.map((target) => ({
    target,
    name: target.name,
    role: target.role,
    needs: [...new Set([...target.needs, ...extra.filter((n) => n.target === target.name).map((n) => n.owner)])],
  }));
  return applyOrder(withEdges).map((t) => t.target);
}

/** Headers of a rendered manifest, enough for crdNeeds: a CRD's name is its only nested field needed. */
export function headers(text: string): Parsed[] {
  return splitDocuments(text).map((doc) => ({
    text: doc.text,
    object: isCrd(doc) ? (headerOrParse(doc) as Parsed['object']) : { apiVersion: doc.apiVersion, kind: doc.kind },
  }));
}

/**
 * The CRD needs of a render set, found in its manifests, or remembered from a
 * render of exactly these manifests. The last ones found are kept per config
 * folder for `mesh list`, which does not render.
 */
export function crdNeedsOf(
  cache: ContentCache,
  dir: string,
  targets: readonly Pick<ManifestTarget, 'name'>[],
  rendered: ReadonlyMap<string, { key: string; text: string }>,
): CrdNeed[] {
  const entry = `${sha256(`crd-needs\0${dir}`)}.json`;
  const keys = sha256(JSON.stringify(targets.map((t) => rendered.get(t.name)?.key ?? '')));
  const last = readNeeds(cache.readEntry('crd-needs', entry));
  if (last?.keys === keys) return last.needs;
  const docsOf = new Map(targets.map((t) => [t.name, headers(rendered.get(t.name)?.text ?? '')]));
  const needs = crdNeeds(targets, docsOf);
  cache.putEntry('crd-needs', entry, JSON.stringify({ keys, needs }));
  return needs;
}

/** What the last render of the config in `dir` found; undefined when none was seen. */
export function lastCrdNeeds(cache: ContentCache, dir: string): CrdNeed[] | undefined {
  return readNeeds(cache.readEntry('crd-needs', `${sha256(`crd-needs\0${dir}`)}.json`))?.needs;
}

function readNeeds(text: string | undefined): { keys: string; needs: CrdNeed[] } | undefined {
  try {
    const value = JSON.parse(text ?? 'null') as { keys?: unknown; needs?: unknown } | null;
    return value && typeof value.keys === 'string' && Array.isArray(value.needs)
      ? { keys: value.keys, needs: value.needs as CrdNeed[] }
      : undefined;
  } catch {
    return undefined;
  }
}
