import { parseDoc } from '../render/documents.js';
import { FIELD_MANAGER } from '../tools/kubectl/types.js';
import { toYaml } from '../yaml/write.js';
import type { Doc } from './steps.js';

/** Kubernetes' recommended label for the tool that manages an object. */
export const MANAGED_BY = 'app.kubernetes.io/managed-by';

/**
 * A document as mesh applies it: labelled as managed by mesh, which applies
 * it (a chart says `Helm`, as it expects `helm install` to). Only the
 * object's own labels change, never a selector or a pod template's, so no
 * immutable field moves. `mesh diff` applies the same, or every object would
 * differ by its label.
 */
export function managedByMesh(doc: Doc): string {
  // A CRD is kept as its header until here: its schema is most of a chart's bytes.
  const full = (doc.object.kind === 'CustomResourceDefinition' ? parseDoc(doc.text) : doc.object) as {
    metadata?: { labels?: Record<string, unknown> };
  } & Record<string, unknown>;
  if (full.metadata?.labels?.[MANAGED_BY] === FIELD_MANAGER) return doc.text;
  return toYaml({ ...full, metadata: { ...full.metadata, labels: { ...full.metadata?.labels, [MANAGED_BY]: FIELD_MANAGER } } });
}
