import { CLUSTER_SCOPED } from '../../model/cluster-scoped.js';
import type { Doc } from '../../deploy/steps.js';
import { apiGroup, parseDoc } from '../documents.js';
import type { CustomKind } from '../custom-kinds.js';
import { toYaml } from '../../yaml/write.js';

/**
 * An object that names no namespace gets the one `kubectl apply -n` gives it
 * when mesh deploys: its target's. A GitOps engine applies files, not
 * `-n`, so the export writes it in. Objects of Kubernetes' cluster-wide kinds,
 * of kinds whose CRD is cluster-scoped, and of kinds no CRD here defines, stay as they are.
 */
export function placeInNamespace(doc: Doc, namespace: string | undefined, custom: ReadonlyMap<string, CustomKind>): Doc {
  const { object } = doc;
  if (namespace === undefined || object.metadata?.namespace || !namespaced(object, custom)) return doc;
  const full = parseDoc(doc.text) as { metadata?: Record<string, unknown> } & Record<string, unknown>;
  // Right after the name, where charts write it.
  const { name, ...rest } = full.metadata ?? {};
  const moved = { ...full, metadata: { name, namespace, ...rest } };
  return { text: toYaml(moved), object: moved as Doc['object'] };
}

function namespaced(object: Doc['object'], custom: ReadonlyMap<string, CustomKind>): boolean {
  const kind = object.kind ?? '';
  const group = apiGroup(object.apiVersion);
  const defined = custom.get(`${group}|${kind}`);
  if (defined) return defined.namespaced;
  const builtIn = !group.includes('.') || group.endsWith('.k8s.io');
  return builtIn && !CLUSTER_SCOPED.has(kind);
}
