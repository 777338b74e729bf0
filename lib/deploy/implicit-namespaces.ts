import type { ManifestTarget } from '../model/targets.js';
import type { Obj } from './steps.js';

/** Namespaces every cluster has from the start. */
const BUILT_IN_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/**
 * Namespaces that targets live in or put objects in but that no target
 * creates: mesh creates them first, as `helm --create-namespace` would, both
 * when it deploys and in what it exports for a GitOps engine.
 */
export function implicitNamespaces(targets: readonly ManifestTarget[], objectsOf: ReadonlyMap<string, readonly Obj[]>): string[] {
  const objects = targets.flatMap((t) => objectsOf.get(t.name) ?? []);
  const created = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata?.name));
  const wanted = new Set([...targets.flatMap((t) => t.namespaces), ...objects.map((o) => o.metadata?.namespace)]);
  return [...wanted].filter((ns): ns is string => !!ns && !BUILT_IN_NAMESPACES.has(ns) && !created.has(ns)).sort();
}

/** The Namespace objects for `names`. */
export function namespaceObjects(names: readonly string[]): Array<{ apiVersion: string; kind: string; metadata: { name: string } }> {
  return names.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
}
