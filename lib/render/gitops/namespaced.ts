import { CLUSTER_SCOPED } from '../../model/cluster-scoped.js';
import type { Doc } from '../../deploy/steps.js';
import { parseDoc } from '../documents.js';
import { toYaml } from '../../yaml/write.js';

/** `group|Kind` of the custom kinds whose CRD says `scope: Cluster`, and of those it says `Namespaced`. */
export interface Scopes {
  cluster: Set<string>;
  namespaced: Set<string>;
}

export function scopesOf(docs: readonly Doc[]): Scopes {
  const scopes: Scopes = { cluster: new Set(), namespaced: new Set() };
  for (const doc of docs) {
    if (doc.object.kind !== 'CustomResourceDefinition') continue;
    const spec = (parseDoc(doc.text) as { spec?: { group?: string; scope?: string; names?: { kind?: string } } } | null)?.spec;
    if (!spec?.group || !spec.names?.kind) continue;
    (spec.scope === 'Cluster' ? scopes.cluster : scopes.namespaced).add(`${spec.group}|${spec.names.kind}`);
  }
  return scopes;
}

/**
 * An object that names no namespace gets the one `kubectl apply -n` gives it
 * when mesh deploys: its target's. A GitOps engine applies files, not
 * `-n`, so the export writes it in. Objects of Kubernetes' cluster-wide kinds,
 * of kinds whose CRD is cluster-scoped, and of kinds no CRD here defines, stay as they are.
 */
export function placeInNamespace(doc: Doc, namespace: string | undefined, scopes: Scopes): Doc {
  const { object } = doc;
  if (namespace === undefined || object.metadata?.namespace || !namespaced(object, scopes)) return doc;
  const full = parseDoc(doc.text) as { metadata?: Record<string, unknown> } & Record<string, unknown>;
  // Right after the name, where charts write it.
  const { name, ...rest } = full.metadata ?? {};
  const moved = { ...full, metadata: { name, namespace, ...rest } };
  return { text: toYaml(moved), object: moved as Doc['object'] };
}

function namespaced(object: Doc['object'], scopes: Scopes): boolean {
  const kind = object.kind ?? '';
  const slash = object.apiVersion?.lastIndexOf('/') ?? -1;
  const group = slash > 0 ? object.apiVersion!.slice(0, slash) : '';
  if (scopes.cluster.has(`${group}|${kind}`)) return false;
  if (scopes.namespaced.has(`${group}|${kind}`)) return true;
  const builtIn = !group.includes('.') || group.endsWith('.k8s.io');
  return builtIn && !CLUSTER_SCOPED.has(kind);
}
