import { parseDoc } from '../yaml/read.js';

export { parseDoc };

/** One YAML document of a rendered manifest, with its header read cheaply. */
export interface Doc {
  index: number;
  text: string;
  apiVersion: string | undefined;
  kind: string | undefined;
}

/** Groups of the built-in Kubernetes API: objects in any other group need a CRD. */
const BUILT_IN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'policy',
  'autoscaling',
  'rbac.authorization.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'networking.k8s.io',
  'storage.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'certificates.k8s.io',
  'node.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'resource.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'internal.apiserver.k8s.io',
  'storagemigration.k8s.io',
]);

/**
 * Splits a manifest at its `---` lines and reads each document's top-level
 * apiVersion and kind without parsing it: a CRD can be 100 KB of schema
 * that only needs parsing when an object of its kind is there to check.
 */
export function splitDocuments(text: string): Doc[] {
  return text
    .split(/^---[ \t]*$/m)
    .map((part, index) => ({ index, text: part, apiVersion: topLevel(part, 'apiVersion'), kind: topLevel(part, 'kind') }))
    .filter((doc) => /^[^#\s]/m.test(doc.text))
    .map((doc, index) => ({ ...doc, index }));
}

/**
 * The objects a document stands for: itself, or the items of a List (`kind:
 * List` or any `*List` with an `items` array), which kubectl and Helm apply
 * one by one.
 */
export function expandList(object: unknown): unknown[] {
  if (object === null || typeof object !== 'object' || Array.isArray(object)) return [object];
  const { kind, items } = object as { kind?: unknown; items?: unknown };
  return typeof kind === 'string' && kind.endsWith('List') && Array.isArray(items) ? items : [object];
}

export function isCrd(doc: Pick<Doc, 'kind'>): boolean {
  return doc.kind === 'CustomResourceDefinition';
}

export function needsCrd(apiVersion: unknown): boolean {
  return typeof apiVersion === 'string' && !BUILT_IN_GROUPS.has(apiGroup(apiVersion));
}

/** The API group of `group/version`; `''` for the core group's bare `v1`. */
export function apiGroup(apiVersion: string | undefined): string {
  const slash = apiVersion?.lastIndexOf('/') ?? -1;
  return slash < 0 ? '' : apiVersion!.slice(0, slash);
}

/**
 * A document as an object, except that a CRD is read only as far as its
 * name: its schema can be most of a chart's bytes, and a deploy or a verify
 * needs only the name.
 */
export function headerOrParse(doc: Pick<Doc, 'text' | 'kind' | 'apiVersion'>): unknown {
  if (isCrd(doc)) {
    const name = /^metadata:\n(?:[ \t]+.*\n|#.*\n)*?[ \t]{2}name:[ \t]*["']?([^"'\s#]+)/m.exec(doc.text)?.[1];
    if (name !== undefined) return { apiVersion: doc.apiVersion, kind: doc.kind, metadata: { name } };
  }
  return parseDoc(doc.text);
}

function topLevel(text: string, key: string): string | undefined {
  const match = new RegExp(`^${key}:[ \\t]*["']?([^"'#\\s]+)`, 'm').exec(text);
  return match?.[1];
}

/** Documents as one YAML stream, each introduced by `---` and ended by one newline. */
export function documentStream(texts: readonly string[]): string {
  return texts.map((text) => `---${text.startsWith('\n') ? '' : '\n'}${text.replace(/\n*$/, '\n')}`).join('');
}
